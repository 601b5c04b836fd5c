from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Engine

from data_access.db import check_connection, make_engine, session_scope
from data_access.errors import ConfigurationError
from data_access.models import StoreMeta


def test_sqlite_connections_get_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 15000


def test_missing_data_folder_is_created(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'sous' / 'dossier' / 'x.sqlite3'}")
    check_connection(engine)
    assert (tmp_path / "sous" / "dossier").is_dir()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignore les droits des fichiers")
def test_read_only_folder_is_reported_in_french(tmp_path: Path) -> None:
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(ConfigurationError, match="lecture seule"):
            make_engine(f"sqlite:///{folder / 'x.sqlite3'}")
    finally:
        folder.chmod(0o700)


def test_read_only_folder_is_reported_even_for_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root bypasses permissions, so simulate what os.access reports to an ordinary user.
    monkeypatch.setattr("data_access.db.os.access", lambda *_args: False)
    with pytest.raises(ConfigurationError, match="lecture seule"):
        make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")


def test_unreachable_postgresql_is_reported_in_french() -> None:
    engine = make_engine("postgresql+psycopg://personne@127.0.0.1:1/nulle")
    with pytest.raises(ConfigurationError) as caught:
        check_connection(engine)
    message = str(caught.value)
    assert "Impossible de joindre la base" in message and "CONCERTATIONS_DATABASE_URL" in message


def test_session_scope_rolls_back_on_error(engine: Engine) -> None:
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.add(StoreMeta(key="k", value="v"))
        session.flush()
        raise RuntimeError("boom")
    with session_scope(engine) as session:
        assert session.get(StoreMeta, "k") is None
