"""Cell parsing: dates, integers, yes/no and choices as people type them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from data_access.french import normalise

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
