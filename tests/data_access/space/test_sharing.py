"""Sharing choices: the charter's defaults, a territory's own choice, audited; nobody else's."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied
from data_access.models import AuditEvent, SharingChoice
from data_access.space import sharing
from data_access.space.sharing import Choices
from tests.support.factories import ADMIN, EDITOR, READER
from tests.support.factories.sharing import sharing_scenario


def test_choices_default_to_what_the_charter_says(session: Session) -> None:
    scenario = sharing_scenario(session)
    assert sharing.choices_of(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id) == Choices(
        methods=True, findings=True, proposals=True, chosen=False)
    sharing.set_campaign_defaults(session, actor=ADMIN, campaign_id=scenario.campaign.id, methods=True,
                                  findings=False, proposals=False)
    assert sharing.choices_of(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id) == Choices(
        methods=True, findings=False, proposals=False, chosen=False)
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "campagne.partage")).one()
    assert event.before == {"methodes": True, "enseignements": True, "propositions": True}
    assert event.after == {"methodes": True, "enseignements": False, "propositions": False}


def test_a_territory_sets_its_own_choices_and_they_are_audited(session: Session) -> None:
    scenario = sharing_scenario(session)
    saved = sharing.set_choices(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id,
                                methods=True, findings=False, proposals=True)
    assert saved == Choices(methods=True, findings=False, proposals=True, chosen=True)
    assert sharing.choices_of(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id) == saved
    # A later change of the charter's defaults leaves a territory's own choice alone.
    sharing.set_campaign_defaults(session, actor=ADMIN, campaign_id=scenario.campaign.id, methods=False,
                                  findings=False, proposals=False)
    assert sharing.choices_of(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id) == saved
    sharing.set_choices(session, actor=scenario.rennes_actor, participation_id=scenario.rennes.id,
                        methods=False, findings=False, proposals=True)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "partage.choix")
                             .order_by(AuditEvent.id)).all()
    assert [e.actor for e in events] == ["mairie@rennes.fr"] * 2
    assert events[1].before == {"methodes": True, "enseignements": False, "propositions": True}
    assert events[1].after == {"methodes": False, "enseignements": False, "propositions": True}
    assert "méthodes non partagées" in events[1].summary and "enseignements non partagés" in events[1].summary
    stored = session.get(SharingChoice, scenario.rennes.id)
    assert stored is not None and stored.updated_by == "mairie@rennes.fr"


def test_another_territory_is_refused_and_nothing_changes(session: Session) -> None:
    scenario = sharing_scenario(session)
    with pytest.raises(PermissionDenied, match="n'est pas le vôtre"):
        sharing.set_choices(session, actor=scenario.brest_actor, participation_id=scenario.rennes.id,
                            methods=False, findings=False, proposals=False)
    with pytest.raises(PermissionDenied, match="n'est pas le vôtre"):
        sharing.choices_of(session, actor=scenario.brest_actor, participation_id=scenario.rennes.id)
    session.flush()
    assert session.get(SharingChoice, scenario.rennes.id) is None


def test_only_an_administrator_changes_the_defaults_and_a_reader_no_choice(session: Session) -> None:
    scenario = sharing_scenario(session)
    with pytest.raises(PermissionDenied):
        sharing.set_campaign_defaults(session, actor=EDITOR, campaign_id=scenario.campaign.id, methods=False,
                                      findings=False, proposals=False)
    with pytest.raises(PermissionDenied):
        sharing.set_choices(session, actor=READER, participation_id=scenario.rennes.id, methods=False,
                            findings=False, proposals=False)
    assert sharing.campaign_defaults(session, scenario.campaign.id) == Choices(True, True, True)


def test_effective_choices_mix_choices_and_defaults(session: Session) -> None:
    scenario = sharing_scenario(session)
    sharing.set_choices(session, actor=scenario.brest_actor, participation_id=scenario.brest.id,
                        methods=False, findings=True, proposals=False)
    found = sharing.effective_choices(session, scenario.campaign.id)
    assert found[scenario.rennes.id] == Choices(True, True, True)
    assert found[scenario.brest.id] == Choices(False, True, False, chosen=True)
