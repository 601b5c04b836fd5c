"""Cached readers of the « Suivi des engagements » page, and the one helper that runs its writes.

Every reader keys on the data versions of what it reads: commitments (statuses, entries,
revisions, links), the manifesto (item numbers and wordings), participations (territories'
names) and campaigns (the reminder delay). A write anywhere shows at the next rerun.
Readers that name authors take the viewer: e-mails only for those who see personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from dashboard.cache import reader
from data_access.access import Actor
from data_access.commitments import csv_format, csv_import, statuses, versioning, writes
from data_access.commitments import readers as commitment_readers
from data_access.commitments.csv_report import CommitmentImportReport
from data_access.commitments.views import (
    CommitmentDetail,
    CommitmentFilters,
    CommitmentInput,
    CommitmentRow,
    GroupBy,
    GroupCount,
    ItemRef,
    RevisionView,
    StaleCommitment,
    StatusView,
    TerritoryShare,
)
from data_access.db import session_scope
from data_access.filters import Filters
from data_access.monitoring.territory_sheet import territory_options
from data_access.versions import Aggregate

COMMITMENTS: tuple[Aggregate, ...] = ("commitments", "manifesto", "participations", "campaigns")


@reader(*COMMITMENTS)
def rows(campaign_id: int, filters: CommitmentFilters, viewer: Actor) -> list[CommitmentRow]:
    with session_scope() as session:
        return commitment_readers.commitment_rows(session, actor=viewer, campaign_id=campaign_id, filters=filters)


@reader(*COMMITMENTS)
def groups(campaign_id: int, filters: CommitmentFilters, by: GroupBy, viewer: Actor) -> list[GroupCount]:
    return commitment_readers.group_rows(rows(campaign_id, filters, viewer), by)


@reader(*COMMITMENTS)
def shares(campaign_id: int, filters: CommitmentFilters, viewer: Actor) -> list[TerritoryShare]:
    with session_scope() as session:
        return commitment_readers.territory_shares(rows(campaign_id, filters, viewer), session)


@reader(*COMMITMENTS)
def stale(campaign_id: int, today: dt.date, viewer: Actor) -> list[StaleCommitment]:
    with session_scope() as session:
        return commitment_readers.stale_commitments(session, actor=viewer, campaign_id=campaign_id, today=today)


@reader("campaigns")
def news_months(campaign_id: int) -> int:
    with session_scope() as session:
        return commitment_readers.news_months(session, campaign_id)


@reader("commitments")
def status_list(campaign_id: int) -> list[StatusView]:
    with session_scope() as session:
        return statuses.list_statuses(session, campaign_id)


@reader("manifesto")
def items(campaign_id: int) -> list[ItemRef]:
    with session_scope() as session:
        return commitment_readers.item_refs(session, campaign_id)


@reader("campaigns", "territories", "participations")
def territories(campaign_id: int) -> list[tuple[int, str]]:
    """The campaign's engaged territories (participation id, « Rennes (Commune) »), by name."""
    with session_scope() as session:
        return territory_options(session, Filters(campaign_id=campaign_id))


@reader(*COMMITMENTS)
def detail(commitment_id: int, viewer: Actor) -> CommitmentDetail:
    with session_scope() as session:
        return commitment_readers.commitment_detail(session, actor=viewer, commitment_id=commitment_id)


@reader("commitments")
def form_input(commitment_id: int) -> CommitmentInput:
    """The commitment as its edit form starts (progress None when automatic)."""
    with session_scope() as session:
        return writes.input_of(session, commitment_id)


@reader("commitments")
def history(commitment_id: int, viewer: Actor) -> list[RevisionView]:
    with session_scope() as session:
        return versioning.history(session, actor=viewer, commitment_id=commitment_id)


@reader(*COMMITMENTS, show_spinner="Préparation du fichier CSV…")
def export_file(campaign_id: int, viewer: Actor) -> tuple[bytes, int]:
    with session_scope() as session:
        return csv_format.export_file(session, actor=viewer, campaign_id=campaign_id)


def dry_run(*, actor: Actor, campaign_id: int, data: bytes, filename: str) -> CommitmentImportReport:
    """The import checked and planned, nothing written (not cached: a file is looked at once)."""
    with session_scope() as session:
        report = csv_import.import_csv(session, actor=actor, campaign_id=campaign_id, data=data,
                                       filename=filename, dry_run=True)
        session.rollback()
        return report


def perform(write: Callable[..., Any], **kwargs: Any) -> Any:
    """One data-layer write in its own transaction; errors (refusal, conflict) reach the caller.

    An import refused by its checks wrote nothing, and its transaction is rolled back all the same."""
    with session_scope() as session:
        result = write(session, **kwargs)
        if isinstance(result, CommitmentImportReport) and not result.ok:
            session.rollback()
        return result
