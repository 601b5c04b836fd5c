"""Reading an upload: bytes → tables (XLSX template, CSV in UTF-8/BOM/Windows-1252, flat form exports),
after checking size and content. The file name is only ever shown, never used as a path."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from data_access.config import limits
from data_access.errors import ValidationError
from data_access.french import normalise
from data_access.intake.fields import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    TERRITORY_SHEET,
    clean_filename,
    sha256,
)

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



@dataclass
class RawRow:
    number: int  # row number as the user sees it in the spreadsheet (header = 1)
    cells: dict[str, Any]  # header → raw value


@dataclass
class RawTable:
    name: str
    headers: list[str]
    rows: list[RawRow]
    blank_rows: list[int] = field(default_factory=list)  # empty rows between data rows (trailing ones aside)


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
    blanks: list[int] = []
    pending: list[int] = []
    for index, values in enumerate(rows, start=1):
        if not headers:
            if any(v.strip() for v in values):
                headers = _unique_headers(values)
            continue
        if not any(v.strip() for v in values):
            pending.append(index)
            continue
        blanks.extend(pending)
        pending.clear()
        cells = {headers[i]: v for i, v in enumerate(values[: len(headers)]) if headers[i]}
        raw_rows.append(RawRow(number=index, cells=cells))
    return RawTable(name="CSV", headers=[h for h in headers if h], rows=raw_rows, blank_rows=blanks), delimiter


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
    from data_access.intake import xlsx_reader

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
        blanks: list[int] = []
        previous = 0
        for number, values in sheet_rows:
            if not headers:
                if any(v is not None and str(v).strip() for v in values):
                    headers = _unique_headers(values)
                    previous = number
                continue
            if not any(v is not None and str(v).strip() for v in values):
                continue
            # The fast reader leaves empty rows out: a gap in the numbers is a blank row between data rows.
            blanks.extend(range(previous + 1, number))
            previous = number
            cells = {headers[i]: v for i, v in enumerate(values[: len(headers)]) if headers[i]}
            rows.append(RawRow(number=number, cells=cells))
        if headers:
            tables.append(RawTable(name=title, headers=[h for h in headers if h], rows=rows, blank_rows=blanks))
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
