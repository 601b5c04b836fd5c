"""The online grid without Streamlit: what /espace and the commission's pages call.

A territory's own grid is personal and must be fresh: it is read uncached. What the commission
reads (the review of one territory, Suivi's list) goes through readers keyed on the « filings »
and « submissions » versions, so a filing is seen at the commission's next rerun.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dashboard.cache import reader
from data_access.access import Actor
from data_access.db import session_scope
from data_access.space import filing
from data_access.space.filing import (
    FilingOutcome,
    FilingReview,
    FilingRow,
    OwnFiling,
    ReviewSection,
)


def own_filing(actor: Actor, participation_id: int) -> OwnFiling:
    with session_scope() as session:
        return filing.own_filing(session, actor=actor, participation_id=participation_id)


def save_draft(actor: Actor, participation_id: int, answers: Mapping[str, Any]) -> int:
    with session_scope() as session:
        return filing.save_draft(session, actor=actor, participation_id=participation_id, answers=answers)


def own_filed_versions(actor: Actor, participation_id: int) -> dict[int, tuple[ReviewSection, ...]]:
    with session_scope() as session:
        return filing.own_filed_versions(session, actor=actor, participation_id=participation_id)


def restart_draft(actor: Actor, participation_id: int) -> int:
    with session_scope() as session:
        return filing.restart_draft(session, actor=actor, participation_id=participation_id)


def file_grid(actor: Actor, participation_id: int, answers: Mapping[str, Any]) -> FilingOutcome:
    # A refused filing wrote nothing: committing the empty transaction changes nothing.
    with session_scope() as session:
        return filing.file_grid(session, actor=actor, participation_id=participation_id, answers=answers)


def validate(actor: Actor, participation_id: int, version: int) -> None:
    with session_scope() as session:
        filing.validate_filing(session, actor=actor, participation_id=participation_id, version=version)


def send_back(actor: Actor, participation_id: int, version: int, comment: str) -> None:
    with session_scope() as session:
        filing.return_filing(session, actor=actor, participation_id=participation_id, version=version,
                             comment=comment)


@reader("filings", "submissions", "participations")
def review(actor: Actor, participation_id: int) -> FilingReview | None:
    with session_scope() as session:
        return filing.filing_review(session, actor=actor, participation_id=participation_id)


@reader("filings", "participations", "territories")
def overview(actor: Actor, campaign_id: int) -> list[FilingRow]:
    with session_scope() as session:
        return filing.filings_overview(session, actor=actor, campaign_id=campaign_id)
