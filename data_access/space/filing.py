"""The grid filed online by a territory: drafts, filing, and the commission's review.

A territory fills the same grid as the XLSX template (``intake.grid`` definition) in its space.
Drafts are saved as they are (nothing is checked but their shape). Filing runs the import's own
checks (``intake.check_entry``, every required answer due) and writes the answers where an import
writes them (``GridResponse``, sessions, proposals, findings, stage « grille déposée »), in the
caller's transaction: refused, nothing changes. The commission then validates (stage « grille
validée ») or returns the grid with a comment; the territory's next changes are version + 1, and
every version stays (``GridFiling`` rows are never deleted).

An import made after a draft started is never overwritten silently: filing compares the stored
grid with the one the draft started from and refuses when they differ (the territory restarts
from the stored grid).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit, intake
from data_access.access import Actor, require, require_participation
from data_access.config import limits
from data_access.errors import ConflictError, ValidationError
from data_access.intake import template
from data_access.intake.applying import _write
from data_access.intake.fields import FILING_ACTION, LINK_IDS, TERRITORY_SHEET, TRACKING_QUESTIONS
from data_access.intake.grid import DEFAULT_CHAPTERS, GridDefinition, completion, load_definition
from data_access.models import (
    FILING_STATUS_LABELS,
    STAGE_LABELS,
    Campaign,
    CharterSignature,
    FilingStatus,
    GridFiling,
    GridResponse,
    Participation,
    Role,
    Stage,
    utcnow,
)
from data_access.space import participations
from data_access.territories import reference

EDITABLE = (FilingStatus.BROUILLON, FilingStatus.RENVOYEE)
# What the territory never answers itself: its identity comes from its link, its stage from the store.
NOT_ASKED = frozenset({*LINK_IDS, *(q.id for q in TRACKING_QUESTIONS)})
MAX_ROWS = 200  # sessions or proposals in one grid: far more than any territory files
COMMENT_MAX_CHARS = 5_000


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


@dataclass(frozen=True)
class FilingOutcome:
    """A filing: done (``version``), or refused with French messages (nothing written)."""

    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    version: int | None = None


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


# --------------------------------------------------------------------------- shared helpers


def _participation(session: Session, participation_id: int) -> Participation:
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    return participation


def _definition(session: Session, participation: Participation) -> GridDefinition:
    campaign = session.get(Campaign, participation.campaign_id)
    try:
        return load_definition(campaign.grid_version) if campaign else load_definition()
    except KeyError:
        return load_definition()


def _chapters(session: Session, participation: Participation) -> list[str]:
    campaign = session.get(Campaign, participation.campaign_id)
    return list(campaign.default_chapters) if campaign and campaign.default_chapters else []


def _latest(session: Session, participation_id: int) -> GridFiling | None:
    return session.scalars(select(GridFiling).where(GridFiling.participation_id == participation_id)
                           .order_by(GridFiling.version.desc()).limit(1)).first()


def _history(session: Session, participation_id: int) -> tuple[FilingVersion, ...]:
    rows = session.scalars(select(GridFiling).where(GridFiling.participation_id == participation_id)
                           .order_by(GridFiling.version.desc()))
    return tuple(FilingVersion(version=f.version, status=FilingStatus(f.status),
                               status_label=FILING_STATUS_LABELS[FilingStatus(f.status)], updated_at=f.updated_at,
                               submitted_at=f.submitted_at, submitted_by=f.submitted_by, reviewed_at=f.reviewed_at,
                               reviewed_by=f.reviewed_by, review_comment=f.review_comment) for f in rows)


def _current_response(session: Session, participation_id: int) -> GridResponse | None:
    return session.scalars(select(GridResponse).where(GridResponse.participation_id == participation_id,
                                                      GridResponse.is_current.is_(True)).limit(1)).first()


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


def _with_signature(session: Session, participation_id: int, answers: Mapping[str, Any]) -> dict[str, Any]:
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


def _shape(answers: Mapping[str, Any], definition: GridDefinition) -> dict[str, Any]:
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
    row, _, _ = _entry(participation, answers, definition)
    merged = {**row, **{s.id: answers.get(s.id) for s in definition.sections if s.repeated}}
    return completion(merged, definition)


def _entry(participation: Participation, answers: Mapping[str, Any],
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


def _where(issue: intake.Issue) -> str:
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


def _locked_reason(participation: Participation, latest: GridFiling | None) -> str | None:
    status = FilingStatus(latest.status) if latest else None
    if status is FilingStatus.DEPOSEE:
        return "Votre grille est déposée : la commission l'examine. Elle vous la renverra si elle doit être complétée."
    if status is FilingStatus.VALIDEE:
        return "Votre grille est validée par la commission. Pour la modifier, écrivez à la commission."
    if status is None and Stage(participation.stage) is Stage.GRILLE_VALIDEE:
        return "La grille de votre territoire est déjà validée par la commission. Pour la modifier, écrivez-lui."
    return None


def _stale(session: Session, participation_id: int, latest: GridFiling | None) -> bool:
    if latest is None or FilingStatus(latest.status) not in EDITABLE:
        return False
    current = _current_response(session, participation_id)
    seen = latest.base_response_id if latest.status == FilingStatus.BROUILLON.value else latest.response_id
    return (current.id if current else None) != seen


def _editable_draft(session: Session, actor: Actor, participation: Participation, definition: GridDefinition,
                    latest: GridFiling | None) -> GridFiling:
    """The draft to write into: the current one, or a new version after a return (or the very first)."""
    reason = _locked_reason(participation, latest)
    if reason:
        raise ValidationError(reason)
    if latest is not None and latest.status == FilingStatus.BROUILLON.value:
        return latest
    current = _current_response(session, participation.id)
    # After a return, the draft continues from what the territory last saw of the store.
    base = latest.response_id if latest is not None else (current.id if current else None)
    draft = GridFiling(participation_id=participation.id, version=(latest.version + 1) if latest else 1,
                       status=FilingStatus.BROUILLON.value, grid_version=definition.version,
                       answers=dict(latest.answers) if latest else {}, base_response_id=base,
                       updated_by=actor.email)
    session.add(draft)
    return draft


# --------------------------------------------------------------------------- the territory


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


def own_filing(session: Session, *, actor: Actor, participation_id: int) -> OwnFiling:
    """The territory's grid as its form shows it: its draft, or what the store holds when it has none."""
    require(actor, Role.TERRITOIRE, action="consulter la grille d'un territoire")
    require_participation(actor, participation_id, action="consulter la grille d'un territoire")
    participation = _participation(session, participation_id)
    definition = _definition(session, participation)
    latest = _latest(session, participation_id)
    status = FilingStatus(latest.status) if latest else None
    returned = None
    if status is FilingStatus.RENVOYEE:
        returned = latest.review_comment if latest else None
    elif status is FilingStatus.BROUILLON and latest is not None and latest.version > 1:
        previous = session.scalar(select(GridFiling).where(GridFiling.participation_id == participation_id,
                                                           GridFiling.version == latest.version - 1))
        if previous is not None and previous.status == FilingStatus.RENVOYEE.value:
            returned = previous.review_comment
    reason = _locked_reason(participation, latest)
    shown = dict(latest.answers) if latest else stored_answers(session, participation, definition)
    if reason is None:  # what the territory edits: a charter signed since the draft shows in it
        shown = _with_signature(session, participation_id, shown)
    return OwnFiling(
        participation_id=participation_id, grid_version=definition.version,
        chapters=tuple(_chapters(session, participation) or DEFAULT_CHAPTERS),
        answers=shown,
        status=status, version=latest.version if latest else 0, editable=reason is None, locked_reason=reason,
        returned_comment=returned, stale=_stale(session, participation_id, latest),
        history=_history(session, participation_id),
    )


