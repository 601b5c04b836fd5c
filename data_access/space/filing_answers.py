"""A territory's answers to the online grid, in the form's shape.

The form asks the grid's own questions (``intake.grid`` definition) except what the store already
knows (``NOT_ASKED``). This module moves answers between that shape and the others: what the store
holds (``stored_answers``), what a draft may keep (``shape_answers``: JSON values, bounded), what the
import's checks read (``entry_rows``, the territory's identity taken from its participation), and
the checks' messages placed in the form (``form_message``). Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import intake
from data_access.config import limits
from data_access.errors import ValidationError
from data_access.intake import template
from data_access.intake.fields import LINK_IDS, TERRITORY_SHEET, TRACKING_QUESTIONS
from data_access.intake.grid import GridDefinition, completion
from data_access.models import CharterSignature, Participation
from data_access.territories import reference

# What the territory never answers itself: its identity comes from its link, its stage from the store.
NOT_ASKED = frozenset({*LINK_IDS, *(q.id for q in TRACKING_QUESTIONS)})
MAX_ROWS = 200  # sessions or proposals in one grid: far more than any territory files


def stored_answers(session: Session, participation: Participation, definition: GridDefinition) -> dict[str, Any]:
    """What the store holds for this territory, in the form's shape (an import, an earlier filing…)."""
    rows = template.campaign_rows(session, participation.campaign_id, definition, participation_id=participation.id)
    row = rows[intake.TERRITORY_SHEET][0] if rows[intake.TERRITORY_SHEET] else {}
    answers: dict[str, Any] = {q.id: row.get(q.id) for s in definition.sections if not s.repeated
                               for q in s.questions if q.id not in NOT_ASKED}
    for section_id, sheet in ((s.id, intake.SESSIONS_SHEET if s.id == "sessions" else intake.PROPOSALS_SHEET)
                              for s in definition.sections if s.repeated):
        prefix = f"{section_id}."
        answers[section_id] = [{k[len(prefix):]: v for k, v in item.items() if k.startswith(prefix)}
                               for item in rows[sheet]]
    return answers


def with_signature(session: Session, participation_id: int, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The grid's charter answers completed by the charter signed in the space (or recorded by the commission).

    The signature is the fact; a draft started before it (or a form still showing it blank) must
    neither hide it nor store blanks that make the filing refuse « charte signée » then its date.
    """
    completed = dict(answers)
    signature = session.scalar(select(CharterSignature).where(CharterSignature.participation_id == participation_id))
    if signature is None:
        return completed
    completed["charte_signee"] = True
    if not completed.get("charte_date"):
        completed["charte_date"] = signature.signed_on.isoformat()
    if not completed.get("charte_signataire") and signature.signatory_role:
        completed["charte_signataire"] = signature.signatory_role
    return completed


def _clean(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else value
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v is not None and str(v).strip()]
    raise ValidationError("Une réponse de la grille n'a pas un format reconnu : rechargez la page.")


def shape_answers(answers: Mapping[str, Any], definition: GridDefinition) -> dict[str, Any]:
    """Only the grid's own questions, as JSON values; empty rows of a repeated block dropped.

    A draft is not validated, but its shape is: nothing outside the grid reaches the store.
    """
    max_chars = limits().text_max_chars * 2  # the filing says « too long »; a draft only stays bounded
    shaped: dict[str, Any] = {}
    for section in definition.sections:
        if section.repeated:
            rows = answers.get(section.id) or []
            if not isinstance(rows, (list, tuple)) or len(rows) > MAX_ROWS:
                raise ValidationError(f"Au plus {MAX_ROWS} lignes par bloc « {section.title} ».")
            kept = []
            for item in rows:
                if not isinstance(item, Mapping):
                    raise ValidationError("Une ligne de la grille n'a pas un format reconnu : rechargez la page.")
                cleaned = {q.id: _clean(item.get(q.id)) for q in section.questions}
                if any(v not in (None, [], "") for v in cleaned.values()):
                    kept.append(cleaned)
            shaped[section.id] = kept
            continue
        for question in section.questions:
            if question.id not in NOT_ASKED:
                shaped[question.id] = _clean(answers.get(question.id))
    too_long = [k for k, v in shaped.items() if isinstance(v, str) and len(v) > max_chars]
    if too_long:
        raise ValidationError("Une réponse est trop longue pour être enregistrée : raccourcissez-la.")
    return shaped


def filing_completion(participation: Participation, answers: Mapping[str, Any], definition: GridDefinition) -> float:
    """How complete a draft or a filed version is, counted as the stored grid will be once filed.

    The form does not ask the territory's identity (name, code: NOT_ASKED), yet the stored response
    holds it and counts it: computed on the form's answers alone, one filing read « remplie à 50 % »
    for the commission and « 58 % » on the Fiche. Both now count the same answers."""
    row, _, _ = entry_rows(participation, answers, definition)
    merged = {**row, **{s.id: answers.get(s.id) for s in definition.sections if s.repeated}}
    return completion(merged, definition)


def entry_rows(participation: Participation, answers: Mapping[str, Any],
               definition: GridDefinition) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The draft as the entry form's rows, with the territory's identity taken from its participation."""
    territory = participation.territory
    link = {"type_collectivite": reference.KIND_LABELS.get(territory.kind, territory.kind),
            "territoire": territory.name, "territoire_code": territory.code}
    repeated = {s.id for s in definition.sections if s.repeated}
    row: dict[str, Any] = {k: v for k, v in answers.items() if k not in repeated}
    row.update(link)
    if territory.kind == reference.INTERNATIONAL:
        row.update({"pays": territory.country, "latitude": territory.lat, "longitude": territory.lon})
    blocks = {s.id: [{**link, **{f"{s.id}.{k}": v for k, v in item.items()}} for item in answers.get(s.id) or []]
              for s in definition.sections if s.repeated}
    return row, blocks.get("sessions", []), blocks.get("propositions", [])


def form_message(issue: intake.Issue) -> str:
    """« Session 2 — Format : … »: the place of a message in the online form, not in a spreadsheet."""
    if issue.sheet == intake.SESSIONS_SHEET and issue.row:
        place = f"Session {issue.row - 1}"
    elif issue.sheet == intake.PROPOSALS_SHEET and issue.row:
        place = f"Proposition {issue.row - 1}"
    else:
        place = ""
    if issue.column and issue.sheet in (TERRITORY_SHEET, intake.SESSIONS_SHEET, intake.PROPOSALS_SHEET):
        place = f"{place} — {issue.column}" if place else issue.column
    return f"{place} : {issue.message}" if place else issue.message


def unfinished_rows(answers: Mapping[str, Any], definition: GridDefinition) -> tuple[str, ...]:
    """« Proposition 2 : « Proposition » est vide. »: rows of a table kept with a required cell empty.

    The tables are edited cell by cell in the browser; a cell still being typed in when the page is
    sent can arrive empty (issue 24 item 15: a proposal stored with its chapter and without its
    text). A draft keeps what it receives, so the save names such rows at once instead of letting
    the territory find out at filing, or never.
    """
    found = []
    for section in definition.sections:
        if not section.repeated:
            continue
        singular = {"sessions": "Session", "propositions": "Proposition"}.get(section.id, "Ligne")
        for number, row in enumerate(answers.get(section.id) or [], start=1):
            missing = [q.label for q in section.questions if q.required and row.get(q.id) in (None, "", [])]
            if missing:
                found.append(f"{singular} {number} : " + ", ".join(f"« {label} »" for label in missing)
                             + (" est vide." if len(missing) == 1 else " sont vides."))
    return tuple(found)
