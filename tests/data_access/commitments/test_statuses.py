"""The campaign's statuses: seeded defaults, edited by the commission, never deleted while used."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from data_access.commitments import statuses
from data_access.commitments.models import Commitment
from data_access.errors import PermissionDenied, ValidationError
from tests.support.factories import EDITOR, make_campaign
from tests.support.factories.commitments import commitment_scenario, make_commitment


def test_default_statuses(session: Session) -> None:
    data = commitment_scenario(session)
    found = statuses.list_statuses(session, data.campaign.id)
    assert [(s.label, s.default_progress, s.done, s.closed) for s in found] == [
        ("prévu", 0, False, False), ("en cours", 50, False, False), ("réalisé", 100, True, True),
        ("abandonné", 0, False, True)]
    assert statuses.ensure_default_statuses(session, actor=EDITOR, campaign_id=data.campaign.id) == 0


def test_a_territory_may_seed_the_defaults_but_not_edit_the_list(session: Session) -> None:
    data = commitment_scenario(session)
    other = make_campaign(session, slug="suivante")
    assert statuses.ensure_default_statuses(session, actor=data.rennes_actor, campaign_id=other.id) == 4
    with pytest.raises(PermissionDenied):
        statuses.add_status(session, actor=data.rennes_actor, campaign_id=data.campaign.id, label="suspendu",
                            default_progress=0)


def test_the_commission_edits_the_list(session: Session) -> None:
    data = commitment_scenario(session)
    running = make_commitment(session, data, status="en cours")
    added = statuses.add_status(session, actor=EDITOR, campaign_id=data.campaign.id, label="  suspendu ",
                                default_progress=25)
    assert (added.label, added.position) == ("suspendu", 4)
    with pytest.raises(ValidationError, match="existe déjà"):
        statuses.add_status(session, actor=EDITOR, campaign_id=data.campaign.id, label="Prévu", default_progress=0)
    statuses.update_status(session, actor=EDITOR, status_id=data.status_ids["en cours"], label="engagé",
                           default_progress=40, done=False, closed=False)
    session.expire(running)
    assert running.progress == 40  # automatic progress follows its status's default
    ordered = [s.id for s in reversed(statuses.list_statuses(session, data.campaign.id))]
    statuses.reorder_statuses(session, actor=EDITOR, campaign_id=data.campaign.id, ordered_ids=ordered)
    assert [s.id for s in statuses.list_statuses(session, data.campaign.id)] == ordered
    with pytest.raises(ValidationError, match="1 engagement"):
        statuses.delete_status(session, actor=EDITOR, status_id=data.status_ids["en cours"])
    statuses.delete_status(session, actor=EDITOR, status_id=added.id)
    assert "suspendu" not in [s.label for s in statuses.list_statuses(session, data.campaign.id)]
    assert session.get(Commitment, running.id) is not None
