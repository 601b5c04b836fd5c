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
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import audit, campaigns, reference, resolver
from data_access.access import Actor, require
from data_access.config import limits
from data_access.errors import ValidationError
from data_access.grid import (
    DEFAULT_CHAPTERS,
    GridDefinition,
    Question,
    Section,
    completion,
    is_answered,
    load_definition,
)
from data_access.models import (
    STAGE_LABELS,
    AuditEvent,
    Campaign,
    CharterSignature,
    ConcertationSession,
    Finding,
    GridResponse,
    ImportPreset,
    Participation,
    Proposal,
    Role,
    Stage,
    StageTransition,
    Territory,
)
from data_access.reference import INTERNATIONAL, ReferenceTerritory

TERRITORY_SHEET = "Territoires"
SESSIONS_SHEET = "Sessions"
PROPOSALS_SHEET = "Propositions"
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Listes"
MULTI_SEPARATOR = " ; "
IMPORT_ACTION = "import.fichier"
IMPORT_SOURCE = "import"
STAGE_KEPT = "L'étape déjà enregistrée"
MAX_NUMBERED_BLOCKS = 10  # flat exports: "Proposition 1 … 10" columns at most

Level = Literal["erreur", "avertissement"]
ERROR: Level = "erreur"
WARNING: Level = "avertissement"

# Questions of the grid whose text becomes a Finding of this category.
FINDING_QUESTIONS: dict[str, str] = {
    "opportunites": "opportunite",
    "risques": "risque",
    "conditions_deploiement": "condition_deploiement",
    "controle": "controle",
    "sobriete_energetique": "sobriete_energetique",
    "organisation_travail": "organisation_travail",
    "impact_service_public": "impact_service_public",
}
# Sections whose answers make a row "a grid" (identity, charter and sessions alone do not).
GRID_CONTENT_SECTIONS = ("enseignements", "criteres", "suites")
# Repeated blocks that become their own rows, keyed by section id.
BLOCK_SHEETS = {"sessions": SESSIONS_SHEET, "propositions": PROPOSALS_SHEET}

KIND_BY_LABEL = {label: kind for kind, label in reference.KIND_LABELS.items()}
STAGE_BY_LABEL = {label: stage for stage, label in STAGE_LABELS.items()}

# Columns the template adds to the grid's own questions: what the campaign follows up.
TRACKING_QUESTIONS: tuple[Question, ...] = (
    Question(id="type_collectivite", label="Type de collectivité", type="single_choice",
             choices=tuple(reference.KIND_LABELS.values()),
             help="Facultatif ; aide à distinguer un département d'une région de même code."),
    Question(id="etape", label="Étape de la participation", type="single_choice",
             choices=tuple(STAGE_LABELS.values()),
             help="Facultatif ; à défaut, déduite des informations fournies."),
    Question(id="date_engagement", label="Date d'engagement", type="date"),
    Question(id="date_etape", label="Date de l'étape", type="date"),
    Question(id="pays", label="Pays (collectivités hors de France)", type="short_text"),
    Question(id="latitude", label="Latitude (collectivités hors de France)", type="short_text"),
    Question(id="longitude", label="Longitude (collectivités hors de France)", type="short_text"),
)
LINK_IDS = ("type_collectivite", "territoire_code", "territoire")

MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "une image PNG"),
    (b"\xff\xd8\xff", "une image JPEG"),
    (b"GIF8", "une image GIF"),
    (b"%PDF", "un document PDF"),
    (b"BM", "une image BMP"),
    (b"\x1f\x8b", "une archive gzip"),
    (b"MZ", "un programme Windows"),
    (b"\x7fELF", "un programme"),
    (b"RIFF", "un fichier audio ou vidéo"),
)
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


# --------------------------------------------------------------------------- fields


@dataclass(frozen=True)
class Field:
    """A column the importer understands: a grid question placed on a sheet."""

    id: str  # "territoire", "sessions.date", "propositions.3.texte" (flat exports)
    question: Question
    sheet: str

    @property
    def label(self) -> str:
        return self.question.label


def territory_questions(definition: GridDefinition) -> list[Question]:
    """The territory sheet's columns: identity, tracking, then every plain question."""
    identity = definition.section("identite").questions
    rest = [q for s in definition.sections if not s.repeated and s.id != "identite" for q in s.questions]
    return [*identity, *TRACKING_QUESTIONS, *rest]


def link_questions(definition: GridDefinition) -> list[Question]:
    by_id = {q.id: q for q in territory_questions(definition)}
    return [by_id[qid] for qid in LINK_IDS]


def block_sections(definition: GridDefinition) -> list[Section]:
    return [s for s in definition.sections if s.repeated and s.id in BLOCK_SHEETS]


def sheet_fields(definition: GridDefinition) -> dict[str, list[Field]]:
    """Every sheet of the template with its columns, in order."""
    fields = {TERRITORY_SHEET: [Field(q.id, q, TERRITORY_SHEET) for q in territory_questions(definition)]}
    for section in block_sections(definition):
        sheet = BLOCK_SHEETS[section.id]
        fields[sheet] = [Field(q.id, q, sheet) for q in link_questions(definition)] + [
            Field(f"{section.id}.{q.id}", q, sheet) for q in section.questions
        ]
    return fields


def flat_targets(definition: GridDefinition) -> list[Field]:
    """What a flat export's column can be mapped to: territory fields and numbered block fields."""
    targets = [Field(q.id, q, TERRITORY_SHEET) for q in territory_questions(definition)]
    for section in block_sections(definition):
        singular = "Session" if section.id == "sessions" else "Proposition"
        for number in range(1, MAX_NUMBERED_BLOCKS + 1):
            for q in section.questions:
                label = f"{singular} {number} — {q.label}"
                targets.append(Field(f"{section.id}.{number}.{q.id}",
                                     Question(id=q.id, label=label, type=q.type, required=q.required,
                                              choices=q.choices, choices_from=q.choices_from,
                                              minimum=q.minimum), TERRITORY_SHEET))
    return targets


# --------------------------------------------------------------------------- normalisation


@lru_cache(maxsize=100_000)
def normalise(text: str) -> str:
    """Case, accent, punctuation and spacing insensitive form used to compare labels and choices."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    ascii_text = ascii_text.replace("œ", "oe")
    return " ".join("".join(ch if ch.isalnum() else " " for ch in ascii_text).split())


def clean_filename(filename: str) -> str:
    """A file name as shown and audited: last component only, no control characters, bounded."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "fichier")[:200]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- reading


@dataclass
class RawRow:
    number: int  # row number as the user sees it in the spreadsheet (header = 1)
    cells: dict[str, Any]  # header → raw value


@dataclass
class RawTable:
    name: str
    headers: list[str]
    rows: list[RawRow]


@dataclass
class RawFile:
    filename: str
    sha256: str
    size: int
    format: Literal["xlsx", "csv"]
    tables: list[RawTable]
    encoding: str | None = None
    delimiter: str | None = None

    def table(self, name: str) -> RawTable | None:
        for table in self.tables:
            if normalise(table.name) == normalise(name):
                return table
        return None

    @property
    def is_template(self) -> bool:
        return self.table(TERRITORY_SHEET) is not None


def _refuse(filename: str, message: str, hint: str | None = None) -> ValidationError:
    return ValidationError(f"Fichier « {filename} » refusé : {message}", hint=hint)


