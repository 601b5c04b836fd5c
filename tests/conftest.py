"""Test configuration: an isolated store per test session, on SQLite and (when set) PostgreSQL.

The environment is set before any project module reads it, so the app under AppTest and
the data layer both use the test store, never the developer's.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

TEST_ROOT = Path(tempfile.mkdtemp(prefix="concertations-tests-"))
APP_DB_URL = f"sqlite:///{TEST_ROOT / 'app.sqlite3'}"
os.environ["CONCERTATIONS_DATABASE_URL"] = APP_DB_URL
os.environ["CONCERTATIONS_SECRETS_PATH"] = str(TEST_ROOT / "secrets.toml")  # absent: mode local
os.environ["CONCERTATIONS_RAISE_ERRORS"] = "1"  # pages' exceptions reach AppTest instead of a French box
POSTGRES_URL_ENV = "CONCERTATIONS_TEST_POSTGRES_URL"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = str(PROJECT_ROOT / "dashboard" / "app.py")

from sqlalchemy import Engine, text  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from data_access import demo, migrate  # noqa: E402
from data_access.access import SYSTEM_ACTOR  # noqa: E402
from data_access.db import make_engine, session_scope  # noqa: E402

# One schema per test process: parallel runs on one server never see each other.
POSTGRES_SCHEMA = f"concertations_test_{os.getpid()}"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _postgres_engine() -> Engine:
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        if in_ci():
            pytest.fail(f"{POSTGRES_URL_ENV} n'est pas défini : PostgreSQL est obligatoire en CI.")
        pytest.skip(f"{POSTGRES_URL_ENV} non défini : tests PostgreSQL ignorés.")
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {POSTGRES_SCHEMA}"))
    admin.dispose()
    separator = "&" if "?" in url else "?"
    return make_engine(f"{url}{separator}options=-csearch_path%3D{POSTGRES_SCHEMA}")


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty store per backend for data-layer tests."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{TEST_ROOT / 'data-layer.sqlite3'}")
    else:
        engine = _postgres_engine()
    migrate.upgrade(engine)
    yield engine
    if request.param == "postgres":
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {POSTGRES_SCHEMA} CASCADE"))
    engine.dispose()


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    """Empty tables at the start of each test."""
    with session_scope(migrated_engine) as session:
        demo.clear_store(session)
    return migrated_engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session whose work is rolled back unless the test commits it itself."""
    with Session(engine, expire_on_commit=False) as db_session:
        yield db_session
        db_session.rollback()


@pytest.fixture(scope="session")
def demo_store() -> str:
    """The app's test store, migrated and filled with the scale-1 demo campaign (read-only use)."""
    engine = make_engine(APP_DB_URL)
    migrate.upgrade(engine)
    with session_scope(engine) as db_session:
        demo.generate(db_session, actor=SYSTEM_ACTOR, scale=1, seed=2025, reset=True)
    engine.dispose()
    return APP_DB_URL


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches() -> Iterator[None]:
    """st.cache_data is per process: tests that switch stores must not see another store's rows."""
    import streamlit as st

    st.cache_data.clear()
    yield
