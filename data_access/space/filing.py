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

This module holds the writes and is the public surface: callers write ``filing.own_filing``. The
answers' shape is in ``filing_answers``, the versions and the territory's reading in
``filing_versions``, the reading of filed versions (the commission's review) in ``filing_review``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from data_access import audit, intake
from data_access.access import Actor, require, require_participation
from data_access.errors import ConflictError, ValidationError
from data_access.intake.applying import _write
from data_access.intake.fields import FILING_ACTION
from data_access.intake.grid import GridDefinition
from data_access.models import (
    FILING_STATUS_LABELS,
    STAGE_LABELS,
    Campaign,
    FilingStatus,
    GridFiling,
    Participation,
    Role,
    Stage,
    utcnow,
)
from data_access.space import participations
from data_access.space.filing_answers import (
    MAX_ROWS,
    NOT_ASKED,
    entry_rows,
    filing_completion,
    form_message,
    shape_answers,
    stored_answers,
    unfinished_rows,
    with_signature,
)
from data_access.space.filing_review import (
    FilingReview,
    FilingRow,
    ReviewAnswer,
    ReviewSection,
    filing_review,
    filings_overview,
    own_filed_versions,
)
from data_access.space.filing_versions import (
    EDITABLE,
    FilingVersion,
    OwnFiling,
    current_response,
    engaged_participation,
    grid_definition,
    is_stale,
    latest_filing,
    locked_reason,
    own_filing,
)

# The public surface (the writes below, and what callers read through this module).
__all__ = [
    "COMMENT_MAX_CHARS",
    "EDITABLE",
    "MAX_ROWS",
    "NOT_ASKED",
    "FilingOutcome",
    "FilingReview",
    "FilingRow",
    "FilingVersion",
    "OwnFiling",
    "ReviewAnswer",
    "ReviewSection",
    "file_grid",
    "filing_completion",
    "filing_review",
    "filings_overview",
    "own_filed_versions",
    "own_filing",
    "restart_draft",
    "return_filing",
    "save_draft",
    "stored_answers",
    "unfinished_rows",
    "validate_filing",
]

COMMENT_MAX_CHARS = 5_000


@dataclass(frozen=True)
class FilingOutcome:
    """A filing: done (``version``), or refused with French messages (nothing written)."""

    ok: bool
    errors: tuple[str, ...]
    warnings: tuple[str, ...]
    version: int | None = None


def _editable_draft(session: Session, actor: Actor, participation: Participation, definition: GridDefinition,
                    latest: GridFiling | None) -> GridFiling:
    """The draft to write into: the current one, or a new version after a return (or the very first)."""
    reason = locked_reason(participation, latest)
    if reason:
        raise ValidationError(reason)
    if latest is not None and latest.status == FilingStatus.BROUILLON.value:
        return latest
    current = current_response(session, participation.id)
    # After a return, the draft continues from what the territory last saw of the store.
    base = latest.response_id if latest is not None else (current.id if current else None)
    draft = GridFiling(participation_id=participation.id, version=(latest.version + 1) if latest else 1,
                       status=FilingStatus.BROUILLON.value, grid_version=definition.version,
                       answers=dict(latest.answers) if latest else {}, base_response_id=base,
                       updated_by=actor.email)
    session.add(draft)
    return draft


# --------------------------------------------------------------------------- the territory


def save_draft(session: Session, *, actor: Actor, participation_id: int, answers: Mapping[str, Any]) -> int:
    """Keep the answers as they are, complete or not; returns the draft's version number."""
    require(actor, Role.TERRITOIRE, action="enregistrer le brouillon de la grille")
    require_participation(actor, participation_id, action="enregistrer le brouillon de la grille")
    participation = engaged_participation(session, participation_id)
    definition = grid_definition(session, participation)
    shaped = shape_answers(with_signature(session, participation_id, answers), definition)
    draft = _editable_draft(session, actor, participation, definition, latest_filing(session, participation_id))
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
    participation = engaged_participation(session, participation_id)
    definition = grid_definition(session, participation)
    draft = _editable_draft(session, actor, participation, definition, latest_filing(session, participation_id))
    before = {"version": draft.version,
              "completion": round(filing_completion(participation, draft.answers or {}, definition), 3)}
    current = current_response(session, participation_id)
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
    participation = engaged_participation(session, participation_id)
    definition = grid_definition(session, participation)
    shaped = shape_answers(with_signature(session, participation_id, answers), definition)
    latest = latest_filing(session, participation_id)
    reason = locked_reason(participation, latest)
    if reason:
        raise ValidationError(reason)
    if is_stale(session, participation_id, latest):
        raise ConflictError(
            "Entre-temps, la commission a enregistré une autre version de votre grille (import d'un fichier) : "
            "rien n'a été déposé. Cliquez sur « Repartir de la grille enregistrée », vérifiez puis déposez.")
    campaign = session.get(Campaign, participation.campaign_id)
    target = intake.target_campaign(session)
    if campaign is None or target is None or target.id != campaign.id:
        raise ValidationError("La campagne de votre territoire est close : la grille ne peut plus être déposée en ligne.")
    territory, sessions, proposals = entry_rows(participation, shaped, definition)
    report = intake.check_entry(session, territory=territory, sessions=sessions, proposals=proposals,
                                choice=(participation.territory.kind, participation.territory.code), complete=True)
    if not report.ok or [e.key for e in report.entries] != [(participation.territory.kind, participation.territory.code)]:
        return FilingOutcome(ok=False, errors=tuple(form_message(i) for i in report.errors) or (
            "La grille n'a pas pu être rattachée à votre territoire : écrivez à la commission.",),
                             warnings=tuple(form_message(i) for i in report.warnings))
    draft = _editable_draft(session, actor, participation, definition, latest)
    for entry in report.entries:
        # Filed online today: « Grille déposée » is dated by the filing, not by the engagement (the
        # form never asks « Date de l'étape »; an import reads it from its file).
        entry.stage_on = dt.date.today()
    # Removing a proposal from one's own grid is the territory's explicit choice: it is withdrawn, never deleted.
    _write(session, actor, campaign, report, FILING_ACTION, True)
    now = utcnow()
    current = current_response(session, participation_id)
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
    return FilingOutcome(ok=True, errors=(), warnings=tuple(form_message(i) for i in report.warnings),
                         version=draft.version)


# --------------------------------------------------------------------------- the commission


def _filed(session: Session, participation_id: int, version: int) -> GridFiling:
    latest = latest_filing(session, participation_id)
    if latest is None or latest.version != version:
        raise ConflictError("La grille de ce territoire a changé depuis l'affichage de la page : rechargez-la.")
    if latest.status != FilingStatus.DEPOSEE.value:
        raise ConflictError(f"Cette grille n'est plus à examiner (« {FILING_STATUS_LABELS[FilingStatus(latest.status)]} »).")
    return latest


def validate_filing(session: Session, *, actor: Actor, participation_id: int, version: int) -> None:
    """The commission accepts the filed grid: stage « grille validée »."""
    require(actor, Role.EDITEUR, action="valider la grille d'un territoire")
    participation = engaged_participation(session, participation_id)
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
    participation = engaged_participation(session, participation_id)
    filing = _filed(session, participation_id, version)
    filing.status = FilingStatus.RENVOYEE.value
    filing.reviewed_at = utcnow()
    filing.reviewed_by = actor.email
    filing.review_comment = text
    session.flush()
    audit.record(session, actor=actor, action="espace.grille.renvoi", entity_type="grid_filing", entity_id=filing.id,
                 summary=f"{participation.territory.name} : grille renvoyée au territoire (version {version})",
                 before={"status": FilingStatus.DEPOSEE.value}, after={"status": filing.status, "commentaire": text})
