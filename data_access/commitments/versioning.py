"""Optimistic concurrency and history of commitments, as manifesto sections have them.

A save names the version it started from and is applied with ``UPDATE … WHERE version =
:expected``: of two people saving from the same version, exactly one wins; the other gets a
``CommitmentConflict`` saying who saved and when. Every saved change stores a full snapshot
(``CommitmentRevision``): the history, and the « avant / après » of the audit log.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from data_access.access import Actor, require
from data_access.audit_labels import actor_label
from data_access.commitments.models import (
    Commitment,
    CommitmentProposal,
    CommitmentRevision,
    CommitmentStatus,
    CommitmentTerritory,
)
from data_access.commitments.rules import author_for, can_read, load
from data_access.commitments.views import CommitmentConflict, RevisionView
from data_access.french import TIME_ZONE, paris_time
from data_access.models import Role, utcnow

# The fields a snapshot keeps, in the order the journal shows them.
FIELDS = ("public_id", "title", "description", "item_id", "parent_id", "committer_kind", "committer_name",
          "participation_id", "status_id", "progress", "progress_set_by_hand", "start_date", "end_date",
          "validated", "withdrawn")


def links(session: Session, commitment_ids: Sequence[int]) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """(proposals, territories) each commitment answers, by commitment id."""
    proposals: dict[int, list[int]] = {}
    territories: dict[int, list[int]] = {}
    ids = list(commitment_ids)
    for start in range(0, len(ids), 5000):
        chunk = ids[start:start + 5000]
        for commitment_id, proposal_id in session.execute(
                select(CommitmentProposal.commitment_id, CommitmentProposal.proposal_id)
                .where(CommitmentProposal.commitment_id.in_(chunk)).order_by(CommitmentProposal.proposal_id)):
            proposals.setdefault(commitment_id, []).append(proposal_id)
        for commitment_id, participation_id in session.execute(
                select(CommitmentTerritory.commitment_id, CommitmentTerritory.participation_id)
                .where(CommitmentTerritory.commitment_id.in_(chunk))
                .order_by(CommitmentTerritory.participation_id)):
            territories.setdefault(commitment_id, []).append(participation_id)
    return proposals, territories


def set_links(session: Session, commitment_id: int, proposal_ids: Sequence[int], territory_ids: Sequence[int]) -> None:
    session.execute(delete(CommitmentProposal).where(CommitmentProposal.commitment_id == commitment_id))
    session.execute(delete(CommitmentTerritory).where(CommitmentTerritory.commitment_id == commitment_id))
    if proposal_ids:
        session.execute(insert(CommitmentProposal),
                        [{"commitment_id": commitment_id, "proposal_id": p} for p in proposal_ids])
    if territory_ids:
        session.execute(insert(CommitmentTerritory),
                        [{"commitment_id": commitment_id, "participation_id": t} for t in territory_ids])


def snapshot_of(values: Mapping[str, Any], *, status_label: str, proposal_ids: Sequence[int],
                territory_ids: Sequence[int]) -> dict[str, Any]:
    """A commitment's state as JSON: dates as ISO text, the status by its label too."""
    snapshot: dict[str, Any] = {}
    for name in FIELDS:
        value = values.get(name)
        snapshot[name] = value.isoformat() if isinstance(value, dt.date) else value
    snapshot["status"] = status_label
    snapshot["proposal_ids"] = list(proposal_ids)
    snapshot["territories"] = list(territory_ids)
    return snapshot


def take_snapshot(session: Session, commitment: Commitment) -> dict[str, Any]:
    proposals, territories = links(session, [commitment.id])
    label = session.scalar(select(CommitmentStatus.label).where(CommitmentStatus.id == commitment.status_id)) or ""
    values = {name: getattr(commitment, name) for name in FIELDS}
    return snapshot_of(values, status_label=label, proposal_ids=proposals.get(commitment.id, []),
                       territory_ids=territories.get(commitment.id, []))


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only what changed, for the journal's « avant / après »."""
    keys = [key for key in after if before.get(key) != after.get(key)]
    return {key: before.get(key) for key in keys}, {key: after.get(key) for key in keys}


def conflict(commitment: Commitment, expected: int) -> CommitmentConflict:
    when = (f"{paris_time(commitment.updated_at, pattern='%d/%m/%Y à %H:%M')} ({TIME_ZONE})"
            if commitment.updated_at else "récemment")
    return CommitmentConflict(
        f"L'engagement « {commitment.title} » a été modifié par {actor_label(commitment.updated_by)} le {when} "
        f"pendant que vous l'éditiez : vous partiez de la version {expected}, il est maintenant en version "
        f"{commitment.version}. Votre modification n'a pas été enregistrée.",
        other_editor=commitment.updated_by, current_version=commitment.version,
    )


def claim(session: Session, commitment: Commitment, expected: int, actor: Actor) -> None:
    """Raise the version only if it is still ``expected`` (the atomic step that makes one save win);
    otherwise a ``CommitmentConflict``, ``commitment`` refreshed to the current row."""
    session.flush()
    result = session.execute(
        update(Commitment).where(Commitment.id == commitment.id, Commitment.version == expected)
        .values(version=expected + 1, updated_at=utcnow(), updated_by=actor.email)
        .execution_options(synchronize_session=False))
    session.refresh(commitment)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise conflict(commitment, expected)


def record_revision(session: Session, commitment: Commitment, actor: Actor) -> dict[str, Any]:
    session.flush()
    snapshot = take_snapshot(session, commitment)
    session.add(CommitmentRevision(commitment_id=commitment.id, version=commitment.version, snapshot=snapshot,
                                   created_by=actor.email))
    session.flush()
    return snapshot


def history(session: Session, *, actor: Actor, commitment_id: int) -> list[RevisionView]:
    """Every saved version of a commitment, newest first."""
    require(actor, Role.TERRITOIRE, action="consulter l'historique d'un engagement")
    commitment = load(session, commitment_id)
    can_read(actor, commitment.participation_id, action="consulter l'historique d'un engagement")
    rows = session.scalars(select(CommitmentRevision).where(CommitmentRevision.commitment_id == commitment_id)
                           .order_by(CommitmentRevision.version.desc(), CommitmentRevision.id.desc())).all()
    return [RevisionView(version=r.version, created_at=r.created_at,
                         created_by=author_for(actor, r.created_by),
                         snapshot=dict(r.snapshot)) for r in rows]
