"""The test process's environment, set once before any project module reads it.

Imported first by ``tests/conftest.py``. A module (not the conftest) holds it so that importing it
again from anywhere never makes a second temporary folder nor repoints the app at an empty store.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

TEST_ROOT = Path(tempfile.mkdtemp(prefix="concertations-tests-"))
APP_DB_URL = f"sqlite:///{TEST_ROOT / 'app.sqlite3'}"
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
ENTRYPOINT = str(PROJECT_ROOT / "dashboard" / "app.py")

os.environ["CONCERTATIONS_DATABASE_URL"] = APP_DB_URL
os.environ["CONCERTATIONS_SECRETS_PATH"] = str(TEST_ROOT / "secrets.toml")  # absent: mode local
os.environ["CONCERTATIONS_RAISE_ERRORS"] = "1"  # pages' exceptions reach AppTest instead of a French box
os.environ.setdefault("CONCERTATIONS_VECTEURS", "differes")  # vectors are computed by the tests that check them (model load ~9 s)
