"""``concertations engagements export`` and ``import``: one file both ways, French report, exit codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli.main import main
from data_access.commitments.models import Commitment
from data_access.db import get_engine, make_engine, session_scope
from tests.support import stores
from tests.support.factories.commitments import commitment_scenario, make_commitment


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = stores.migrated_store("cli-engagements", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = commitment_scenario(session)
        make_commitment(session, data, title="Publier un guide des usages")
        make_commitment(session, data, kind="territoire", participation=data.rennes, title="Former 200 agents")
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    get_engine.cache_clear()


def _titles(url: str) -> list[str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        titles = list(session.scalars(select(Commitment.title).order_by(Commitment.id)))
        assert session.scalar(select(func.count(Commitment.id))) == len(titles)
    engine.dispose()
    return titles


def test_export_edit_import(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "engagements.csv"
    assert main(["engagements", "export", "--out", str(out)]) == 0
    assert capsys.readouterr().out == f"2 engagements écrits dans {out}.\n"
    edited = out.read_bytes().replace(b"Former 200 agents", b"Former 300 agents")
    out.write_bytes(edited)
    assert main(["engagements", "import", str(out), "--dry-run"]) == 0
    assert "Simulation" in capsys.readouterr().out
    assert _titles(store) == ["Publier un guide des usages", "Former 200 agents"]
    report = tmp_path / "rapport.csv"
    assert main(["engagements", "import", str(out), "--report", str(report)]) == 0
    printed = capsys.readouterr().out
    assert "mise à jour" in printed and "Import effectué : 0 engagement créé, 1 mis à jour, 1 inchangé" in printed
    assert report.read_bytes().startswith(b"\xef\xbb\xbfNiveau;")
    assert _titles(store) == ["Publier un guide des usages", "Former 300 agents"]


def test_a_refused_file_exits_1_and_writes_nothing(store: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "engagements.csv"
    assert main(["engagements", "export", "--out", str(out)]) == 0
    out.write_bytes(out.read_bytes().replace(";prévu;".encode(), b";fini;"))
    assert main(["engagements", "import", str(out)]) == 1
    printed = capsys.readouterr().out
    assert "ERREUR ligne 2 colonne « statut » : « fini » n'est pas un statut" in printed
    assert "Aucun engagement n'a été modifié" in printed
    assert _titles(store) == ["Publier un guide des usages", "Former 200 agents"]
    assert main(["engagements", "import", str(tmp_path / "absent.csv")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
