from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access.errors import PermissionDenied, ValidationError
from data_access.models import AuditEvent, Participation, Stage, StageTransition
from data_access.space import participations
from tests.support.factories import (
    ADMIN,
    EDITOR,
    READER,
    make_campaign,
    make_participation,
    make_territory,
)


def test_register_records_engagement_and_audit(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    assert participation.stage == Stage.ENGAGE.value
    assert [t.stage for t in participation.transitions] == ["engage"]
    event = session.scalars(select(AuditEvent).where(AuditEvent.action == "participation.creation")).one()
    assert event.actor == ADMIN.email
    assert "camille" not in str(event.after).lower()


def test_a_territory_engages_once_per_campaign(session: Session) -> None:
    campaign = make_campaign(session)
    make_participation(session, campaign)
    with pytest.raises(ValidationError, match="déjà engagé"):
        participations.register(session, actor=ADMIN, campaign_id=campaign.id,
                                territory=make_territory(session), engaged_on=dt.date(2024, 11, 1))


def test_advance_records_every_stage_passed_with_its_date(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    participations.advance(session, actor=EDITOR, participation=participation,
                           stage=Stage.CONCERTATION_TENUE, occurred_on=dt.date(2024, 12, 1))
    stages = session.scalars(select(StageTransition.stage).where(
        StageTransition.participation_id == participation.id).order_by(StageTransition.id)).all()
    assert stages == ["engage", "charte_signee", "concertation_tenue"]
    assert participation.stage_changed_on == dt.date(2024, 12, 1)


def test_advance_refuses_going_back_or_back_in_time(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign, stage=Stage.CONCERTATION_TENUE)
    with pytest.raises(ValidationError, match="pas postérieure"):
        participations.advance(session, actor=ADMIN, participation=participation,
                               stage=Stage.CHARTE_SIGNEE, occurred_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="précède"):
        participations.advance(session, actor=ADMIN, participation=participation,
                               stage=Stage.GRILLE_DEPOSEE, occurred_on=dt.date(2020, 1, 1))


def test_signing_the_charter_moves_an_engaged_territory_on(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    participations.sign_charter(session, actor=EDITOR, participation=participation,
                                signed_on=dt.date(2024, 10, 20), signatory_role="Maire")
    assert participation.stage == Stage.CHARTE_SIGNEE.value


def test_negative_participants_are_refused(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign, stage=Stage.CHARTE_SIGNEE)
    with pytest.raises(ValidationError, match="négatif"):
        participations.add_session(session, actor=ADMIN, participation=participation,
                                   held_on=dt.date(2024, 11, 5), format="atelier", publics=["élus"],
                                   participants=-3)


def test_erasing_a_contact_keeps_the_participation(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    participations.erase_contact(session, actor=ADMIN, participation_id=participation.id)
    assert participation.contact_email is None and participation.contact_name is None
    assert session.scalar(select(func.count(Participation.id))) == 1


def test_a_reader_cannot_write(session: Session) -> None:
    campaign = make_campaign(session)
    territory = make_territory(session)
    with pytest.raises(PermissionDenied, match="Lecteur"):
        participations.register(session, actor=READER, campaign_id=campaign.id, territory=territory,
                                engaged_on=dt.date(2024, 10, 1))
    participation = make_participation(session, campaign)
    with pytest.raises(PermissionDenied):
        participations.advance(session, actor=READER, participation=participation,
                               stage=Stage.CHARTE_SIGNEE, occurred_on=dt.date(2024, 11, 1))
    with pytest.raises(PermissionDenied):
        participations.erase_contact(session, actor=EDITOR, participation_id=participation.id)
