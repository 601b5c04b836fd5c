"""``concertations synthese themes``: the themes of the store's campaign, as JSON or French text."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli.main import main
from data_access import db, migrate
from data_access.db import make_engine, session_scope
from tests.support.factories.themes import HOSTING, theme_scenario


@pytest.fixture
def theme_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[int, str]]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        texts = {p.id: p.text for p in theme_scenario(session).proposals}
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    db.get_engine.cache_clear()
    yield texts
    db.get_engine.cache_clear()


def test_themes_as_json(theme_db: dict[int, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synthese", "themes", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["proposals"] == len(theme_db) and payload["unthemed"] == 0
    assert len(payload["themes"]) == 3
    hosting = next(t for t in payload["themes"] if theme_db[t["proposal_ids"][0]] in HOSTING)
    assert {theme_db[pid] for pid in hosting["proposal_ids"]} == set(HOSTING)
    assert hosting["label"] and hosting["keywords"] and hosting["territories"] == 6
    assert all(q["proposal_id"] in hosting["proposal_ids"] and q["text"] and q["territories"] for q in hosting["quotes"])


def test_themes_as_french_text(theme_db: dict[int, str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["synthese", "themes"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("3 thèmes pour 26 propositions (0")
    assert "mots clés :" in out and "territoires" in out


def test_empty_store_is_a_french_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    migrate.upgrade(make_engine(url))
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    db.get_engine.cache_clear()
    try:
        assert main(["synthese", "themes", "--json"]) == 2
        assert "aucune campagne" in capsys.readouterr().err
    finally:
        db.get_engine.cache_clear()
