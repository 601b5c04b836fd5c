"""Test configuration: an isolated store per test session, on SQLite and (when set) PostgreSQL.

The environment is set (tests/support/env.py) before any project module reads it, so the app
under AppTest and the data layer both use the test stores, never the developer's.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from data_access import demo, migrate
from data_access.db import make_engine, session_scope
from tests.support import deprecations, stores
from tests.support.env import (  # first: sets the environment
    APP_DB_URL,
    ENTRYPOINT,
    PROJECT_ROOT,
    TEST_ROOT,
)

__all__ = ["APP_DB_URL", "ENTRYPOINT", "PROJECT_ROOT", "TEST_ROOT"]
# Sign-in fixtures (private store copy, secrets with [auth], server.address); the SMTP sink (smtp_sink).
pytest_plugins = ["tests.support.signin", "tests.support.smtp"]


@pytest.fixture(scope="session", autouse=True)
def _streamlit_deprecations_are_warnings() -> None:
    """Streamlit logs its deprecations; as warnings, pyproject's filterwarnings makes them errors."""
    import streamlit.testing.v1  # noqa: F401  (AppTest's modules, imported before the swap)

    deprecations.install()


def pytest_sessionfinish(session: pytest.Session) -> None:
    stores.drop_templates()


@pytest.fixture(scope="session", params=stores.BACKEND_PARAMS)
def migrated_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A migrated, empty store per backend for data-layer tests."""
    if request.param == "sqlite":
        engine = make_engine(stores.sqlite_url(TEST_ROOT / "data-layer.sqlite3"))
    else:
        engine = make_engine(stores.create_schema("data_layer"))
    migrate.upgrade(engine)
    yield engine
    engine.dispose()
    if request.param == "postgres":
        stores.drop_schema("data_layer")


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
def sqlite_demo_store() -> str:
    """The app's SQLite test store, migrated and filled with the scale-1 demo (read-only use)."""
    return stores.fill_demo(APP_DB_URL)


@pytest.fixture(scope="session")
def demo_store(sqlite_demo_store: str) -> str:
    """The demo store (SQLite); tests/pages overrides it with one store per backend."""
    return sqlite_demo_store


@pytest.fixture(scope="session")
def postgres_demo_store() -> Iterator[str]:
    """The same demo on PostgreSQL, in a schema of its own, built once per session (read-only use)."""
    url = stores.fill_demo(stores.create_schema("demo"))
    yield url
    stores.drop_schema("demo")


@pytest.fixture(scope="session", params=stores.BACKEND_PARAMS)
def any_demo_store(request: pytest.FixtureRequest) -> str:
    """The demo store of each backend in turn (SQLite, then PostgreSQL when configured)."""
    name = "sqlite_demo_store" if request.param == "sqlite" else "postgres_demo_store"
    return str(request.getfixturevalue(name))


@pytest.fixture(autouse=True)
def _fresh_streamlit_caches() -> Iterator[None]:
    """st.cache_data is per process: tests that switch stores must not see another store's rows."""
    import streamlit as st

    st.cache_data.clear()
    yield
