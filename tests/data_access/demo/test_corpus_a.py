"""Part A of the realistic demo corpus (issue 23) and the separately written unseen set: the
properties the search and theme tuning rely on (counts, distinct texts, lengths, ids, themes),
checked on the YAML files themselves so a hand edit that breaks the contract fails here."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from data_access.yaml_loader import safe_load

ROOT = Path(__file__).resolve().parents[3]
CORPUS = ROOT / "data_access" / "demo" / "corpus"
UNSEEN = ROOT / "tests" / "data_access" / "manifesto" / "data" / "unseen_set.yaml"

PART_A_THEMES = (
    "formation-agents",
    "dialogue-social",
    "accueil-humain",
    "inclusion-numerique",
    "education-jeunesse",
    "action-sociale",
    "biais-discrimination",
    "transparence-algorithmes",
    "participation-citoyenne",
    "donnees-personnelles",
    "logiciels-libres",
    "culture-information",
    "controle-humain",
)
CATEGORIES = {
    "opportunite",
    "risque",
    "condition_deploiement",
    "controle",
    "sobriete_energetique",
    "organisation_travail",
    "impact_service_public",
}
ID_PATTERN = re.compile(r"^[a-z]+-\d{3}$")
FINDING_ID_PATTERN = re.compile(r"^f-[a-z]+-\d{2}$")


def _load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return safe_load(handle)


def _words(text: str) -> int:
    return len(text.split())


def _normalised(text: str) -> str:
    """Lower case, no accents, no punctuation: two texts equal here are the same wording."""
    folded = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(char for char in folded if not unicodedata.combining(char))
    return " ".join(re.findall(r"[a-z0-9]+", bare))


def _shingles(text: str, size: int = 7) -> set[tuple[str, ...]]:
    words = _normalised(text).split()
    return {tuple(words[index : index + size]) for index in range(len(words) - size + 1)}


@pytest.fixture(scope="module")
def theme_ids() -> list[str]:
    return [str(theme["id"]) for theme in _load(CORPUS / "themes.yaml")["themes"]]


@pytest.fixture(scope="module")
def proposals() -> list[dict[str, Any]]:
    data = _load(CORPUS / "proposals_a.yaml")
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def findings() -> list[dict[str, Any]]:
    data = _load(CORPUS / "findings_a.yaml")
    assert isinstance(data, list)
    return data


@pytest.fixture(scope="module")
def unseen() -> dict[str, Any]:
    data = _load(UNSEEN)
    assert isinstance(data, dict)
    return data


def test_part_a_covers_the_first_thirteen_themes(theme_ids: list[str]) -> None:
    assert tuple(theme_ids[:13]) == PART_A_THEMES


def test_proposals_count_per_theme(proposals: list[dict[str, Any]]) -> None:
    per_theme = Counter(str(entry["theme"]) for entry in proposals)
    assert set(per_theme) == set(PART_A_THEMES)
    assert all(30 <= count <= 40 for count in per_theme.values()), per_theme
    assert len(proposals) >= 460


def test_proposal_ids_are_unique_and_prefixed(proposals: list[dict[str, Any]]) -> None:
    ids = [str(entry["id"]) for entry in proposals]
    assert len(ids) == len(set(ids))
    assert all(ID_PATTERN.match(entry_id) for entry_id in ids), ids
    # The prefix is the theme id's first word (the contract): an id tells its theme.
    for entry in proposals:
        assert str(entry["id"]).rsplit("-", 1)[0] == str(entry["theme"]).split("-")[0], entry


def test_proposal_themes_are_valid(proposals: list[dict[str, Any]], theme_ids: list[str]) -> None:
    known = set(theme_ids)
    for entry in proposals:
        assert entry["theme"] in known, entry
        also = entry.get("also")
        if also is not None:
            assert also in known and also != entry["theme"], entry
    two_ideas = sum(1 for entry in proposals if entry.get("also"))
    assert 0.05 <= two_ideas / len(proposals) <= 0.12


def test_proposal_texts_are_distinct_and_of_real_length(proposals: list[dict[str, Any]]) -> None:
    texts = [str(entry["text"]) for entry in proposals]
    assert len({_normalised(text) for text in texts}) == len(texts)
    assert all(5 <= _words(text) <= 80 for text in texts), [
        text for text in texts if not 5 <= _words(text) <= 80
    ]
    lengths = [_words(text) for text in texts]
    # Real grids mix sticky notes and long workshop reports.
    assert sum(length <= 12 for length in lengths) >= len(lengths) // 10
    assert sum(length >= 35 for length in lengths) >= 10


def test_proposals_share_no_template_prefix(proposals: list[dict[str, Any]]) -> None:
    openings = Counter(" ".join(_normalised(str(e["text"])).split()[:3]) for e in proposals)
    assert openings.most_common(1)[0][1] <= 4, openings.most_common(5)


def test_findings_per_theme_and_category(
    findings: list[dict[str, Any]], theme_ids: list[str]
) -> None:
    ids = [str(entry["id"]) for entry in findings]
    assert len(ids) == len(set(ids))
    assert all(FINDING_ID_PATTERN.match(entry_id) for entry_id in ids), ids
    for entry in findings:
        assert str(entry["id"]).split("-")[1] == str(entry["theme"]).split("-")[0], entry
    assert {entry["theme"] for entry in findings} == set(PART_A_THEMES)
    assert set(PART_A_THEMES) <= set(theme_ids)
    per_theme = Counter(str(entry["theme"]) for entry in findings)
    assert all(5 <= count <= 8 for count in per_theme.values()), per_theme
    for theme in PART_A_THEMES:
        assert len({e["category"] for e in findings if e["theme"] == theme}) >= 4, theme
    assert all(entry["category"] in CATEGORIES for entry in findings)
    texts = [str(entry["text"]) for entry in findings]
    assert len({_normalised(text) for text in texts}) == len(texts)
    assert all(5 <= _words(text) <= 80 for text in texts)


def test_unseen_set_has_its_own_fifteen_themes(
    unseen: dict[str, Any], theme_ids: list[str]
) -> None:
    themes = [str(theme["id"]) for theme in unseen["themes"]]
    assert len(themes) == len(set(themes)) == 15
    assert not set(themes) & set(theme_ids)
    labels = {str(theme["label"]) for theme in unseen["themes"]}
    assert len(labels) == 15


def test_unseen_proposals(unseen: dict[str, Any]) -> None:
    themes = {str(theme["id"]) for theme in unseen["themes"]}
    proposals = unseen["proposals"]
    ids = [str(entry["id"]) for entry in proposals]
    assert len(ids) == len(set(ids)) == 180
    assert Counter(str(entry["theme"]) for entry in proposals) == dict.fromkeys(themes, 12)
    texts = [str(entry["text"]) for entry in proposals]
    assert len({_normalised(text) for text in texts}) == 180
    assert all(5 <= _words(text) <= 80 for text in texts)


def test_unseen_queries_point_at_existing_proposals(unseen: dict[str, Any]) -> None:
    ids = {str(entry["id"]) for entry in unseen["proposals"]}
    queries = unseen["queries"]
    assert len(queries) == 20
    assert len({str(query["id"]) for query in queries}) == 20
    assert len({_normalised(str(query["query"])) for query in queries}) == 20
    for query in queries:
        assert 2 <= _words(str(query["query"])) <= 7, query
        relevant = [str(item) for item in query["relevant"]]
        assert relevant and len(relevant) == len(set(relevant)), query
        assert set(relevant) <= ids, query


def test_unseen_set_shares_no_sentence_with_the_corpus(unseen: dict[str, Any]) -> None:
    """Written separately: not one seven-word run of an unseen text appears in any corpus file."""
    corpus_shingles: set[tuple[str, ...]] = set()
    for path in sorted(CORPUS.glob("proposals_*.yaml")) + sorted(CORPUS.glob("findings_*.yaml")):
        for entry in _load(path) or []:
            corpus_shingles |= _shingles(str(entry["text"]))
    shared = [
        str(entry["id"])
        for entry in unseen["proposals"]
        if _shingles(str(entry["text"])) & corpus_shingles
    ]
    assert not shared, shared
