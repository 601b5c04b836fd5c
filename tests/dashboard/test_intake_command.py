"""``concertations template`` and ``concertations import``: files, French report, exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli.main import main
from data_access import migrate
from data_access.db import get_engine, make_engine, session_scope
from data_access.models import Participation
from tests.support.factories import make_campaign
from tests.support.factories.intake import BREST, csv_bytes, territory_row, workbook


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        make_campaign(session, slug="cli")
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    get_engine.cache_clear()


def _participations(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        count = int(session.scalar(select(func.count()).select_from(Participation)) or 0)
    engine.dispose()
    return count


def test_template_command_writes_the_workbook(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "grille.xlsx"
    assert main(["template", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"PK")
    assert "Modèle écrit" in capsys.readouterr().out


def test_import_dry_run_then_import(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "grilles.xlsx"
    path.write_bytes(workbook([territory_row(), territory_row(BREST)]))
    assert main(["import", str(path), "--dry-run"]) == 0
    assert "Simulation" in capsys.readouterr().out
    assert _participations(store) == 0
    report = tmp_path / "rapport.xlsx"
    assert main(["import", str(path), "--report", str(report)]) == 0
    assert "Import effectué" in capsys.readouterr().out and report.is_file()
    assert _participations(store) == 2
    assert main(["import", str(path)]) == 0
    assert "déjà été importé" in capsys.readouterr().out
    assert _participations(store) == 2


def test_refused_file_exits_non_zero_with_a_french_report(store: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ambigu.csv"
    path.write_bytes(csv_bytes([["Nom"], ["Sainte-Colombe"], ["Brest"]]))
    assert main(["import", str(path)]) == 1
    out = capsys.readouterr().out
    assert "ERREUR" in out and "Territoire ambigu" in out and "Aucune donnée n'a été modifiée" in out
    assert _participations(store) == 0
    image = tmp_path / "photo.xlsx"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    assert main(["import", str(image)]) == 1
    assert "image PNG" in capsys.readouterr().out
