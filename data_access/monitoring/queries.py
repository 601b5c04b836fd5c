"""Monitoring queries: map points, areas, funnel, progress table, findings, territory sheet.

Everything is aggregated in SQL and returned as small frozen dataclasses or plain rows, so the
cached readers can pickle them. Figures also shown by the home page (engaged territories,
stage counts) come from ``data_access.monitoring.figures``; the funnel is derived from them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Select, String, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from data_access import filters as filtering
from data_access.filters import Filters
from data_access.intake.grid import GridDefinition, Question, is_answered, load_definition
from data_access.models import (
    CharterSignature,
    ConcertationSession,
    Finding,
    GridResponse,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Proposal,
    Stage,
    StageTransition,
    Territory,
)
from data_access.monitoring import figures

Level = Literal["departements", "regions"]
GroupBy = Literal["kind", "region"]


def _filtered(query: Any, filters: Filters) -> Select[Any]:
    """Join Territory (if the query starts from Participation) and apply the shared filters."""
    return filtering.apply(query.join(Territory, Participation.territory_id == Territory.id), filters)


def _participation_ids(filters: Filters) -> Select[Any]:
    return _filtered(select(Participation.id), filters)


def _stages_from(stage: Stage) -> list[str]:
    return [s.value for s in Stage if s.rank >= stage.rank]


# --- Map ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MapPoint:
    participation_id: int
    name: str
    kind: str
    stage: str
    lat: float
    lon: float
    charter_on: dt.date | None
    grid_completion: float


def map_points(session: Session, filters: Filters) -> list[MapPoint]:
    """Engaged territories that have a position (all but a few overseas without coordinates)."""
    query = _filtered(
        select(Participation.id, Territory.name, Territory.kind, Participation.stage, Territory.lat,
               Territory.lon, CharterSignature.signed_on, Participation.grid_completion)
        .select_from(Participation)
        .outerjoin(CharterSignature, CharterSignature.participation_id == Participation.id),
        filters,
    ).where(Territory.lat.is_not(None), Territory.lon.is_not(None)).order_by(Participation.id)
    return [
        MapPoint(participation_id=row[0], name=row[1], kind=row[2], stage=row[3], lat=float(row[4]),
                 lon=float(row[5]), charter_on=row[6], grid_completion=float(row[7] or 0.0))
        for row in session.execute(query)
    ]


@dataclass(frozen=True)
class AreaCount:
    code: str
    engaged: int
    charters: int

    @property
    def charter_rate(self) -> float | None:
        """None for an area with no engaged territory: « no data », never shown as 0 %."""
        return self.charters / self.engaged if self.engaged else None


def area_counts(session: Session, filters: Filters, level: Level) -> list[AreaCount]:
    """Engaged territories and signed charters per département or région."""
    column = Territory.dep_code if level == "departements" else Territory.reg_code
    charters = func.sum(case((Participation.stage.in_(_stages_from(Stage.CHARTE_SIGNEE)), 1), else_=0))
    query = _filtered(
        select(column, func.count(Participation.id), charters).select_from(Participation), filters
    ).where(column.is_not(None)).group_by(column).order_by(column)
    return [AreaCount(code=str(code), engaged=int(engaged), charters=int(signed or 0))
            for code, engaged, signed in session.execute(query)]


# --- Funnel and progress ------------------------------------------------------------------------

FUNNEL_STAGES: tuple[Stage, ...] = tuple(Stage)


def funnel(session: Session, filters: Filters) -> dict[Stage, int]:
    """Participations that reached each stage (cumulative), from the same stage counts as the home page."""
    counts = figures.stage_counts(session, filters)
    return _cumulative(counts)


def _cumulative(counts: dict[Stage, int]) -> dict[Stage, int]:
    reached: dict[Stage, int] = {}
    running = 0
    for stage in reversed(list(Stage)):
        running += counts.get(stage, 0)
        reached[stage] = running
    return {stage: reached[stage] for stage in Stage}


def funnel_by(session: Session, filters: Filters, by: GroupBy) -> dict[str, dict[Stage, int]]:
    """The funnel per kind of collectivité or per région (group key → stage → reached)."""
    column = Territory.kind if by == "kind" else func.coalesce(Territory.reg_code, literal("—"))
    query = _filtered(
        select(column, Participation.stage, func.count(Participation.id)).select_from(Participation),
        filters,
    ).group_by(column, Participation.stage)
    per_group: dict[str, dict[Stage, int]] = {}
    for key, stage, count in session.execute(query):
        per_group.setdefault(str(key), {s: 0 for s in Stage})[Stage(stage)] = int(count)
    return {key: _cumulative(counts) for key, counts in sorted(per_group.items())}


@dataclass(frozen=True)
class ProgressRow:
    participation_id: int
    name: str
    kind: str
    dep_code: str | None
    reg_code: str | None
    networks: tuple[str, ...]
    stage: str
    stage_changed_on: dt.date
    step_dates: dict[str, dt.date | None]
    grid_completion: float

    def days_since_last_step(self, as_of: dt.date) -> int:
        return max(0, (as_of - self.stage_changed_on).days)


def progress_rows(session: Session, filters: Filters) -> list[ProgressRow]:
    """One row per participation with the date of each step (first transition to it), pivoted in SQL.

    No contacts here: they are personal data, read through participations.contacts_of_campaign,
    which refuses lecteurs.
    """
    step_columns = [
        func.min(case((StageTransition.stage == stage.value, StageTransition.occurred_on))).label(stage.value)
        for stage in Stage
    ]
    steps = (
        select(StageTransition.participation_id, *step_columns)
        .group_by(StageTransition.participation_id)
        .subquery()
    )
    query = _filtered(
        select(Participation.id, Territory.name, Territory.kind, Territory.dep_code, Territory.reg_code,
               Participation.networks, Participation.stage, Participation.stage_changed_on,
               Participation.grid_completion,
               *[steps.c[stage.value] for stage in Stage])
        .select_from(Participation)
        .outerjoin(steps, steps.c.participation_id == Participation.id),
        filters,
    ).order_by(Territory.name, Participation.id)
    rows = []
    for row in session.execute(query):
        step_dates = {stage.value: _as_date(row[9 + index]) for index, stage in enumerate(Stage)}
        rows.append(ProgressRow(
            participation_id=row[0], name=row[1], kind=row[2], dep_code=row[3], reg_code=row[4],
            networks=tuple(row[5] or ()), stage=row[6], stage_changed_on=row[7],
            step_dates=step_dates, grid_completion=float(row[8] or 0.0),
        ))
    return rows


def _as_date(value: Any) -> dt.date | None:
    # Aggregates over dates come back as text on SQLite.
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def stuck(rows: Sequence[ProgressRow], *, min_days: int, as_of: dt.date) -> list[ProgressRow]:
    """Relances: territories not at the last stage whose last step is at least ``min_days`` old."""
    return sorted(
        (row for row in rows
         if row.stage != Stage.GRILLE_VALIDEE.value and row.days_since_last_step(as_of) >= min_days),
        key=lambda row: (-row.days_since_last_step(as_of), row.name),
    )


@dataclass(frozen=True)
class QuestionCompletion:
    section_title: str
    question_id: str
    label: str
    answered: int
    responses: int

    @property
    def share(self) -> float:
        return self.answered / self.responses if self.responses else 0.0


def _answered_counts(session: Session, filters: Filters) -> tuple[int, dict[str, int]]:
    """Current responses, and per answer key how many answer it (non-empty), in one SQL pass.

    The JSON of each response is parsed once by the database (json_each / jsonb_each) rather
    than once per question: ten times faster at scale 20.
    """
    current = (
        select(GridResponse.id, GridResponse.answers)
        .where(GridResponse.is_current.is_(True),
               GridResponse.participation_id.in_(_participation_ids(filters)))
        .subquery()
    )
    responses = int(session.scalar(select(func.count()).select_from(current)) or 0)
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import JSONB

        entries = func.jsonb_each(cast(current.c.answers, JSONB)).table_valued("key", "value").lateral()
        value_type = func.jsonb_typeof(entries.c.value)
        empty = entries.c.value.in_([cast(literal('""'), JSONB), cast(literal("[]"), JSONB),
                                     cast(literal("{}"), JSONB)])
        answered = and_(value_type != "null", ~empty,
                        # a blank string: its JSON text stripped of spaces and quotes is empty
                        or_(value_type != "string", func.btrim(cast(entries.c.value, String), ' "') != ""))
    else:
        entries = func.json_each(current.c.answers).table_valued("key", "value", "type")
        answered = and_(entries.c.type != "null",
                        or_(entries.c.type != "text", func.trim(entries.c.value) != ""),
                        or_(entries.c.type.not_in(["array", "object"]),
                            entries.c.value.not_in(["[]", "{}"])))
    query = (
        select(entries.c.key, func.sum(case((answered, 1), else_=0)))
        .select_from(current).join(entries, literal(True))
        .group_by(entries.c.key)
    )
    return responses, {str(key): int(count or 0) for key, count in session.execute(query)}


def question_completion(session: Session, filters: Filters, definition: GridDefinition | None = None) -> list[QuestionCompletion]:
    """How often each question (and each repeated block) is answered in the current grids."""
    definition = definition or load_definition()
    responses, counts = _answered_counts(session, filters)
    result = []
    for section in definition.sections:
        if section.repeated:
            result.append(QuestionCompletion(section_title=section.title, question_id=section.id,
                                             label=section.title, answered=counts.get(section.id, 0),
                                             responses=responses))
            continue
        result.extend(
            QuestionCompletion(section_title=section.title, question_id=q.id, label=q.label,
                               answered=counts.get(q.id, 0), responses=responses)
            for q in section.questions
        )
    return result


# --- Findings ---------------------------------------------------------------------------------

def finding_themes_by_kind(session: Session, filters: Filters) -> list[tuple[str, str, int]]:
    """(theme, kind, number of findings)."""
    query = _filtered(
        select(Finding.theme, Territory.kind, func.count(Finding.id))
        .select_from(Finding).join(Participation, Finding.participation_id == Participation.id),
        filters,
    ).group_by(Finding.theme, Territory.kind)
    return [(str(theme), str(kind), int(count)) for theme, kind, count in session.execute(query)]


def finding_categories_by_theme(session: Session, filters: Filters, categories: Sequence[str]) -> list[tuple[str, str, int]]:
    """(theme, category, number of findings) for the given categories (e.g. opportunities, risks)."""
    query = _filtered(
        select(Finding.theme, Finding.category, func.count(Finding.id))
        .select_from(Finding).join(Participation, Finding.participation_id == Participation.id),
        filters,
    ).where(Finding.category.in_(list(categories))).group_by(Finding.theme, Finding.category)
    return [(str(theme), str(category), int(count)) for theme, category, count in session.execute(query)]


def _sessions_query(filters: Filters, *columns: Any) -> Select[Any]:
    return select(*columns).where(ConcertationSession.participation_id.in_(_participation_ids(filters)))


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
    base = _filtered(
        select(region.label("reg"),
               func.count(Participation.id),
               func.sum(case((Participation.stage.in_(_stages_from(Stage.CHARTE_SIGNEE)), 1), else_=0)),
               func.sum(case((Participation.stage.in_(_stages_from(Stage.GRILLE_DEPOSEE)), 1), else_=0)))
        .select_from(Participation),
        filters,
    ).group_by(region)
    sessions = _filtered(
        select(region, func.count(ConcertationSession.id),
               func.coalesce(func.sum(ConcertationSession.participants), 0))
        .select_from(ConcertationSession)
        .join(Participation, ConcertationSession.participation_id == Participation.id),
        filters,
    ).group_by(region)
    findings = _filtered(
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


# --- Home: latest activity -----------------------------------------------------------------------

@dataclass(frozen=True)
class Activity:
    participation_id: int
    name: str
    stage: str
    occurred_on: dt.date


def latest_activity(session: Session, filters: Filters, *, limit: int = 8) -> list[Activity]:
    query = _filtered(
        select(Participation.id, Territory.name, StageTransition.stage, StageTransition.occurred_on)
        .select_from(StageTransition)
        .join(Participation, StageTransition.participation_id == Participation.id),
        filters,
    ).order_by(StageTransition.occurred_on.desc(), StageTransition.id.desc()).limit(limit)
    return [Activity(participation_id=pid, name=name, stage=stage, occurred_on=on)
            for pid, name, stage, on in session.execute(query)]


# --- Territory sheet -------------------------------------------------------------------------------

def territory_options(session: Session, filters: Filters) -> list[tuple[int, str]]:
    """(participation id, « Nom (type, code) ») for the sheet's selector, by name."""
    query = _filtered(
        select(Participation.id, Territory.name, Territory.kind, Territory.code).select_from(Participation),
        filters,
    ).order_by(Territory.name, Territory.code)
    from data_access.territories.reference import KIND_LABELS

    return [(pid, f"{name} ({KIND_LABELS.get(kind, kind).lower()}, {code})")
            for pid, name, kind, code in session.execute(query)]


