"""``concertations synthese vecteurs``: the missing meaning vectors, with a French progress bar, resumable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from dashboard.cli.main import main
from data_access import migrate
from data_access.db import get_engine, make_engine, session_scope
from data_access.models import ProposalVector
from tests.support.factories import make_campaign, make_participation, make_proposal


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        rennes = make_participation(session, make_campaign(session, slug="cli"))
        for text in ("Héberger les données en France.", "Héberger les données en France.", "Des bus à la demande."):
            make_proposal(session, rennes, text=text)
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    get_engine.cache_clear()


def _vectors(url: str) -> int:
    engine = make_engine(url)
    with session_scope(engine) as session:
        count = int(session.scalar(select(func.count()).select_from(ProposalVector)) or 0)
    engine.dispose()
    return count


def test_computes_the_missing_vectors_once(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synthese", "vecteurs"]) == 0
    out = capsys.readouterr().out
    assert "2 / 2 formulations" in out and "2 formulation(s) encodée(s)" in out
    assert _vectors(store) == 2
    assert main(["synthese", "vecteurs"]) == 0  # nothing left: resumes at once
    assert "0 formulation(s) encodée(s)" in capsys.readouterr().out
    assert _vectors(store) == 2
