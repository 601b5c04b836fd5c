"""The ``concertations`` command line: ``main`` builds the parser, one module per command."""
