"""Filed versions of the online grid as they are read: by the commission, and by the territory itself.

A filed version reads as sections of labelled answers in French (« Oui », dates as 20/11/2024, a
dash for no answer); the contact is shown only to whoever sees personal data, and always to the
territory that gave it. Drafts are the territory's own: the commission's review never shows one,
Suivi's list only says who has started. Validating or returning a grid is in ``filing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.access import Actor, require, require_participation
from data_access.intake.grid import GridDefinition
from data_access.models import FILING_STATUS_LABELS, FilingStatus, GridFiling, Participation, Role
from data_access.space.filing_answers import NOT_ASKED, filing_completion
from data_access.space.filing_versions import (
    FilingVersion,
    current_response,
    engaged_participation,
    filing_history,
    grid_definition,
)


@dataclass(frozen=True)
class ReviewAnswer:
    label: str
    text: str


@dataclass(frozen=True)
class ReviewSection:
    title: str
    answers: tuple[ReviewAnswer, ...]


@dataclass(frozen=True)
class FilingReview:
    """The latest filed version of a territory's online grid, as the commission examines it."""

    participation_id: int
    territory_name: str
    version: int
    status: FilingStatus
    status_label: str
    submitted_at: dt.datetime | None
    submitted_by: str | None
    completion: float
    sections: tuple[ReviewSection, ...]
    replaced_by_import: bool  # the stored grid changed after this filing (an XLSX import)
    can_review: bool
    history: tuple[FilingVersion, ...]


@dataclass(frozen=True)
class FilingRow:
    """One line of Suivi's « Grilles en ligne » table."""

    participation_id: int
    territory_name: str
    version: int
    status: FilingStatus
    status_label: str
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None


def _answer_text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def _sections(answers: Mapping[str, Any], definition: GridDefinition, personal: bool) -> tuple[ReviewSection, ...]:
    sections = []
    for section in definition.sections:
        if section.repeated:
            rows = answers.get(section.id) or []
            items = tuple(ReviewAnswer(label=f"{section.title} — {number}", text=" · ".join(
                _answer_text(item.get(q.id)) for q in section.questions if item.get(q.id) not in (None, "", [])))
                for number, item in enumerate(rows, start=1))
            sections.append(ReviewSection(section.title, items or (ReviewAnswer(section.title, "—"),)))
            continue
        sections.append(ReviewSection(section.title, tuple(
            ReviewAnswer(q.label, "(donnée personnelle, visible des éditeurs)"
                         if q.personal and not personal and answers.get(q.id) else _answer_text(answers.get(q.id)))
            for q in section.questions if q.id not in NOT_ASKED)))
    return tuple(sections)


def own_filed_versions(session: Session, *, actor: Actor, participation_id: int) -> dict[int, tuple[ReviewSection, ...]]:
    """Each version the territory filed, as it filed it (docs/espace-territoire.md: they stay readable)."""
    require(actor, Role.TERRITOIRE, action="relire les versions déposées de la grille")
    require_participation(actor, participation_id, action="relire les versions déposées de la grille")
    participation = engaged_participation(session, participation_id)
    definition = grid_definition(session, participation)
    rows = session.scalars(select(GridFiling).where(
        GridFiling.participation_id == participation_id, GridFiling.status != FilingStatus.BROUILLON.value)
        .order_by(GridFiling.version.desc()))
    # The territory's own answers, its contact included: personal data it gave itself.
    return {f.version: _sections(f.answers or {}, definition, True) for f in rows}


def filing_review(session: Session, *, actor: Actor, participation_id: int) -> FilingReview | None:
    """The territory's latest filed version (drafts are the territory's own), or None."""
    require(actor, Role.LECTEUR, action="consulter une grille déposée en ligne")
    participation = engaged_participation(session, participation_id)
    filing = session.scalars(select(GridFiling).where(
        GridFiling.participation_id == participation_id, GridFiling.status != FilingStatus.BROUILLON.value)
        .order_by(GridFiling.version.desc()).limit(1)).first()
    if filing is None:
        return None
    definition = grid_definition(session, participation)
    current = current_response(session, participation_id)
    status = FilingStatus(filing.status)
    return FilingReview(
        participation_id=participation_id, territory_name=participation.territory.name, version=filing.version,
        status=status, status_label=FILING_STATUS_LABELS[status], submitted_at=filing.submitted_at,
        submitted_by=filing.submitted_by if actor.sees_personal_data else None,
        completion=filing_completion(participation, filing.answers or {}, definition),
        sections=_sections(filing.answers or {}, definition, actor.sees_personal_data),
        replaced_by_import=(current.id if current else None) != filing.response_id,
        can_review=status is FilingStatus.DEPOSEE and actor.can_edit,
        history=tuple(h for h in filing_history(session, participation_id) if h.status is not FilingStatus.BROUILLON),
    )


def filings_overview(session: Session, *, actor: Actor, campaign_id: int) -> list[FilingRow]:
    """Each territory's latest online grid version (drafts included: the commission sees who has started)."""
    require(actor, Role.LECTEUR, action="consulter les grilles déposées en ligne")
    rows = session.execute(
        select(GridFiling, Participation).join(Participation, GridFiling.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id).order_by(GridFiling.participation_id, GridFiling.version)
    ).all()
    latest: dict[int, tuple[GridFiling, Participation]] = {}
    for filing, participation in rows:
        latest[participation.id] = (filing, participation)
    found = [FilingRow(participation_id=p.id, territory_name=p.territory.name, version=f.version,
                       status=FilingStatus(f.status), status_label=FILING_STATUS_LABELS[FilingStatus(f.status)],
                       updated_at=f.updated_at, submitted_at=f.submitted_at, reviewed_at=f.reviewed_at)
             for f, p in latest.values()]
    # Those awaiting the commission first, then by name.
    order = {FilingStatus.DEPOSEE: 0, FilingStatus.RENVOYEE: 1, FilingStatus.BROUILLON: 2, FilingStatus.VALIDEE: 3}
    return sorted(found, key=lambda r: (order[r.status], r.territory_name))