def read_upload(data: bytes, filename: str) -> RawFile:
    """Check size and content, then read the tables. Raises ValidationError with a French message."""
    name = clean_filename(filename)
    limit_mb = limits().upload_max_mb
    if len(data) > limit_mb * 1024 * 1024:
        size_mb = len(data) / (1024 * 1024)
        raise _refuse(name, f"il fait {size_mb:.1f} Mo, au-delà de la limite de {limit_mb} Mo.".replace(".", ",", 1),
                      hint="Découpez-le en plusieurs fichiers ou demandez à un administrateur de relever la limite.")
    if not data.strip():
        raise _refuse(name, "il est vide.")
    digest = sha256(data)
    if data.startswith(OLE2_MAGIC):
        raise _refuse(name, "c'est un classeur protégé par un mot de passe ou au format Excel 97-2003 (.xls).",
                      hint="Ouvrez-le dans votre tableur, retirez le mot de passe et enregistrez-le au format .xlsx.")
    if data.startswith(b"PK"):
        return RawFile(filename=name, sha256=digest, size=len(data), format="xlsx", tables=_read_xlsx(data, name))
    for magic, what in MAGIC_NUMBERS:
        if data.startswith(magic):
            raise _refuse(name, f"son contenu est {what}, pas un classeur XLSX ni un fichier CSV.")
    if b"\x00" in data[:65536]:
        raise _refuse(name, "son contenu est binaire : ce n'est ni un classeur XLSX ni un fichier CSV.")
    text, encoding = _decode(data)
    table, delimiter = _read_csv(text)
    if not table.headers:
        raise _refuse(name, "aucune ligne d'en-tête n'a été trouvée.")
    return RawFile(filename=name, sha256=digest, size=len(data), format="csv", tables=[table],
                   encoding=encoding, delimiter=delimiter)


def _decode(data: bytes) -> tuple[str, str]:
    # BOM or valid UTF-8 first; otherwise what French Excel writes (Windows-1252), then Latin-1.
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _read_csv(text: str) -> tuple[RawTable, str]:
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    rows = list(reader)
    headers: list[str] = []
    raw_rows: list[RawRow] = []
    for index, values in enumerate(rows, start=1):
        if not headers:
            if any(v.strip() for v in values):
                headers = _unique_headers(values)
                header_row = index
            continue
        if not any(v.strip() for v in values):
            continue
        cells = {headers[i]: v for i, v in enumerate(values[: len(headers)]) if headers[i]}
        raw_rows.append(RawRow(number=index, cells=cells))
    del header_row
    return RawTable(name="CSV", headers=[h for h in headers if h], rows=raw_rows), delimiter


def _unique_headers(values: Sequence[Any]) -> list[str]:
    seen: dict[str, int] = {}
    headers = []
    for value in values:
        header = "" if value is None else str(value).strip()
        if header:
            seen[header] = seen.get(header, 0) + 1
            if seen[header] > 1:
                header = f"{header} ({seen[header]})"
        headers.append(header)
    return headers


