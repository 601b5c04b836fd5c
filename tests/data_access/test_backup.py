"""Backups and restores: round trips on SQLite and PostgreSQL, refusals, data versions raised."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from data_access import backup, demo, migrate
from data_access.db import make_engine, session_scope
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import DataVersion
from tests.support.factories import ADMIN, READER


def _fill(engine: Engine) -> backup.Summary:
    with session_scope(engine) as session:
        demo.generate(session, actor=ADMIN, scale=1, seed=7, reset=True)
    with session_scope(engine) as session:
        return backup.summarise(session)


def _versions(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return {name: int(value) for name, value in session.execute(
            select(DataVersion.aggregate, DataVersion.version)).all()}


def _formats(engine: Engine) -> list[backup.Format]:
    if engine.dialect.name == "sqlite":
        return ["sqlite", "portable"]
    return ["pg_dump", "portable"] if shutil.which("pg_dump") else ["portable"]


def test_round_trip_into_the_emptied_store_keeps_rows_and_figures_and_raises_versions(
    engine: Engine, tmp_path: Path
) -> None:
    _fill(engine)
    for fmt in _formats(engine):
        with session_scope(engine) as session:
            original = backup.summarise(session)
        assert original.counts["proposal"] > 0 and original.figures
        out = tmp_path / f"sauvegarde-{fmt}"
        written = backup.backup(engine, out, actor=ADMIN, fmt=fmt)
        assert written.counts == original.counts
        assert backup.detect_format(out) == fmt
        with session_scope(engine) as session:
            demo.clear_store(session)
        emptied = _versions(engine)
        expected, restored = backup.restore(engine, out, actor=ADMIN)
        assert expected.counts == original.counts
        with session_scope(engine) as session:
            after = backup.summarise(session)
        # One more audit line: the restore itself.
        assert {**after.counts, "audit_event": after.counts["audit_event"] - 1} == original.counts
        assert after.figures == original.figures
        assert all(restored.versions[name] > max(emptied[name], original.versions.get(name, 0))
                   for name in emptied), (fmt, emptied, restored.versions)


def test_a_sqlite_backup_restores_into_another_fresh_store(engine: Engine, tmp_path: Path) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("cas SQLite → SQLite")
    original = _fill(engine)
    for fmt in ("sqlite", "portable"):
        out = tmp_path / f"copie.{fmt}"
        backup.backup(engine, out, actor=ADMIN, fmt=fmt)  # type: ignore[arg-type]
        assert not Path(f"{out}-wal").exists() and not Path(f"{out}-shm").exists()  # one self-contained file
        target = make_engine(f"sqlite:///{tmp_path / f'cible-{fmt}.sqlite3'}")
        migrate.upgrade(target)
        backup.restore(target, out, actor=ADMIN)
        with session_scope(target) as session:
            restored = backup.summarise(session)
        assert restored.figures == original.figures
        assert restored.counts["participation"] == original.counts["participation"]
        target.dispose()


def test_restore_refuses_a_store_that_is_not_empty(engine: Engine, tmp_path: Path) -> None:
    _fill(engine)
    out = tmp_path / "sauvegarde"
    backup.backup(engine, out, actor=ADMIN, fmt="portable")
    with pytest.raises(ValidationError, match="n'est pas vide"):
        backup.restore(engine, out, actor=ADMIN)


def test_backup_and_restore_are_administrator_actions(engine: Engine, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        backup.backup(engine, tmp_path / "x", actor=READER, fmt="portable")
    with pytest.raises(PermissionDenied):
        backup.restore(engine, tmp_path / "x", actor=READER)


def test_a_backup_never_overwrites_a_file(engine: Engine, tmp_path: Path) -> None:
    out = tmp_path / "existe"
    out.write_text("déjà là")
    with pytest.raises(ValidationError, match="existe déjà"):
        backup.backup(engine, out, actor=ADMIN, fmt="portable")


def test_an_unknown_file_is_refused_in_french(engine: Engine, tmp_path: Path) -> None:
    junk = tmp_path / "notes.txt"
    junk.write_text("bonjour")
    with pytest.raises(ValidationError, match="pas une sauvegarde reconnue"):
        backup.restore(engine, junk, actor=ADMIN)
