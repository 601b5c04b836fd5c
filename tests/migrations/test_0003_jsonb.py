"""Migration 0003: JSON columns become JSONB on PostgreSQL (data kept), nothing changes on SQLite."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import Engine, inspect, text

from data_access import migrate
from data_access.db import make_engine
from tests.support.stores import postgres_schema_engine


def _to(engine: Engine, revision: str, *, down: bool = False) -> None:
    with engine.begin() as connection:
        config = migrate.alembic_config(engine.url.render_as_string(hide_password=False))
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _column_types(engine: Engine, table: str) -> dict[str, str]:
    return {column["name"]: type(column["type"]).__name__ for column in inspect(engine).get_columns(table)}


def test_postgres_json_columns_become_jsonb_with_their_data() -> None:
    with postgres_schema_engine("migration_0003") as engine:
        _to(engine, "0002")
        assert _column_types(engine, "proposal")["themes"] == "JSON"
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO import_preset (name, mapping, created_by, created_at) "
                "VALUES ('p', CAST(:mapping AS json), 'test', now())"), {"mapping": json.dumps({"Nom": "nom"})})
        _to(engine, "0003")
        types = _column_types(engine, "proposal")
        assert (types["themes"], types["criteria"]) == ("JSONB", "JSONB")
        assert _column_types(engine, "import_preset")["mapping"] == "JSONB"
        with engine.connect() as connection:
            assert connection.scalar(text("SELECT mapping FROM import_preset")) == {"Nom": "nom"}
            # what json refused: DISTINCT on the column
            assert connection.execute(text("SELECT DISTINCT themes, criteria FROM proposal")).all() == []
        _to(engine, "0002", down=True)
        assert _column_types(engine, "import_preset")["mapping"] == "JSON"
        _to(engine, "head")


def test_sqlite_is_untouched(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    _to(engine, "0002")
    before = _column_types(engine, "proposal")
    _to(engine, "0003")
    assert _column_types(engine, "proposal") == before
    _to(engine, "0002", down=True)
    engine.dispose()