@dataclass(frozen=True)
class SessionRow:
    held_on: dt.date
    format: str
    publics: tuple[str, ...]
    participants: int
    place: str | None
    title: str | None


@dataclass(frozen=True)
class AnswerRow:
    question_id: str
    label: str
    value: Any
    answered: bool
    personal: bool


@dataclass(frozen=True)
class SectionAnswers:
    section_id: str
    title: str
    completion: float
    answers: tuple[AnswerRow, ...]
    repeated: bool = False


@dataclass(frozen=True)
class ManifestoUse:
    section_title: str
    item_id: int
    wording: str
    proposals: int


@dataclass(frozen=True)
class TerritorySheet:
    participation_id: int
    campaign_id: int
    name: str
    long_name: str | None
    kind: str
    code: str
    siren: str | None
    dep_code: str | None
    reg_code: str | None
    country: str
    population: int | None
    lat: float | None
    lon: float | None
    networks: tuple[str, ...]
    stage: str
    engaged_on: dt.date
    stage_changed_on: dt.date
    grid_completion: float
    transitions: tuple[tuple[str, dt.date], ...]
    charter_on: dt.date | None
    charter_role: str | None
    charter_document: str | None
    sessions: tuple[SessionRow, ...]
    grid_version: str | None
    grid_submitted_on: dt.date | None
    sections: tuple[SectionAnswers, ...]
    findings: tuple[tuple[str, str, str], ...]  # (category, theme, text)
    proposals: tuple[tuple[int, str, str, tuple[str, ...]], ...]  # (id, chapter, text, themes)
    manifesto_uses: tuple[ManifestoUse, ...] = field(default_factory=tuple)


