"""A small campaign with territories of several kinds and near-duplicate proposals, for manifesto tests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from data_access.models import Campaign, Participation, Proposal, Stage
from tests.support.factories import make_campaign, make_participation, make_proposal

TERRITORIES = (
    ("commune", "35238"),  # Rennes
    ("commune", "31555"),  # Toulouse
    ("epci", "243500139"),  # Rennes Métropole
    ("commune", "97411"),  # Saint-Denis (La Réunion): overseas
    ("departement", "35"),  # Ille-et-Vilaine
    ("commune", "29232"),  # Quimper: engaged, no proposal
)

TEXTS = (
    ("IA sociale", "Former l'ensemble des agents aux usages de l'IA générative avant tout déploiement."),
    ("IA sociale", "Nous proposons de former l'ensemble des agents aux usages de l'IA générative avant tout déploiement."),
    ("IA sociale", "Il faut former tous les agents aux usages de l'IA générative avant le déploiement, d'ici la fin du mandat."),
    ("IA utile et proportionnée", "Mesurer l'empreinte énergétique de chaque usage d'IA avant de le généraliser."),
    ("IA utile et proportionnée", "Refuser la reconnaissance faciale dans l'espace public."),
    ("Gouvernance partagée et territoriale", "Créer un comité d'éthique de l'IA réunissant élus, agents et habitants."),
)


@dataclass
class Scenario:
    campaign: Campaign
    participations: list[Participation]
    proposals: list[Proposal]


def scenario(session: Session) -> Scenario:
    campaign = make_campaign(session)
    participations = [
        make_participation(session, campaign, kind=kind, code=code,
                           stage=Stage.GRILLE_DEPOSEE if code != "29232" else Stage.ENGAGE)
        for kind, code in TERRITORIES
    ]
    proposals: list[Proposal] = []
    for index, (chapter, text) in enumerate(TEXTS):
        proposals.append(make_proposal(session, participations[index % 5], text=text, chapter=chapter,
                                       themes=("Emploi et formation",) if index < 3 else ("Environnement et énergie",)))
    session.flush()
    return Scenario(campaign=campaign, participations=participations, proposals=proposals)
