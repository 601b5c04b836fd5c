"""A small streaming reader of XLSX cell values, for large imports.

openpyxl parses each cell into objects (inline strings through its rich-text model), which
made reading a 3,000-territory workbook take most of the import's time. This reader walks
the sheet XML with ElementTree's ``iterparse`` and keeps only values: shared and inline
strings, numbers, booleans, dates (from the cell's number format), and a formula's text
("=…", never evaluated). Anything it does not understand raises ``XlsxFormatError`` and
the caller falls back to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import iterparse

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
EXCEL_EPOCH = dt.datetime(1899, 12, 30)
COLUMN = re.compile(r"([A-Z]+)")
Row = tuple[int, list[Any]]


class XlsxFormatError(Exception):
    """The workbook uses something this reader does not handle."""


def _column_index(reference: str) -> int:
    match = COLUMN.match(reference)
    if not match:
        raise XlsxFormatError(reference)
    index = 0
    for letter in match.group(1):
        index = index * 26 + ord(letter) - 64
    return index - 1


def _text_of(element: Any) -> str:
    return "".join(t.text or "" for t in element.iter(f"{MAIN}t"))


def _shared_strings(archive: zipfile.ZipFile, path: str | None) -> list[str]:
    if path is None or path not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open(path) as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{MAIN}si":
                strings.append(_text_of(element))
                element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile, path: str | None) -> set[int]:
    """Indexes of cell styles whose number format shows a date."""
    if path is None or path not in archive.namelist():
        return set()
    custom: dict[int, str] = {}
    styles: list[int] = []
    with archive.open(path) as handle:
        in_cell_xfs = False
        for event, element in iterparse(handle, events=("start", "end")):
            if element.tag == f"{MAIN}numFmt" and event == "end":
                custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
            elif element.tag == f"{MAIN}cellXfs":
                in_cell_xfs = event == "start"
            elif element.tag == f"{MAIN}xf" and event == "end" and in_cell_xfs:
                styles.append(int(element.get("numFmtId", "0")))
    dates = set()
    for index, format_id in enumerate(styles):
        code = re.sub(r'"[^"]*"|\[[^]]*]', "", custom.get(format_id, "")).lower()
        if format_id in BUILTIN_DATE_FORMATS or (code and re.search(r"[dy]", code) and "general" not in code):
            dates.add(index)
    return dates


def _parts(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], str | None, str | None]:
    """Sheets (name, part path) in order, the shared strings part and the styles part."""
    targets: dict[str, tuple[str, str]] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{PKG_REL}Relationship":
                target = element.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
                targets[element.get("Id", "")] = (element.get("Type", "").rsplit("/", 1)[-1], path)
    sheets: list[tuple[str, str]] = []
    with archive.open("xl/workbook.xml") as handle:
        for _event, element in iterparse(handle):
            if element.tag == f"{MAIN}sheet":
                kind, path = targets.get(element.get(f"{REL}id", ""), ("", ""))
                if kind == "worksheet":
                    sheets.append((element.get("name", ""), path))
    shared = next((p for k, p in targets.values() if k == "sharedStrings"), None)
    styles = next((p for k, p in targets.values() if k == "styles"), None)
    return sheets, shared, styles


def read_workbook(archive: zipfile.ZipFile) -> list[tuple[str, list[Row]]]:
    """Every worksheet as (name, [(row number, values)]); empty rows are left out."""
    try:
        sheets, shared_path, styles_path = _parts(archive)
        strings = _shared_strings(archive, shared_path)
        date_styles = _date_styles(archive, styles_path)
        return [(name, list(_rows(archive, path, strings, date_styles))) for name, path in sheets]
    except (KeyError, ValueError, IndexError, SyntaxError) as exc:  # SyntaxError: ParseError
        raise XlsxFormatError(str(exc)) from exc


def _rows(archive: zipfile.ZipFile, path: str, strings: list[str], date_styles: set[int]) -> Iterator[Row]:
    with archive.open(path) as handle:
        values: dict[int, Any] = {}
        row_number = 0
        for _event, element in iterparse(handle):
            tag = element.tag
            if tag == f"{MAIN}c":
                value = _cell_value(element, strings, date_styles)
                if value is not None and value != "":
                    values[_column_index(element.get("r", "A"))] = value
                element.clear()
            elif tag == f"{MAIN}row":
                row_number = int(element.get("r", row_number + 1))
                if values:
                    width = max(values) + 1
                    yield row_number, [values.get(i) for i in range(width)]
                values = {}
                element.clear()


def _cell_value(element: Any, strings: list[str], date_styles: set[int]) -> Any:
    formula = element.find(f"{MAIN}f")
    if formula is not None and formula.text:
        return "=" + formula.text  # kept as text, never evaluated
    kind = element.get("t", "n")
    if kind == "inlineStr":
        inline = element.find(f"{MAIN}is")
        return _text_of(inline) if inline is not None else None
    raw = element.findtext(f"{MAIN}v")
    if raw is None:
        return None
    if kind == "s":
        return strings[int(raw)]
    if kind in {"str", "e"}:
        return raw
    if kind == "b":
        return raw == "1"
    if kind == "d":
        return dt.datetime.fromisoformat(raw)
    number = float(raw)
    if int(element.get("s", "0")) in date_styles:
        return EXCEL_EPOCH + dt.timedelta(days=number)
    return int(number) if number.is_integer() and "." not in raw and "E" not in raw.upper() else number
