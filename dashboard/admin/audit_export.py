"""CSV and XLSX exports of the audit log, safe to open in a spreadsheet (no streamlit import)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from dashboard.admin.actions import AuditRow
from data_access.audit_labels import action_label, actor_label, object_label
from data_access.spreadsheet import neutralise

# Actors, actions and objects as people read them (audit_labels), never the stored codes.
HEADERS = ("Date (UTC)", "Utilisateur", "Action", "Objet", "Identifiant", "Résumé", "Avant", "Après")


def json_text(values: dict[str, Any] | None) -> str:
    return "" if values is None else json.dumps(values, ensure_ascii=False, sort_keys=True)


def rows(events: Sequence[AuditRow]) -> list[list[str]]:
    """Every cell as neutralised text: dates in ISO form, before/after as JSON."""
    table = []
    for event in events:
        cells = [
            event.occurred_at.strftime("%Y-%m-%d %H:%M:%S"), actor_label(event.actor), action_label(event.action),
            object_label(event.entity_type), event.entity_id or "", event.summary, json_text(event.before),
            json_text(event.after),
        ]
        table.append([neutralise(cell) for cell in cells])
    return table


def to_csv(events: Sequence[AuditRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(rows(events))
    # BOM: Excel opens UTF-8 with accents correctly only with it.
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(events: Sequence[AuditRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Journal"
    sheet.append(list(HEADERS))
    for row in rows(events):
        sheet.append(row)
    for row_cells in sheet.iter_rows(min_row=2):
        for cell in row_cells:
            cell.data_type = "s"  # never a formula, whatever openpyxl guessed
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
