"""The Bibliothèque's data: only what each territory shares, its own entry whole, never a contact."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied
from data_access.models import Campaign
from data_access.space import library, sharing
from data_access.space.library import Query
from tests.support.factories.sharing import SharingScenario, sharing_scenario


@pytest.fixture
def scenario(session: Session) -> SharingScenario:
    found = sharing_scenario(session)
    # Brest shares its methods only.
    sharing.set_choices(session, actor=found.brest_actor, participation_id=found.brest.id, methods=True,
                        findings=False, proposals=False)
    return found


def _entry(lib: library.Library, participation_id: int) -> library.Entry:
    return next(e for e in lib.entries if e.participation_id == participation_id)


def test_a_category_not_shared_is_not_returned(session: Session, scenario: SharingScenario) -> None:
    shared = library.shared_library(session, scenario.campaign.id)
    brest = _entry(shared, scenario.brest.id)
    assert brest.sessions is not None and len(brest.sessions) == 1 and brest.sessions[0].participants == 24
    assert brest.findings is None and brest.proposals is None
    assert "portuaire" not in json.dumps(dataclasses.asdict(shared), default=str)
    rennes = _entry(shared, scenario.rennes.id)
    assert rennes.findings and rennes.findings[0].category_label == "Risques et points de vigilance"
    assert rennes.proposals and rennes.kind_label == "Commune" and rennes.region == "Bretagne"


def test_a_territory_sharing_nothing_is_left_out(session: Session, scenario: SharingScenario) -> None:
    sharing.set_choices(session, actor=scenario.brest_actor, participation_id=scenario.brest.id, methods=False,
                        findings=False, proposals=False)
    shared = library.shared_library(session, scenario.campaign.id)
    assert [e.participation_id for e in shared.entries] == [scenario.rennes.id]


def test_a_territory_always_sees_its_own_entry_whole(session: Session, scenario: SharingScenario) -> None:
    own = library.own_entry(session, actor=scenario.brest_actor, participation_id=scenario.brest.id)
    assert own.own and own.findings and own.proposals and own.sessions
    assert own.shares == sharing.Choices(True, False, False, chosen=True)
    entries = library.with_own(library.shared_library(session, scenario.campaign.id), own)
    assert entries[0] is own and len(entries) == 2
    with pytest.raises(PermissionDenied):
        library.own_entry(session, actor=scenario.rennes_actor, participation_id=scenario.brest.id)


def test_contacts_are_never_returned(session: Session, scenario: SharingScenario) -> None:
    shared = library.shared_library(session, scenario.campaign.id)
    own = library.own_entry(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id)
    dumped = json.dumps([dataclasses.asdict(shared), dataclasses.asdict(own)], default=str)
    assert scenario.rennes.contact_email and scenario.rennes.contact_email not in dumped
    assert "Camille Martin" not in dumped and "@" not in dumped
    fields = {f.name for f in dataclasses.fields(library.Entry)}
    assert not fields & {"contact_name", "contact_email", "contact_phone", "email", "phone"}


def test_filters_and_search_narrow_entries_and_items(session: Session, scenario: SharingScenario) -> None:
    shared = library.shared_library(session, scenario.campaign.id)
    index = library.build_index(shared.entries)

    def ids(query: Query) -> list[int]:
        matched = library.matching_keys([index], query.text)
        return [e.participation_id for e in library.select_entries(shared.entries, query, matched).entries]

    assert ids(Query()) == [scenario.brest.id, scenario.rennes.id]  # by name
    assert ids(Query(text="déshumanisation")) == [scenario.rennes.id]
    assert ids(Query(text="portuaire")) == []  # Brest's findings are not shared: not searchable
    assert ids(Query(text="Brest")) == [scenario.brest.id]  # a territory's name
    assert ids(Query(formats=("atelier",), publics=("citoyens",))) == [scenario.brest.id, scenario.rennes.id]
    assert ids(Query(formats=("réunion publique",))) == []
    assert ids(Query(themes=("Emploi et formation",))) == [scenario.rennes.id]
    assert ids(Query(kinds=("epci",))) == []
    assert ids(Query(reg_codes=("53",))) == [scenario.brest.id, scenario.rennes.id]
    selection = library.select_entries(shared.entries, Query(text="déshumanisation"),
                                       library.matching_keys([index], "déshumanisation"))
    only = selection.entries[0]
    assert only.findings and len(only.findings) == 1 and only.proposals and len(only.proposals) == 1
    options = library.filter_options(shared.entries)
    assert options["formats"] == ["atelier"] and options["publics"] == ["agents", "citoyens"]
    assert options["kinds"] == ["commune"] and options["regions"] == ["53"]


def test_the_demo_shares_in_every_way_and_the_library_shows_it(session: Session) -> None:
    from data_access import demo
    from data_access.access import SYSTEM_ACTOR

    demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=7)
    campaign_id = session.scalars(select(Campaign.id)).one()
    choices = sharing.effective_choices(session, campaign_id)
    patterns = {(c.methods, c.findings, c.proposals) for c in choices.values()}
    assert len(patterns) >= 5 and (False, False, False) in patterns and (True, True, True) in patterns
    assert 0 < sum(c.chosen for c in choices.values()) < len(choices)
    shared = library.shared_library(session, campaign_id)
    assert 40 <= len(shared.entries) < len(choices)
    assert any(e.proposals is None for e in shared.entries) and any(e.findings is None for e in shared.entries)
    assert "@" not in json.dumps(dataclasses.asdict(shared), default=str)
