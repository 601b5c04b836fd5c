"""Migration 0014: the commitment tables, the campaign's reminder delay and their data version come and go."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect, text

from data_access import migrate
from data_access.db import make_engine
from tests.support import stores

TABLES = {"commitment_status", "commitment", "commitment_entry", "commitment_revision", "commitment_proposal",
          "commitment_territory"}


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
        with stores.postgres_schema_engine("migration_0014") as engine:
            yield engine


def _state(engine: Engine) -> tuple[set[str], bool, int]:
    inspector = inspect(engine)
    columns = {column["name"] for column in inspector.get_columns("campaign")}
    with engine.connect() as connection:
        seeded = connection.scalar(text("SELECT count(*) FROM data_version WHERE aggregate = 'commitments'"))
    return TABLES & set(inspector.get_table_names()), "commitment_news_months" in columns, int(seeded or 0)


def test_upgrade_creates_the_tables_and_downgrade_removes_them(engine: Engine) -> None:
    _to(engine, "0013")
    with engine.begin() as connection:  # an existing campaign gets the default delay
        connection.execute(text("INSERT INTO campaign (slug, name, start_date, default_chapters, grid_version, "
                                "charter_text, charter_version, share_methods_default, share_findings_default, "
                                "share_proposals_default, is_demo, created_at) VALUES ('c', 'C', '2024-09-01', "
                                "'[]', '2024.1', '', 0, true, true, true, false, '2024-09-01 00:00:00')"))
    _to(engine, "0014")
    assert _state(engine) == (TABLES, True, 1)
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT commitment_news_months FROM campaign")) == 6
    _to(engine, "0013", down=True)
    assert _state(engine) == (set(), False, 0)
    _to(engine, "0014")
    assert _state(engine) == (TABLES, True, 1)
