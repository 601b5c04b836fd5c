"""The campaign's list of commitment statuses: seeded with « prévu », « en cours », « réalisé »,
« abandonné », then edited by the commission (label, default progress, order, done, closed).

A status in use is never deleted (a commitment always has one); its label may change.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.commitments import progress
from data_access.commitments.models import DEFAULT_STATUSES, Commitment, CommitmentStatus
from data_access.commitments.rules import clean_text
from data_access.commitments.views import MAX_STATUS_LABEL, StatusView
from data_access.errors import ValidationError
from data_access.french import plural
from data_access.models import Campaign, Role, utcnow


def list_statuses(session: Session, campaign_id: int) -> list[StatusView]:
    """The campaign's statuses in their order, with how many commitments use each."""
    used = dict(session.execute(select(Commitment.status_id, func.count(Commitment.id))
                                .where(Commitment.campaign_id == campaign_id).group_by(Commitment.status_id)).all())
    rows = session.scalars(select(CommitmentStatus).where(CommitmentStatus.campaign_id == campaign_id)
                           .order_by(CommitmentStatus.position, CommitmentStatus.id)).all()
    return [StatusView(id=s.id, label=s.label, default_progress=s.default_progress, position=s.position,
                       done=s.done, closed=s.closed, used=int(used.get(s.id, 0))) for s in rows]


def ensure_default_statuses(session: Session, *, actor: Actor, campaign_id: int) -> int:
    """Seed the default statuses when the campaign has none yet; returns how many were created.

    A territory may trigger it too (its first commitment needs a status): it creates only the
    campaign's defaults, never a status of its own."""
    require(actor, Role.TERRITOIRE, action="créer les statuts d'engagement par défaut")
    if not (actor.is_territory and actor.participation_ids):
        require(actor, Role.EDITEUR, action="créer les statuts d'engagement par défaut")
    if session.get(Campaign, campaign_id) is None:
        raise ValidationError("Cette campagne n'existe pas.")
    if session.scalar(select(func.count(CommitmentStatus.id)).where(CommitmentStatus.campaign_id == campaign_id)):
        return 0
    for position, (label, default, done, closed) in enumerate(DEFAULT_STATUSES):
        session.add(CommitmentStatus(campaign_id=campaign_id, label=label, default_progress=default,
                                     position=position, done=done, closed=closed, updated_by=actor.email))
    session.flush()
    audit.record(session, actor=actor, action="engagement.statuts.defaut", entity_type="campaign",
                 entity_id=campaign_id, summary="Statuts d'engagement par défaut créés",
                 after={"statuses": [label for label, *_ in DEFAULT_STATUSES]})
    return len(DEFAULT_STATUSES)


def _check(session: Session, campaign_id: int, label: str, default_progress: int, *, other_than: int | None = None
           ) -> str:
    label = clean_text(label, limit=MAX_STATUS_LABEL, what="Le libellé du statut", required=True)
    if not 0 <= default_progress <= 100:
        raise ValidationError(f"L'avancement par défaut est un pourcentage entre 0 et 100 (et non {default_progress}).")
    for status_id, existing in session.execute(select(CommitmentStatus.id, CommitmentStatus.label)
                                               .where(CommitmentStatus.campaign_id == campaign_id)):
        if status_id != other_than and existing.casefold() == label.casefold():
            raise ValidationError(f"Le statut « {existing} » existe déjà.")
    return label


def add_status(session: Session, *, actor: Actor, campaign_id: int, label: str, default_progress: int,
               done: bool = False, closed: bool = False) -> CommitmentStatus:
    require(actor, Role.EDITEUR, action="ajouter un statut d'engagement")
    if session.get(Campaign, campaign_id) is None:
        raise ValidationError("Cette campagne n'existe pas.")
    label = _check(session, campaign_id, label, default_progress)
    last = session.scalar(select(func.max(CommitmentStatus.position)).where(CommitmentStatus.campaign_id == campaign_id))
    status = CommitmentStatus(campaign_id=campaign_id, label=label, default_progress=default_progress,
                              position=(last + 1) if last is not None else 0, done=done, closed=closed or done,
                              updated_by=actor.email)
    session.add(status)
    session.flush()
    audit.record(session, actor=actor, action="engagement.statut.creation", entity_type="commitment_status",
                 entity_id=status.id, summary=f"Statut d'engagement « {label} » créé",
                 after={"label": label, "default_progress": default_progress, "done": done, "closed": status.closed})
    return status


def update_status(session: Session, *, actor: Actor, status_id: int, label: str, default_progress: int,
                  done: bool, closed: bool) -> CommitmentStatus:
    """Rename or change a status; commitments in it whose progress is automatic follow its default."""
    require(actor, Role.EDITEUR, action="modifier un statut d'engagement")
    status = session.get(CommitmentStatus, status_id)
    if status is None:
        raise ValidationError("Ce statut n'existe pas.")
    label = _check(session, status.campaign_id, label, default_progress, other_than=status_id)
    before = {"label": status.label, "default_progress": status.default_progress, "done": status.done,
              "closed": status.closed}
    after = {"label": label, "default_progress": default_progress, "done": done, "closed": closed or done}
    if before == after:
        return status
    status.label, status.default_progress, status.done, status.closed = label, default_progress, done, closed or done
    status.updated_at, status.updated_by = utcnow(), actor.email
    progress.recompute(session, status.campaign_id)
    audit.record(session, actor=actor, action="engagement.statut.modification", entity_type="commitment_status",
                 entity_id=status.id, summary=f"Statut d'engagement « {label} » modifié", before=before, after=after)
    return status


def reorder_statuses(session: Session, *, actor: Actor, campaign_id: int, ordered_ids: Sequence[int]) -> None:
    require(actor, Role.EDITEUR, action="réordonner les statuts d'engagement")
    statuses = {s.id: s for s in session.scalars(select(CommitmentStatus)
                                                 .where(CommitmentStatus.campaign_id == campaign_id))}
    if sorted(ordered_ids) != sorted(statuses):
        raise ValidationError("La liste des statuts a changé entre-temps : rechargez la page puis recommencez.")
    before = [s.id for s in sorted(statuses.values(), key=lambda s: (s.position, s.id))]
    for position, status_id in enumerate(ordered_ids):
        statuses[status_id].position = position
    session.flush()
    audit.record(session, actor=actor, action="engagement.statuts.ordre", entity_type="campaign",
                 entity_id=campaign_id, summary="Ordre des statuts d'engagement modifié",
                 before={"order": before}, after={"order": list(ordered_ids)})


def delete_status(session: Session, *, actor: Actor, status_id: int) -> None:
    """Only a status no commitment uses (withdrawn ones included: their history names it)."""
    require(actor, Role.EDITEUR, action="supprimer un statut d'engagement")
    status = session.get(CommitmentStatus, status_id)
    if status is None:
        raise ValidationError("Ce statut n'existe pas.")
    used = session.scalar(select(func.count(Commitment.id)).where(Commitment.status_id == status_id)) or 0
    if used:
        raise ValidationError(f"Le statut « {status.label} » est celui de {plural(used, 'engagement')} : "
                              "changez-leur de statut avant de le supprimer, ou renommez-le.")
    label, campaign_id = status.label, status.campaign_id
    session.delete(status)
    session.flush()
    audit.record(session, actor=actor, action="engagement.statut.suppression", entity_type="commitment_status",
                 entity_id=status_id, summary=f"Statut d'engagement « {label} » supprimé",
                 before={"label": label, "campaign_id": campaign_id})
