"""Commitment writes: create, update, report progress, validate, withdraw, timeline entries, and the
campaign's reminder delay.

Each write checks its actor (``rules.can_write``: the commission for any commitment, a territory
for its own only; validation is the commission's), saves from the version the user saw
(``versioning.claim``), stores a revision, recomputes automatic progress and is audited. Data
versions bump by themselves (``data_access.versions``: every table here is « commitments »).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.commitments import progress as derivation
from data_access.commitments import rules, versioning
from data_access.commitments.models import (
    Commitment,
    CommitmentEntry,
    CommitmentStatus,
    CommitterKind,
)
from data_access.commitments.views import MAX_ENTRY, NEWS_MONTHS_RANGE, CommitmentInput
from data_access.errors import ValidationError
from data_access.models import Campaign, Role, utcnow

# What a territory's change must have the commission look at again before it is public: what is
# promised, not how far it went (status, progress and timeline are reported as they go).
SUBSTANTIVE = ("title", "description", "item_id", "parent_id", "start_date", "end_date", "proposal_ids",
               "territories")


def _committer(data: CommitmentInput) -> int | None:
    return data.participation_id if data.committer_kind == CommitterKind.TERRITOIRE.value else None


def input_of(session: Session, commitment_id: int) -> CommitmentInput:
    """The commitment as its form holds it (a page pre-fills the form with this)."""
    commitment = rules.load(session, commitment_id)
    proposals, territories = versioning.links(session, [commitment_id])
    return CommitmentInput(
        title=commitment.title, committer_kind=commitment.committer_kind, status_id=commitment.status_id,
        item_id=commitment.item_id, parent_id=commitment.parent_id, committer_name=commitment.committer_name,
        participation_id=commitment.participation_id, description=commitment.description,
        progress=commitment.progress if commitment.progress_set_by_hand else None,
        start_date=commitment.start_date, end_date=commitment.end_date,
        proposal_ids=tuple(proposals.get(commitment_id, [])), territory_ids=tuple(territories.get(commitment_id, [])))


def create_commitment(session: Session, *, actor: Actor, campaign_id: int, data: CommitmentInput) -> Commitment:
    """A new commitment under a manifesto item (or under a parent commitment, whose item it inherits)."""
    require(actor, Role.TERRITOIRE, action="créer un engagement")
    rules.can_write(actor, _committer(data), action="créer un engagement")
    if session.get(Campaign, campaign_id) is None:
        raise ValidationError("Cette campagne n'existe pas.")
    values = rules.checked(session, actor=actor, campaign_id=campaign_id, data=data)
    proposal_ids, territory_ids = values.pop("proposal_ids"), values.pop("territory_ids")
    [public_id] = rules.new_public_ids(session, 1)
    commitment = Commitment(public_id=public_id, campaign_id=campaign_id, **values, version=1,
                            created_by=actor.email, updated_by=actor.email)
    session.add(commitment)
    session.flush()
    versioning.set_links(session, commitment.id, proposal_ids, territory_ids)
    derivation.recompute(session, campaign_id)
    snapshot = versioning.record_revision(session, commitment, actor)
    audit.record(session, actor=actor, action="engagement.creation", entity_type="commitment",
                 entity_id=commitment.id, summary=f"Engagement « {commitment.title} » créé ({public_id})",
                 after=snapshot)
    return commitment


def _prospective(commitment: Commitment, values: dict[str, Any], status_label: str) -> dict[str, Any]:
    current = {name: getattr(commitment, name) for name in versioning.FIELDS}
    merged = {**current, **{k: v for k, v in values.items() if k in versioning.FIELDS}}
    return versioning.snapshot_of(merged, status_label=status_label, proposal_ids=values["proposal_ids"],
                                  territory_ids=values["territory_ids"])


def update_commitment(session: Session, *, actor: Actor, commitment_id: int, expected_version: int,
                      data: CommitmentInput) -> Commitment:
    """Save the form, based on ``expected_version`` (``CommitmentConflict`` if someone saved since).

    A territory's change to what is promised (title, description, item, dates, links) withdraws
    the commission's validation: the commitment leaves the public page until validated again."""
    require(actor, Role.TERRITOIRE, action="modifier un engagement")
    commitment = rules.load(session, commitment_id)
    rules.can_write(actor, commitment.participation_id, action="modifier un engagement")
    values = rules.checked(session, actor=actor, campaign_id=commitment.campaign_id, data=data,
                           commitment_id=commitment.id)
    before = versioning.take_snapshot(session, commitment)
    status_label = session.scalar(select(CommitmentStatus.label).where(CommitmentStatus.id == values["status_id"]))
    wanted = _prospective(commitment, values, status_label or "")
    ignored = set() if values["progress_set_by_hand"] else {"progress"}  # derived: recomputed below
    if all(before.get(key) == value for key, value in wanted.items() if key not in ignored):
        return commitment  # saving the form unchanged is not a change: no version, nothing journalled
    versioning.claim(session, commitment, expected_version, actor)
    proposal_ids, territory_ids = values.pop("proposal_ids"), values.pop("territory_ids")
    for name, value in values.items():
        setattr(commitment, name, value)
    versioning.set_links(session, commitment.id, proposal_ids, territory_ids)
    if actor.is_territory and commitment.validated and any(before.get(k) != wanted.get(k) for k in SUBSTANTIVE):
        commitment.validated, commitment.validated_at, commitment.validated_by = False, None, None
    derivation.recompute(session, commitment.campaign_id)
    after = versioning.record_revision(session, commitment, actor)
    old, new = versioning.changes(before, after)
    audit.record(session, actor=actor, action="engagement.modification", entity_type="commitment",
                 entity_id=commitment.id,
                 summary=f"Engagement « {commitment.title} » modifié (version {commitment.version})",
                 before=old, after=new)
    return commitment


