"""Cells written to CSV/XLSX files: text a spreadsheet would evaluate is neutralised (formula injection)."""

from __future__ import annotations

from typing import Any

# Excel and LibreOffice read a cell starting with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Prefix an apostrophe so the spreadsheet shows the text instead of evaluating it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
