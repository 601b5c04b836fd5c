"""Migration 0008: the registration_request table and its data version come and go cleanly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from data_access import migrate
from data_access.db import make_engine
from tests.support import stores

PREVIOUS = ScriptDirectory.from_config(migrate.alembic_config("sqlite://")).get_revision("0008").down_revision


def _to(engine: Engine, revision: str, *, down: bool = False) -> None:
    with engine.begin() as connection:
        config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


@pytest.fixture(params=stores.BACKEND_PARAMS)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path}/store.sqlite3")
        yield engine
        engine.dispose()
    else:
        with stores.postgres_schema_engine("migration_0008") as engine:
            yield engine


def test_upgrade_creates_the_table_and_downgrade_removes_it(engine: Engine) -> None:
    assert isinstance(PREVIOUS, str)
    _to(engine, "0008")
    assert "registration_request" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT version FROM data_version WHERE aggregate = 'registrations'")) == 0
    _to(engine, PREVIOUS, down=True)
    assert "registration_request" not in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM data_version WHERE aggregate = 'registrations'")) == 0
    _to(engine, "0008")
    assert "registration_request" in inspect(engine).get_table_names()