def _read_xlsx(data: bytes, name: str) -> list[RawTable]:
    from data_access import xlsx_reader

    damaged = _refuse(name, "le classeur XLSX est endommagé ou n'est pas un classeur Excel.",
                      hint="Ouvrez-le dans votre tableur et enregistrez-le à nouveau au format .xlsx.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:
                raise damaged
            try:
                sheets = xlsx_reader.read_workbook(archive)
            except xlsx_reader.XlsxFormatError:
                sheets = _read_with_openpyxl(data, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        raise damaged from exc
    tables: list[RawTable] = []
    for title, sheet_rows in sheets:
        if normalise(title) in {normalise(INSTRUCTIONS_SHEET), normalise(LISTS_SHEET)}:
            continue
        headers: list[str] = []
        rows: list[RawRow] = []
        for number, values in sheet_rows:
            if not headers:
                if any(v is not None and str(v).strip() for v in values):
                    headers = _unique_headers(values)
                continue
            if not any(v is not None and str(v).strip() for v in values):
                continue
            cells = {headers[i]: v for i, v in enumerate(values[: len(headers)]) if headers[i]}
            rows.append(RawRow(number=number, cells=cells))
        if headers:
            tables.append(RawTable(name=title, headers=[h for h in headers if h], rows=rows))
    if not tables:
        raise _refuse(name, "le classeur ne contient aucune feuille remplie.")
    return tables


def _read_with_openpyxl(data: bytes, name: str) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    damaged = _refuse(name, "le classeur XLSX est endommagé ou n'est pas un classeur Excel.",
                      hint="Ouvrez-le dans votre tableur et enregistrez-le à nouveau au format .xlsx.")
    try:
        # Not data_only: a formula is read as its text ("=…"), never evaluated.
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise damaged from exc
    try:
        return [(sheet.title, [(number, list(values)) for number, values in
                               enumerate(sheet.iter_rows(values_only=True), start=1)])
                for sheet in workbook.worksheets]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise damaged from exc
    finally:
        workbook.close()


# --------------------------------------------------------------------------- mapping


# Headers form tools commonly use for the territory's identity.
HEADER_ALIASES = {
    "nom": "territoire", "collectivite": "territoire", "nom collectivite": "territoire",
    "territoire": "territoire", "commune": "territoire", "code": "territoire_code",
    "code insee": "territoire_code", "insee": "territoire_code", "siren": "territoire_code",
    "code siren": "territoire_code", "courriel": "contact_email", "email": "contact_email",
}


def suggest_mapping(headers: Iterable[str], targets: Sequence[Field]) -> dict[str, str]:
    """Header → field id when the header is the field's label or id (case and accent tolerant)."""
    by_key: dict[str, str] = dict(HEADER_ALIASES)
    for target in targets:
        by_key.setdefault(normalise(target.label), target.id)
        by_key.setdefault(normalise(target.id), target.id)
        by_key.setdefault(normalise(target.id.rsplit(".", 1)[-1]), target.id)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    valid = {target.id for target in targets}
    for header in headers:
        target_id = by_key.get(normalise(header))
        if target_id and target_id in valid and target_id not in used:
            mapping[header] = target_id
            used.add(target_id)
    return mapping


def list_presets(session: Session) -> dict[str, dict[str, str]]:
    presets = session.scalars(select(ImportPreset).order_by(ImportPreset.name)).all()
    return {p.name: {str(k): str(v) for k, v in p.mapping.items()} for p in presets}


def save_preset(session: Session, *, actor: Actor, name: str, mapping: Mapping[str, str]) -> ImportPreset:
    """Save (or replace) a named column mapping for the next files of the same form tool."""
    require(actor, Role.EDITEUR, action="enregistrer une correspondance de colonnes")
    name = name.strip()
    if not name:
        raise ValidationError("Donnez un nom à la correspondance de colonnes.")
    if len(name) > 200:
        raise ValidationError("Le nom de la correspondance dépasse 200 caractères.")
    clean = {str(k): str(v) for k, v in mapping.items() if v}
    preset = session.scalar(select(ImportPreset).where(ImportPreset.name == name))
    before = None
    if preset is None:
        preset = ImportPreset(name=name, mapping=clean, created_by=actor.email)
        session.add(preset)
    else:
        before = {"mapping": dict(preset.mapping)}
        preset.mapping = clean
    session.flush()
    audit.record(session, actor=actor, action="import.correspondance", entity_type="import_preset",
                 entity_id=preset.id, summary=f"Correspondance de colonnes « {name} » enregistrée",
                 before=before, after={"mapping": clean})
    return preset


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class Issue:
    level: Level
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    territory: str = ""

    def as_row(self) -> dict[str, Any]:
        return {"Niveau": "Erreur" if self.level == ERROR else "Avertissement", "Feuille": self.sheet,
                "Ligne": self.row, "Colonne": self.column, "Territoire": self.territory,
                "Message": self.message}


REPORT_COLUMNS = ("Niveau", "Feuille", "Ligne", "Colonne", "Territoire", "Message")


@dataclass
class TerritoryEntry:
    """What one territory's rows say, parsed and checked."""

    row: int
    sheet: str
    label: str
    kind: str
    code: str
    reference: ReferenceTerritory | None
    international: dict[str, Any] | None
    networks: list[str]
    contact: dict[str, str | None]
    stage: Stage
    explicit_stage: bool
    engaged_on: dt.date | None
    stage_on: dt.date | None
    charter: dict[str, Any] | None  # signed_on, signatory_role
    sessions: list[dict[str, Any]] | None  # None: the file says nothing about sessions
    proposals: list[dict[str, Any]]
    answers: dict[str, Any]
    has_grid: bool

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.code)

    def answers_hash(self) -> str:
        payload = json.dumps(self.answers, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass
class RowPlan:
    entry: TerritoryEntry
    action: Literal["création", "mise à jour", "inchangé"]
    changes: list[str]

    def as_row(self) -> dict[str, Any]:
        return {"Ligne": self.entry.row, "Territoire": self.entry.label, "Code": self.entry.code,
                "Action": self.action, "Détail": " ; ".join(self.changes)}


@dataclass
class ImportReport:
    filename: str
    sha256: str
    issues: list[Issue] = field(default_factory=list)
    entries: list[TerritoryEntry] = field(default_factory=list)
    plans: list[RowPlan] = field(default_factory=list)
    already_imported: bool = False
    applied: bool = False
    campaign_name: str | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == ERROR]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        counts = {"création": 0, "mise à jour": 0, "inchangé": 0}
        for plan in self.plans:
            counts[plan.action] += 1
        return counts

    def ambiguous(self) -> list[tuple[int, str, tuple[resolver.Candidate, ...]]]:
        """Territory rows the user must settle: (row, query, candidates)."""
        return list(self._ambiguous)

    _ambiguous: list[tuple[int, str, tuple[resolver.Candidate, ...]]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.ok:
            return (f"Import refusé : {len(self.errors)} erreur(s), {len(self.warnings)} avertissement(s). "
                    "Aucune donnée n'a été modifiée.")
        counts = self.counts()
        if self.already_imported:
            prefix = "Ce fichier a déjà été importé : rien n'a changé."
        elif self.applied:
            prefix = "Import effectué."
        else:
            prefix = "Simulation (rien n'est encore enregistré)."
        if self.applied:
            return (f"{prefix} {counts['création']} territoire(s) créé(s), {counts['mise à jour']} mis à jour, "
                    f"{counts['inchangé']} inchangé(s) ; {len(self.warnings)} avertissement(s).")
        return (f"{prefix} {counts['création']} territoire(s) à créer, {counts['mise à jour']} à mettre à jour, "
                f"{counts['inchangé']} inchangé(s) ; {len(self.warnings)} avertissement(s).")


# --------------------------------------------------------------------------- cell parsing

EXCEL_EPOCH = dt.date(1899, 12, 30)
DATE_PATTERNS = (
    re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$"),  # 31/12/2024
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$"),  # 2024-12-31, ISO with time
)
YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
NO = {"non", "n", "no", "faux", "false", "0"}
INT_PATTERN = re.compile(r"^[+-]?\d+$")


class CellError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _excel_serial(float(value))
    text = _text(value)
    if re.fullmatch(r"\d{4,5}(\.0+)?", text):
        return _excel_serial(float(text))
    for index, pattern in enumerate(DATE_PATTERNS):
        match = pattern.match(text)
        if match:
            a, b, c = (int(part) for part in match.groups())
            day, month, year = (a, b, c) if index == 0 else (c, b, a)
            try:
                return dt.date(year, month, day)
            except ValueError as exc:
                raise CellError(f"la date « {text} » n'existe pas.") from exc
    raise CellError(f"« {text[:40]} » n'est pas une date (attendu : jj/mm/aaaa, aaaa-mm-jj ou date Excel).")


def _excel_serial(number: float) -> dt.date:
    if not 1 <= number <= 80_000:
        raise CellError(f"le nombre {number:g} n'est pas une date Excel plausible.")
    return EXCEL_EPOCH + dt.timedelta(days=int(number))


def parse_integer(value: Any) -> int:
    if isinstance(value, bool):
        raise CellError("un nombre entier est attendu.")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise CellError(f"« {value:g} » n'est pas un nombre entier.")
    text = _text(value).replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    text = re.sub(r"[.,]0+$", "", text)
    if not INT_PATTERN.match(text):
        raise CellError(f"« {_text(value)[:40]} » n'est pas un nombre entier.")
    return int(text)


def parse_yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(f"« {_text(value)[:40]} » : répondez par oui ou non.")


@lru_cache(maxsize=256)
def _choice_index(choices: tuple[str, ...]) -> dict[str, str]:
    return {normalise(choice): choice for choice in choices}


def parse_choice(value: Any, choices: Sequence[str]) -> str:
    text = _text(value)
    found = _choice_index(tuple(choices)).get(normalise(text))
    if found is None:
        listed = ", ".join(f"« {c} »" for c in choices[:12]) + ("…" if len(choices) > 12 else "")
        raise CellError(f"« {text[:60]} » n'est pas une valeur permise ({listed}).")
    return found


def parse_choices(value: Any, choices: Sequence[str]) -> list[str]:
    if isinstance(value, (list, tuple)):
        parts = [str(v) for v in value]
    else:
        parts = re.split(r"[;|\n]", _text(value))
        if len(parts) == 1 and "," in parts[0] and normalise(parts[0]) not in _choice_index(tuple(choices)):
            parts = parts[0].split(",")
    result: list[str] = []
    for part in parts:
        if part.strip():
            choice = parse_choice(part.strip(), choices)
            if choice not in result:
                result.append(choice)
    return result


# --------------------------------------------------------------------------- validation


@dataclass
class _Context:
    definition: GridDefinition
    chapters: list[str]
    max_chars: int
    issues: list[Issue]

    def add(self, level: Level, message: str, **where: Any) -> None:
        self.issues.append(Issue(level, message, **where))


def _parse_cell(ctx: _Context, question: Question, raw: Any, *, sheet: str, row: int,
                territory: str) -> Any:
    """Parsed value, or None when empty or refused (the refusal is in the report)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    where = {"sheet": sheet, "row": row, "column": question.label, "territory": territory}
    try:
        if question.type == "date":
            return parse_date(raw)
        if question.type == "integer":
            number = parse_integer(raw)
            if question.minimum is not None and number < question.minimum:
                raise CellError(f"{number} est inférieur au minimum permis ({question.minimum}).")
            return number
        if question.type == "yes_no":
            return parse_yes_no(raw)
        if question.type == "single_choice":
            return parse_choice(raw, ctx.definition.choices(question, ctx.chapters))
        if question.type == "multiple_choice":
            return parse_choices(raw, ctx.definition.choices(question, ctx.chapters)) or None
    except CellError as exc:
        ctx.add(ERROR, exc.message[0].upper() + exc.message[1:], **where)
        return None
    text = _text(raw)
    if text.startswith("="):
        ctx.add(WARNING, "Formule conservée comme texte, jamais calculée.", **where)
    if len(text) > ctx.max_chars:
        ctx.add(ERROR, f"Texte trop long : {len(text):,} caractères, la limite est de "
                       f"{ctx.max_chars:,} caractères.".replace(",", "\u202f"), **where)
        return None
    return text


def _answers_json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()}


def validate(
    raw: RawFile,
    *,
    definition: GridDefinition | None = None,
    chapters: Sequence[str] | None = None,
    mapping: Mapping[str, str] | None = None,
    choices: Mapping[int, tuple[str, str]] | None = None,
    resolve: Callable[..., resolver.Resolution] | None = None,
) -> ImportReport:
    """Parse and check every row; ``choices`` settles ambiguous territories (row → kind, code)."""
    definition = definition or load_definition()
    ctx = _Context(definition=definition, chapters=list(chapters or DEFAULT_CHAPTERS),
                   max_chars=limits().text_max_chars, issues=[])
    report = ImportReport(filename=raw.filename, sha256=raw.sha256, issues=ctx.issues)
    resolve = resolve or resolver.resolve
    fields = sheet_fields(definition)
    territory_table, block_tables = _tables_by_role(raw, definition, mapping, ctx)
    if territory_table is None:
        return report
    t_rows, t_mapping = territory_table
    targets = {f.id: f for f in fields[TERRITORY_SHEET]}
    if not raw.is_template:
        targets.update({f.id: f for f in flat_targets(definition)})
    sheet = t_rows.name
    # Missing required columns: the territory's identity is the only column every file needs.
    mapped_ids = set(t_mapping.values())
    if not mapped_ids & {"territoire", "territoire_code"}:
        ctx.add(ERROR, "Colonnes obligatoires manquantes : « Nom de la collectivité » ou "
                       "« Code INSEE ou SIREN de la collectivité ». Vérifiez la ligne d'en-tête "
                       "ou la correspondance des colonnes.", sheet=sheet)
        return report
    unmapped = [h for h in t_rows.headers if h not in t_mapping]
    if unmapped:
        ctx.add(WARNING, "Colonnes ignorées (sans correspondance) : "
                + ", ".join(f"« {h[:60]} »" for h in unmapped[:20]) + ("…" if len(unmapped) > 20 else ""),
                sheet=sheet)
    entries: list[TerritoryEntry] = []
    seen: dict[tuple[str, str], int] = {}
    flat_blocks: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for raw_row in t_rows.rows:
        values: dict[str, Any] = {}
        label = _text(raw_row.cells.get(_header_for(t_mapping, "territoire") or "")) or _text(
            raw_row.cells.get(_header_for(t_mapping, "territoire_code") or ""))
        numbered: dict[tuple[str, int], dict[str, Any]] = defaultdict(dict)
        for header, target_id in t_mapping.items():
            target = targets.get(target_id)
            if target is None:
                continue
            value = _parse_cell(ctx, target.question, raw_row.cells.get(header), sheet=sheet,
                                row=raw_row.number, territory=label)
            parts = target_id.split(".")
            if len(parts) == 3:
                if value is not None:
                    numbered[(parts[0], int(parts[1]))][parts[2]] = value
            else:
                values[target_id] = value
        entry = _territory_entry(ctx, values, sheet=sheet, row=raw_row.number, label=label,
                                 choice=(choices or {}).get(raw_row.number), resolve=resolve, report=report)
        if entry is None:
            continue
        if entry.key in seen:
            ctx.add(ERROR, f"Ligne en double : ce territoire figure déjà ligne {seen[entry.key]}.",
                    sheet=sheet, row=raw_row.number, territory=entry.label)
            continue
        seen[entry.key] = raw_row.number
        entries.append(entry)
        for (section_id, number), block in sorted(numbered.items()):
            flat_blocks[section_id].append((raw_row.number, {"__entry": entry, "__number": number, **block}))
    _attach_blocks(ctx, definition, entries, block_tables, flat_blocks)
    for entry in entries:
        _finish_entry(ctx, definition, entry)
    report.entries = entries
    return report


def _header_for(mapping: Mapping[str, str], target_id: str) -> str | None:
    for header, target in mapping.items():
        if target == target_id:
            return header
    return None


def _tables_by_role(
    raw: RawFile, definition: GridDefinition, mapping: Mapping[str, str] | None, ctx: _Context
) -> tuple[tuple[RawTable, dict[str, str]] | None, dict[str, tuple[RawTable, dict[str, str]]]]:
    fields = sheet_fields(definition)
    blocks: dict[str, tuple[RawTable, dict[str, str]]] = {}
    if raw.is_template:
        table = raw.table(TERRITORY_SHEET)
        assert table is not None
        territory = (table, suggest_mapping(table.headers, fields[TERRITORY_SHEET]))
        for section_id, sheet_name in BLOCK_SHEETS.items():
            block = raw.table(sheet_name)
            if block is not None:
                blocks[section_id] = (block, suggest_mapping(block.headers, fields[sheet_name]))
        return territory, blocks
    table = raw.tables[0]
    if len(raw.tables) > 1:
        ctx.add(WARNING, f"Le classeur a plusieurs feuilles sans feuille « {TERRITORY_SHEET} » : "
                         f"seule la première (« {table.name} ») est lue.")
    chosen = dict(mapping) if mapping else suggest_mapping(table.headers, flat_targets(definition))
    known = {f.id for f in flat_targets(definition)}
    chosen = {h: t for h, t in chosen.items() if h in table.headers and t in known}
    return (table, chosen), blocks


def _territory_entry(
    ctx: _Context, values: dict[str, Any], *, sheet: str, row: int, label: str,
    choice: tuple[str, str] | None, resolve: Callable[..., resolver.Resolution], report: ImportReport,
) -> TerritoryEntry | None:
    where = {"sheet": sheet, "row": row, "territory": label}
    name = values.get("territoire")
    code = values.get("territoire_code")
    kind = KIND_BY_LABEL.get(values.get("type_collectivite") or "")
    if not name and not code:
        ctx.add(ERROR, "Ni nom ni code de collectivité : la ligne ne peut être rattachée à aucun territoire.",
                **where)
        return None
    ref: ReferenceTerritory | None = None
    international: dict[str, Any] | None = None
    if kind == INTERNATIONAL:
        international = _international(ctx, values, where)
        if international is None:
            return None
        key = (INTERNATIONAL, international["code"])
    else:
        if choice is not None:
            ref = reference.get(*choice)
        if ref is None and code:
            resolution = resolve(str(code), kind=kind)
            if resolution.status == "resolved":
                ref = resolution.territory
            else:
                ctx.add(ERROR, f"Code de collectivité « {code} » inconnu ou ambigu dans le référentiel.", **where,
                        column="Code INSEE ou SIREN de la collectivité")
                return None
        if ref is None:
            resolution = resolve(str(name), kind=kind)
            if resolution.status == "resolved":
                ref = resolution.territory
            elif resolution.status == "ambiguous":
                names = ", ".join(f"{c.name} ({c.dep_code or c.kind})" for c in resolution.candidates[:5])
                ctx.add(ERROR, f"Territoire ambigu : « {name} » désigne plusieurs collectivités ({names}…). "
                               "Choisissez-la dans la page d'import ou ajoutez une colonne de code INSEE/SIREN.",
                        **where, column="Nom de la collectivité")
                report._ambiguous.append((row, str(name), resolution.candidates))
                return None
            else:
                ctx.add(ERROR, f"Territoire inconnu : « {str(name)[:80]} » ne figure pas dans le référentiel.",
                        **where, column="Nom de la collectivité")
                return None
        if ref is not None and name and code and normalise(str(name)) not in {
                normalise(ref.name), normalise(ref.long_name or "")}:
            ctx.add(WARNING, f"Le nom « {str(name)[:80]} » diffère du nom officiel « {ref.name} » du code {code}.",
                    **where)
        assert ref is not None
        key = ref.key
    stage_label = values.get("etape")
    display = ref.name if ref else international["name"] if international else label
    return TerritoryEntry(
        row=row, sheet=sheet, label=display, kind=key[0], code=key[1], reference=ref, international=international,
        networks=list(values.get("reseaux") or []),
        contact={"contact_name": values.get("contact_nom"), "contact_email": values.get("contact_email"),
                 "contact_phone": values.get("contact_telephone")},
        stage=STAGE_BY_LABEL[stage_label] if stage_label else Stage.ENGAGE, explicit_stage=bool(stage_label),
        engaged_on=values.get("date_engagement"), stage_on=values.get("date_etape"),
        charter=None, sessions=None, proposals=[],
        answers={k: v for k, v in values.items() if k not in {q.id for q in TRACKING_QUESTIONS}},
        has_grid=False,
    )


def _international(ctx: _Context, values: dict[str, Any], where: dict[str, Any]) -> dict[str, Any] | None:
    name = values.get("territoire")
    country = values.get("pays")
    if not name or not country:
        ctx.add(ERROR, "Une collectivité hors de France demande son nom et son pays.", **where)
        return None
    coordinates: dict[str, float | None] = {}
    for axis, bound in (("latitude", 90.0), ("longitude", 180.0)):
        text = values.get(axis)
        if not text:
            coordinates[axis] = None
            continue
        try:
            number = float(str(text).replace(",", "."))
        except ValueError:
            number = bound + 1
        if abs(number) > bound:
            ctx.add(ERROR, f"« {text} » n'est pas une {axis} valide.", **where, column=axis.capitalize())
            return None
        coordinates[axis] = number
    code = str(values.get("territoire_code") or _slug(f"{country}-{name}")[:20])
    if len(code) > 20:
        ctx.add(ERROR, f"Le code « {code[:40]} » dépasse 20 caractères.", **where,
                column="Code INSEE ou SIREN de la collectivité")
        return None
    return {"code": code, "name": str(name)[:300], "country": str(country)[:80],
            "lat": coordinates["latitude"], "lon": coordinates["longitude"]}


def _slug(text: str) -> str:
    return "-".join(normalise(text).split())


def _attach_blocks(
    ctx: _Context, definition: GridDefinition, entries: list[TerritoryEntry],
    block_tables: dict[str, tuple[RawTable, dict[str, str]]],
    flat_blocks: dict[str, list[tuple[int, dict[str, Any]]]],
) -> None:
    """Parse the repeated blocks and link each row to its territory's entry."""
    by_code: dict[str, list[TerritoryEntry]] = defaultdict(list)
    by_name: dict[str, list[TerritoryEntry]] = defaultdict(list)
    for entry in entries:
        for code in {entry.code, entry.reference.siren if entry.reference else None,
                     str(entry.answers.get("territoire_code") or "")}:
            if code:
                by_code[code.upper()].append(entry)
        for name in {entry.label, str(entry.answers.get("territoire") or "")}:
            if name:
                by_name[normalise(name)].append(entry)
    parsed: dict[str, list[tuple[TerritoryEntry, int, str, dict[str, Any]]]] = defaultdict(list)
    for section_id, (table, mapping) in block_tables.items():
        section = definition.section(section_id)
        link_by_id = {q.id: q for q in link_questions(definition)}
        for raw_row in table.rows:
            link: dict[str, Any] = {}
            values: dict[str, Any] = {}
            label = _text(raw_row.cells.get(_header_for(mapping, "territoire") or "")) or _text(
                raw_row.cells.get(_header_for(mapping, "territoire_code") or ""))
            for header, target_id in mapping.items():
                if target_id in link_by_id:
                    link[target_id] = _parse_cell(ctx, link_by_id[target_id], raw_row.cells.get(header),
                                                  sheet=table.name, row=raw_row.number, territory=label)
                else:
                    question_id = target_id.split(".", 1)[1]
                    question = next(q for q in section.questions if q.id == question_id)
                    values[question_id] = _parse_cell(ctx, question, raw_row.cells.get(header),
                                                      sheet=table.name, row=raw_row.number, territory=label)
            owner = _link(ctx, link, by_code, by_name, sheet=table.name, row=raw_row.number, label=label)
            if owner is not None:
                parsed[section_id].append((owner, raw_row.number, table.name, values))
    for section_id, flat_rows in flat_blocks.items():
        for number, values in flat_rows:
            owner = values.pop("__entry")
            block_number = values.pop("__number")
            parsed[section_id].append((owner, number, f"{TERRITORY_SHEET} (bloc {block_number})", values))
    for section_id, rows in parsed.items():
        section = definition.section(section_id)
        seen: dict[tuple[tuple[str, str], str], int] = {}
        for owner, number, sheet, values in rows:
            missing = [q.label for q in section.questions if q.required and values.get(q.id) in (None, [], "")]
            if missing:
                ctx.add(ERROR, "Réponse obligatoire manquante : " + ", ".join(f"« {m} »" for m in missing) + ".",
                        sheet=sheet, row=number, territory=owner.label)
                continue
            fingerprint = repr(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in values.items()))
            if (owner.key, fingerprint) in seen:
                ctx.add(WARNING, f"Ligne identique à la ligne {seen[(owner.key, fingerprint)]} "
                                 "(importée deux fois, comme dans le fichier).",
                        sheet=sheet, row=number, territory=owner.label)
            seen.setdefault((owner.key, fingerprint), number)
            if section_id == "sessions":
                owner.sessions = [*(owner.sessions or []), {
                    "held_on": values["date"], "format": values["format"], "publics": list(values["publics"]),
                    "participants": values["participants"], "place": values.get("lieu")}]
            else:
                owner.proposals.append({"text": values["texte"], "chapter": values["chapitre"],
                                        "themes": list(values.get("themes") or [])})


def _link(
    ctx: _Context, link: dict[str, Any], by_code: dict[str, list[TerritoryEntry]],
    by_name: dict[str, list[TerritoryEntry]], *, sheet: str, row: int, label: str,
) -> TerritoryEntry | None:
    kind = KIND_BY_LABEL.get(link.get("type_collectivite") or "")
    code, name = link.get("territoire_code"), link.get("territoire")
    if not code and not name:
        ctx.add(ERROR, "Ligne non rattachée : indiquez le nom ou le code de la collectivité.", sheet=sheet, row=row)
        return None
    candidates = by_code.get(str(code).upper(), []) if code else by_name.get(normalise(str(name)), [])
    if kind:
        candidates = [c for c in candidates if c.kind == kind]
    if code and name and len(candidates) > 1:
        candidates = [c for c in candidates if normalise(str(name)) in {normalise(c.label),
                                                                        normalise(str(c.answers.get("territoire")))}]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        ctx.add(ERROR, f"Ligne rattachée à « {label[:80]} », qui ne figure pas dans la feuille « {TERRITORY_SHEET} ».",
                sheet=sheet, row=row, territory=label)
    else:
        ctx.add(ERROR, f"Ligne rattachée à « {label[:80]} », qui désigne plusieurs lignes de la feuille "
                       f"« {TERRITORY_SHEET} » : précisez le type de collectivité.", sheet=sheet, row=row,
                territory=label)
    return None


def _finish_entry(ctx: _Context, definition: GridDefinition, entry: TerritoryEntry) -> None:
    """Charter, grid presence, inferred stage and the answers as stored."""
    answers = entry.answers
    where = {"sheet": entry.sheet, "row": entry.row, "territory": entry.label}
    if answers.get("charte_signee"):
        if answers.get("charte_date") is None:
            ctx.add(ERROR, "Charte signée sans date de signature.", **where, column="Date de signature")
        else:
            entry.charter = {"signed_on": answers["charte_date"], "signatory_role": answers.get("charte_signataire")}
    content = [q.id for s in definition.sections if s.id in GRID_CONTENT_SECTIONS for q in s.questions]
    entry.has_grid = any(is_answered(answers.get(q)) for q in content) or bool(entry.proposals) or (
        entry.explicit_stage and entry.stage.rank >= Stage.GRILLE_DEPOSEE.rank)
    inferred = Stage.ENGAGE
    if entry.charter:
        inferred = Stage.CHARTE_SIGNEE
    if entry.sessions:
        inferred = Stage.CONCERTATION_TENUE
    if entry.has_grid:
        inferred = Stage.GRILLE_DEPOSEE
    if entry.explicit_stage and entry.stage.rank < inferred.rank:
        ctx.add(WARNING, f"Étape « {STAGE_LABELS[entry.stage]} » antérieure à ce que la ligne contient : "
                         f"étape retenue « {STAGE_LABELS[inferred]} ».", **where, column="Étape de la participation")
    if inferred.rank > entry.stage.rank:
        entry.stage = inferred
    if entry.has_grid:
        missing = [q.label for s in definition.sections if not s.repeated for q in s.questions
                   if q.required and not is_answered(answers.get(q.id))]
        if missing:
            ctx.add(WARNING, "Grille incomplète, réponses obligatoires manquantes : "
                    + ", ".join(f"« {m} »" for m in missing[:6]) + ("…" if len(missing) > 6 else "") + ".", **where)
    stored = _answers_json({k: v for k, v in answers.items() if v is not None})
    stored["sessions"] = [{"date": s["held_on"].isoformat(), "format": s["format"], "publics": s["publics"],
                           "participants": s["participants"], "lieu": s["place"]} for s in entry.sessions or []]
    stored["propositions"] = [{"texte": p["text"], "chapitre": p["chapter"], "themes": p["themes"]}
                              for p in entry.proposals]
    entry.answers = stored
    if entry.engaged_on and entry.stage_on and entry.stage_on < entry.engaged_on:
        ctx.add(ERROR, "La date de l'étape précède la date d'engagement.", **where, column="Date de l'étape")


# --------------------------------------------------------------------------- campaign, plan


def target_campaign(session: Session, *, actor: Actor | None = None, create: bool = False) -> Campaign | None:
    """Imports go to the current campaign; an empty store gets one from the defaults."""
    campaign = campaigns.current_campaign(session)
    if campaign is None and create:
        assert actor is not None
        today = dt.date.today()
        start_year = today.year if today.month >= 9 else today.year - 1
        campaign = campaigns.create_campaign(
            session, actor=actor, slug=f"campagne-{start_year}-{start_year + 1}",
            name=f"Concertations territoriales de l'IA {start_year}-{start_year + 1}",
            start_date=dt.date(start_year, 9, 1), grid_version=load_definition().version,
        )
    return campaign


@dataclass
class _Existing:
    participation: Participation
    charter: CharterSignature | None
    sessions: list[tuple[Any, ...]]
    response: GridResponse | None


def _session_key(s: Mapping[str, Any]) -> tuple[Any, ...]:
    return (s["held_on"], s["format"], tuple(sorted(s["publics"])), s["participants"], s.get("place") or None)


def _load_existing(session: Session, campaign_id: int | None) -> dict[tuple[str, str], _Existing]:
    if campaign_id is None:
        return {}
    rows = session.execute(
        select(Participation, Territory.kind, Territory.code)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id)
    ).all()
    if not rows:
        return {}
    ids = [p.id for p, _, _ in rows]
    charters = {c.participation_id: c for c in session.scalars(
        select(CharterSignature).join(Participation).where(Participation.campaign_id == campaign_id))}
    sessions: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    for s in session.scalars(select(ConcertationSession).join(Participation)
                             .where(Participation.campaign_id == campaign_id)):
        sessions[s.participation_id].append(_session_key(
            {"held_on": s.held_on, "format": s.format, "publics": s.publics, "participants": s.participants,
             "place": s.place}))
    responses = {r.participation_id: r for r in session.scalars(
        select(GridResponse).join(Participation)
        .where(Participation.campaign_id == campaign_id, GridResponse.is_current.is_(True)))}
    del ids
    return {(kind, code): _Existing(p, charters.get(p.id), sorted(sessions.get(p.id, []), key=repr),
                                    responses.get(p.id)) for p, kind, code in rows}