def territory_sheet(session: Session, participation_id: int, *, with_contacts: bool = False) -> TerritorySheet | None:
    """Everything about one participation; the grid's personal answers only ``with_contacts``.

    The coordinator's contact itself is not here: pages read it through participations.contact_of.
    """
    participation = session.get(Participation, participation_id)
    if participation is None:
        return None
    territory = participation.territory
    transitions = session.execute(
        select(StageTransition.stage, StageTransition.occurred_on)
        .where(StageTransition.participation_id == participation_id)
        .order_by(StageTransition.occurred_on, StageTransition.id)
    ).all()
    charter = session.scalar(select(CharterSignature).where(CharterSignature.participation_id == participation_id))
    sessions = session.scalars(
        select(ConcertationSession).where(ConcertationSession.participation_id == participation_id)
        .order_by(ConcertationSession.held_on, ConcertationSession.id)
    ).all()
    response = session.scalar(
        select(GridResponse).where(GridResponse.participation_id == participation_id,
                                   GridResponse.is_current.is_(True))
        .order_by(GridResponse.version.desc()).limit(1)
    )
    sections: tuple[SectionAnswers, ...] = ()
    if response is not None:
        sections = _section_answers(response.answers, _definition_or_newest(response.grid_version),
                                    with_contacts=with_contacts)
    findings = session.execute(
        select(Finding.category, Finding.theme, Finding.text)
        .where(Finding.participation_id == participation_id).order_by(Finding.category, Finding.id)
    ).all()
    proposals = session.execute(
        select(Proposal.id, Proposal.chapter, Proposal.text, Proposal.themes)
        .where(Proposal.participation_id == participation_id).order_by(Proposal.chapter, Proposal.id)
    ).all()
    return TerritorySheet(
        participation_id=participation.id, campaign_id=participation.campaign_id, name=territory.name,
        long_name=territory.long_name, kind=territory.kind, code=territory.code, siren=territory.siren,
        dep_code=territory.dep_code, reg_code=territory.reg_code, country=territory.country,
        population=territory.population, lat=territory.lat, lon=territory.lon,
        networks=tuple(participation.networks or ()), stage=participation.stage,
        engaged_on=participation.engaged_on, stage_changed_on=participation.stage_changed_on,
        grid_completion=float(participation.grid_completion or 0.0),
        transitions=tuple((str(stage), on) for stage, on in transitions),
        charter_on=charter.signed_on if charter else None,
        charter_role=charter.signatory_role if charter else None,
        charter_document=charter.document_ref if charter else None,
        sessions=tuple(SessionRow(held_on=s.held_on, format=s.format, publics=tuple(s.publics or ()),
                                  participants=s.participants, place=s.place, title=s.title) for s in sessions),
        grid_version=response.grid_version if response else None,
        grid_submitted_on=response.submitted_on if response else None,
        sections=sections,
        findings=tuple((str(c), str(t), str(x)) for c, t, x in findings),
        proposals=tuple((int(i), str(c), str(x), tuple(t or ())) for i, c, x, t in proposals),
        manifesto_uses=tuple(manifesto_uses(session, participation_id)),
    )


