"""``python -m dashboard.cli`` runs the command line (the benchmark and tests use it)."""

import sys

from dashboard.cli.main import main

sys.exit(main())
