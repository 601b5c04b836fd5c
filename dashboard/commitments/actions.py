"""The writes of the « Suivi des engagements », each run in its button's ``on_click`` callback (one
script run per action, as the Atelier does), with the acting user; what a form holds is read from
its widgets' state at click time. A refusal or a conflict is kept for the run that follows and
shown at the top of the page, in French; nothing is written then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.orm import Session

from dashboard.commitments import readers
from dashboard.text import formatting
from dashboard.ui import state
from data_access.access import Actor
from data_access.commitments import csv_import, statuses, writes
from data_access.commitments.csv_report import CommitmentImportReport
from data_access.commitments.models import CommitterKind
from data_access.commitments.views import CommitmentConflict, CommitmentInput, StatusView
from data_access.errors import UserFacingError, ValidationError

# Widget keys of the « Nouvel engagement » form (read by the callback at click time).
NEW = "engagement_nouveau_"
IMPORT_FILE = "engagements_fichier"
LIST_VIEW = "Engagements"  # the view of pages/engagements.py that shows a commitment's sheet

Success = str | Callable[[Any], str]


def on_click(write: Callable[..., Any], success: Success, *, actor: Actor,
             read: Callable[[], dict[str, Any]] | None = None, after: Callable[[Any], None] | None = None,
             **arguments: Any) -> dict[str, Any]:
    """The ``on_click``/``kwargs`` of a button whose click runs ``write(session, actor=…, **arguments)``."""
    return {"on_click": _run, "args": (write, success),
            "kwargs": {"actor": actor, "read": read, "after": after, "arguments": arguments}}


def _run(write: Callable[..., Any], success: Success, *, actor: Actor, arguments: dict[str, Any],
         read: Callable[[], dict[str, Any]] | None, after: Callable[[Any], None] | None) -> None:
    try:
        arguments = {**arguments, **(read() if read else {})}
        result = readers.perform(write, actor=actor, **arguments)
    except UserFacingError as exc:  # refusals, checks and conflicts: nothing was written
        state.set_commitments_refusal(exc)
        return
    if after is not None:
        after(result)
    state.set_commitments_flash(success if isinstance(success, str) else success(result))


def show_flash() -> None:
    """The outcome of the click that started this run."""
    refusal = state.commitments_refusal()
    if isinstance(refusal, CommitmentConflict):
        st.error(str(refusal), icon=":material/sync_problem:")
    elif refusal:
        st.error(str(refusal), icon=":material/error:")
    flash = state.commitments_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")


def value(key: str, default: Any = None) -> Any:
    return state.widget_value(key, default)


def progress_of(prefix: str) -> int | None:
    """None when « Avancement automatique » is ticked (the status's default, or the children's mean)."""
    if value(prefix + "auto", True):
        return None
    return int(value(prefix + "avancement", 0))


def clean_date(raw: Any) -> dt.date | None:
    return raw if isinstance(raw, dt.date) else None


# --- Create ------------------------------------------------------------------------------------------

def read_new() -> dict[str, Any]:
    kind = value(NEW + "porteur", CommitterKind.COMMISSION.value)
    parent = value(NEW + "parent")
    status_id = value(NEW + "statut")
    if status_id is None:
        raise ValidationError("Choisissez un statut (la liste des statuts est dans la vue « Statuts »).")
    data = CommitmentInput(
        title=value(NEW + "titre", "") or "", committer_kind=kind, status_id=int(status_id),
        item_id=value(NEW + "element") if parent is None else None, parent_id=parent,
        committer_name=(value(NEW + "reseau", "") or None) if kind == CommitterKind.RESEAU.value else None,
        participation_id=value(NEW + "territoire") if kind == CommitterKind.TERRITOIRE.value else None,
        description=value(NEW + "description", "") or "", progress=progress_of(NEW),
        start_date=clean_date(value(NEW + "debut")), end_date=clean_date(value(NEW + "fin")),
        territory_ids=tuple(value(NEW + "concernes", ()) or ()))
    return {"data": data}


def clear_new(_result: Any) -> None:
    state.forget_widgets([NEW + name for name in ("titre", "description", "reseau", "concernes", "debut", "fin")])


def created(result: Any) -> str:
    return f"Engagement « {result} » créé. Il sera public une fois validé."


def create(session: Session, *, actor: Actor, campaign_id: int, data: CommitmentInput) -> str:
    """Create, seeding the campaign's default statuses first if it has none; returns the new identifier."""
    commitment = writes.create_commitment(session, actor=actor, campaign_id=campaign_id, data=data)
    state.set_selected_commitment(commitment.id)
    state.set_commitments_view(LIST_VIEW)  # the new commitment's sheet, to validate it or add news
    return commitment.public_id


def ensure_statuses(session: Session, *, actor: Actor, campaign_id: int) -> int:
    return statuses.ensure_default_statuses(session, actor=actor, campaign_id=campaign_id)


# --- Edit one ------------------------------------------------------------------------------------------

def form_key(commitment_id: int, version: int, name: str) -> str:
    """Keys carry the version: after a save the form starts again from what is stored."""
    return f"engagement_{commitment_id}_{version}_{name}"


