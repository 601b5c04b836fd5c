"""Schema migrations (Alembic) driven from code, and the check that a store is current."""

from __future__ import annotations

from functools import lru_cache

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from data_access.config import PROJECT_ROOT
from data_access.db import describe_connection_error
from data_access.errors import ConfigurationError

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@lru_cache(maxsize=1)
def head_revision() -> str | None:
    """The code's schema version; fixed for the life of the process (the app checks it every rerun)."""
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(engine: Engine) -> str | None:
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as exc:
        raise describe_connection_error(exc, engine.url.render_as_string(False)) from exc


def upgrade(engine: Engine) -> None:
    try:
        with engine.begin() as connection:
            config = alembic_config(engine.url.render_as_string(hide_password=False))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except SQLAlchemyError as exc:
        raise describe_connection_error(exc, engine.url.render_as_string(False)) from exc


def ensure_current(engine: Engine) -> None:
    """Refuse to serve a store whose schema is older (or newer) than the code."""
    current, head = current_revision(engine), head_revision()
    if current == head:
        return
    if current is None:
        raise ConfigurationError(
            "La base de données est vide ou n'a jamais été initialisée.",
            hint="Lancez « concertations db upgrade » (ou « make run », qui le fait).",
        )
    raise ConfigurationError(
        f"La base de données est à la version de schéma {current}, le code attend {head}.",
        hint="Lancez « concertations db upgrade » pour la mettre à jour.",
    )
