"""Audit exports: every cell that a spreadsheet would evaluate is neutralised."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from dashboard.admin import audit_export
from dashboard.admin.actions import AuditRow
from data_access.spreadsheet import FORMULA_PREFIXES

FORMULAS = ("=HYPERLINK(\"http://evil.example\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd")


def _event(text: str) -> AuditRow:
    return AuditRow(occurred_at=dt.datetime(2025, 3, 10, 9, 30), actor=text, action="test", entity_type="x",
                    entity_id=text, summary=text, before={"a": text}, after=None)


@pytest.mark.parametrize("value", FORMULAS)
def test_neutralise_prefixes_formula_starters(value: str) -> None:
    assert audit_export.neutralise(value) == "'" + value
    assert audit_export.neutralise("Rennes") == "Rennes"


def test_csv_cells_never_start_a_formula() -> None:
    data = audit_export.to_csv([_event(value) for value in FORMULAS]).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert rows[0][0] == "Date (UTC)"
    for row in rows[1:]:
        assert all(not cell.startswith(FORMULA_PREFIXES) for cell in row), row


def test_xlsx_cells_are_text_not_formulas() -> None:
    workbook = load_workbook(io.BytesIO(audit_export.to_xlsx([_event(value) for value in FORMULAS])))
    sheet = workbook["Journal"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in {"s", "inlineStr"}  # text, never "f" (formula)
            assert not str(cell.value or "").startswith(FORMULA_PREFIXES)
    assert sheet.cell(row=2, column=1).value == "2025-03-10 09:30:00"


def test_exports_show_labels_not_codes() -> None:
    event = AuditRow(occurred_at=dt.datetime(2025, 3, 10, 9, 30), actor="mode-local@localhost",
                     action="manifeste.element.ajout", entity_type="campaign", entity_id="1", summary="",
                     before=None, after=None)
    row = list(csv.reader(io.StringIO(audit_export.to_csv([event]).decode("utf-8-sig")), delimiter=";"))[1]
    assert row[1:5] == ["Mode local", "Ajout d'une proposition au manifeste", "Campagne", "1"]
    assert "mode-local@localhost" not in row and "manifeste.element.ajout" not in row
