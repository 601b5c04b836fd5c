"""The territory sheet: identity, stages, sessions, answers by section, manifesto uses."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import french
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
    StageTransition,
    Territory,
)
from data_access.monitoring.scope import filtered
from data_access.territories.reference import territory_label


def territory_options(session: Session, filters: Filters) -> list[tuple[int, str]]:
    """(participation id, « Nom (type, code officiel) ») for the sheet's selector, by name.

    An international partner has no official code (its stored code, « CI-abidjan », is internal):
    its country tells it apart instead, « Abidjan (international, Côte d'Ivoire) ».
    """
    query = filtered(
        select(Participation.id, Territory.name, Territory.kind, Territory.code, Territory.country)
        .select_from(Participation),
        filters,
    ).order_by(Territory.name, Territory.code)
    return [(pid, territory_label(name=name, kind=kind, code=code, country=country))
            for pid, name, kind, code, country in session.execute(query)]


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
    charter_signatory: str | None = None  # a person's name: only ``with_contacts``
    charter_version: int | None = None


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
        charter_signatory=charter.signatory_name if charter and with_contacts else None,
        charter_version=charter.charter_version if charter else None,
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
                answers=(AnswerRow(question_id=section.id, label=french.plural(len(entries), "entrée"),
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
