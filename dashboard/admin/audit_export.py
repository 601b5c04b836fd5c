"""CSV and XLSX exports of the audit log, safe to open in a spreadsheet (no streamlit import)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from openpyxl import Workbook

from dashboard.admin.actions import AuditRow
from data_access.audit_labels import action_label, actor_label, change_text, object_label
from data_access.french import TIME_ZONE, paris_time
from data_access.spreadsheet import neutralise

# Actors, actions and objects as people read them (audit_labels), never the stored codes.
HEADERS = (f"Date ({TIME_ZONE})", "Utilisateur", "Action", "Type d'objet", "Objet", "Résumé", "Avant", "Après")


def rows(events: Sequence[AuditRow]) -> list[list[str]]:
    """Every cell as neutralised French text: times in Europe/Paris, before/after in words."""
    table = []
    for event in events:
        cells = [
            paris_time(event.occurred_at, pattern="%d/%m/%Y %H:%M:%S"), actor_label(event.actor),
            action_label(event.action), object_label(event.entity_type),
            event.object_name or object_label(event.entity_type, event.entity_id), event.summary,
            change_text(event.before), change_text(event.after),
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
