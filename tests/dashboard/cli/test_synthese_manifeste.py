"""``concertations manifeste plan`` and ``concertations synthese classer``: French reports, JSON, errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli.main import main
from data_access import campaigns, db, manifesto, migrate
from data_access.db import make_engine, session_scope
from tests.support.factories.manifesto import scenario

PLAN = """# IA sociale

## Formation des agents
Former le personnel des collectivités aux usages de l'IA.

## Sobriété énergétique
Limiter la consommation d'électricité des outils numériques.

# Gouvernance

## Libertés publiques
Refuser la reconnaissance faciale dans l'espace public.
"""


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        scenario(session)
    engine.dispose()
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    db.get_engine.cache_clear()
    yield url
    db.get_engine.cache_clear()


def _titles(url: str) -> list[str]:
    with session_scope(make_engine(url)) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        return [s.title for s in manifesto.list_sections(session, campaign.id)]


def test_plan_then_classer(store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.md"
    plan.write_text(PLAN, encoding="utf-8")
    assert main(["manifeste", "plan", "--depuis", str(plan)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Plan importé : 3 sections créées, 0 section existante conservée.\n")
    assert "  + Formation des agents" in out
    assert main(["manifeste", "plan", "--depuis", str(plan)]) == 0
    assert capsys.readouterr().out.startswith("Plan importé : 0 section créée, 3 sections existantes conservées.")
    assert _titles(store) == ["Formation des agents", "Sobriété énergétique", "Libertés publiques"]

    assert main(["synthese", "classer", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6
    for row in rows:
        assert 1 <= len(row["sections"]) <= 3
        assert all(0 <= s["confiance"] <= 1 for s in row["sections"])
    facial = next(r for r in rows if "reconnaissance faciale" in r["texte"])
    assert facial["sections"][0]["titre"] == "Libertés publiques"
    assert main(["synthese", "classer"]) == 0
    assert "6 propositions hors du manifeste" in capsys.readouterr().out


def test_bad_plan_is_refused_in_french_and_changes_nothing(store: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "plan.md"
    bad.write_text("# Chapitre\n## Section\n### Trop profond\n", encoding="utf-8")
    assert main(["manifeste", "plan", "--depuis", str(bad)]) == 2
    assert "Erreur : Ligne 3 : titre de niveau 3" in capsys.readouterr().err
    assert main(["manifeste", "plan", "--depuis", str(tmp_path / "absent.md")]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert _titles(store) == []
    assert main(["synthese", "classer"]) == 0
    assert "aucune section" in capsys.readouterr().out
