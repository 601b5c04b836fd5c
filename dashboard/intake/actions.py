"""What the import and entry pages call: each function opens one session and returns plain values.

Cached readers key on the data versions they read; writes need no cache clearing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dashboard.cache import reader
from dashboard.text import formatting
from dashboard.ui import campaign_readers
from data_access import intake
from data_access.access import Actor
from data_access.db import session_scope
from data_access.errors import ValidationError
from data_access.intake import ImportReport, changes, template
from data_access.intake.grid import DEFAULT_CHAPTERS, load_definition
from data_access.territories import resolver

TEMPLATE_FILE_NAME = "grille-concertations.xlsx"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def campaign_chapters() -> list[str]:
    campaigns = campaign_readers.campaign_list()
    return list(campaigns[0].default_chapters) if campaigns and campaigns[0].default_chapters else list(DEFAULT_CHAPTERS)


@reader()
def template_bytes(chapters: tuple[str, ...]) -> bytes:
    return template.build_template(load_definition(), chapters)


@reader("presets")
def presets() -> dict[str, dict[str, str]]:
    with session_scope() as session:
        return intake.list_presets(session)


def save_preset(*, actor: Actor, name: str, mapping: Mapping[str, str]) -> None:
    with session_scope() as session:
        intake.save_preset(session, actor=actor, name=name, mapping=mapping)


@dataclass(frozen=True)
class Upload:
    """An uploaded file read once: its tables, or the French reason it was refused."""

    raw: intake.RawFile | None
    refusal: ImportReport | None


def read_upload(data: bytes, filename: str) -> Upload:
    try:
        return Upload(raw=intake.read_upload(data, filename), refusal=None)
    except ValidationError as exc:
        return Upload(raw=None, refusal=intake.refused_report(filename, data, exc))


def mapping_targets() -> dict[str, str]:
    """Field id → French label, for the column-mapping select boxes of a flat export."""
    return {field.id: field.label for field in intake.flat_targets(load_definition())}


def suggested_mapping(headers: Sequence[str]) -> dict[str, str]:
    return intake.suggest_mapping(headers, intake.flat_targets(load_definition()))


def preview(*, actor: Actor, data: bytes, filename: str, mapping: Mapping[str, str] | None,
            choices: Mapping[int, tuple[str, str]]) -> ImportReport:
    """The dry run: nothing is written."""
    try:
        with session_scope() as session:
            return intake.run_import(session, actor=actor, data=data, filename=filename, dry_run=True,
                                     mapping=mapping, choices=choices)
    except ValidationError as exc:
        return intake.refused_report(filename, data, exc)


def confirm(*, actor: Actor, data: bytes, filename: str, mapping: Mapping[str, str] | None,
            choices: Mapping[int, tuple[str, str]], confirm_removals: bool = False) -> ImportReport:
    """The import itself, in one transaction; raises a user-facing error when refused (withdrawals
    not confirmed included)."""
    with session_scope() as session:
        report = intake.run_import(session, actor=actor, data=data, filename=filename, mapping=mapping,
                                   choices=choices, confirm_removals=confirm_removals)
    return report


def ambiguous_resolution(query: str, candidates: tuple[resolver.Candidate, ...]) -> resolver.Resolution:
    return resolver.Resolution(query=query, status="ambiguous", territory=None, score=None, candidates=candidates)


def report_tables(report: ImportReport) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows for display: an empty « Ligne » for file-level messages rather than « None »."""
    issues = [{**row, "Ligne": "" if row["Ligne"] is None else str(row["Ligne"])}
              for row in template.report_rows(report)]
    return issues, template.plan_rows(report)


@dataclass(frozen=True)
class FieldMessages:
    """An entry form's report placed where the person typed: under a field (by its label), under
    the sessions or proposals table (« Session 2 — Format : … »), or for the whole entry."""

    by_field: dict[str, list[tuple[str, str]]]  # field label → (level, message)
    sessions: list[tuple[str, str]]
    proposals: list[tuple[str, str]]
    general: list[tuple[str, str]]

    @property
    def count(self) -> int:
        return (sum(len(v) for v in self.by_field.values()) + len(self.sessions) + len(self.proposals)
                + len(self.general))


