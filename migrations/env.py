"""Alembic environment: the URL comes from data_access.config (one configuration point)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from data_access.config import database_url
from data_access.db import make_engine
from data_access.models import Base

target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    # Batch mode on SQLite: ALTER is emulated by copy-and-swap inside one transaction,
    # otherwise a failing ALTER leaves the file half-migrated.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def run_migrations_offline() -> None:
    url = context.config.get_main_option("sqlalchemy.url") or database_url()
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.config.get_main_option("sqlalchemy.url") or database_url()
    engine = make_engine(url)
    with engine.connect() as connection:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