def save_draft(session: Session, *, actor: Actor, participation_id: int, answers: Mapping[str, Any]) -> int:
    """Keep the answers as they are, complete or not; returns the draft's version number."""
    require(actor, Role.TERRITOIRE, action="enregistrer le brouillon de la grille")
    require_participation(actor, participation_id, action="enregistrer le brouillon de la grille")
    participation = _participation(session, participation_id)
    definition = _definition(session, participation)
    shaped = _shape(_with_signature(session, participation_id, answers), definition)
    draft = _editable_draft(session, actor, participation, definition, _latest(session, participation_id))
    draft.answers = shaped
    draft.grid_version = definition.version
    draft.updated_at = utcnow()
    draft.updated_by = actor.email
    session.flush()
    audit.record(session, actor=actor, action="espace.grille.brouillon", entity_type="grid_filing",
                 entity_id=draft.id,
                 summary=f"{participation.territory.name} : brouillon de la grille enregistré (version {draft.version}, "
                         f"remplie à {round(filing_completion(participation, shaped, definition) * 100)} %)",
                 after={"version": draft.version,
                        "completion": round(filing_completion(participation, shaped, definition), 3)})
    return draft.version


def restart_draft(session: Session, *, actor: Actor, participation_id: int) -> int:
    """Start again from the grid the store holds (after an import made meanwhile): the draft is replaced."""
    require(actor, Role.TERRITOIRE, action="reprendre la grille enregistrée")
    require_participation(actor, participation_id, action="reprendre la grille enregistrée")
    participation = _participation(session, participation_id)
    definition = _definition(session, participation)
    draft = _editable_draft(session, actor, participation, definition, _latest(session, participation_id))
    before = {"version": draft.version,
              "completion": round(filing_completion(participation, draft.answers or {}, definition), 3)}
    current = _current_response(session, participation_id)
    draft.answers = stored_answers(session, participation, definition)
    draft.base_response_id = current.id if current else None
    draft.updated_at = utcnow()
    draft.updated_by = actor.email
    session.flush()
    audit.record(session, actor=actor, action="espace.grille.reprise", entity_type="grid_filing", entity_id=draft.id,
                 summary=f"{participation.territory.name} : brouillon repris de la grille enregistrée "
                         f"(version {draft.version})", before=before,
                 after={"version": draft.version,
                        "completion": round(filing_completion(participation, draft.answers, definition), 3)})
    return draft.version


