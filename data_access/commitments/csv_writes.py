"""Writing a checked commitments import in bulk: a few statements for the whole file, whatever its
size (one INSERT for the creations, one executemany UPDATE for the changes, links and revisions in
bulk), then the automatic progress recomputed once.

Updates keep the optimistic concurrency of single writes: each applies ``WHERE version = <the
version read>``; if any row was saved by someone else meanwhile, a ``ConflictError`` is raised and
the caller's transaction rolls the whole import back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from data_access.commitments import progress as derivation
from data_access.commitments.csv_cells import Context
from data_access.commitments.models import (
    Commitment,
    CommitmentProposal,
    CommitmentRevision,
    CommitmentTerritory,
)
from data_access.commitments.rules import new_public_ids
from data_access.commitments.versioning import FIELDS, snapshot_of
from data_access.errors import ConflictError
from data_access.models import Base, utcnow

if TYPE_CHECKING:
    from data_access.commitments.csv_import import PlannedRow

CHUNK = 5000
# Columns an import sets (``parent_id`` is set afterwards, once new rows have their ids).
WRITTEN = ("item_id", "committer_kind", "committer_name", "participation_id", "title", "description", "status_id",
           "progress", "progress_set_by_hand", "start_date", "end_date", "validated", "validated_at",
           "validated_by", "withdrawn", "withdrawn_at")


def bulk_insert(session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """One INSERT for many rows, batched by SQLAlchemy's « insertmanyvalues » (a RETURNING asks for
    it): a few round trips for thousands of rows, where a plain executemany makes one per row on
    PostgreSQL."""
    if rows:
        table = model.__table__
        assert isinstance(table, Table)
        key = next(iter(table.primary_key.columns))
        session.execute(insert(table).returning(key), list(rows)).all()


def _table() -> Table:
    table = Commitment.__table__
    assert isinstance(table, Table)
    return table


def _columns(row: PlannedRow, context: Context, author: str, now: Any) -> dict[str, Any]:
    final, current = row.final, row.current or {}
    stored = current.get("values", {})
    progress = final["progress"]
    if progress is None:  # automatic: the status's default until the recomputation below
        progress = context.status_default.get(final["status_id"], 0)
    values = {key: final[key] for key in ("item_id", "committer_kind", "committer_name", "participation_id", "title",
                                          "description", "status_id", "progress_set_by_hand", "start_date",
                                          "end_date", "validated", "withdrawn")}
    values["progress"] = progress
    if final["validated"] == stored.get("validated"):
        values["validated_at"], values["validated_by"] = current.get("validated_at"), current.get("validated_by")
    else:
        values["validated_at"], values["validated_by"] = (now, author) if final["validated"] else (None, None)
    if final["withdrawn"] == stored.get("withdrawn"):
        values["withdrawn_at"] = current.get("withdrawn_at")
    else:
        values["withdrawn_at"] = now if final["withdrawn"] else None
    return values


def apply(session: Session, *, author: str, campaign_id: int, rows: Sequence[PlannedRow], context: Context) -> None:
    """Write the planned rows (``csv_import.import_csv`` checked who acts, and audits the file)."""
    now = utcnow()
    creations = [row for row in rows if row.current is None]
    updates = [row for row in rows if row.current is not None and row.changed]
    fresh = iter(new_public_ids(session, sum(1 for row in creations if not row.public_id),
                                taken=[row.public_id for row in rows if row.public_id]))
    for row in creations:
        row.public_id = row.public_id or next(fresh)
    if creations:
        bulk_insert(session, Commitment, [
            {**_columns(row, context, author, now), "public_id": row.public_id, "campaign_id": campaign_id,
             "parent_id": None, "version": 1, "created_at": now, "created_by": author, "updated_at": now,
             "updated_by": author} for row in creations])
    ids = {public_id: current["id"] for public_id, current in context.current.items()}
    ids.update(_ids_of(session, campaign_id, [row.public_id for row in creations if row.public_id]))
    _update(session, updates, context, author, now)
    _set_parents(session, [*creations, *updates], ids)
    _set_links(session, creations, updates, ids)
    derivation.recompute(session, campaign_id)
    _revisions(session, [*creations, *updates], ids, context, author)


def _ids_of(session: Session, campaign_id: int, public_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(public_ids), CHUNK):
        found.update(dict(session.execute(select(Commitment.public_id, Commitment.id).where(
            Commitment.campaign_id == campaign_id, Commitment.public_id.in_(public_ids[start:start + CHUNK]))).all()))
    return found


def _update(session: Session, updates: Sequence[PlannedRow], context: Context, author: str, now: Any) -> None:
    if not updates:
        return
    table = _table()
    statement = (update(table)
                 .where(table.c.id == bindparam("b_id"), table.c.version == bindparam("b_version"))
                 .values(**{name: bindparam(name) for name in WRITTEN}, version=bindparam("b_next"),
                         updated_at=bindparam("b_now"), updated_by=bindparam("b_actor")))
    params = []
    for row in updates:
        assert row.current is not None
        params.append({**_columns(row, context, author, now), "b_id": row.current["id"],
                       "b_version": row.current["version"], "b_next": row.current["version"] + 1, "b_now": now,
                       "b_actor": author})
    session.execute(statement, params)
    expected = {row.current["id"]: row.current["version"] + 1 for row in updates if row.current is not None}
    stored: dict[int, int] = {}
    keys = list(expected)
    for start in range(0, len(keys), CHUNK):
        stored.update(dict(session.execute(select(Commitment.id, Commitment.version)
                                           .where(Commitment.id.in_(keys[start:start + CHUNK]))).all()))
    if any(stored.get(key) != version for key, version in expected.items()):
        raise ConflictError("Des engagements du fichier ont été modifiés par quelqu'un d'autre pendant l'import : "
                            "rien n'a été enregistré.", hint="Exportez à nouveau puis recommencez l'import.")


def _set_parents(session: Session, rows: Sequence[PlannedRow], ids: dict[str, int]) -> None:
    params = []
    for row in rows:
        wanted = row.final.get("parent_ref")
        stored = (row.current or {}).get("values", {}).get("parent_ref")
        if row.public_id and wanted != stored:  # a creation's « stored » parent is None
            params.append({"b_id": ids[row.public_id], "b_parent": ids[wanted] if wanted else None})
    if params:
        table = _table()
        session.execute(update(table).where(table.c.id == bindparam("b_id")).values(parent_id=bindparam("b_parent")),
                        params)


def _set_links(session: Session, creations: Sequence[PlannedRow], updates: Sequence[PlannedRow],
               ids: dict[str, int]) -> None:
    from data_access.commitments import csv_format as f

    relinked = [row for row in updates if f.PROPOSALS in row.changed or f.TERRITORIES in row.changed]
    old = [ids[row.public_id] for row in relinked if row.public_id]
    for start in range(0, len(old), CHUNK):
        chunk = old[start:start + CHUNK]
        session.execute(delete(CommitmentProposal).where(CommitmentProposal.commitment_id.in_(chunk)))
        session.execute(delete(CommitmentTerritory).where(CommitmentTerritory.commitment_id.in_(chunk)))
    proposals: list[dict[str, int]] = []
    territories: list[dict[str, int]] = []
    for row in [*creations, *relinked]:
        commitment_id = ids[row.public_id or ""]
        proposals.extend({"commitment_id": commitment_id, "proposal_id": p} for p in row.final["proposal_ids"])
        territories.extend({"commitment_id": commitment_id, "participation_id": t}
                           for t in row.final["territory_ids"] if t != row.final.get("participation_id"))
    if proposals:
        bulk_insert(session, CommitmentProposal, proposals)
    if territories:
        bulk_insert(session, CommitmentTerritory, territories)


def _revisions(session: Session, rows: Sequence[PlannedRow], ids: dict[str, int], context: Context,
               author: str) -> None:
    """One snapshot per commitment written, with its progress as recomputed."""
    touched = [ids[row.public_id or ""] for row in rows]
    now = utcnow()
    final: dict[int, tuple[int, int | None]] = {}
    for start in range(0, len(touched), CHUNK):
        final.update({cid: (progress, parent) for cid, progress, parent in session.execute(
            select(Commitment.id, Commitment.progress, Commitment.parent_id)
            .where(Commitment.id.in_(touched[start:start + CHUNK])))})
    revisions = []
    for row in rows:
        commitment_id = ids[row.public_id or ""]
        progress, parent_id = final[commitment_id]
        values = {**{name: row.final.get(name) for name in FIELDS}, "public_id": row.public_id,
                  "parent_id": parent_id, "progress": progress}
        snapshot = snapshot_of(values, status_label=context.status_labels.get(row.final["status_id"], ""),
                               proposal_ids=row.final["proposal_ids"],
                               territory_ids=[t for t in row.final["territory_ids"]
                                              if t != row.final.get("participation_id")])
        version = 1 if row.current is None else row.current["version"] + 1
        revisions.append({"commitment_id": commitment_id, "version": version, "snapshot": snapshot,
                          "created_at": now, "created_by": author})
    if revisions:
        bulk_insert(session, CommitmentRevision, revisions)