def read_edit(commitment_id: int, version: int, current: CommitmentInput) -> Callable[[], dict[str, Any]]:
    """The edit form's values at click time, over ``current`` (what was stored when it was drawn)."""
    def read() -> dict[str, Any]:
        def key(name: str) -> str:
            return form_key(commitment_id, version, name)
        data = replace(
            current, title=value(key("titre"), current.title) or "",
            status_id=int(value(key("statut"), current.status_id)), item_id=value(key("element"), current.item_id),
            description=value(key("description"), current.description) or "", progress=progress_of(key("")),
            start_date=clean_date(value(key("debut"), current.start_date)),
            end_date=clean_date(value(key("fin"), current.end_date)),
            territory_ids=tuple(value(key("concernes"), current.territory_ids) or ()))
        return {"data": data}
    return read


def read_report(commitment_id: int, version: int) -> Callable[[], dict[str, Any]]:
    def read() -> dict[str, Any]:
        def key(name: str) -> str:
            return form_key(commitment_id, version, "avancement_" + name)
        return {"status_id": int(value(key("statut"))), "progress": progress_of(key("")),
                "news": value(key("texte"), "") or "", "occurred_on": clean_date(value(key("date")))}
    return read


def read_entry(commitment_id: int, version: int) -> Callable[[], dict[str, Any]]:
    def read() -> dict[str, Any]:
        def key(name: str) -> str:
            return form_key(commitment_id, version, "actualite_" + name)
        return {"text": value(key("texte"), "") or "", "occurred_on": clean_date(value(key("date"))) or dt.date.today()}
    return read


def clear_entry(commitment_id: int, version: int) -> Callable[[Any], None]:
    def clear(_result: Any) -> None:
        state.forget_widgets([form_key(commitment_id, version, "actualite_texte")])
    return clear


# --- Statuses --------------------------------------------------------------------------------------

def read_statuses(editor_key: str, current: Sequence[StatusView]) -> Callable[[], dict[str, Any]]:
    """The edited table (labels, default progress, done, closed, order given by « Ordre »)."""
    def read() -> dict[str, Any]:
        edits = value(editor_key, {}) or {}
        return {"current": tuple(current), "edits": dict(edits)}
    return read


def save_statuses(session: Session, *, actor: Actor, campaign_id: int, current: Sequence[StatusView],
                  edits: dict[str, Any]) -> int:
    """Apply the status table's edits in one transaction: changed rows, added rows; returns how many."""
    changed = 0
    edited = edits.get("edited_rows", {}) or {}
    for index, change in edited.items():
        status = current[int(index)]
        label = str(change.get("Libellé", status.label) or "")
        default = change.get("Avancement par défaut", status.default_progress)
        if default is None or (isinstance(default, float) and pd.isna(default)):
            raise ValidationError(f"Indiquez l'avancement par défaut du statut « {status.label} ».")
        statuses.update_status(session, actor=actor, status_id=status.id, label=label, default_progress=int(default),
                               done=bool(change.get("Réalisé", status.done)), closed=bool(change.get("Clos", status.closed)))
        changed += 1
    for added in edits.get("added_rows", []) or []:
        label = str(added.get("Libellé") or "").strip()
        if not label:
            continue
        default = added.get("Avancement par défaut")
        statuses.add_status(session, actor=actor, campaign_id=campaign_id, label=label,
                            default_progress=int(default) if default is not None else 0,
                            done=bool(added.get("Réalisé", False)), closed=bool(added.get("Clos", False)))
        changed += 1
    for index in sorted((int(i) for i in edits.get("deleted_rows", []) or []), reverse=True):
        statuses.delete_status(session, actor=actor, status_id=current[index].id)
        changed += 1
    if not changed:
        raise ValidationError("Aucun changement à enregistrer dans la liste des statuts.")
    return changed


def statuses_saved(count: Any) -> str:
    return f"Liste des statuts enregistrée ({formatting.plural(int(count), 'changement')})."


def move_status(session: Session, *, actor: Actor, campaign_id: int, order: Sequence[int], index: int,
                step: int) -> None:
    ids = list(order)
    target = index + step
    if not 0 <= target < len(ids):
        return
    ids[index], ids[target] = ids[target], ids[index]
    statuses.reorder_statuses(session, actor=actor, campaign_id=campaign_id, ordered_ids=ids)


# --- CSV import ------------------------------------------------------------------------------------

def read_import() -> dict[str, Any]:
    uploaded = value(IMPORT_FILE)
    if uploaded is None:
        raise ValidationError("Choisissez d'abord le fichier CSV à importer.")
    return {"data": uploaded.getvalue(), "filename": uploaded.name, "file_id": uploaded.file_id}


def run_import(session: Session, *, actor: Actor, campaign_id: int, data: bytes, filename: str, file_id: str
               ) -> CommitmentImportReport:
    """All or nothing: a refused file writes nothing (``readers.perform`` rolls its transaction back)."""
    report = csv_import.import_csv(session, actor=actor, campaign_id=campaign_id, data=data, filename=filename)
    state.set_commitments_import((file_id, report))
    return report


def imported(_report: Any) -> str:
    return ""  # the report itself is shown under the import, refused or done
