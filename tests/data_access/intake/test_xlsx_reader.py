"""The streaming XLSX reader reads the same values as openpyxl (which stays the fallback)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook, load_workbook

from data_access.intake import xlsx_reader
from tests.support.factories.intake import proposal_row, session_row, territory_row, workbook


def _openpyxl_values(data: bytes) -> list[tuple[str, list[tuple[int, list[object]]]]]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    result = []
    for sheet in book.worksheets:
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            trimmed = list(values)
            while trimmed and trimmed[-1] in (None, ""):
                trimmed.pop()
            if trimmed:
                rows.append((number, trimmed))
        result.append((sheet.title, rows))
    return result


def test_same_values_as_openpyxl_on_the_template() -> None:
    data = workbook([territory_row(opportunites="=1+1", controle="<b>html</b>")], [session_row()], [proposal_row()])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert xlsx_reader.read_workbook(archive) == _openpyxl_values(data)


def test_shared_strings_dates_booleans_and_formulas() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Nom", "Date", "Oui", "Nombre", "Calcul"])
    sheet.append(["Brest", dt.datetime(2025, 2, 14), True, 12, "=SUM(D2:D3)"])
    sheet["B2"].number_format = "DD/MM/YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        (_title, rows), = xlsx_reader.read_workbook(archive)
    assert rows[1] == (2, ["Brest", dt.datetime(2025, 2, 14), True, 12, "=SUM(D2:D3)"])
    assert rows == _openpyxl_values(buffer.getvalue())[0][1]
