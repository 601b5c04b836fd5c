"""The editors' queries (data/corpus_queries.yaml) on the demo campaign built from the realistic
corpus: recall, precision of the first page, no empty answer, and a reason for every result.

A stored proposal is relevant to a query when the corpus text it was written from has one of the
query's themes (its ``theme`` or its ``also``). Queries none of whose themes is the main theme of at least
10 corpus proposals (a part of the corpus not merged yet) are left out. The floors below are the figures
measured on this corpus with the search as it was when the corpus replaced the template sentences
(issue 23): they guard against a drop; the issue's targets are higher (recall and precision ≥ 0.7).
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from data_access import campaigns, demo
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.demo import corpus
from data_access.manifesto import proposals
from data_access.manifesto.proposals import ProposalIndex, ProposalQuery
from data_access.models import Proposal
from data_access.yaml_loader import safe_load

QUERIES: list[dict[str, Any]] = safe_load(
    (Path(__file__).parent / "data" / "corpus_queries.yaml").read_text(encoding="utf-8"))

# Measured before any tuning on the corpus (scale 1, seed 2025). Part B alone (26 queries): mean
# recall 0.19, precision of the first ten 0.83, 2 queries with no result (« garder un guichet
# physique », « consomation d'eau data center »); held out (5): 0.17 and 0.98. Parts A and B (50
# queries): recall 0.32, precision 0.66, the same 2 empty; held out (9): 0.27 and 0.68.
RECALL_FLOOR = 0.15
PRECISION_FLOOR = 0.6
EMPTY_CEILING = 3

DemoIndex = tuple[str, ProposalIndex, int, dict[int, frozenset[str]]]


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> DemoIndex:
    from data_access import migrate

    url = f"sqlite:///{tmp_path_factory.mktemp('recall') / 'demo.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=2025)
    with session_scope(engine) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        themes: dict[int, frozenset[str]] = {}
        for pid, text in session.execute(select(Proposal.id, Proposal.text)).all():
            source = corpus.source_of(text)
            assert source is not None, text
            themes[int(pid)] = frozenset(source.themes)
        index = proposals.build_index(session, campaign.id)
    engine.dispose()
    return url, index, campaign.id, themes


def _covered_themes() -> set[str]:
    """Themes the corpus holds proposals of (at least 10 as their main theme)."""
    counts: dict[str, int] = {}
    for proposal in corpus.load_proposals():
        counts[proposal.theme] = counts.get(proposal.theme, 0) + 1
    return {theme for theme, count in counts.items() if count >= 10}


def _relevant(themes: dict[int, frozenset[str]], wanted: list[str]) -> set[int]:
    return {pid for pid, own in themes.items() if own & set(wanted)}


def _measure(demo_index: DemoIndex, held_out: bool | None = None) -> dict[str, tuple[float, float, int]]:
    """query → (recall over every result, precision of the first ten, number of results)."""
    url, index, campaign_id, themes = demo_index
    engine = make_engine(url)
    figures: dict[str, tuple[float, float, int]] = {}
    covered = _covered_themes()
    with session_scope(engine) as session:
        for entry in QUERIES:
            if held_out is not None and corpus.is_held_out(str(entry["id"])) != held_out:
                continue
            if not covered & set(entry["themes"]):
                continue
            relevant = _relevant(themes, entry["themes"])
            if not relevant:
                continue
            query = ProposalQuery(campaign_id=campaign_id, text=str(entry["query"]))
            everything = proposals.search(session, index, query, limit=100_000)
            # One row per idea: a found wording brings every territory's copy of it.
            found = {pid for r in everything.rows for pid in everything.groups.get(r.id, (r.id,))}
            first = [r.id for r in everything.rows[:10]]
            precision = sum(pid in relevant for pid in first) / len(first) if first else 0.0
            figures[str(entry["query"])] = (len(found & relevant) / len(relevant), precision, len(found))
    engine.dispose()
    return figures


def test_the_queries_cover_every_theme_of_the_catalogue() -> None:
    ids = [str(q["id"]) for q in QUERIES]
    assert len(ids) == 50 and len(set(ids)) == 50
    known = {theme.id for theme in corpus.load_themes()}
    named = {t for q in QUERIES for t in q["themes"]}
    assert named == known
    assert all(2 <= len(str(q["query"]).split()) <= 7 or str(q["query"]).count(" ") == 0 for q in QUERIES)


def test_editors_queries_on_the_realistic_demo(demo_index: DemoIndex) -> None:
    figures = _measure(demo_index)
    measured = len(figures)
    assert measured >= 20, sorted(figures)  # part B's 12 themes at least
    recall = statistics.mean(f[0] for f in figures.values())
    precision = statistics.mean(f[1] for f in figures.values())
    empty = sorted(q for q, f in figures.items() if f[2] == 0)
    # Floors: measured when the corpus replaced the templates (see the module's docstring).
    assert recall >= RECALL_FLOOR, (recall, figures)
    assert precision >= PRECISION_FLOOR, (precision, figures)
    assert len(empty) <= EMPTY_CEILING, empty


def test_each_result_says_why_it_matched(demo_index: DemoIndex) -> None:
    url, index, campaign_id, _ = demo_index
    engine = make_engine(url)
    with session_scope(engine) as session:
        for entry in QUERIES[:25]:
            result = proposals.search(session, index, ProposalQuery(campaign_id=campaign_id, text=str(entry["query"])),
                                      limit=10)
            assert set(result.reasons) == {r.id for r in result.rows}, entry["query"]
            assert all(result.reasons[r.id] for r in result.rows), entry["query"]
    engine.dispose()


def test_without_words_recent_proposals_come_from_varied_territories(demo_index: DemoIndex) -> None:
    url, index, campaign_id, _ = demo_index
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = proposals.search(session, index, ProposalQuery(campaign_id=campaign_id), limit=25)
    engine.dispose()
    assert len({r.participation_id for r in result.rows}) == 25
    newest = max(index.text.doc_ids.tolist())
    assert result.rows[0].id == newest

