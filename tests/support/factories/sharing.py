"""Territories with something to share: sessions, findings and proposals, and a territory actor."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from data_access.access import Actor
from data_access.models import Campaign, Finding, Participation, Role, Stage
from data_access.space import participations
from tests.support.factories import ADMIN, make_campaign, make_participation, make_proposal


@dataclass(frozen=True)
class SharingScenario:
    campaign: Campaign
    rennes: Participation
    brest: Participation
    rennes_actor: Actor
    brest_actor: Actor


def territory_actor(participation: Participation, email: str) -> Actor:
    return Actor(email=email, role=Role.TERRITOIRE, participation_ids=frozenset({participation.id}))


def fill(session: Session, participation: Participation, *, words: str) -> None:
    """One session, one finding and one proposal, each carrying ``words``."""
    participations.add_session(session, actor=ADMIN, participation=participation, held_on=dt.date(2024, 11, 5),
                               format="atelier", publics=["agents", "citoyens"], participants=24)
    session.add(Finding(participation_id=participation.id, category="risque", theme="Emploi et formation",
                        text=f"Risque de {words} sans accompagnement."))
    make_proposal(session, participation, text=f"Former les agents : {words}.")
    session.flush()


def sharing_scenario(session: Session) -> SharingScenario:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign, stage=Stage.GRILLE_DEPOSEE)
    brest = make_participation(session, campaign, code="29019", stage=Stage.GRILLE_DEPOSEE)
    fill(session, rennes, words="déshumanisation de l'accueil")
    fill(session, brest, words="fracture numérique portuaire")
    return SharingScenario(campaign=campaign, rennes=rennes, brest=brest,
                           rennes_actor=territory_actor(rennes, "mairie@rennes.fr"),
                           brest_actor=territory_actor(brest, "mairie@brest.fr"))
