"""The XLSX template generated from the grid definition, a campaign exported in that format,
and the import report as CSV/XLSX files. No Streamlit here: the command line uses it.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.intake.fields import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MULTI_SEPARATOR,
    PROPOSALS_SHEET,
    SESSIONS_SHEET,
    TERRITORY_SHEET,
    Field,
    sheet_fields,
)
from data_access.intake.grid import DEFAULT_CHAPTERS, GridDefinition, Question, load_definition
from data_access.intake.report import REPORT_COLUMNS, ImportReport, exported_answers
from data_access.models import (
    STAGE_LABELS,
    Campaign,
    CharterSignature,
    ConcertationSession,
    GridResponse,
    Participation,
    Proposal,
    Stage,
    Territory,
)
from data_access.spreadsheet import neutralise
from data_access.territories import reference

DATE_FORMAT = "DD/MM/YYYY"
MAX_ROWS = 200_000  # validations cover this many rows of each sheet
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
Rows = dict[str, list[dict[str, Any]]]


def _instructions(definition: GridDefinition) -> list[str]:
    return [
        definition.title,
        f"Version de la grille : {definition.version}",
        "",
        "Comment remplir ce classeur",
        f"• Feuille « {TERRITORY_SHEET} » : une ligne par collectivité (nom officiel et, si possible, "
        "code INSEE de la commune ou SIREN de l'intercommunalité).",
        f"• Feuille « {SESSIONS_SHEET} » : une ligne par session de concertation, rattachée à sa "
        "collectivité par le même nom ou le même code.",
        f"• Feuille « {PROPOSALS_SHEET} » : une ligne par proposition, rattachée de la même façon.",
        "• Choix multiples : séparez les valeurs par un point-virgule (;). Les listes déroulantes "
        "indiquent les valeurs permises (majuscules et accents sont tolérés).",
        "• Dates : jj/mm/aaaa (par exemple 14/02/2025). Nombres : entiers positifs.",
        "• Oui/Non : « oui » ou « non ».",
        "• Les formules ne sont jamais calculées : leur texte est conservé tel quel.",
        "• Ne renommez pas les feuilles ni les en-têtes de colonnes.",
        "",
        "Importer : page « Import des grilles » du tableau de bord, ou « concertations import FICHIER ». "
        "Un fichier contenant la moindre erreur n'est pas importé ; un fichier importé deux fois "
        "ne crée rien la seconde fois ; une grille modifiée devient une nouvelle version.",
        "",
        "Questions",
        *[f"• {q.label}{' (obligatoire)' if q.required else ''}{' — ' + q.help if q.help else ''}"
          for s in definition.sections for q in s.questions],
    ]


def _choices(definition: GridDefinition, question: Question, chapters: Sequence[str]) -> list[str]:
    return definition.choices(question, list(chapters))


def build_template(
    definition: GridDefinition | None = None,
    chapters: Sequence[str] = DEFAULT_CHAPTERS,
    rows: Rows | None = None,
) -> bytes:
    """The template as XLSX bytes; with ``rows`` (sheet → list of field id → value), filled in."""
    definition = definition or load_definition()
    workbook = Workbook(write_only=True)
    instructions = workbook.create_sheet(INSTRUCTIONS_SHEET)
    instructions.column_dimensions["A"].width = 120
    for number, line in enumerate(_instructions(definition)):
        cell = WriteOnlyCell(instructions, value=line)
        if number == 0 or line in {"Comment remplir ce classeur", "Questions"}:
            cell.font = Font(bold=True, size=13 if number == 0 else 11)
        instructions.append([cell])
    fields = sheet_fields(definition)
    lists = _lists(definition, chapters, fields)
    list_ranges: dict[str, str] = {}
    for position, (key, values) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        list_ranges[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
    for sheet_name, sheet_columns in fields.items():
        worksheet = workbook.create_sheet(sheet_name)
        worksheet.freeze_panes = "A2"
        for index, column in enumerate(sheet_columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = 40 if column.question.type == "long_text" else 22
        _validations(worksheet, sheet_columns, list_ranges)
        header = []
        for column in sheet_columns:
            cell = WriteOnlyCell(worksheet, value=column.label)
            cell.fill, cell.font = HEADER_FILL, HEADER_FONT
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            header.append(cell)
        worksheet.append(header)
        for row_values in (rows or {}).get(sheet_name, []):
            worksheet.append([_cell(worksheet, column, row_values.get(column.id)) for column in sheet_columns])
    lists_sheet = workbook.create_sheet(LISTS_SHEET)
    lists_sheet.sheet_state = "hidden"
    lists_sheet.append(list(lists))
    longest = max((len(v) for v in lists.values()), default=0)
    for i in range(longest):
        lists_sheet.append([values[i] if i < len(values) else None for values in lists.values()])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _lists(definition: GridDefinition, chapters: Sequence[str], fields: dict[str, list[Field]]) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {"oui_non": ["oui", "non"]}
    for columns in fields.values():
        for column in columns:
            q = column.question
            if q.type in {"single_choice", "multiple_choice"}:
                lists.setdefault(q.choices_from or q.id, _choices(definition, q, chapters))
    return lists


def _validations(worksheet: Any, columns: list[Field], list_ranges: dict[str, str]) -> None:
    for index, column in enumerate(columns, start=1):
        q = column.question
        cells = f"{get_column_letter(index)}2:{get_column_letter(index)}{MAX_ROWS}"
        validation: DataValidation | None = None
        if q.type == "single_choice":
            validation = DataValidation(type="list", formula1=list_ranges[q.choices_from or q.id], allow_blank=True,
                                        showErrorMessage=True, errorTitle="Valeur non permise",
                                        error="Choisissez une valeur de la liste.")
        elif q.type == "multiple_choice":
            # A list validation would forbid "a ; b": offer the list as a hint, accept anything.
            validation = DataValidation(type="list", formula1=list_ranges[q.choices_from or q.id], allow_blank=True,
                                        showErrorMessage=False, promptTitle="Choix multiples",
                                        prompt="Plusieurs valeurs : séparez-les par « ; ».", showInputMessage=True)
        elif q.type == "yes_no":
            validation = DataValidation(type="list", formula1=list_ranges["oui_non"], allow_blank=True,
                                        showErrorMessage=True, error="Répondez « oui » ou « non ».")
        elif q.type == "integer":
            validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1=str(q.minimum or 0),
                                        allow_blank=True, showErrorMessage=True,
                                        error="Un nombre entier positif est attendu.")
        elif q.type == "date":
            validation = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                        showErrorMessage=True, error="Une date jj/mm/aaaa est attendue.")
        if validation is not None:
            validation.add(cells)
            worksheet.data_validations.append(validation)


def _cell(worksheet: Any, column: Field, value: Any) -> WriteOnlyCell:
    q = column.question
    if isinstance(value, (list, tuple)):
        value = MULTI_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, bool):
        value = "oui" if value else "non"
    elif q.type == "date" and isinstance(value, str) and value:
        with contextlib.suppress(ValueError):  # otherwise kept as typed: the import says what is wrong
            value = dt.date.fromisoformat(value)
    cell = WriteOnlyCell(worksheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    if q.type == "date":
        cell.number_format = DATE_FORMAT
    elif q.type == "integer":
        cell.number_format = "0"
    return cell


# --------------------------------------------------------------------------- campaign export


def campaign_rows(session: Session, campaign_id: int, definition: GridDefinition | None = None,
                  participation_id: int | None = None) -> Rows:
    """A campaign's participations (or only one of them) in the template's shape: the pre-filled grid.

    Withdrawn proposals are left out: the file holds the territory's current answers, so that
    re-importing it unchanged changes nothing. With ``participation_id`` only that territory's
    rows are read (the entry form and a territory's download must not load the whole campaign).
    """
    definition = definition or load_definition()
    territory_ids = {f.id for f in sheet_fields(definition)[TERRITORY_SHEET]}
    query = (select(Participation, Territory).join(Territory, Participation.territory_id == Territory.id)
             .where(Participation.campaign_id == campaign_id).order_by(Participation.id))
    if participation_id is not None:
        query = query.where(Participation.id == participation_id)
    participations = session.execute(query).all()

    def scoped(statement: Any, column: Any) -> Any:
        if participation_id is not None:
            return statement.where(column == participation_id)
        return statement.join(Participation, column == Participation.id).where(Participation.campaign_id == campaign_id)

    charters = {c.participation_id: c for c in session.scalars(
        scoped(select(CharterSignature), CharterSignature.participation_id))}
    responses = {r.participation_id: r for r in session.scalars(
        scoped(select(GridResponse), GridResponse.participation_id).where(GridResponse.is_current.is_(True)))}
    sessions: dict[int, list[ConcertationSession]] = defaultdict(list)
    for s in session.scalars(scoped(select(ConcertationSession), ConcertationSession.participation_id)
                             .order_by(ConcertationSession.id)):
        sessions[s.participation_id].append(s)
    proposals: dict[int, list[tuple[str, str, list[str]]]] = defaultdict(list)
    for pid, text, chapter, themes in session.execute(
            scoped(select(Proposal.participation_id, Proposal.text, Proposal.chapter, Proposal.themes),
                   Proposal.participation_id).where(Proposal.withdrawn_on.is_(None)).order_by(Proposal.id)):
        proposals[pid].append((text, chapter, list(themes or [])))
    rows: Rows = {TERRITORY_SHEET: [], SESSIONS_SHEET: [], PROPOSALS_SHEET: []}
    for participation, territory in participations:
        if participation_id is not None and participation.id != participation_id:
            continue
        response = responses.get(participation.id)
        charter = charters.get(participation.id)
        # The same view of the answers as the dry run's (report.exported_answers): re-imported unchanged,
        # this row creates no grid version.
        answers = exported_answers(response.answers if response else {}, name=territory.name, code=territory.code,
                                   networks=participation.networks or [], sessions=[],
                                   charter=(charter.signed_on, charter.signatory_role) if charter else None)
        link = {"type_collectivite": reference.KIND_LABELS.get(territory.kind, territory.kind),
                "territoire_code": territory.code, "territoire": territory.name}
        row: dict[str, Any] = {k: v for k, v in answers.items() if k in territory_ids}
        row.update(link)
        row.update({
            "contact_nom": participation.contact_name, "contact_email": participation.contact_email,
            "contact_telephone": participation.contact_phone,
            "etape": STAGE_LABELS[Stage(participation.stage)],
            "date_engagement": participation.engaged_on.isoformat(),
            "date_etape": participation.stage_changed_on.isoformat(),
        })
        if territory.kind == reference.INTERNATIONAL:
            row.update({"pays": territory.country, "latitude": territory.lat, "longitude": territory.lon})
        rows[TERRITORY_SHEET].append(row)
        for s in sessions.get(participation.id, []):
            rows[SESSIONS_SHEET].append({**link, "sessions.date": s.held_on.isoformat(), "sessions.format": s.format,
                                         "sessions.publics": list(s.publics), "sessions.participants": s.participants,
                                         "sessions.lieu": s.place})
        for text, chapter, themes in proposals.get(participation.id, []):
            rows[PROPOSALS_SHEET].append({**link, "propositions.texte": text, "propositions.chapitre": chapter,
                                          "propositions.themes": themes})
    return rows


def export_campaign(session: Session, campaign_id: int, participation_id: int | None = None) -> bytes:
    """The template filled with the campaign's current answers (or one territory's): ready to correct."""
    campaign = session.get(Campaign, campaign_id)
    assert campaign is not None
    definition = load_definition()
    return build_template(definition, list(campaign.default_chapters) or DEFAULT_CHAPTERS,
                          campaign_rows(session, campaign_id, definition, participation_id=participation_id))


def find_participation(session: Session, campaign_id: int, code: str) -> int:
    """The participation of the territory with this code (``kind:code`` when a code is shared)."""
    from data_access.errors import ValidationError

    kind, _, bare = code.strip().rpartition(":")
    query = (select(Participation.id, Territory.kind, Territory.name).join(Territory)
             .where(Participation.campaign_id == campaign_id, Territory.code == bare.strip()))
    if kind:
        query = query.where(Territory.kind == kind.strip())
    found = session.execute(query).all()
    if not found:
        raise ValidationError(f"Aucun territoire engagé dans la campagne n'a le code « {code[:40]} ».",
                              hint="Indiquez le code INSEE (commune), SIREN (intercommunalité) ou le code "
                                   "du département ou de la région.")
    if len(found) > 1:
        names = ", ".join(f"{kind}:{bare} ({name})" for _, kind, name in found)
        raise ValidationError(f"Le code « {bare} » désigne plusieurs territoires : {names}.",
                              hint="Précisez le type, par exemple « departement:35 ».")
    return int(found[0][0])


# --------------------------------------------------------------------------- report files


def report_rows(report: ImportReport) -> list[dict[str, Any]]:
    rows = [issue.as_row() for issue in report.issues]
    if not rows:
        rows = [{"Niveau": "Information", "Feuille": "", "Ligne": None, "Colonne": "", "Territoire": "",
                 "Message": report.summary()}]
    return rows


def plan_rows(report: ImportReport) -> list[dict[str, Any]]:
    return [plan.as_row() for plan in report.plans]


def report_csv(report: ImportReport) -> bytes:
    """UTF-8 with BOM and ``;``: what French Excel opens correctly."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(REPORT_COLUMNS), delimiter=";")
    writer.writeheader()
    for row in report_rows(report):
        writer.writerow({k: neutralise(v) for k, v in row.items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def report_xlsx(report: ImportReport) -> bytes:
    workbook = Workbook(write_only=True)
    for title, rows, columns in (
        ("Rapport", report_rows(report), list(REPORT_COLUMNS)),
        ("Actions", plan_rows(report), ["Ligne", "Territoire", "Code", "Action", "Détail"]),
    ):
        worksheet = workbook.create_sheet(title)
        worksheet.append(columns)
        for row in rows:
            cells = []
            for column in columns:
                cell = WriteOnlyCell(worksheet, value=row.get(column))
                if isinstance(cell.value, str):
                    cell.data_type = "s"
                cells.append(cell)
            worksheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