def participation_labels(session: Session, campaign_id: int) -> list[tuple[int, str, str, str]]:
    """(participation id, territory name, kind, code) of a campaign, by name: the entry form's list."""
    rows = session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.code)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name, Participation.id)
    ).tuples().all()
    return [(int(pid), str(name), str(kind), str(code)) for pid, name, kind, code in rows]


def already_imported(session: Session, digest: str) -> bool:
    return session.scalar(select(AuditEvent.id).where(
        AuditEvent.action == IMPORT_ACTION, AuditEvent.summary.contains(digest)).limit(1)) is not None


def plan(session: Session, report: ImportReport) -> ImportReport:
    """What applying would create or change, compared with the store (the dry run)."""
    campaign = target_campaign(session)
    report.campaign_name = campaign.name if campaign else None
    report.already_imported = already_imported(session, report.sha256)
    existing = _load_existing(session, campaign.id if campaign else None)
    report.plans = [_plan_entry(entry, existing.get(entry.key)) for entry in report.entries]
    report.issues[:] = [i for i in report.issues if not i.message.startswith(STAGE_KEPT)]
    for entry in report.entries:
        current = existing.get(entry.key)
        if current is not None and entry.explicit_stage and Stage(current.participation.stage).rank > entry.stage.rank:
            kept = STAGE_LABELS[Stage(current.participation.stage)]
            report.issues.append(Issue(WARNING, f"{STAGE_KEPT} « {kept} » est conservée (une étape ne recule pas).",
                                       entry.sheet, entry.row, "Étape de la participation", entry.label))
    return report


