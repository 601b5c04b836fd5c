"""Data versions: one counter per aggregate, bumped in the same transaction as every write.

Nobody calls ``bump`` by hand: session events see every row a transaction inserts, updates or
deletes (ORM objects and ``insert()/update()/delete()`` statements alike) and, just before the
commit, add one to the counter of each aggregate those rows belong to. Cached readers put the
counters they depend on in their cache key (``dashboard/cache.py``), so a write from the app,
the command line or another replica is seen by every process at its next rerun.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import Literal, get_args

from sqlalchemy import Table, event, insert, select, update
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from data_access.models import DataVersion

Aggregate = Literal[
    "campaigns", "territories", "participations", "submissions", "groupings", "manifesto",
    "users", "presets", "audit", "store", "links", "registrations", "filings", "vectors", "commitments",
]
AGGREGATES: tuple[Aggregate, ...] = get_args(Aggregate)

# Which aggregate each table belongs to. A test checks that every table of the models is here.
TABLE_AGGREGATES: Mapping[str, Aggregate] = {
    "campaign": "campaigns",
    "territory": "territories",
    "participation": "participations",
    "stage_transition": "participations",
    "charter_signature": "participations",
    "concertation_session": "participations",
    "grid_response": "submissions",
    "finding": "submissions",
    "proposal": "submissions",
    "proposal_group": "groupings",
    "proposal_group_member": "groupings",
    "shortlist_entry": "groupings",
    "manifesto_section": "manifesto",
    "manifesto_item": "manifesto",
    "manifesto_item_source": "manifesto",
    "manifesto_section_revision": "manifesto",
    "section_suggestion_decision": "manifesto",
    "app_user": "users",
    "import_preset": "presets",
    "audit_event": "audit",
    "store_meta": "store",
    "territory_link": "links",
    "registration_request": "registrations",
    "sharing_choice": "participations",
    "grid_filing": "filings",
    "theme_decision": "groupings",
    "theme_decision_member": "groupings",
    "proposal_vector": "vectors",  # derived from proposals' texts: computing them changes no proposal
    "commitment_status": "commitments",
    "commitment": "commitments",
    "commitment_entry": "commitments",
    "commitment_revision": "commitments",
    "commitment_proposal": "commitments",
    "commitment_territory": "commitments",
}
Versions = tuple[tuple[str, int], ...]

_PENDING = "concertations_pending_aggregates"
_lock = threading.Lock()
_local_commits = 0


def current(session: Session) -> dict[str, int]:
    """Every aggregate's counter (one small query)."""
    rows = session.execute(select(DataVersion.aggregate, DataVersion.version)).all()
    found = {aggregate: int(version) for aggregate, version in rows}
    return {aggregate: found.get(aggregate, 0) for aggregate in AGGREGATES}


def local_commits() -> int:
    """How many transactions of this process changed data: a reader re-reads the counters when it moves."""
    return _local_commits


def aggregates_of(tables: Iterable[str]) -> set[Aggregate]:
    return {TABLE_AGGREGATES[table] for table in tables if table in TABLE_AGGREGATES}


def _pending(session: Session) -> set[str]:
    pending: set[str] = session.info.setdefault(_PENDING, set())
    return pending


@event.listens_for(Session, "after_flush")
def _record_flushed_rows(session: Session, _flush: UOWTransaction) -> None:
    tables = set()
    for obj in (*session.new, *session.deleted):
        tables.add(obj.__table__.name)
    for obj in session.dirty:
        if session.is_modified(obj, include_collections=False):
            tables.add(obj.__table__.name)
    _pending(session).update(aggregates_of(tables))


@event.listens_for(Session, "do_orm_execute")
def _record_statements(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        name = getattr(table, "name", None)
        if name:
            _pending(state.session).update(aggregates_of([name]))


@event.listens_for(Session, "before_commit")
def _bump_before_commit(session: Session) -> None:
    session.flush()  # the commit flushes after this hook: flush first so every row is counted
    pending = session.info.pop(_PENDING, set())
    if not pending:
        return
    # One statement, rows in key order: two writers never wait on each other crosswise.
    table = DataVersion.__table__
    assert isinstance(table, Table)
    connection = session.connection()
    result = connection.execute(
        update(table).where(table.c.aggregate.in_(sorted(pending))).values(version=table.c.version + 1)
    )
    if result.rowcount != len(pending):  # an aggregate newer than the store's seed rows
        present = set(connection.scalars(select(table.c.aggregate)))
        missing = sorted(pending - present)
        if missing:
            connection.execute(insert(table), [{"aggregate": name, "version": 1} for name in missing])
    session.info["concertations_bumped"] = True


@event.listens_for(Session, "after_commit")
def _count_local_commit(session: Session) -> None:
    global _local_commits
    if session.info.pop("concertations_bumped", False):
        with _lock:
            _local_commits += 1


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop("concertations_bumped", None)
