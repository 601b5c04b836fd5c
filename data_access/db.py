"""Engine and session factory. Nothing here runs at import time.

The caller owns the session: one transaction per user action (``with session_scope()``);
query functions receive a session and never commit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from data_access.config import database_url
from data_access.errors import ConfigurationError

SQLITE_BUSY_TIMEOUT_MS = 15_000


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL + busy timeout: several Streamlit sessions write concurrently without "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _prepare_sqlite_folder(url: str) -> None:
    database = make_url(url).database
    if not database or database == ":memory:":
        return
    folder = Path(database).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"Impossible de créer le dossier de données {folder} ({exc.strerror}).",
            hint="Vérifiez les droits d'écriture ou choisissez un autre emplacement "
            "avec CONCERTATIONS_DATABASE_URL.",
        ) from exc
    if not os.access(folder, os.W_OK):
        raise ConfigurationError(
            f"Le dossier de données {folder} est en lecture seule.",
            hint="Donnez les droits d'écriture à l'utilisateur qui lance l'application "
            "ou choisissez un autre emplacement avec CONCERTATIONS_DATABASE_URL.",
        )


def make_engine(url: str | None = None) -> Engine:
    url = url or database_url()
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _prepare_sqlite_folder(url)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    except (ImportError, SQLAlchemyError) as exc:
        raise ConfigurationError(
            f"Impossible de préparer la connexion PostgreSQL ({exc}).",
            hint="Installez l'extra postgres : pip install -e '.[postgres]'.",
        ) from exc


@lru_cache(maxsize=8)
def get_engine(url: str | None = None) -> Engine:
    """One engine per URL and process (engines pool connections)."""
    return make_engine(url)


def describe_connection_error(exc: Exception, url: str) -> ConfigurationError:
    safe = make_url(url).render_as_string(hide_password=True)
    if isinstance(exc, OperationalError):
        text = str(exc.orig) if exc.orig else str(exc)
        if "readonly" in text or "read-only" in text:
            return ConfigurationError(
                f"La base {safe} est en lecture seule.",
                hint="Donnez les droits d'écriture sur le fichier et son dossier.",
            )
        return ConfigurationError(
            f"Impossible de joindre la base de données {safe}.",
            hint="Vérifiez que le serveur tourne, que l'adresse est juste "
            "(CONCERTATIONS_DATABASE_URL) et que l'utilisateur a les droits.",
        )
    return ConfigurationError(f"Erreur d'accès à la base {safe} : {exc}")


def check_connection(engine: Engine) -> None:
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
    except SQLAlchemyError as exc:
        raise describe_connection_error(exc, engine.url.render_as_string(False)) from exc


@lru_cache(maxsize=8)
def _session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    session = _session_factory(engine or get_engine())()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