def _plan_entry(entry: TerritoryEntry, current: _Existing | None) -> RowPlan:
    if current is None:
        changes = ["engagement", f"étape « {STAGE_LABELS[entry.stage]} »"]
        if entry.charter:
            changes.append("charte")
        if entry.sessions:
            changes.append(f"{len(entry.sessions)} session(s)")
        if entry.has_grid:
            changes.append(f"grille (version 1, {len(entry.proposals)} proposition(s))")
        return RowPlan(entry, "création", changes)
    changes = []
    participation = current.participation
    if Stage(participation.stage).rank < entry.stage.rank:
        changes.append(f"étape « {STAGE_LABELS[Stage(participation.stage)]} » → « {STAGE_LABELS[entry.stage]} »")
    if entry.networks and sorted(entry.networks) != sorted(participation.networks or []):
        changes.append("réseaux")
    if any(v and v != getattr(participation, k) for k, v in entry.contact.items()):
        changes.append("contact")
    if entry.charter and (current.charter is None or current.charter.signed_on != entry.charter["signed_on"]
                          or (current.charter.signatory_role or None) != (entry.charter["signatory_role"] or None)):
        changes.append("charte")
    if entry.sessions is not None and sorted((_session_key(s) for s in entry.sessions), key=repr) != current.sessions:
        changes.append(f"sessions remplacées ({len(current.sessions)} → {len(entry.sessions)})")
    if entry.has_grid:
        if current.response is None:
            changes.append(f"grille (version 1, {len(entry.proposals)} proposition(s))")
        elif current.response.source_hash != entry.answers_hash() and _answers_hash(
                current.response.answers) != entry.answers_hash():
            changes.append(f"nouvelle version de la grille (version {current.response.version + 1} ; "
                           f"la version {current.response.version} reste dans l'historique)")
    return RowPlan(entry, "mise à jour" if changes else "inchangé", changes)