def file_grid(session: Session, *, actor: Actor, participation_id: int, answers: Mapping[str, Any]) -> FilingOutcome:
    """File the grid: the import's checks, every required answer due; refused, nothing is written."""
    require(actor, Role.TERRITOIRE, action="déposer la grille")
    require_participation(actor, participation_id, action="déposer la grille")
    participation = _participation(session, participation_id)
    definition = _definition(session, participation)
    shaped = _shape(_with_signature(session, participation_id, answers), definition)
    latest = _latest(session, participation_id)
    reason = _locked_reason(participation, latest)
    if reason:
        raise ValidationError(reason)
    if _stale(session, participation_id, latest):
        raise ConflictError(
            "Entre-temps, la commission a enregistré une autre version de votre grille (import d'un fichier) : "
            "rien n'a été déposé. Cliquez sur « Repartir de la grille enregistrée », vérifiez puis déposez.")
    campaign = session.get(Campaign, participation.campaign_id)
    target = intake.target_campaign(session)
    if campaign is None or target is None or target.id != campaign.id:
        raise ValidationError("La campagne de votre territoire est close : la grille ne peut plus être déposée en ligne.")
    territory, sessions, proposals = _entry(participation, shaped, definition)
    report = intake.check_entry(session, territory=territory, sessions=sessions, proposals=proposals,
                                choice=(participation.territory.kind, participation.territory.code), complete=True)
    if not report.ok or [e.key for e in report.entries] != [(participation.territory.kind, participation.territory.code)]:
        return FilingOutcome(ok=False, errors=tuple(_where(i) for i in report.errors) or (
            "La grille n'a pas pu être rattachée à votre territoire : écrivez à la commission.",),
                             warnings=tuple(_where(i) for i in report.warnings))
    draft = _editable_draft(session, actor, participation, definition, latest)
    for entry in report.entries:
        # Filed online today: « Grille déposée » is dated by the filing, not by the engagement (the
        # form never asks « Date de l'étape »; an import reads it from its file).
        entry.stage_on = dt.date.today()
    # Removing a proposal from one's own grid is the territory's explicit choice: it is withdrawn, never deleted.
    _write(session, actor, campaign, report, FILING_ACTION, True)
    now = utcnow()
    current = _current_response(session, participation_id)
    draft.answers = shaped
    draft.grid_version = definition.version
    draft.status = FilingStatus.DEPOSEE.value
    draft.response_id = current.id if current else None
    draft.updated_at = draft.submitted_at = now
    draft.updated_by = draft.submitted_by = actor.email
    session.flush()
    changes = "; ".join(c for p in report.plans for c in p.changes) or "aucun changement des réponses enregistrées"
    audit.record(session, actor=actor, action=FILING_ACTION, entity_type="grid_filing", entity_id=draft.id,
                 summary=f"{participation.territory.name} : grille déposée en ligne (version {draft.version}) — {changes}",
                 after={"version": draft.version, "status": draft.status,
                        "completion": round(filing_completion(participation, shaped, definition), 3),
                        "grid_response_version": current.version if current else None})
    return FilingOutcome(ok=True, errors=(), warnings=tuple(_where(i) for i in report.warnings), version=draft.version)


# --------------------------------------------------------------------------- the commission


