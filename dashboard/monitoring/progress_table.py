"""The suivi page's per-territory table as a DataFrame, and its CSV/XLSX exports (no streamlit).

Exports neutralise formula injection: a cell starting with = + - @ tab or CR is prefixed with
an apostrophe, so a territory or contact named « =HYPERLINK(…) » stays text in a spreadsheet.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from dashboard.text import formatting
from data_access import french
from data_access.models import STAGE_LABELS, Stage
from data_access.monitoring import ProgressRow, stuck
from data_access.space.participations import Contact
from data_access.spreadsheet import neutralise
from data_access.territories import reference

STEP_COLUMNS = {
    Stage.ENGAGE: "Engagé le",
    Stage.CHARTE_SIGNEE: "Charte signée le",
    Stage.CONCERTATION_TENUE: "Concertation tenue le",
    Stage.GRILLE_DEPOSEE: "Grille déposée le",
    Stage.GRILLE_VALIDEE: "Grille validée le",
}
DAYS_COLUMN = "Jours depuis la dernière étape"
COMPLETION_COLUMN = "Grille remplie (%)"
CONTACT_COLUMNS = ("Contact", "Courriel", "Téléphone")


region_label = reference.region_label


def _contact_record(contact: Contact | None) -> dict[str, Any]:
    values = (contact.name, contact.email, contact.phone) if contact else (None, None, None)
    # A contact erased under the RGPD (or never given) reads « non renseigné », never « None ».
    return {column: french.or_empty(value) for column, value in zip(CONTACT_COLUMNS, values, strict=True)}


def default_as_of(rows: Sequence[ProgressRow], *, end_date: dt.date | None, today: dt.date) -> dt.date:
    """« Situation au »: today while the campaign runs, else the latest step recorded.

    The campaign's end date is not enough: steps are still recorded after it (grids validated
    before the forum), and a situation dated before them would show « 0 jours » for those territories.
    """
    if end_date is None or today <= end_date:
        return today
    latest = max((row.stage_changed_on for row in rows), default=end_date)
    return min(today, max(end_date, latest))


def days_since(row: ProgressRow, as_of: dt.date) -> int | None:
    """Days at the current step on ``as_of``; None (shown « — ») when the step came after ``as_of``."""
    if row.stage_changed_on > as_of:
        return None
    return row.days_since_last_step(as_of)


def progress_frame(
    rows: Sequence[ProgressRow], *, as_of: dt.date, contacts: Mapping[int, Contact] | None = None
) -> pd.DataFrame:
    """The suivi table; contact columns only when ``contacts`` (read with a role check) is given.

    Built column by column, with each label looked up once per distinct code.
    """
    departements = reference.departement_names()
    regions = {code: region_label(code) for code in {row.reg_code for row in rows}}
    stage_labels = {stage.value: STAGE_LABELS[stage] for stage in Stage}
    data: dict[str, Any] = {
        "Territoire": [row.name for row in rows],
        "Type": [reference.KIND_LABELS.get(row.kind, row.kind) for row in rows],
        # None, not "": the table shows « — » for a territory without département or network.
        "Département": [departements.get(row.dep_code, row.dep_code) if row.dep_code else None for row in rows],
        "Région": [regions[row.reg_code] for row in rows],
        "Réseaux": [", ".join(row.networks) or None for row in rows],
        "Étape": [stage_labels[row.stage] for row in rows],
    }
    for stage, column in STEP_COLUMNS.items():
        data[column] = pd.to_datetime(pd.Series([row.step_dates.get(stage.value) for row in rows], dtype=object))
    data[DAYS_COLUMN] = pd.array([days_since(row, as_of) for row in rows], dtype="Int64")
    data[COMPLETION_COLUMN] = [round(row.grid_completion * 100) for row in rows]
    if contacts is not None:
        records = [_contact_record(contacts.get(row.participation_id)) for row in rows]
        for column in CONTACT_COLUMNS:
            data[column] = [record[column] for record in records]
    return pd.DataFrame(data)


def _export_frame(frame: pd.DataFrame, *, dates_as_text: bool) -> pd.DataFrame:
    export = frame.copy()
    for column in export.columns:
        if pd.api.types.is_datetime64_any_dtype(export[column]):
            if dates_as_text:
                export[column] = [formatting.short_date(v.date(), empty="") if pd.notna(v) else ""
                                  for v in export[column]]
            else:
                export[column] = [v.date() if pd.notna(v) else None for v in export[column]]
        elif export[column].dtype == object or pd.api.types.is_string_dtype(export[column]):
            export[column] = [neutralise(v) for v in export[column]]
    return export


def to_csv(frame: pd.DataFrame) -> bytes:
    """Semicolon-separated UTF-8 with BOM: what French spreadsheet software opens correctly."""
    return _export_frame(frame, dates_as_text=True).to_csv(index=False, sep=";").encode("utf-8-sig")


def to_xlsx(frame: pd.DataFrame, *, sheet: str = "Suivi") -> bytes:
    buffer = io.BytesIO()
    export = _export_frame(frame, dates_as_text=False)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        export.to_excel(writer, index=False, sheet_name=sheet)
        worksheet = writer.sheets[sheet]
        for index, column in enumerate(export.columns, start=1):
            letter = worksheet.cell(row=1, column=index).column_letter
            worksheet.column_dimensions[letter].width = min(40, max(12, len(str(column)) + 2))
            if column in STEP_COLUMNS.values():
                for cell in worksheet[letter][1:]:
                    cell.number_format = "DD/MM/YYYY"
    return buffer.getvalue()


def stuck_frame(
    rows: Sequence[ProgressRow], *, min_days: int, as_of: dt.date, contacts: Mapping[int, Contact] | None = None
) -> pd.DataFrame:
    """Relances: territories stuck at a stage (not the last one) for at least ``min_days``."""
    waiting = stuck(rows, min_days=min_days, as_of=as_of)
    if not waiting:
        return pd.DataFrame()
    stage_labels = {stage.value: STAGE_LABELS[stage] for stage in Stage}
    # Babel is slow per call: format each whole percentage once (2,000 relances at scale 20).
    percents = {share: formatting.percent(share / 100) for share in range(101)}
    data: dict[str, Any] = {
        "Territoire": [row.name for row in waiting],
        "Type": [reference.KIND_LABELS.get(row.kind, row.kind) for row in waiting],
        "Étape actuelle": [stage_labels[row.stage] for row in waiting],
        "Dernière étape le": pd.to_datetime(pd.Series([row.stage_changed_on for row in waiting], dtype=object)),
        "Jours écoulés": [row.days_since_last_step(as_of) for row in waiting],
        "Grille remplie": [percents[round(row.grid_completion * 100)] for row in waiting],
    }
    if contacts is not None:
        records = [_contact_record(contacts.get(row.participation_id)) for row in waiting]
        for column in CONTACT_COLUMNS:
            data[column] = [record[column] for record in records]
    return pd.DataFrame(data)


# The table is paged on the server: the browser receives the rows shown, not the whole campaign
# (scale 20: 958 KB per view for 3,000 rows; one page of 50 is ~20 KB). Exports keep every row.
PAGE_SIZE = 50


def page_count(rows: int, size: int = PAGE_SIZE) -> int:
    return max(1, -(-rows // size))


def _collation_key(value: Any) -> Any:
    if isinstance(value, str):
        # « Évreux » between « Épinal » and « Foix », not after « Zoufftgen »; case ignored.
        return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode().casefold()
    return value


def sorted_frame(frame: pd.DataFrame, column: str, *, descending: bool = False) -> pd.DataFrame:
    """Sorted on the server (the browser only has one page): French-friendly order, blanks last."""
    if column not in frame.columns or frame.empty:
        return frame
    series = frame[column]
    if series.dtype == object or pd.api.types.is_string_dtype(series):
        return frame.sort_values(column, ascending=not descending, na_position="last", kind="stable",
                                 key=lambda values: values.map(_collation_key))
    return frame.sort_values(column, ascending=not descending, na_position="last", kind="stable")


def matching(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """Rows whose territory name contains ``search`` (case ignored); all rows for an empty search."""
    if not search or frame.empty:
        return frame
    return frame[frame["Territoire"].str.contains(search, case=False, regex=False)]


def sort_order(frame: pd.DataFrame, column: str, *, descending: bool = False) -> list[int]:
    """Row positions of ``sorted_frame``: what a cache keeps (a list of ints), not a second copy of the table."""
    return list(sorted_frame(frame.reset_index(drop=True), column, descending=descending).index)


def page_of(frame: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> pd.DataFrame:
    """Rows of page ``page`` (1-based, clamped to the last page)."""
    page = min(max(1, page), page_count(len(frame), size))
    return frame.iloc[(page - 1) * size: page * size]


def page_caption(rows: int, page: int, size: int = PAGE_SIZE) -> str:
    if rows == 0:
        return "Aucune ligne."
    page = min(max(1, page), page_count(rows, size))
    first, last = (page - 1) * size + 1, min(rows, page * size)
    return (f"Lignes {formatting.number(first)} à {formatting.number(last)} sur {formatting.number(rows)} "
            f"(page {page} sur {page_count(rows, size)}).")
