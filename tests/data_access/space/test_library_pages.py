"""The Bibliothèque one page at a time: the catalogue reads counts, not texts; a page reads only its
territories' items; the cards answer every query as the whole library did."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from data_access import demo
from data_access.access import SYSTEM_ACTOR
from data_access.models import Campaign
from data_access.space import library, library_pages, sharing
from data_access.space.library import Query
from tests.support.factories.sharing import SharingScenario, sharing_scenario


@contextmanager
def _statements(session: Session) -> Iterator[list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []
    engine = session.get_bind()

    def record(conn: object, cursor: object, statement: str, parameters: object, context: object,
               executemany: bool) -> None:
        seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


@pytest.fixture
def scenario(session: Session) -> SharingScenario:
    found = sharing_scenario(session)
    sharing.set_choices(session, actor=found.brest_actor, participation_id=found.brest.id, methods=True,
                        findings=False, proposals=False)
    return found


@pytest.fixture
def demo_campaign(session: Session) -> int:
    demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=7)
    return int(session.scalars(select(Campaign.id)).one())


def test_the_catalogue_counts_items_without_reading_their_texts(session: Session, demo_campaign: int) -> None:
    with _statements(session) as seen:
        catalogue = library_pages.catalogue(session, demo_campaign)
    statements = " ".join(statement.lower() for statement, _ in seen)
    assert "proposal.text" not in statements and "finding.text" not in statements
    assert "group by" in statements
    whole = library.shared_library(session, demo_campaign)
    assert [c.participation_id for c in catalogue.cards] == [e.participation_id for e in whole.entries]
    for card, entry in zip(catalogue.cards, whole.entries, strict=True):
        assert sum(n for _, n in card.findings or ()) == len(entry.findings or ())
        assert sum(n for _, n in card.proposals or ()) == len(entry.proposals or ())
        assert card.sessions == entry.sessions


def test_a_page_reads_the_items_of_its_territories_only(session: Session, demo_campaign: int) -> None:
    cards = library_pages.catalogue(session, demo_campaign).cards
    page = library_pages.select_cards(cards, Query(), ()).page(1, 15)
    ids = [f.card.participation_id for f in page]
    assert len(ids) == 15
    with _statements(session) as seen:
        entries = library_pages.page_entries(session, demo_campaign, ids)
    assert [e.participation_id for e in entries] == ids
    for statement, parameters in seen:
        if "FROM proposal" in statement or "FROM finding" in statement:
            values = parameters.values() if isinstance(parameters, dict) else parameters
            assert {int(v) for v in values if isinstance(v, int) and not isinstance(v, bool)} <= set(ids)
    whole = {e.participation_id: e for e in library.shared_library(session, demo_campaign).entries}
    assert all(entry == whole[entry.participation_id] for entry in entries)


@pytest.mark.parametrize("query", [
    Query(), Query(text="déshumanisation"), Query(text="portuaire"), Query(text="Brest"),
    Query(formats=("atelier",), publics=("citoyens",)), Query(formats=("réunion publique",)),
    Query(themes=("Emploi et formation",)), Query(kinds=("epci",)), Query(reg_codes=("53",)),
    Query(text="agents", themes=("Emploi et formation",)),
])
def test_cards_answer_queries_as_the_whole_library(session: Session, scenario: SharingScenario, query: Query) -> None:
    shared = library.shared_library(session, scenario.campaign.id)
    expected = library.select_entries(shared.entries, query,
                                      library.matching_keys([library.build_index(shared.entries)], query.text))
    search = library_pages.build_search(session, scenario.campaign.id)
    cards = library_pages.catalogue(session, scenario.campaign.id).cards
    got = library_pages.select_cards(cards, query, [search])
    assert [f.card.participation_id for f in got.found] == [e.participation_id for e in expected.entries]
    assert (got.sessions, got.findings, got.proposals, got.participants) == (
        expected.sessions, expected.findings, expected.proposals, expected.participants)


def test_a_territory_counts_its_own_entry_whole(session: Session, scenario: SharingScenario) -> None:
    own = library.own_entry(session, actor=scenario.brest_actor, participation_id=scenario.brest.id)
    cards = library_pages.with_own(library_pages.catalogue(session, scenario.campaign.id), own)
    assert cards[0].own and cards[0].participation_id == scenario.brest.id and len(cards) == 2
    searches = [library_pages.build_search(session, scenario.campaign.id), library_pages.search_of(own)]
    got = library_pages.select_cards(cards, Query(text="portuaire"), searches)
    assert [(f.card.participation_id, f.findings, f.proposals) for f in got.found] == [(scenario.brest.id, 1, 1)]
