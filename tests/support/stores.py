"""One store factory for every test: SQLite files and PostgreSQL schemas, built once, copied cheaply.

A *base* store (migrated, scale-1 demo) is built once per session and backend; a test that writes
gets its own *copy* (a file copy on SQLite, a schema rebuilt from the same seed on PostgreSQL), so
no test sees another's writes and the demo is generated at most a few times per run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from data_access import demo, migrate
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope

POSTGRES_URL_ENV = "CONCERTATIONS_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgres")
DEMO_SCALE, DEMO_SEED = 1, 2025


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def postgres_url() -> str:
    """The server URL, or a skip (a failure in CI, where PostgreSQL is mandatory)."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if not url:
        if in_ci():
            pytest.fail(f"{POSTGRES_URL_ENV} n'est pas défini : PostgreSQL est obligatoire en CI.")
        pytest.skip(f"{POSTGRES_URL_ENV} non défini : tests PostgreSQL ignorés.")
    return url


def schema_name(label: str) -> str:
    # One schema per test process and purpose: parallel runs on one server never meet.
    return f"concertations_test_{os.getpid()}_{label}"


def schema_url(url: str, schema: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{schema}"


def _admin(statement: str) -> None:
    admin = make_engine(postgres_url())
    with admin.begin() as connection:
        connection.execute(text(statement))
    admin.dispose()


def create_schema(label: str) -> str:
    """A fresh, empty PostgreSQL schema; returns the URL whose search_path is that schema."""
    schema = schema_name(label)
    _admin(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    _admin(f"CREATE SCHEMA {schema}")
    return schema_url(postgres_url(), schema)


def drop_schema(label: str) -> None:
    _admin(f"DROP SCHEMA IF EXISTS {schema_name(label)} CASCADE")


@contextmanager
def postgres_schema_engine(label: str) -> Iterator[Engine]:
    """An engine on a throwaway schema, dropped afterwards."""
    engine = make_engine(create_schema(label))
    try:
        yield engine
    finally:
        engine.dispose()
        drop_schema(label)


def fill_demo(url: str, *, scale: int = DEMO_SCALE, seed: int = DEMO_SEED) -> str:
    """Migrate the store at ``url`` and fill it with the demo campaign (replacing its rows)."""
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        demo.generate(session, actor=SYSTEM_ACTOR, scale=scale, seed=seed, reset=True)
    engine.dispose()
    return url


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def copy_sqlite(source_url: str, target: Path) -> str:
    """A private copy of a SQLite store (the file and its WAL, if any)."""
    source = Path(source_url.removeprefix("sqlite:///"))
    engine = make_engine(source_url)
    with engine.connect() as connection:  # fold the WAL into the file before copying it
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    shutil.copyfile(source, target)
    return sqlite_url(target)


def demo_copy(backend: str, label: str, folder: Path) -> str:
    """A private demo store for a test that writes: a file copy, or a freshly built PG schema."""
    if backend == "sqlite":
        return copy_sqlite(base_sqlite_demo(folder), folder / f"{label}.sqlite3")
    return fill_demo(create_schema(label))


_BASE_SQLITE: dict[Path, str] = {}


def base_sqlite_demo(folder: Path) -> str:
    """The SQLite demo store every copy starts from, built once per process."""
    if folder not in _BASE_SQLITE:
        _BASE_SQLITE[folder] = fill_demo(sqlite_url(folder / "base-demo.sqlite3"))
    return _BASE_SQLITE[folder]
