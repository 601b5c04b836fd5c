"""The versions of a territory's online grid: where it stands, and what its form shows.

Every version stays (``GridFiling`` rows are never deleted): the latest says whether the
territory may still edit (a draft, or a grid the commission returned) and whether an import
changed the stored grid since the draft started (stale). ``own_filing`` is the territory's
reading of it all; the writes are in ``filing``, the commission's reading in ``filing_review``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.access import Actor, require, require_participation
from data_access.errors import ValidationError
from data_access.intake.grid import DEFAULT_CHAPTERS, GridDefinition, load_definition
from data_access.models import (
    FILING_STATUS_LABELS,
    Campaign,
    FilingStatus,
    GridFiling,
    GridResponse,
    Participation,
    Role,
    Stage,
)
from data_access.space.filing_answers import stored_answers, with_signature

EDITABLE = (FilingStatus.BROUILLON, FilingStatus.RENVOYEE)


@dataclass(frozen=True)
class FilingVersion:
    version: int
    status: FilingStatus
    status_label: str
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    submitted_by: str | None
    reviewed_at: dt.datetime | None
    reviewed_by: str | None
    review_comment: str | None


@dataclass(frozen=True)
class OwnFiling:
    """What a territory sees of its online grid: answers to show in the form, and where it stands."""

    participation_id: int
    grid_version: str
    chapters: tuple[str, ...]  # the campaign's manifesto chapters: the proposals' choices
    answers: dict[str, Any]
    status: FilingStatus | None  # None: not started (the form shows what the store holds)
    version: int
    editable: bool
    locked_reason: str | None
    returned_comment: str | None
    stale: bool  # an import changed the stored grid since this draft started
    history: tuple[FilingVersion, ...]


def engaged_participation(session: Session, participation_id: int) -> Participation:
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    return participation


def grid_definition(session: Session, participation: Participation) -> GridDefinition:
    campaign = session.get(Campaign, participation.campaign_id)
    try:
        return load_definition(campaign.grid_version) if campaign else load_definition()
    except KeyError:
        return load_definition()


def _chapters(session: Session, participation: Participation) -> list[str]:
    campaign = session.get(Campaign, participation.campaign_id)
    return list(campaign.default_chapters) if campaign and campaign.default_chapters else []


def latest_filing(session: Session, participation_id: int) -> GridFiling | None:
    return session.scalars(select(GridFiling).where(GridFiling.participation_id == participation_id)
                           .order_by(GridFiling.version.desc()).limit(1)).first()


def filing_history(session: Session, participation_id: int) -> tuple[FilingVersion, ...]:
    rows = session.scalars(select(GridFiling).where(GridFiling.participation_id == participation_id)
                           .order_by(GridFiling.version.desc()))
    return tuple(FilingVersion(version=f.version, status=FilingStatus(f.status),
                               status_label=FILING_STATUS_LABELS[FilingStatus(f.status)], updated_at=f.updated_at,
                               submitted_at=f.submitted_at, submitted_by=f.submitted_by, reviewed_at=f.reviewed_at,
                               reviewed_by=f.reviewed_by, review_comment=f.review_comment) for f in rows)


def current_response(session: Session, participation_id: int) -> GridResponse | None:
    return session.scalars(select(GridResponse).where(GridResponse.participation_id == participation_id,
                                                      GridResponse.is_current.is_(True)).limit(1)).first()


def locked_reason(participation: Participation, latest: GridFiling | None) -> str | None:
    status = FilingStatus(latest.status) if latest else None
    if status is FilingStatus.DEPOSEE:
        return "Votre grille est déposée : la commission l'examine. Elle vous la renverra si elle doit être complétée."
    if status is FilingStatus.VALIDEE:
        return "Votre grille est validée par la commission. Pour la modifier, écrivez à la commission."
    if status is None and Stage(participation.stage) is Stage.GRILLE_VALIDEE:
        return "La grille de votre territoire est déjà validée par la commission. Pour la modifier, écrivez-lui."
    return None


def is_stale(session: Session, participation_id: int, latest: GridFiling | None) -> bool:
    if latest is None or FilingStatus(latest.status) not in EDITABLE:
        return False
    current = current_response(session, participation_id)
    seen = latest.base_response_id if latest.status == FilingStatus.BROUILLON.value else latest.response_id
    return (current.id if current else None) != seen


def own_filing(session: Session, *, actor: Actor, participation_id: int) -> OwnFiling:
    """The territory's grid as its form shows it: its draft, or what the store holds when it has none."""
    require(actor, Role.TERRITOIRE, action="consulter la grille d'un territoire")
    require_participation(actor, participation_id, action="consulter la grille d'un territoire")
    participation = engaged_participation(session, participation_id)
    definition = grid_definition(session, participation)
    latest = latest_filing(session, participation_id)
    status = FilingStatus(latest.status) if latest else None
    returned = None
    if status is FilingStatus.RENVOYEE:
        returned = latest.review_comment if latest else None
    elif status is FilingStatus.BROUILLON and latest is not None and latest.version > 1:
        previous = session.scalar(select(GridFiling).where(GridFiling.participation_id == participation_id,
                                                           GridFiling.version == latest.version - 1))
        if previous is not None and previous.status == FilingStatus.RENVOYEE.value:
            returned = previous.review_comment
    reason = locked_reason(participation, latest)
    shown = dict(latest.answers) if latest else stored_answers(session, participation, definition)
    if reason is None:  # what the territory edits: a charter signed since the draft shows in it
        shown = with_signature(session, participation_id, shown)
    return OwnFiling(
        participation_id=participation_id, grid_version=definition.version,
        chapters=tuple(_chapters(session, participation) or DEFAULT_CHAPTERS),
        answers=shown,
        status=status, version=latest.version if latest else 0, editable=reason is None, locked_reason=reason,
        returned_comment=returned, stale=is_stale(session, participation_id, latest),
        history=filing_history(session, participation_id),
    )
