"""What each territory shares with the other territories: its methods, its findings, its proposals.

The campaign holds the defaults (what its charter says); a territory may change its own choices in
its space. Contacts are not a category: they are never shared, whatever is chosen.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require, require_participation
from data_access.errors import ValidationError
from data_access.models import Campaign, Participation, Role, SharingChoice


class Category(StrEnum):
    METHODES = "methodes"
    ENSEIGNEMENTS = "enseignements"
    PROPOSITIONS = "propositions"


CATEGORY_LABELS: dict[Category, str] = {
    Category.METHODES: "Méthodes",
    Category.ENSEIGNEMENTS: "Enseignements",
    Category.PROPOSITIONS: "Propositions",
}

# What each category holds, in the words of the territory space and of the Bibliothèque.
CATEGORY_HELP: dict[Category, str] = {
    Category.METHODES: "les formats de vos sessions de concertation, les publics associés, le nombre de "
                       "participants et les dates",
    Category.ENSEIGNEMENTS: "ce que vos concertations ont fait ressortir : thèmes, opportunités, risques et "
                            "conditions de déploiement",
    Category.PROPOSITIONS: "les propositions issues de votre grille d'information",
}

# « partagées » / « partagés », agreed with each category's noun.
SHARED_WORDS: dict[Category, dict[bool, str]] = {
    Category.METHODES: {True: "partagées", False: "non partagées"},
    Category.ENSEIGNEMENTS: {True: "partagés", False: "non partagés"},
    Category.PROPOSITIONS: {True: "partagées", False: "non partagées"},
}


@dataclass(frozen=True)
class Choices:
    """Shared (True) or not, per category; ``chosen``: False while the charter's defaults apply."""

    methods: bool
    findings: bool
    proposals: bool
    chosen: bool = False

    def shares(self, category: Category) -> bool:
        return {Category.METHODES: self.methods, Category.ENSEIGNEMENTS: self.findings,
                Category.PROPOSITIONS: self.proposals}[category]

    def as_dict(self) -> dict[str, bool]:
        return {"methodes": self.methods, "enseignements": self.findings, "propositions": self.proposals}


def _campaign(session: Session, campaign_id: int) -> Campaign:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    return campaign


def campaign_defaults(session: Session, campaign_id: int) -> Choices:
    """What the charter says: not personal, anyone engaged may read it."""
    campaign = _campaign(session, campaign_id)
    return Choices(methods=campaign.share_methods_default, findings=campaign.share_findings_default,
                   proposals=campaign.share_proposals_default)


def set_campaign_defaults(session: Session, *, actor: Actor, campaign_id: int, methods: bool, findings: bool,
                          proposals: bool) -> Choices:
    """The administrator records what the charter says; territories that chose keep their choice."""
    require(actor, Role.ADMINISTRATEUR, action="modifier le partage par défaut")
    campaign = _campaign(session, campaign_id)
    before = campaign_defaults(session, campaign_id)
    after = Choices(methods=bool(methods), findings=bool(findings), proposals=bool(proposals))
    if after == before:
        return before
    campaign.share_methods_default = after.methods
    campaign.share_findings_default = after.findings
    campaign.share_proposals_default = after.proposals
    audit.record(session, actor=actor, action="campagne.partage", entity_type="campaign", entity_id=campaign.id,
                 summary="Partage par défaut entre territoires modifié", before=before.as_dict(),
                 after=after.as_dict())
    return after


def _stored(session: Session, participation_id: int) -> SharingChoice | None:
    return session.get(SharingChoice, participation_id)


def _participation(session: Session, participation_id: int) -> Participation:
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    return participation


def choices_of(session: Session, *, actor: Actor, participation_id: int) -> Choices:
    """A territory's own choices (or the charter's defaults while it has not chosen)."""
    require(actor, Role.TERRITOIRE, action="consulter les choix de partage")
    require_participation(actor, participation_id, action="consulter les choix de partage")
    participation = _participation(session, participation_id)
    stored = _stored(session, participation_id)
    if stored is None:
        return campaign_defaults(session, participation.campaign_id)
    return Choices(methods=stored.methods, findings=stored.findings, proposals=stored.proposals, chosen=True)


def set_choices(session: Session, *, actor: Actor, participation_id: int, methods: bool, findings: bool,
                proposals: bool) -> Choices:
    """A territory chooses what it shares; the change is audited with its before and after."""
    require(actor, Role.TERRITOIRE, action="choisir ce que le territoire partage")
    require_participation(actor, participation_id, action="choisir ce que le territoire partage")
    participation = _participation(session, participation_id)
    stored = _stored(session, participation_id)
    before = (campaign_defaults(session, participation.campaign_id) if stored is None else
              Choices(methods=stored.methods, findings=stored.findings, proposals=stored.proposals, chosen=True))
    after = Choices(methods=bool(methods), findings=bool(findings), proposals=bool(proposals), chosen=True)
    if stored is None:
        session.add(SharingChoice(participation_id=participation_id, methods=after.methods,
                                  findings=after.findings, proposals=after.proposals, updated_by=actor.email))
    elif before == after:
        return after
    else:
        stored.methods, stored.findings, stored.proposals = after.methods, after.findings, after.proposals
        stored.updated_by = actor.email
    audit.record(session, actor=actor, action="partage.choix", entity_type="participation",
                 entity_id=participation_id, summary=f"Choix de partage de {participation.territory.name} : "
                 + ", ".join(f"{CATEGORY_LABELS[c].lower()} {SHARED_WORDS[c][after.shares(c)]}" for c in Category),
                 before=before.as_dict(), after=after.as_dict())
    return after


def effective_choices(session: Session, campaign_id: int) -> dict[int, Choices]:
    """Every participation of the campaign and what it shares (its choice, or the defaults)."""
    defaults = campaign_defaults(session, campaign_id)
    rows = session.execute(
        select(Participation.id, SharingChoice.methods, SharingChoice.findings, SharingChoice.proposals)
        .outerjoin(SharingChoice, SharingChoice.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
    ).all()
    return {int(pid): defaults if methods is None else
            Choices(methods=bool(methods), findings=bool(findings), proposals=bool(proposals), chosen=True)
            for pid, methods, findings, proposals in rows}
