"""One store factory for every test: SQLite files and PostgreSQL schemas, built once, copied cheaply.

A *base* store (migrated, scale-1 demo) is built once per session and backend; a test that writes
gets its own *copy* (a file copy on SQLite, a schema filled from the base on PostgreSQL), so no test
sees another's writes and the demo is generated at most a few times per run.

An empty store is never migrated per test either: each test process migrates one *template* per
backend (a SQLite file, a PostgreSQL schema dumped once with ``pg_dump``) and ``migrated_store``
copies it (0.1 s instead of 2 to 4 s of Alembic on the shared CI machine).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, Integer, text
from sqlalchemy.engine import make_url

from data_access import demo, migrate
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import Base

POSTGRES_URL_ENV = "CONCERTATIONS_TEST_POSTGRES_URL"
BACKENDS = ("sqlite", "postgres")
# For ``params=`` / ``parametrize``: PostgreSQL runs marked, skipped when its URL is not set.
BACKEND_PARAMS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
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


def migrated_store(label: str, folder: Path, backend: str) -> str:
    """An empty, migrated store of ``backend`` for one test: a copy of this process's template. The
    caller drops a PostgreSQL copy (``drop_schema(label)``), as for ``create_schema``."""
    if backend == "sqlite":
        return copy_sqlite(_sqlite_template(), folder / f"{label}.sqlite3")
    dump = _postgres_template_dump()
    if dump is None:  # no pg_dump matching the server: migrate, as the template was
        url = create_schema(label)
        _migrate(url)
        return url
    schema = schema_name(label)
    _admin(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    _run_script(dump.replace(schema_name(TEMPLATE_LABEL), schema))
    return schema_url(postgres_url(), schema)


TEMPLATE_LABEL = "template"
_template_cache: dict[str, str | None] = {}


def drop_templates() -> None:
    """The PostgreSQL template schema of this process, at the end of the session."""
    if "postgres" in _template_cache:
        drop_schema(TEMPLATE_LABEL)
        del _template_cache["postgres"]


def _migrate(url: str) -> None:
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()


def _sqlite_template() -> str:
    if "sqlite" not in _template_cache:
        from tests.support.env import TEST_ROOT

        url = sqlite_url(TEST_ROOT / "migrated-template.sqlite3")
        _migrate(url)
        _template_cache["sqlite"] = url
    template = _template_cache["sqlite"]
    assert template is not None
    return template


def _postgres_template_dump() -> str | None:
    """The template schema (tables, seed rows, sequences) as SQL, or None without a usable pg_dump."""
    if "postgres" not in _template_cache:
        url = create_schema(TEMPLATE_LABEL)
        _migrate(url)
        _template_cache["postgres"] = _dump_schema(schema_name(TEMPLATE_LABEL))
    return _template_cache["postgres"]


def _dump_schema(schema: str) -> str | None:
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        return None
    libpq_url = make_url(postgres_url()).set(drivername="postgresql").render_as_string(hide_password=False)
    result = subprocess.run([pg_dump, "--no-owner", "--no-privileges", "--inserts", f"--schema={schema}",
                             f"--dbname={libpq_url}"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        return None
    # pg_dump (since 15.14) frames its output with psql meta-commands (\restrict): not SQL.
    return "\n".join(line for line in result.stdout.splitlines() if not line.startswith("\\"))


def _run_script(sql: str) -> None:
    """Several statements at once: psycopg accepts them only without parameters, on the raw cursor."""
    admin = make_engine(postgres_url())
    connection = admin.raw_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.commit()
    finally:
        connection.close()
        admin.dispose()


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


def backend_of(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgres"


def copy_sqlite(source_url: str, target: Path) -> str:
    """A private copy of a SQLite store: SQLite's backup API, consistent even while the source is
    open in WAL mode elsewhere (the in-process app, a served app)."""
    source = make_url(source_url).database
    assert source is not None
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return sqlite_url(target)


def clone_postgres(source_url: str, label: str) -> str:
    """A private copy of a PostgreSQL store in a new schema: the migrated template, then every row
    copied table by table (parents first) and the id sequences moved past the copied ids."""
    target_url = migrated_store(label, Path(), "postgres")
    engine = make_engine(target_url)
    source_schema = _schema_of(source_url)
    tables = [*(table.name for table in Base.metadata.sorted_tables), "alembic_version"]
    # Tables whose id comes from a sequence (a string id, like store_meta's key, has none).
    sequenced = [table.name for table in Base.metadata.sorted_tables
                 if "id" in table.c and isinstance(table.c.id.type, Integer)]
    with engine.begin() as connection:
        for name in reversed(tables):
            connection.execute(text(f'DELETE FROM "{name}"'))  # the migration's seed rows
        for name in tables:
            connection.execute(text(f'INSERT INTO "{name}" SELECT * FROM "{source_schema}"."{name}"'))
        for name in sequenced:
            connection.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                    f'COALESCE((SELECT MAX(id) FROM "{name}"), 0) + 1, false)'))
        for name in tables:  # a bulk copy, like the demo: the planner needs statistics
            connection.execute(text(f'ANALYZE "{name}"'))
    engine.dispose()
    return target_url


def _schema_of(url: str) -> str:
    options = make_url(url).query.get("options", "")
    option = options if isinstance(options, str) else options[0]
    return option.removeprefix("-csearch_path=")


def private_copy(source_url: str, label: str, folder: Path) -> str:
    """A copy of the store at ``source_url`` for one test that writes, on the same backend."""
    if backend_of(source_url) == "sqlite":
        return copy_sqlite(source_url, folder / f"{label}.sqlite3")
    return clone_postgres(source_url, label)


def use_store(url: str) -> None:
    """Point the app running in this process (AppTest) at ``url``, with a fresh engine and caches:
    two stores can hold the same data versions, so a cache entry must never cross stores."""
    import streamlit as st

    from data_access.db import get_engine

    os.environ["CONCERTATIONS_DATABASE_URL"] = url
    get_engine.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()


@contextmanager
def app_on_store(url: str) -> Iterator[None]:
    """``use_store`` for a block, the previous store restored afterwards."""
    previous = os.environ.get("CONCERTATIONS_DATABASE_URL")
    use_store(url)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("CONCERTATIONS_DATABASE_URL", None)
        else:
            use_store(previous)
