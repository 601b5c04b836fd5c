"""A commitment's automatic progress: the mean of its sub-commitments, else its status's default.

Progress set by hand is left alone. Withdrawn sub-commitments do not count. The derived values
are recomputed over a whole campaign after each write (a few thousand small rows: milliseconds),
and only the rows whose value changes are written; a derived change raises no version, since no
one typed it (a parent saved from an older version keeps its automatic progress anyway).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from data_access.commitments.models import Commitment, CommitmentStatus


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    progress: int
    by_hand: bool
    withdrawn: bool
    default: int


def derived(nodes: Iterable[Node]) -> dict[int, int]:
    """Every commitment's progress once derived (by hand: unchanged), by id. Pure: tested alone."""
    by_id = {node.id: node for node in nodes}
    children: dict[int, list[int]] = {}
    for node in by_id.values():
        if node.parent_id is not None and node.parent_id in by_id and not node.withdrawn:
            children.setdefault(node.parent_id, []).append(node.id)
    result: dict[int, int] = {}

    def value(node_id: int, path: frozenset[int]) -> int:
        if node_id in result:
            return result[node_id]
        node = by_id[node_id]
        kids = [k for k in children.get(node_id, []) if k not in path]  # a cycle (never written) stops here
        if node.by_hand:
            computed = node.progress
        elif kids:
            values = [value(k, path | {node_id}) for k in kids]
            computed = round(sum(values) / len(values))
        else:
            computed = node.default
        result[node_id] = computed
        return computed

    for node_id in by_id:
        value(node_id, frozenset())
    return result


def recompute(session: Session, campaign_id: int) -> dict[int, int]:
    """Write the derived progress of the campaign's commitments; returns {id: new progress} of those changed."""
    session.flush()
    rows = session.execute(
        select(Commitment.id, Commitment.parent_id, Commitment.progress, Commitment.progress_set_by_hand,
               Commitment.withdrawn, CommitmentStatus.default_progress)
        .join(CommitmentStatus, Commitment.status_id == CommitmentStatus.id)
        .where(Commitment.campaign_id == campaign_id)).all()
    nodes = [Node(id=r[0], parent_id=r[1], progress=r[2], by_hand=bool(r[3]), withdrawn=bool(r[4]), default=r[5])
             for r in rows]
    current: Mapping[int, int] = {node.id: node.progress for node in nodes}
    changed = {node_id: value for node_id, value in derived(nodes).items() if current[node_id] != value}
    if changed:
        table = Commitment.__table__
        assert isinstance(table, Table)
        session.execute(
            update(table).where(table.c.id == bindparam("commitment_id")).values(progress=bindparam("new_progress")),
            [{"commitment_id": node_id, "new_progress": value} for node_id, value in changed.items()])
        for obj in session.identity_map.values():  # objects the caller holds: keep them truthful
            if isinstance(obj, Commitment) and obj.id in changed:
                session.expire(obj, ["progress"])
    return changed
