"""Tables of the « Suivi des engagements » (the list, reminders, timeline, history, import report),
as ``pd.DataFrame`` with French values: dates « 7 déc. 2026 », percentages, « Oui / Non »; never
« None », never an internal number (the commitment's public identifier « ENG-… » is its name)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from dashboard.text import formatting
from data_access.commitments.csv_report import PLAN_COLUMNS, CommitmentImportReport
from data_access.commitments.views import (
    CommitmentRow,
    EntryView,
    RevisionView,
    StaleCommitment,
    StatusView,
)
from data_access.intake.report import REPORT_COLUMNS

YES, NO = "Oui", "Non"
# The title column is the long one: bounded, so status, progress and dates stay in view at 1440 px.
TITLE_COLUMN = {"Engagement": {"width": 320}}


def item_label(row: CommitmentRow) -> str:
    return f"{row.item_number} {row.item_wording}".strip()


def commitment_label(row: CommitmentRow) -> str:
    """« ENG-4KX2Q7 — Former 200 agents (Rennes) », the name a select box shows."""
    return f"{row.public_id} — {row.title} ({row.committer_label})"


def rows_table(rows: Sequence[CommitmentRow], *, with_authors: bool) -> pd.DataFrame:
    """The list: one line per commitment, sub-commitments marked « ↳ » under their parent."""
    data: dict[str, list[Any]] = {
        "Identifiant": [row.public_id for row in rows],
        "Élément": [row.item_number or "—" for row in rows],
        "Engagement": [("↳ " if row.parent_id is not None else "") + row.title for row in rows],
        "Porteur": [row.committer_label for row in rows],
        "Statut": [row.status_label for row in rows],
        "Avancement": [formatting.percent(row.progress / 100) for row in rows],
        "Validé": [YES if row.validated else NO for row in rows],
        "Dernières nouvelles": [formatting.abbreviated_date(row.last_news_on) for row in rows],
    }
    if with_authors:
        data["Modifié par"] = [row.updated_by or "—" for row in rows]
    return pd.DataFrame(data)


def stale_table(stale: Sequence[StaleCommitment]) -> pd.DataFrame:
    return pd.DataFrame({
        "Identifiant": [s.public_id for s in stale],
        "Engagement": [s.title for s in stale],
        "Porteur": [s.committer_label for s in stale],
        "Statut": [s.status_label for s in stale],
        "Dernières nouvelles": [formatting.abbreviated_date(s.last_news_on) for s in stale],
        "Sans nouvelles depuis": [formatting.plural(s.months_without_news, "mois", "mois") for s in stale],
    })


def entries_table(entries: Sequence[EntryView]) -> pd.DataFrame:
    return pd.DataFrame({
        "Date": [formatting.abbreviated_date(e.occurred_on) for e in entries],
        "Actualité": [e.text for e in entries],
        "Ajoutée par": [e.created_by for e in entries],
    })


def _value(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return YES if value else NO
    if key == "progress":
        return formatting.percent(int(value) / 100)
    if key in {"start_date", "end_date"} and isinstance(value, str):
        try:
            import datetime as dt

            return formatting.abbreviated_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if isinstance(value, list):
        return formatting.plural(len(value), "lien", "liens")
    return str(value)


FIELD_LABELS: dict[str, str] = {
    "title": "Titre", "description": "Description", "status": "Statut", "status_label": "Statut",
    "progress": "Avancement", "progress_set_by_hand": "Avancement saisi", "start_date": "Début",
    "end_date": "Fin", "validated": "Validé", "withdrawn": "Retiré", "committer_name": "Porteur",
    "proposal_ids": "Propositions", "territory_ids": "Territoires concernés", "territories": "Territoires concernés",
}


def history_table(revisions: Sequence[RevisionView]) -> pd.DataFrame:
    """Each saved version, newest first, with what it changed from the one before."""
    records = []
    ordered = list(revisions)
    for index, revision in enumerate(ordered):
        previous = ordered[index + 1].snapshot if index + 1 < len(ordered) else None
        if previous is None:
            change = "Création"
        else:
            changed = [FIELD_LABELS[k] + " : " + _value(k, revision.snapshot.get(k))
                       for k in FIELD_LABELS if k in revision.snapshot
                       and revision.snapshot.get(k) != previous.get(k)]
            change = " ; ".join(dict.fromkeys(changed)) or "Aucun changement visible"
        records.append({"Version": formatting.number(revision.version),
                        "Date": formatting.paris_time(revision.created_at, pattern="%d/%m/%Y à %H:%M"),
                        "Par": revision.created_by, "Changements": change})
    return pd.DataFrame(records, columns=["Version", "Date", "Par", "Changements"])


def status_table(statuses: Sequence[StatusView]) -> pd.DataFrame:
    return pd.DataFrame({
        "Libellé": [s.label for s in statuses],
        "Avancement par défaut": [int(s.default_progress) for s in statuses],
        "Réalisé": [bool(s.done) for s in statuses],
        "Clos": [bool(s.closed) for s in statuses],
        "Engagements": [formatting.number(s.used) for s in statuses],
    })


def import_tables(report: CommitmentImportReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(errors and warnings by row and column, what each row does), as the grid import shows them."""
    issues = pd.DataFrame([issue.as_row() for issue in report.issues], columns=list(REPORT_COLUMNS))
    if not issues.empty:
        issues["Ligne"] = [formatting.number(int(v)) if pd.notna(v) else "—" for v in issues["Ligne"]]
        issues = issues.drop(columns=[c for c in ("Feuille", "Territoire") if c in issues
                                      and not issues[c].astype(str).str.strip().any()])
    plan = pd.DataFrame([outcome.as_row() for outcome in report.outcomes], columns=list(PLAN_COLUMNS))
    if not plan.empty:
        plan["Ligne"] = [formatting.number(int(v)) for v in plan["Ligne"]]
    return issues, plan