def _filed(session: Session, participation_id: int, version: int) -> GridFiling:
    latest = _latest(session, participation_id)
    if latest is None or latest.version != version:
        raise ConflictError("La grille de ce territoire a changé depuis l'affichage de la page : rechargez-la.")
    if latest.status != FilingStatus.DEPOSEE.value:
        raise ConflictError(f"Cette grille n'est plus à examiner (« {FILING_STATUS_LABELS[FilingStatus(latest.status)]} »).")
    return latest


def validate_filing(session: Session, *, actor: Actor, participation_id: int, version: int) -> None:
    """The commission accepts the filed grid: stage « grille validée »."""
    require(actor, Role.EDITEUR, action="valider la grille d'un territoire")
    participation = _participation(session, participation_id)
    filing = _filed(session, participation_id, version)
    filing.status = FilingStatus.VALIDEE.value
    filing.reviewed_at = utcnow()
    filing.reviewed_by = actor.email
    if Stage(participation.stage).rank < Stage.GRILLE_VALIDEE.rank:
        participations.advance(session, actor=actor, participation=participation, stage=Stage.GRILLE_VALIDEE,
                               occurred_on=max(dt.date.today(), participation.stage_changed_on))
    session.flush()
    audit.record(session, actor=actor, action="espace.grille.validation", entity_type="grid_filing",
                 entity_id=filing.id,
                 summary=f"{participation.territory.name} : grille déposée en ligne validée (version {version})",
                 before={"status": FilingStatus.DEPOSEE.value},
                 after={"status": filing.status, "stage": STAGE_LABELS[Stage(participation.stage)]})


def return_filing(session: Session, *, actor: Actor, participation_id: int, version: int, comment: str) -> None:
    """The commission sends the grid back with what to change; the territory edits and files again."""
    require(actor, Role.EDITEUR, action="renvoyer la grille d'un territoire")
    text = comment.strip()
    if not text:
        raise ValidationError("Indiquez au territoire ce qu'il doit compléter ou corriger : le commentaire est obligatoire.")
    if len(text) > COMMENT_MAX_CHARS:
        raise ValidationError(f"Le commentaire ne doit pas dépasser {COMMENT_MAX_CHARS} caractères.")
    participation = _participation(session, participation_id)
    filing = _filed(session, participation_id, version)
    filing.status = FilingStatus.RENVOYEE.value
    filing.reviewed_at = utcnow()
    filing.reviewed_by = actor.email
    filing.review_comment = text
    session.flush()
    audit.record(session, actor=actor, action="espace.grille.renvoi", entity_type="grid_filing", entity_id=filing.id,
                 summary=f"{participation.territory.name} : grille renvoyée au territoire (version {version})",
                 before={"status": FilingStatus.DEPOSEE.value}, after={"status": filing.status, "commentaire": text})


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
    participation = _participation(session, participation_id)
    definition = _definition(session, participation)
    rows = session.scalars(select(GridFiling).where(
        GridFiling.participation_id == participation_id, GridFiling.status != FilingStatus.BROUILLON.value)
        .order_by(GridFiling.version.desc()))
    # The territory's own answers, its contact included: personal data it gave itself.
    return {f.version: _sections(f.answers or {}, definition, True) for f in rows}


def filing_review(session: Session, *, actor: Actor, participation_id: int) -> FilingReview | None:
    """The territory's latest filed version (drafts are the territory's own), or None."""
    require(actor, Role.LECTEUR, action="consulter une grille déposée en ligne")
    participation = _participation(session, participation_id)
    filing = session.scalars(select(GridFiling).where(
        GridFiling.participation_id == participation_id, GridFiling.status != FilingStatus.BROUILLON.value)
        .order_by(GridFiling.version.desc()).limit(1)).first()
    if filing is None:
        return None
    definition = _definition(session, participation)
    current = _current_response(session, participation_id)
    status = FilingStatus(filing.status)
    return FilingReview(
        participation_id=participation_id, territory_name=participation.territory.name, version=filing.version,
        status=status, status_label=FILING_STATUS_LABELS[status], submitted_at=filing.submitted_at,
        submitted_by=filing.submitted_by if actor.sees_personal_data else None,
        completion=filing_completion(participation, filing.answers or {}, definition),
        sections=_sections(filing.answers or {}, definition, actor.sees_personal_data),
        replaced_by_import=(current.id if current else None) != filing.response_id,
        can_review=status is FilingStatus.DEPOSEE and actor.can_edit,
        history=tuple(h for h in _history(session, participation_id) if h.status is not FilingStatus.BROUILLON),
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
