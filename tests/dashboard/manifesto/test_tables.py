"""The Atelier's tables: French headers and labels, shares that never divide by zero."""

from __future__ import annotations

import datetime as dt

from dashboard.manifesto import tables
from data_access import manifesto
from data_access.manifesto.proposals import SearchResult
from tests.dashboard.manifesto.conftest import theme

NNBSP = "\u202f"


def test_the_breakdown_names_kinds_regions_and_stages() -> None:
    result = SearchResult(total=3, territories=2, rows=(), by_chapter={"IA sociale": 3},
                          by_kind={"commune": 2, "inconnu": 1}, by_region={"53": 3}, by_stage={"engage": 3})
    chapter, kind, region, stage = tables.breakdown(result)
    assert chapter.to_dict("list") == {"Chapitre": ["IA sociale"], "Propositions": [3]}
    assert kind.to_dict("list") == {"Type": ["Commune", "inconnu"], "Propositions": [2, 1]}
    assert region.to_dict("list") == {"Région": ["Bretagne"], "Propositions": [3]}
    assert stage.to_dict("list") == {"Étape": ["Engagé"], "Propositions": [3]}


def test_coverage_share_is_a_dash_when_nobody_is_engaged() -> None:
    frame = tables.coverage_frame((manifesto.CoverageRow("Commune", 4, 1), manifesto.CoverageRow("EPT", 0, 0)),
                                  "Type")
    assert list(frame.columns) == ["Type", "Engagés", "Représentés", "Part"]
    assert list(frame["Part"]) == [f"25{NNBSP}%", "—"]


def test_history_in_paris_time_with_who_and_how_many_items() -> None:
    revisions = [manifesto.RevisionView(version=2, created_at=dt.datetime(2025, 3, 3, 12, 0, tzinfo=dt.UTC),
                                        created_by="ligne-de-commande", snapshot={"items": [{}, {}]}),
                 manifesto.RevisionView(version=1, created_at=dt.datetime(2025, 7, 1, 8, 0, tzinfo=dt.UTC),
                                        created_by="camille.martin@exemple.fr", snapshot={})]
    frame = tables.history_frame(revisions)
    assert frame.to_dict("list") == {"Version": [2, 1], "Date (heure de Paris)": ["03/03/2025 13:00", "01/07/2025 10:00"],
                                     "Par": ["ligne-de-commande", "camille.martin@exemple.fr"], "Éléments": [2, 0]}


def test_missing_territories_and_uncovered_themes() -> None:
    missing = tables.missing_territories([manifesto.MissingTerritory(1, "Rennes", "commune", "53"),
                                          manifesto.MissingTerritory(2, "Abidjan", "international", None)])
    assert missing.to_dict("list") == {"Territoire": ["Rennes", "Abidjan"], "Type": ["Commune", "International"],
                                       "Région": ["Bretagne", "International"]}
    uncovered = tables.uncovered_themes([theme("f1", "Accueil", proposal_ids=(1, 2, 3), territories=2, regions=1)])
    assert uncovered.to_dict("list") == {"Thème": ["Accueil"], "Propositions": [3], "Territoires": [2], "Régions": [1]}
