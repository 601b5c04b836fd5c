from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, text

from data_access import migrate
from data_access.db import make_engine
from data_access.errors import ConfigurationError
from data_access.models import Base


def test_upgrade_is_idempotent_and_reaches_head(migrated_engine: Engine) -> None:
    migrate.upgrade(migrated_engine)
    assert migrate.current_revision(migrated_engine) == migrate.head_revision()
    migrate.ensure_current(migrated_engine)


def test_migrations_match_the_models(migrated_engine: Engine) -> None:
    with migrated_engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def test_empty_store_is_refused_with_the_fix(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'vide.sqlite3'}")
    with pytest.raises(ConfigurationError, match="concertations db upgrade"):
        migrate.ensure_current(engine)


def test_older_store_is_refused_with_the_fix(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'ancienne.sqlite3'}")
    migrate.upgrade(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0000_ancienne'"))
    with pytest.raises(ConfigurationError) as caught:
        migrate.ensure_current(engine)
    assert "0000_ancienne" in str(caught.value) and "concertations db upgrade" in str(caught.value)