def _definition_or_newest(version: str) -> GridDefinition:
    try:
        return load_definition(version)
    except KeyError:
        return load_definition()


def _section_answers(answers: dict[str, Any], definition: GridDefinition, *, with_contacts: bool) -> tuple[SectionAnswers, ...]:
    result = []
    for section in definition.sections:
        if section.repeated:
            entries = answers.get(section.id) or []
            filled = any(is_answered(entry) for entry in entries)
            result.append(SectionAnswers(
                section_id=section.id, title=section.title, completion=1.0 if filled else 0.0,
                answers=(AnswerRow(question_id=section.id, label=f"{len(entries)} entrée(s)",
                                   value=len(entries), answered=filled, personal=False),),
                repeated=True,
            ))
            continue
        rows = [_answer_row(question, answers.get(question.id), with_contacts) for question in section.questions]
        share = sum(row.answered for row in rows) / len(rows) if rows else 0.0
        result.append(SectionAnswers(section_id=section.id, title=section.title, completion=share,
                                     answers=tuple(rows)))
    return tuple(result)


def _answer_row(question: Question, value: Any, with_contacts: bool) -> AnswerRow:
    answered = is_answered(value)
    if question.personal and not with_contacts:
        value = None  # personal data is only shown to editors and administrators
    return AnswerRow(question_id=question.id, label=question.label, value=value, answered=answered,
                     personal=question.personal)


def manifesto_uses(session: Session, participation_id: int) -> list[ManifestoUse]:
    """Manifesto items whose sources include one of this territory's proposals."""
    query = (
        select(ManifestoSection.title, ManifestoItem.id, ManifestoItem.wording,
               func.count(ManifestoItemSource.proposal_id), ManifestoSection.position, ManifestoItem.position)
        .select_from(ManifestoItemSource)
        .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
        .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
        .join(Proposal, ManifestoItemSource.proposal_id == Proposal.id)
        .where(Proposal.participation_id == participation_id)
        .group_by(ManifestoSection.title, ManifestoItem.id, ManifestoItem.wording,
                  ManifestoSection.position, ManifestoItem.position)
        .order_by(ManifestoSection.position, ManifestoItem.position)
    )
    return [ManifestoUse(section_title=str(title), item_id=int(item_id), wording=str(wording), proposals=int(n))
            for title, item_id, wording, n, _, _ in session.execute(query)]
