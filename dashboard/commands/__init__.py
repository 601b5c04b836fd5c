"""Subcommands of the ``concertations`` CLI: each module exposes ``register(subparsers)``."""
