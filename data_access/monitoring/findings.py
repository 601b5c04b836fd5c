"""What territories found and how they consulted: themes, risks, publics, formats, dates, régions, activity."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, String, case, cast, func, literal, select
from sqlalchemy.orm import Session

from data_access.filters import Filters
from data_access.models import (
    ConcertationSession,
    Finding,
    Participation,
    Stage,
    StageTransition,
    Territory,
)
from data_access.monitoring.progress import _as_date
from data_access.monitoring.scope import filtered, participation_ids


def finding_themes_by_kind(session: Session, filters: Filters) -> list[tuple[str, str, int]]:
    """(theme, kind, number of findings)."""
    query = filtered(
        select(Finding.theme, Territory.kind, func.count(Finding.id))
        .select_from(Finding).join(Participation, Finding.participation_id == Participation.id),
        filters,
    ).group_by(Finding.theme, Territory.kind)
    return [(str(theme), str(kind), int(count)) for theme, kind, count in session.execute(query)]


def finding_categories_by_theme(session: Session, filters: Filters, categories: Sequence[str]) -> list[tuple[str, str, int]]:
    """(theme, category, number of findings) for the given categories (e.g. opportunities, risks)."""
    query = filtered(
        select(Finding.theme, Finding.category, func.count(Finding.id))
        .select_from(Finding).join(Participation, Finding.participation_id == Participation.id),
        filters,
    ).where(Finding.category.in_(list(categories))).group_by(Finding.theme, Finding.category)
    return [(str(theme), str(category), int(count)) for theme, category, count in session.execute(query)]


def _sessions_query(filters: Filters, *columns: Any) -> Select[Any]:
    return select(*columns).where(ConcertationSession.participation_id.in_(participation_ids(filters)))


def sessions_by_publics(session: Session, filters: Filters) -> list[tuple[str, int, int]]:
    """(public, sessions that involved it, participants of those sessions).

    ``publics`` is a short JSON list: group by its text form in SQL (a handful of combinations),
    then spread each combination over its publics here.
    """
    publics_text = cast(ConcertationSession.publics, String)
    query = _sessions_query(
        filters, publics_text, func.count(ConcertationSession.id),
        func.coalesce(func.sum(ConcertationSession.participants), 0),
    ).group_by(publics_text)
    totals: dict[str, list[int]] = {}
    for text, sessions, participants in session.execute(query):
        for public in _json_list(text):
            bucket = totals.setdefault(public, [0, 0])
            bucket[0] += int(sessions)
            bucket[1] += int(participants)
    return [(public, values[0], values[1]) for public, values in sorted(totals.items())]


def _json_list(text: str | None) -> list[str]:
    if not text:
        return []
    value = json.loads(text)
    return [str(item) for item in value] if isinstance(value, list) else []


def sessions_by_format(session: Session, filters: Filters) -> list[tuple[str, int, int]]:
    """(format, sessions, participants)."""
    query = _sessions_query(
        filters, ConcertationSession.format, func.count(ConcertationSession.id),
        func.coalesce(func.sum(ConcertationSession.participants), 0),
    ).group_by(ConcertationSession.format).order_by(ConcertationSession.format)
    return [(str(fmt), int(count), int(people)) for fmt, count, people in session.execute(query)]


def sessions_by_day(session: Session, filters: Filters) -> list[tuple[dt.date, int, int]]:
    """(day, sessions, participants): a few hundred days at most; months are built by the caller."""
    query = _sessions_query(
        filters, ConcertationSession.held_on, func.count(ConcertationSession.id),
        func.coalesce(func.sum(ConcertationSession.participants), 0),
    ).group_by(ConcertationSession.held_on).order_by(ConcertationSession.held_on)
    result = []
    for day, count, people in session.execute(query):
        parsed = _as_date(day)
        if parsed is not None:
            result.append((parsed, int(count), int(people)))
    return result


@dataclass(frozen=True)
class RegionSummary:
    reg_code: str
    engaged: int
    charters: int
    grids: int
    sessions: int
    participants: int
    findings: int


def region_summaries(session: Session, filters: Filters) -> list[RegionSummary]:
    """Per région: engaged, charters, grids, sessions, participants, findings (international = '—')."""
    region = func.coalesce(Territory.reg_code, literal("—"))
    base = filtered(
        select(region.label("reg"),
               func.count(Participation.id),
               func.sum(case((Participation.stage.in_(Stage.CHARTE_SIGNEE.and_later()), 1), else_=0)),
               func.sum(case((Participation.stage.in_(Stage.GRILLE_DEPOSEE.and_later()), 1), else_=0)))
        .select_from(Participation),
        filters,
    ).group_by(region)
    sessions = filtered(
        select(region, func.count(ConcertationSession.id),
               func.coalesce(func.sum(ConcertationSession.participants), 0))
        .select_from(ConcertationSession)
        .join(Participation, ConcertationSession.participation_id == Participation.id),
        filters,
    ).group_by(region)
    findings = filtered(
        select(region, func.count(Finding.id)).select_from(Finding)
        .join(Participation, Finding.participation_id == Participation.id),
        filters,
    ).group_by(region)
    session_totals = {str(code): (int(n), int(p)) for code, n, p in session.execute(sessions)}
    finding_totals = {str(code): int(n) for code, n in session.execute(findings)}
    result = []
    for code, engaged, charters, grids in session.execute(base):
        code = str(code)
        n_sessions, participants = session_totals.get(code, (0, 0))
        result.append(RegionSummary(
            reg_code=code, engaged=int(engaged), charters=int(charters or 0), grids=int(grids or 0),
            sessions=n_sessions, participants=participants, findings=finding_totals.get(code, 0),
        ))
    return sorted(result, key=lambda r: -r.engaged)



@dataclass(frozen=True)
class Activity:
    participation_id: int
    name: str
    stage: str
    occurred_on: dt.date


def latest_activity(session: Session, filters: Filters, *, limit: int = 8) -> list[Activity]:
    query = filtered(
        select(Participation.id, Territory.name, StageTransition.stage, StageTransition.occurred_on)
        .select_from(StageTransition)
        .join(Participation, StageTransition.participation_id == Participation.id),
        filters,
    ).order_by(StageTransition.occurred_on.desc(), StageTransition.id.desc()).limit(limit)
    return [Activity(participation_id=pid, name=name, stage=stage, occurred_on=on)
            for pid, name, stage, on in session.execute(query)]