def report_progress(session: Session, *, actor: Actor, commitment_id: int, expected_version: int, status_id: int,
                    progress: int | None, news: str = "", occurred_on: dt.date | None = None) -> Commitment:
    """A territory's (or the commission's) report: a status, a progress (None: automatic) and,
    optionally, a dated timeline entry, in one action."""
    require(actor, Role.TERRITOIRE, action="indiquer l'avancement d'un engagement")
    data = replace(input_of(session, commitment_id), status_id=status_id, progress=progress)
    commitment = update_commitment(session, actor=actor, commitment_id=commitment_id,
                                   expected_version=expected_version, data=data)
    if news.strip():
        add_entry(session, actor=actor, commitment_id=commitment_id, occurred_on=occurred_on or dt.date.today(),
                  text=news)
    return commitment


def set_validated(session: Session, *, actor: Actor, commitment_id: int, expected_version: int,
                  validated: bool = True) -> Commitment:
    """The commission validates a commitment (it becomes public) or takes its validation back."""
    require(actor, Role.EDITEUR, action="valider un engagement" if validated else "retirer la validation d'un engagement")
    commitment = rules.load(session, commitment_id)
    if commitment.validated == validated:
        return commitment
    before = versioning.take_snapshot(session, commitment)
    versioning.claim(session, commitment, expected_version, actor)
    commitment.validated = validated
    commitment.validated_at, commitment.validated_by = (utcnow(), actor.email) if validated else (None, None)
    after = versioning.record_revision(session, commitment, actor)
    old, new = versioning.changes(before, after)
    audit.record(session, actor=actor, action="engagement.validation" if validated else "engagement.devalidation",
                 entity_type="commitment", entity_id=commitment.id,
                 summary=f"Engagement « {commitment.title} » " + ("validé" if validated else "à valider de nouveau"),
                 before=old, after=new)
    return commitment


def set_withdrawn(session: Session, *, actor: Actor, commitment_id: int, expected_version: int,
                  withdrawn: bool = True) -> Commitment:
    """Withdraw a commitment (never deleted: the manifesto's follow-up keeps its history) or bring it back."""
    require(actor, Role.TERRITOIRE, action="retirer un engagement" if withdrawn else "rétablir un engagement")
    commitment = rules.load(session, commitment_id)
    rules.can_write(actor, commitment.participation_id,
                    action="retirer un engagement" if withdrawn else "rétablir un engagement")
    if commitment.withdrawn == withdrawn:
        return commitment
    before = versioning.take_snapshot(session, commitment)
    versioning.claim(session, commitment, expected_version, actor)
    commitment.withdrawn, commitment.withdrawn_at = withdrawn, utcnow() if withdrawn else None
    derivation.recompute(session, commitment.campaign_id)
    after = versioning.record_revision(session, commitment, actor)
    old, new = versioning.changes(before, after)
    audit.record(session, actor=actor, action="engagement.retrait" if withdrawn else "engagement.retablissement",
                 entity_type="commitment", entity_id=commitment.id,
                 summary=f"Engagement « {commitment.title} » " + ("retiré" if withdrawn else "rétabli"),
                 before=old, after=new)
    return commitment


def add_entry(session: Session, *, actor: Actor, commitment_id: int, occurred_on: dt.date, text: str
              ) -> CommitmentEntry:
    """A dated step of the timeline (« délibération votée le… »). Entries are news: they reset the
    reminder delay, and the latest one is shown in public once the commitment is validated."""
    require(actor, Role.TERRITOIRE, action="ajouter une actualité à un engagement")
    commitment = rules.load(session, commitment_id)
    rules.can_write(actor, commitment.participation_id, action="ajouter une actualité à un engagement")
    if commitment.withdrawn:
        raise ValidationError("Cet engagement est retiré : rétablissez-le avant d'y ajouter une actualité.")
    cleaned = rules.clean_text(text, limit=MAX_ENTRY, what="Le texte de l'actualité", required=True, one_line=False)
    if occurred_on > dt.date.today():
        raise ValidationError("La date de l'actualité est dans le futur : une actualité dit ce qui a eu lieu.")
    entry = CommitmentEntry(commitment_id=commitment_id, occurred_on=occurred_on, text=cleaned,
                            created_by=actor.email)
    session.add(entry)
    session.flush()
    audit.record(session, actor=actor, action="engagement.actualite", entity_type="commitment",
                 entity_id=commitment_id, summary=f"Actualité ajoutée à l'engagement « {commitment.title} »",
                 after={"occurred_on": occurred_on.isoformat(), "text": cleaned})
    return entry


def set_news_months(session: Session, *, actor: Actor, campaign_id: int, months: int) -> int:
    require(actor, Role.ADMINISTRATEUR, action="modifier le délai de relance des engagements")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    low, high = NEWS_MONTHS_RANGE
    if not low <= months <= high:
        raise ValidationError(f"Le délai de relance est compris entre {low} et {high} mois (et non {months}).")
    if campaign.commitment_news_months == months:
        return months
    before = campaign.commitment_news_months
    campaign.commitment_news_months = months
    audit.record(session, actor=actor, action="campagne.relance_engagements", entity_type="campaign",
                 entity_id=campaign_id, summary=f"Délai de relance des engagements : {months} mois",
                 before={"commitment_news_months": before}, after={"commitment_news_months": months})
    return months
