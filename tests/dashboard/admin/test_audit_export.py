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
    assert rows[0][0] == "Date (heure de Paris)"
    for row in rows[1:]:
        assert all(not cell.startswith(FORMULA_PREFIXES) for cell in row), row


def test_xlsx_cells_are_text_not_formulas() -> None:
    workbook = load_workbook(io.BytesIO(audit_export.to_xlsx([_event(value) for value in FORMULAS])))
    sheet = workbook["Journal"]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in {"s", "inlineStr"}  # text, never "f" (formula)
            assert not str(cell.value or "").startswith(FORMULA_PREFIXES)
    assert sheet.cell(row=2, column=1).value == "10/03/2025 10:30:00"  # 09:30 UTC is 10:30 in Paris in March


def test_exports_show_labels_not_codes() -> None:
    event = AuditRow(occurred_at=dt.datetime(2025, 3, 10, 9, 30), actor="mode-local@localhost",
                     action="manifeste.element.ajout", entity_type="campaign", entity_id="1", summary="",
                     before=None, after=None)
    row = list(csv.reader(io.StringIO(audit_export.to_csv([event]).decode("utf-8-sig")), delimiter=";"))[1]
    assert row[1:5] == ["Mode local", "Ajout d'une proposition au manifeste", "Campagne", "Campagne n° 1"]
    assert "mode-local@localhost" not in row and "manifeste.element.ajout" not in row


def test_before_and_after_read_as_french_not_json() -> None:
    event = AuditRow(occurred_at=dt.datetime(2025, 7, 1, 22, 15), actor="ligne-de-commande:root",
                     action="manifeste.element.modification", entity_type="manifesto_item", entity_id="17",
                     summary="", before={"sources": [163, 404], "stage": "charte_signee", "status": "brouillon"},
                     after={"sources": [], "held_on": "2025-03-10", "source_hash": "ab" * 32, "methodes": True},
                     object_name="Élément 5.1 du manifeste")
    row = list(csv.reader(io.StringIO(audit_export.to_csv([event]).decode("utf-8-sig")), delimiter=";"))[1]
    assert row[0] == "02/07/2025 00:15:00"  # the Paris day, not the UTC one
    assert row[1] == "Ligne de commande (root)" and row[4] == "Élément 5.1 du manifeste"
    assert row[6] == "Propositions sources : 163, 404 ; Étape : Charte signée ; Statut : Brouillon"
    assert row[7] == "Propositions sources : aucun ; Date : 10/03/2025 ; Empreinte du fichier : empreinte technique ; Méthodes partagées : oui"
    assert not any(mark in cell for cell in row for mark in ("{", "[", '"'))