def field_messages(report: ImportReport, field_labels: set[str]) -> FieldMessages:
    """Each issue once, at its place in the form: no sheet names nor spreadsheet row numbers."""
    by_field: dict[str, list[tuple[str, str]]] = {}
    sessions: list[tuple[str, str]] = []
    proposals: list[tuple[str, str]] = []
    general: list[tuple[str, str]] = []
    seen: set[tuple[str, str, str, int | None]] = set()
    for level, issue in [*(("erreur", i) for i in report.errors), *(("avertissement", i) for i in report.warnings)]:
        key = (issue.message, issue.sheet, issue.column, issue.row)
        if key in seen:
            continue
        seen.add(key)
        column = issue.column.removesuffix(" *")
        if issue.sheet in (intake.SESSIONS_SHEET, intake.PROPOSALS_SHEET) and issue.row:
            noun = "Session" if issue.sheet == intake.SESSIONS_SHEET else "Proposition"
            place = f"{noun} {issue.row - 1}" + (f" — {column}" if column else "")
            (sessions if issue.sheet == intake.SESSIONS_SHEET else proposals).append((level, f"{place} : {issue.message}"))
        elif column in field_labels:
            by_field.setdefault(column, []).append((level, issue.message))
        else:
            general.append((level, f"{column} : {issue.message}" if column else issue.message))
    return FieldMessages(by_field=by_field, sessions=sessions, proposals=proposals, general=general)


def report_files(report: ImportReport) -> tuple[bytes, bytes]:
    return template.report_csv(report), template.report_xlsx(report)


# --------------------------------------------------------------------------- entry form


@reader("participations", "territories")
def participation_choices(campaign_id: int) -> dict[int, str]:
    """Participation id → « Rennes (commune, 35238) », sorted by name."""
    with session_scope() as session:
        return dict(intake.participation_labels(session, campaign_id))


@dataclass(frozen=True)
class EntryValues:
    territory: dict[str, Any]
    sessions: list[dict[str, Any]]
    proposals: list[dict[str, Any]]


@reader("participations", "submissions", "territories")
def entry_values(campaign_id: int, participation_id: int) -> EntryValues:
    """One territory's current answers, read alone (never the whole campaign)."""
    with session_scope() as session:
        rows = template.campaign_rows(session, campaign_id, participation_id=participation_id)
    territory = rows[intake.TERRITORY_SHEET][0] if rows[intake.TERRITORY_SHEET] else {}
    return EntryValues(territory=territory, sessions=rows[intake.SESSIONS_SHEET],
                       proposals=rows[intake.PROPOSALS_SHEET])


def resolve_territory(query: str) -> resolver.Resolution:
    return resolver.resolve(query)


def submit_entry(*, actor: Actor, territory: Mapping[str, Any], sessions: Sequence[Mapping[str, Any]],
                 proposals: Sequence[Mapping[str, Any]], dry_run: bool = False) -> ImportReport:
    with session_scope() as session:
        report = intake.submit_entry(session, actor=actor, territory=territory, sessions=sessions,
                                     proposals=proposals, dry_run=dry_run)
    return report


def iso(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- pre-filled grid, withdrawals


@reader("campaigns", "participations", "submissions", "territories")
def territory_template(campaign_id: int, participation_id: int) -> bytes:
    """The template holding this territory's current answers: correct it, re-import it."""
    with session_scope() as session:
        return template.export_campaign(session, campaign_id, participation_id)


def territory_template_name(name: str) -> str:
    slug = "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())[:60]
    return f"grille-{slug or 'territoire'}.xlsx"


@reader("submissions")
def withdrawn_marks(proposal_ids: tuple[int, ...]) -> dict[int, dt.date]:
    """proposal id → the day its territory withdrew it (for « retirée par le territoire le … »)."""
    with session_scope() as session:
        return changes.withdrawn_marks(session, proposal_ids)


def withdrawn_label(day: dt.date) -> str:
    return f"retirée par le territoire le {formatting.date(day)}"
