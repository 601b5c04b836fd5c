"""The XLSX template generated from the grid definition."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from data_access import intake
from data_access.intake import template as intake_template
from data_access.intake.grid import load_definition
from tests.support.factories.intake import proposal_row, session_row, territory_row, workbook


def test_template_sheets_headers_and_drop_downs() -> None:
    book = load_workbook(io.BytesIO(intake_template.build_template()))
    assert book.sheetnames == ["Instructions", "Territoires", "Sessions", "Propositions", "Listes"]
    assert book["Listes"].sheet_state == "hidden"
    assert "Comment remplir ce classeur" in [c.value for c in book["Instructions"]["A"]]
    headers = [c.value for c in book["Territoires"][1]]
    assert headers[:2] == ["Nom de la collectivité", "Code INSEE ou SIREN de la collectivité"]
    definition = load_definition()
    for section in definition.sections:
        if not section.repeated:
            assert {q.label for q in section.questions} <= set(headers)
    sessions = book["Sessions"]
    assert [c.value for c in sessions[1]][-5:] == [q.label for q in definition.section("sessions").questions]
    kinds = {dv.type for dv in sessions.data_validations.dataValidation}
    assert {"list", "whole", "date"} <= kinds
    format_list = book["Listes"]
    assert "réunion publique" in [c.value for row in format_list.iter_rows() for c in row]


def test_filled_template_has_typed_cells_and_formulas_stay_text() -> None:
    data = workbook([territory_row(opportunites="=SOMME(A1:A3)")], [session_row()], [proposal_row()])
    book = load_workbook(io.BytesIO(data))
    row = {book["Territoires"].cell(1, i + 1).value: c for i, c in enumerate(book["Territoires"][2])}
    assert row["Date de signature"].value == dt.datetime(2024, 10, 15)
    assert row["Date de signature"].number_format == intake_template.DATE_FORMAT
    assert row["Quelles opportunités l'IA offre-t-elle pour votre territoire ?"].data_type == "s"
    assert row["Thèmes abordés"].value == "Relation aux usagers"
    session_cells = list(book["Sessions"][2])
    assert session_cells[-2].value == 35 and session_cells[-2].number_format == "0"


def test_template_round_trips_through_the_reader() -> None:
    raw = intake.read_upload(workbook([territory_row()], [session_row()], [proposal_row()]), "modele.xlsx")
    assert raw.is_template
    report = intake.validate(raw)
    assert report.ok
    entry = report.entries[0]
    assert entry.sessions and entry.sessions[0]["publics"] == ["citoyens", "agents"]
    assert entry.proposals[0]["chapter"] == "IA sociale"
