"""Factories for test data, built through the data layer's own write functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy.orm import Session

from data_access import campaigns
from data_access.access import SYSTEM_ACTOR, Actor
from data_access.models import Campaign, Participation, Proposal, Role, Stage, Territory
from data_access.space import participations
from data_access.territories import reference

ADMIN = SYSTEM_ACTOR
EDITOR = Actor(email="editrice@exemple.fr", role=Role.EDITEUR)
READER = Actor(email="lecteur@exemple.fr", role=Role.LECTEUR)


def make_campaign(session: Session, *, slug: str = "test", forum_date: dt.date | None = dt.date(2025, 3, 10)) -> Campaign:
    return campaigns.create_campaign(
        session, actor=ADMIN, slug=slug, name=f"Campagne {slug}", start_date=dt.date(2024, 9, 1),
        forum_date=forum_date, forum_place="Rennes",
    )


def make_territory(session: Session, kind: str = "commune", code: str = "35238") -> Territory:
    found = reference.get(kind, code)
    assert found is not None, f"{kind}:{code} absent du référentiel"
    return reference.ensure_territory(session, found)


def make_participation(
    session: Session,
    campaign: Campaign,
    *,
    kind: str = "commune",
    code: str = "35238",
    stage: Stage = Stage.ENGAGE,
    engaged_on: dt.date = dt.date(2024, 10, 1),
    networks: Sequence[str] = ("Les Interconnectés",),
) -> Participation:
    territory = make_territory(session, kind, code)
    participation = participations.register(
        session, actor=ADMIN, campaign_id=campaign.id, territory=territory, engaged_on=engaged_on,
        networks=networks, contact_name="Camille Martin", contact_email="camille.martin@exemple.fr",
    )
    if stage is not Stage.ENGAGE:
        participations.advance(session, actor=ADMIN, participation=participation, stage=stage,
                               occurred_on=engaged_on + dt.timedelta(days=10))
    return participation


def make_proposal(session: Session, participation: Participation, *, text: str = "Former les agents à l'IA.",
                  chapter: str = "IA sociale", themes: Sequence[str] = ("Emploi et formation",)) -> Proposal:
    proposal = Proposal(participation_id=participation.id, text=text, chapter=chapter, themes=list(themes), criteria=[])
    session.add(proposal)
    session.flush()
    return proposal
