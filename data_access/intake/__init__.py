"""Import of grids from spreadsheets: parse → validate → plan → apply, all or nothing.

- ``read_upload`` turns bytes into tables (XLSX template, CSV in UTF-8/BOM/Windows-1252 with
  ``,`` or ``;``, a form tool's flat export) after checking size and content; the file name is
  only ever shown, never used as a path.
- ``validate`` maps columns to the grid's fields, resolves territories, parses every cell and
  returns one ``TerritoryEntry`` per territory plus a French report (errors and warnings).
- ``plan`` compares the entries with the store (what would be created or changed): the dry run.
- ``apply`` writes the plan in the caller's transaction; it refuses a report with any error,
  so a file with one bad cell changes nothing.

Idempotence: a file already imported (same SHA-256) is recognised from the audit log, and
each territory's answers carry a hash (``GridResponse.source_hash``): unchanged answers create
nothing; changed ones become a new version, the previous one stays as history.

The package is cut by step (fields, reading, mapping, cells, validation with row_checks and
territory_identity, report, planning, applying, template; changes: what a new version keeps, changes and withdraws); this module is its public surface, so callers write ``intake.run_import``.
"""

from data_access.french import normalise, plural
from data_access.intake.applying import (
    RemovalsNotConfirmed,
    apply,
    check_entry,
    refused_report,
    run_import,
    submit_entry,
)
from data_access.intake.cells import (
    parse_choice,
    parse_choices,
    parse_date,
    parse_integer,
    parse_yes_no,
)
from data_access.intake.fields import (
    ERROR,
    IMPORT_ACTION,
    PROPOSALS_SHEET,
    SESSIONS_SHEET,
    TERRITORY_SHEET,
    TRACKING_QUESTIONS,
    WARNING,
    Field,
    flat_targets,
    sha256,
    sheet_fields,
)
from data_access.intake.mapping import list_presets, save_preset, suggest_mapping
from data_access.intake.planning import (
    already_imported,
    ensure_target_campaign,
    participation_labels,
    plan,
    target_campaign,
)
from data_access.intake.reading import RawFile, RawRow, RawTable, read_upload
from data_access.intake.report import (
    PLAN_COLUMNS,
    REPORT_COLUMNS,
    ImportReport,
    Issue,
    RowPlan,
    TerritoryEntry,
)
from data_access.intake.validation import validate

__all__ = [
    "ERROR",
    "IMPORT_ACTION",
    "PLAN_COLUMNS",
    "PROPOSALS_SHEET",
    "REPORT_COLUMNS",
    "SESSIONS_SHEET",
    "TERRITORY_SHEET",
    "TRACKING_QUESTIONS",
    "WARNING",
    "Field",
    "ImportReport",
    "Issue",
    "RawFile",
    "RawRow",
    "RawTable",
    "RemovalsNotConfirmed",
    "RowPlan",
    "TerritoryEntry",
    "already_imported",
    "apply",
    "check_entry",
    "ensure_target_campaign",
    "flat_targets",
    "list_presets",
    "normalise",
    "parse_choice",
    "parse_choices",
    "parse_date",
    "parse_integer",
    "parse_yes_no",
    "participation_labels",
    "plan",
    "plural",
    "read_upload",
    "refused_report",
    "run_import",
    "save_preset",
    "sha256",
    "sheet_fields",
    "submit_entry",
    "suggest_mapping",
    "target_campaign",
    "validate",
]
