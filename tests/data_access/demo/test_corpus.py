"""The realistic demo corpus (issue 23): its files keep the shared contract and read like real
grids (how the demo deals them to territories: test_dealing.py)."""

from __future__ import annotations

import collections
import re

import pytest

from data_access.demo import corpus
from data_access.demo.corpus import CORPUS_DIR, FINDING_CATEGORIES
from data_access.yaml_loader import safe_load


def _normalised(text: str) -> str:
    return " ".join(text.lower().split())


def _file(name: str) -> list[dict[str, str]]:
    with (CORPUS_DIR / name).open(encoding="utf-8") as handle:
        entries: list[dict[str, str]] = safe_load(handle)
    return entries


def test_the_catalogue_has_25_themes_in_four_chapters() -> None:
    themes = corpus.load_themes()
    assert len(themes) == 25
    assert len({t.id for t in themes}) == 25
    assert len({t.chapter for t in themes}) == 4
    assert all(t.label and t.label[0].isupper() for t in themes)


def test_proposals_keep_the_contract() -> None:
    proposals = corpus.load_proposals()
    known = set(corpus.themes_by_id())
    ids = [p.id for p in proposals]
    assert len(ids) == len(set(ids))
    assert all(p.theme in known for p in proposals)
    assert all(p.also in known and p.also != p.theme for p in proposals if p.also)
    # « <theme prefix>-NNN »: one prefix per theme, no prefix shared by two themes.
    assert all(re.fullmatch(r"[a-z]+-\d{3}", p.id) for p in proposals), [p.id for p in proposals][:5]
    prefixes: dict[str, set[str]] = collections.defaultdict(set)
    for p in proposals:
        prefixes[p.theme].add(p.id.rsplit("-", 1)[0])
    assert all(len(group) == 1 for group in prefixes.values()), prefixes
    assert len({next(iter(group)) for group in prefixes.values()}) == len(prefixes)
    words = [len(p.text.split()) for p in proposals]
    assert min(words) >= 5 and max(words) <= 80, (min(words), max(words))
    texts = [_normalised(p.text) for p in proposals]
    assert len(texts) == len(set(texts)), [t for t, n in collections.Counter(texts).items() if n > 1]


def test_proposals_read_like_real_grids_not_templates() -> None:
    proposals = corpus.load_proposals()
    openings = collections.Counter(" ".join(_normalised(p.text).split()[:3]) for p in proposals)
    # No template: no three-word opening shared by more than 1 % of the texts.
    assert openings.most_common(1)[0][1] <= max(3, len(proposals) // 100), openings.most_common(5)
    assert not any(_normalised(p.text).startswith(("nous demandons de", "nous proposons de")) for p in proposals)
    two_ideas = sum(p.also is not None for p in proposals) / len(proposals)
    assert 0.04 <= two_ideas <= 0.14, two_ideas
    words = [len(p.text.split()) for p in proposals]
    assert sum(w <= 12 for w in words) >= len(words) // 20  # sticky notes…
    assert sum(w >= 35 for w in words) >= 5  # …and workshop reports


def test_part_b_covers_its_12_themes() -> None:
    entries = _file("proposals_b.yaml")
    per_theme = collections.Counter(e["theme"] for e in entries)
    last_twelve = [t.id for t in corpus.load_themes()][13:]
    assert set(per_theme) == set(last_twelve)
    assert len({_normalised(e["text"]) for e in entries}) >= 430
    assert all(30 <= n <= 45 for n in per_theme.values()), per_theme


def test_the_whole_corpus_holds_800_texts_over_20_themes() -> None:
    if len(list(CORPUS_DIR.glob("proposals_*.yaml"))) < 2:
        pytest.skip("Une seule partie du corpus sur cette branche : la partie A arrive à la fusion.")
    proposals = corpus.load_proposals()
    per_theme = collections.Counter(p.theme for p in proposals)
    assert sum(n >= 20 for n in per_theme.values()) >= 20, per_theme
    assert len({_normalised(p.text) for p in proposals}) >= 800


def test_findings_keep_the_contract() -> None:
    findings = corpus.load_findings()
    known = set(corpus.themes_by_id())
    assert len({f.id for f in findings}) == len(findings)
    assert all(f.theme in known for f in findings)
    assert {f.category for f in findings} <= set(FINDING_CATEGORIES)
    per_theme = collections.Counter(f.theme for f in findings)
    with_proposals = {p.theme for p in corpus.load_proposals()}
    assert all(per_theme[theme] >= 5 for theme in with_proposals), per_theme
    assert len({f.category for f in findings}) == len(FINDING_CATEGORIES)


def test_about_one_entry_in_five_is_held_out() -> None:
    proposals = corpus.load_proposals()
    share = sum(corpus.is_held_out(p.id) for p in proposals) / len(proposals)
    assert 0.12 <= share <= 0.28, share
    assert corpus.is_held_out("q-02") and not corpus.is_held_out("q-01")  # zlib.crc32(id) % 5 == 0