def _answers_hash(answers: dict[str, Any]) -> str:
    payload = json.dumps(answers, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- apply


def apply(session: Session, *, actor: Actor, report: ImportReport, action: str = IMPORT_ACTION) -> ImportReport:
    """Write a planned, error-free report in the caller's transaction (all or nothing)."""
    require(actor, Role.EDITEUR, action="importer des grilles")
    if not report.ok:
        raise ValidationError(f"Le fichier « {report.filename} » contient {len(report.errors)} erreur(s) : "
                              "rien n'a été importé. Corrigez-les puis recommencez.")
    campaign = target_campaign(session, actor=actor, create=True)
    assert campaign is not None
    plan(session, report)  # against this transaction's view of the store
    report.campaign_name = campaign.name
    definition = load_definition(campaign.grid_version) if _known(campaign.grid_version) else load_definition()
    existing = _load_existing(session, campaign.id)
    writer = _Writer(session, actor, campaign, definition, report)
    for row_plan in report.plans:
        if row_plan.action == "création":
            writer.create(row_plan.entry)
        elif row_plan.action == "mise à jour":
            writer.update(row_plan.entry, existing[row_plan.entry.key], row_plan.changes)
    writer.flush()
    counts = report.counts()
    audit.record(
        session, actor=actor, action=action, entity_type="campaign", entity_id=campaign.id,
        summary=f"Import du fichier « {report.filename} » (sha256 {report.sha256}) : "
                f"{counts['création']} création(s), {counts['mise à jour']} mise(s) à jour, "
                f"{counts['inchangé']} inchangé(s)",
        after={"fichier": report.filename, "sha256": report.sha256, **counts,
               "avertissements": len(report.warnings)},
    )
    report.applied = True
    return report


def _known(version: str) -> bool:
    try:
        load_definition(version)
    except KeyError:
        return False
    return True


class _Writer:
    """Bulk writes for new territories (a whole campaign at once), ORM for updates."""

    def __init__(self, session: Session, actor: Actor, campaign: Campaign, definition: GridDefinition,
                 report: ImportReport) -> None:
        self.session = session
        self.actor = actor
        self.campaign = campaign
        self.definition = definition
        self.report = report
        self.created: list[tuple[TerritoryEntry, Participation]] = []
        self.pending: list[TerritoryEntry] = []

    def create(self, entry: TerritoryEntry) -> None:
        self.pending.append(entry)

    def _territories(self, entries: list[TerritoryEntry]) -> dict[tuple[str, str], Territory]:
        """Stored territories for these entries, copying the missing ones from the reference at once."""
        found: dict[tuple[str, str], Territory] = {}
        keys = sorted({entry.key for entry in entries})
        for start in range(0, len(keys), 400):
            chunk = keys[start: start + 400]
            codes = {code for _, code in chunk}
            for territory in self.session.scalars(select(Territory).where(Territory.code.in_(codes))):
                if (territory.kind, territory.code) in set(chunk):
                    found[(territory.kind, territory.code)] = territory
        new: list[Territory] = []
        for entry in entries:
            if entry.key in found:
                continue
            if entry.reference is not None:
                territory = reference.territory_from_reference(entry.reference)
            else:
                info = entry.international
                assert info is not None
                territory = Territory(kind=INTERNATIONAL, code=info["code"], name=info["name"],
                                      long_name=info["name"], country=info["country"], zone="international",
                                      lat=info["lat"], lon=info["lon"])
            found[entry.key] = territory
            new.append(territory)
        self.session.add_all(new)
        self.session.flush()
        return found

    def flush(self) -> None:
        if not self.pending:
            return
        territories = self._territories(self.pending)
        for entry in self.pending:
            engaged_on = entry.engaged_on or entry.stage_on or dt.date.today()
            participation = Participation(
                campaign_id=self.campaign.id, territory_id=territories[entry.key].id, networks=entry.networks,
                stage=entry.stage.value, engaged_on=engaged_on, stage_changed_on=entry.stage_on or engaged_on,
                contact_name=entry.contact["contact_name"], contact_email=entry.contact["contact_email"],
                contact_phone=entry.contact["contact_phone"],
            )
            self.session.add(participation)
            self.created.append((entry, participation))
        self.session.flush()
        transitions: list[dict[str, Any]] = []
        charters: list[dict[str, Any]] = []
        sessions: list[dict[str, Any]] = []
        responses: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        today = dt.date.today()
        for entry, participation in self.created:
            for passed in list(Stage)[: entry.stage.rank + 1]:
                occurred = participation.engaged_on if passed is Stage.ENGAGE else participation.stage_changed_on
                transitions.append({"participation_id": participation.id, "stage": passed.value,
                                    "occurred_on": occurred, "recorded_by": self.actor.email})
            if entry.charter:
                charters.append({"participation_id": participation.id, **entry.charter})
            for s in entry.sessions or []:
                sessions.append({"participation_id": participation.id, **s})
            if entry.has_grid:
                responses.append(self._response_row(entry, participation.id, 1, today))
                participation.grid_completion = responses[-1]["completion"]
            events.append({"actor": self.actor.email, "action": "participation.import",
                           "entity_type": "participation", "entity_id": str(participation.id),
                           "summary": f"{entry.label} créé par l'import de « {self.report.filename} »",
                           "before": None, "after": {"territory": f"{entry.kind}:{entry.code}",
                                                     "stage": entry.stage.value,
                                                     "sessions": len(entry.sessions or []),
                                                     "proposals": len(entry.proposals)}})
        self.session.flush()
        for rows, model in ((transitions, StageTransition), (charters, CharterSignature),
                            (sessions, ConcertationSession), (events, AuditEvent)):
            for start in range(0, len(rows), 5000):
                self.session.execute(insert(model), rows[start: start + 5000])
        if responses:
            for start in range(0, len(responses), 2000):
                self.session.execute(insert(GridResponse), responses[start: start + 2000])
            ids = [p.id for e, p in self.created if e.has_grid]
            response_ids: dict[int, int] = {}
            for start in range(0, len(ids), 500):
                response_ids.update(self.session.execute(
                    select(GridResponse.participation_id, GridResponse.id).where(
                        GridResponse.participation_id.in_(ids[start: start + 500]),
                        GridResponse.is_current.is_(True))).tuples().all())
            proposals: list[dict[str, Any]] = []
            findings: list[dict[str, Any]] = []
            for entry, participation in self.created:
                if entry.has_grid:
                    response_id = response_ids[participation.id]
                    proposals.extend(self._proposal_rows(entry, participation.id, response_id))
                    findings.extend(self._finding_rows(entry, participation.id, response_id))
            for start in range(0, len(proposals), 5000):
                self.session.execute(insert(Proposal), proposals[start: start + 5000])
            for start in range(0, len(findings), 5000):
                self.session.execute(insert(Finding), findings[start: start + 5000])

    def _response_row(self, entry: TerritoryEntry, participation_id: int, version: int,
                      today: dt.date) -> dict[str, Any]:
        return {"participation_id": participation_id, "version": version, "grid_version": self.definition.version,
                "answers": entry.answers, "completion": completion(entry.answers, self.definition),
                "is_current": True, "submitted_on": entry.stage_on or today, "source": IMPORT_SOURCE,
                "source_hash": entry.answers_hash(), "created_by": self.actor.email}

    @staticmethod
    def _proposal_rows(entry: TerritoryEntry, participation_id: int, response_id: int) -> list[dict[str, Any]]:
        return [{"participation_id": participation_id, "response_id": response_id, "text": p["text"],
                 "chapter": p["chapter"], "themes": p["themes"], "criteria": []} for p in entry.proposals]

    @staticmethod
    def _finding_rows(entry: TerritoryEntry, participation_id: int, response_id: int) -> list[dict[str, Any]]:
        theme = (entry.answers.get("themes") or [""])[0]
        return [{"participation_id": participation_id, "response_id": response_id, "category": category,
                 "theme": theme, "text": entry.answers[question_id]}
                for question_id, category in FINDING_QUESTIONS.items() if entry.answers.get(question_id)]

    def update(self, entry: TerritoryEntry, current: _Existing, changes: list[str]) -> None:
        session, actor = self.session, self.actor
        participation = current.participation
        before: dict[str, Any] = {
            "stage": participation.stage, "networks": list(participation.networks or []),
            "charter": current.charter.signed_on.isoformat() if current.charter else None,
            "sessions": [f"{s[0].isoformat()} {s[1]} ({s[3]})" for s in current.sessions],
            "grid_version": current.response.version if current.response else None,
        }
        if entry.networks:
            participation.networks = list(entry.networks)
        for key, value in entry.contact.items():
            if value:
                setattr(participation, key, value)
        if Stage(participation.stage).rank < entry.stage.rank:
            occurred = max(entry.stage_on or dt.date.today(), participation.stage_changed_on)
            for passed in list(Stage)[Stage(participation.stage).rank + 1: entry.stage.rank + 1]:
                participation.transitions.append(StageTransition(stage=passed.value, occurred_on=occurred,
                                                                 recorded_by=actor.email))
            participation.stage = entry.stage.value
            participation.stage_changed_on = occurred
        if entry.charter:
            charter = current.charter or CharterSignature(participation_id=participation.id,
                                                          signed_on=entry.charter["signed_on"])
            charter.signed_on = entry.charter["signed_on"]
            charter.signatory_role = entry.charter["signatory_role"]
            session.add(charter)
        if entry.sessions is not None and any(c.startswith("sessions") for c in changes):
            session.execute(delete(ConcertationSession).where(ConcertationSession.participation_id == participation.id))
            session.execute(insert(ConcertationSession),
                            [{"participation_id": participation.id, **s} for s in entry.sessions]) \
                if entry.sessions else None
        new_version = None
        if any(c.startswith(("grille", "nouvelle version")) for c in changes):
            new_version = self._new_response(entry, participation, current.response)
        participation.version += 1
        session.flush()
        audit.record(
            session, actor=actor, action="participation.import", entity_type="participation",
            entity_id=participation.id,
            summary=f"{entry.label} mis à jour par l'import de « {self.report.filename} » : " + " ; ".join(changes),
            before=before,
            after={"stage": participation.stage, "networks": list(participation.networks or []),
                   "charter": entry.charter["signed_on"].isoformat() if entry.charter else before["charter"],
                   "sessions": before["sessions"] if entry.sessions is None else [
                       f"{s['held_on'].isoformat()} {s['format']} ({s['participants']})" for s in entry.sessions],
                   "grid_version": new_version or before["grid_version"]},
        )

    def _new_response(self, entry: TerritoryEntry, participation: Participation,
                      previous: GridResponse | None) -> int:
        """A new current version; the previous one is kept, its unchanged proposals carried over."""
        session = self.session
        version = 1
        if previous is not None:
            previous.is_current = False
            version = previous.version + 1
            session.flush()
        row = self._response_row(entry, participation.id, version, dt.date.today())
        response = GridResponse(**row)
        session.add(response)
        session.flush()
        participation.grid_completion = response.completion
        # Proposals the new version still contains keep their id (manifesto links survive).
        kept: dict[tuple[str, str], list[Proposal]] = defaultdict(list)
        for proposal in session.scalars(select(Proposal).where(Proposal.participation_id == participation.id)):
            kept[(proposal.text, proposal.chapter)].append(proposal)
        new_rows = []
        for p in entry.proposals:
            bucket = kept.get((p["text"], p["chapter"]))
            if bucket:
                proposal = bucket.pop()
                proposal.response_id = response.id
                proposal.themes = p["themes"]
            else:
                new_rows.append({"participation_id": participation.id, "response_id": response.id,
                                 "text": p["text"], "chapter": p["chapter"], "themes": p["themes"], "criteria": []})
        stale = [proposal.id for bucket in kept.values() for proposal in bucket]
        if stale:
            session.execute(delete(Proposal).where(Proposal.id.in_(stale)))
        if new_rows:
            session.execute(insert(Proposal), new_rows)
        session.execute(delete(Finding).where(Finding.participation_id == participation.id))
        findings = self._finding_rows(entry, participation.id, response.id)
        if findings:
            session.execute(insert(Finding), findings)
        return version


# --------------------------------------------------------------------------- one call


def run_import(
    session: Session, *, actor: Actor, data: bytes, filename: str, dry_run: bool = False,
    mapping: Mapping[str, str] | None = None, choices: Mapping[int, tuple[str, str]] | None = None,
) -> ImportReport:
    """Read, validate, plan and (unless dry run or refused) apply, in the caller's transaction."""
    require(actor, Role.EDITEUR, action="importer des grilles")
    raw = read_upload(data, filename)
    campaign = target_campaign(session)
    report = validate(raw, chapters=list(campaign.default_chapters) if campaign else None, mapping=mapping,
                      choices=choices)
    plan(session, report)
    if report.ok and not dry_run and not report.already_imported:
        apply(session, actor=actor, report=report)
    return report


def submit_entry(
    session: Session, *, actor: Actor, territory: Mapping[str, Any], sessions: Sequence[Mapping[str, Any]],
    proposals: Sequence[Mapping[str, Any]], choice: tuple[str, str] | None = None, dry_run: bool = False,
) -> ImportReport:
    """The entry form: one territory's values (template field ids → values), same checks as a file.

    The form shows every session, so an empty list removes them; a correction saved twice
    changes nothing the second time (the answers' hash), and a changed grid becomes a new version.
    """
    require(actor, Role.EDITEUR, action="saisir une participation")
    definition = load_definition()
    fields = sheet_fields(definition)
    tables = []
    for sheet, rows in ((TERRITORY_SHEET, [territory]), (SESSIONS_SHEET, sessions), (PROPOSALS_SHEET, proposals)):
        columns = fields[sheet]
        tables.append(RawTable(name=sheet, headers=[c.label for c in columns], rows=[
            RawRow(number=index, cells={c.label: row.get(c.id) for c in columns})
            for index, row in enumerate(rows, start=2)]))
    content = json.dumps([territory, list(sessions), list(proposals)], sort_keys=True, default=str)
    raw = RawFile(filename="saisie", sha256=sha256(content.encode("utf-8")), size=len(content), format="xlsx",
                  tables=tables)
    campaign = target_campaign(session)
    report = validate(raw, chapters=list(campaign.default_chapters) if campaign else None,
                      choices={2: choice} if choice else None)
    for entry in report.entries:
        entry.sessions = entry.sessions or []
    plan(session, report)
    report.already_imported = False  # a correction may restore an earlier state
    if report.ok and not dry_run:
        apply(session, actor=actor, report=report, action="saisie.participation")
    return report


def refused_report(filename: str, data: bytes, error: ValidationError) -> ImportReport:
    """A file refused before any row was read, as a report with one error."""
    report = ImportReport(filename=clean_filename(filename), sha256=sha256(data))
    report.issues.append(Issue(ERROR, str(error)))
    return report
