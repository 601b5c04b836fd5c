"""``concertations template`` and ``concertations import``: files, French report, exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from dashboard.cli.main import main
from data_access.db import get_engine, make_engine, session_scope
from data_access.intake.grid import load_definition
from data_access.models import Participation, Proposal
from tests.support import stores
from tests.support.factories import make_campaign
from tests.support.factories.intake import BREST, csv_bytes, proposal_row, territory_row, workbook


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = stores.migrated_store("cli", tmp_path, "sqlite")
    engine = make_engine(url)
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
    assert capsys.readouterr().out == f"Modèle écrit dans {out} (grille version {load_definition().version}).\n"


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


def test_withdrawals_need_confirm_removals(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = tmp_path / "v1.xlsx"
    first.write_bytes(workbook([territory_row()], [], [proposal_row(), proposal_row(**{"propositions.texte": "B"})]))
    assert main(["import", str(first)]) == 0
    capsys.readouterr()
    newer = tmp_path / "v2.xlsx"
    newer.write_bytes(workbook([territory_row(opportunites="Autre.")], [], [proposal_row()]))
    assert main(["import", str(newer), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "retiré : proposition « B »" in out and "1 proposition à retirer" in out
    assert main(["import", str(newer)]) == 1
    out = capsys.readouterr().out
    assert "Import refusé : il retirerait 1 proposition" in out and "--confirm-removals" in out
    assert _withdrawn(store) == 0
    assert main(["import", str(newer), "--confirm-removals"]) == 0
    assert "Import effectué" in capsys.readouterr().out
    assert _withdrawn(store) == 1


def test_template_of_one_territory_and_of_the_campaign(store: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "grilles.xlsx"
    source.write_bytes(workbook([territory_row(), territory_row(BREST)], [], [proposal_row()]))
    assert main(["import", str(source)]) == 0
    rennes = tmp_path / "rennes.xlsx"
    assert main(["template", "--territory", "35238", "--out", str(rennes)]) == 0
    assert "Modèle pré-rempli (le territoire 35238)" in capsys.readouterr().out
    rows = load_workbook(rennes, read_only=True)["Territoires"]
    assert [r[0] for r in rows.iter_rows(min_row=2, values_only=True)] == ["Rennes"]
    assert main(["import", str(rennes)]) == 0
    assert "1 inchangé" in capsys.readouterr().out
    everything = tmp_path / "campagne.xlsx"
    assert main(["template", "--all", "--out", str(everything)]) == 0
    rows = load_workbook(everything, read_only=True)["Territoires"]
    assert sorted(r[0] for r in rows.iter_rows(min_row=2, values_only=True)) == ["Brest", "Rennes"]
    capsys.readouterr()
    assert main(["template", "--territory", "99999", "--out", str(tmp_path / "x.xlsx")]) != 0
    captured = capsys.readouterr()
    assert "Aucun territoire engagé" in captured.out + captured.err


def _withdrawn(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        count = int(session.scalar(select(func.count()).select_from(Proposal)
                                   .where(Proposal.withdrawn_on.is_not(None))) or 0)
    engine.dispose()
    return count


def test_resolve_offers_the_stores_partners_abroad(store: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "montreal.xlsx"
    path.write_bytes(workbook([territory_row({"territoire": "Montréal", "pays": "Canada",
                                              "latitude": "45,5", "longitude": "-73,6"})]))
    assert main(["import", str(path)]) == 0
    capsys.readouterr()
    assert main(["resolve", "Montréal"]) == 0
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "ambiguous"
    assert answer["candidates"][0]["kind"] == "international" and answer["candidates"][0]["name"] == "Montréal"
