"""The editors' queries (search_queries.yaml) on the demo campaign: recall, precision of the first
page, no empty answer, and a reason for every result."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from data_access import campaigns, demo
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.manifesto import proposals
from data_access.manifesto.proposals import ProposalIndex, ProposalQuery
from data_access.models import Proposal

QUERIES = yaml.safe_load((Path(__file__).with_name("search_queries.yaml")).read_text(encoding="utf-8"))["queries"]
UNSEEN = yaml.safe_load((Path(__file__).with_name("search_queries_unseen.yaml")).read_text(encoding="utf-8"))["queries"]
REQUIRED = {"emploi", "formation des agents", "formation agents", "former agents", "écoles"}


@pytest.fixture(scope="module")
def demo_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ProposalIndex, int, dict[int, str]]:
    from data_access import migrate

    url = f"sqlite:///{tmp_path_factory.mktemp('recall') / 'demo.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    with session_scope(engine) as session:
        demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=2025)
    with session_scope(engine) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        texts = {int(i): t for i, t in session.execute(select(Proposal.id, Proposal.text)).all()}
        index = proposals.build_index(session, campaign.id)
    engine.dispose()
    return url, index, campaign.id, texts


def _relevant(texts: dict[int, str], fragments: list[str]) -> set[int]:
    return {pid for pid, text in texts.items() if any(f.lower() in text.lower() for f in fragments)}


def test_the_fixture_holds_the_queries_of_the_issue() -> None:
    assert {q["query"] for q in QUERIES} >= REQUIRED


def test_editors_queries_find_what_they_mean(demo_index: tuple[str, ProposalIndex, int, dict[int, str]]) -> None:
    url, index, campaign_id, texts = demo_index
    engine = make_engine(url)
    recalls: dict[str, float] = {}
    with session_scope(engine) as session:
        for entry in QUERIES:
            relevant = _relevant(texts, entry["relevant"])
            assert relevant, entry["query"]
            query = ProposalQuery(campaign_id=campaign_id, text=entry["query"])
            everything = proposals.search(session, index, query, limit=100_000)
            found = {pid for r in everything.rows for pid in everything.groups[r.id]}  # every territory's copy
            recalls[entry["query"]] = len(found & relevant) / len(relevant)
            first_page = proposals.search(session, index, query, limit=10)
            assert first_page.total > 0, entry["query"]
            # A first page shows ideas (one row per wording): the relevant wordings come first.
            wordings = len({" ".join(texts[pid].lower().split()) for pid in relevant})
            heads = first_page.rows[: min(10, wordings)]
            assert all(r.id in relevant for r in heads), (entry["query"], [r.text for r in first_page.rows])
            assert set(first_page.reasons) == {r.id for r in first_page.rows}
    engine.dispose()
    assert all(recalls[q] == 1.0 for q in REQUIRED), recalls
    assert statistics.mean(recalls.values()) >= 0.9, recalls  # before this work: 0.11, 11 of 14 empty


def test_queries_the_vocabulary_was_not_tuned_on(demo_index: tuple[str, ProposalIndex, int, dict[int, str]]) -> None:
    """Recall on queries written after the tuning: lower than on the tuning set, and measured."""
    url, index, campaign_id, texts = demo_index
    engine = make_engine(url)
    recalls: dict[str, float] = {}
    with session_scope(engine) as session:
        for entry in UNSEEN:
            relevant = _relevant(texts, entry["relevant"])
            assert relevant, entry["query"]
            found = proposals.search(session, index, ProposalQuery(campaign_id=campaign_id, text=entry["query"]),
                                     limit=100_000)
            ids = {pid for r in found.rows for pid in found.groups[r.id]}  # every territory's copy
            recalls[entry["query"]] = len(ids & relevant) / len(relevant)
    engine.dispose()
    empty = [q for q, r in recalls.items() if r == 0]
    assert statistics.mean(recalls.values()) >= 0.8, recalls  # 0.81 when written
    assert len(empty) <= 2, empty  # « vie privée », « enfants » when written


def test_each_result_says_why_it_matched(demo_index: tuple[str, ProposalIndex, int, dict[int, str]]) -> None:
    url, index, campaign_id, _ = demo_index
    engine = make_engine(url)
    with session_scope(engine) as session:
        def reasons(text: str) -> tuple[str, ...]:
            result = proposals.search(session, index, ProposalQuery(campaign_id=campaign_id, text=text), limit=1)
            return result.reasons[result.rows[0].id]

        assert reasons("formation agents") == ("« formation » → « former » (même famille)", "« agents »")
        assert reasons("écoles")[0].startswith("« écoles » → «") and "(notion proche)" in reasons("écoles")[0]
        assert reasons("emploi") == ("« emploi » → thème ou critère « Emploi et formation »",)
    engine.dispose()


def test_without_words_recent_proposals_come_from_varied_territories(
        demo_index: tuple[str, ProposalIndex, int, dict[int, str]]) -> None:
    url, index, campaign_id, _ = demo_index
    engine = make_engine(url)
    with session_scope(engine) as session:
        result = proposals.search(session, index, ProposalQuery(campaign_id=campaign_id), limit=25)
    engine.dispose()
    assert len({r.participation_id for r in result.rows}) == 25
    newest = max(index.text.doc_ids.tolist())
    assert result.rows[0].id == newest
