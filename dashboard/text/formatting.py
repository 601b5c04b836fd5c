"""French formats (1 234,5 ; 11 mars 2025) through Babel: locale.setlocale is global and absent here."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "fr_FR"


def number(value: float | int, *, decimals: int = 0) -> str:
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(share: float, *, decimals: int = 0) -> str:
    # French typography: narrow no-break space before %, as Babel's fr locale does.
    pattern = "#,##0\u202f%" if decimals == 0 else "#,##0." + "0" * decimals + "\u202f%"
    return format_percent(share, format=pattern, locale=LOCALE)


def date(value: dt.date | None, *, empty: str = "—") -> str:
    """« 11 mars 2025 »."""
    if value is None:
        return empty
    return _format_date(value, format="d MMMM y", locale=LOCALE)


def short_date(value: dt.date | None, *, empty: str = "—") -> str:
    """« 11/03/2025 »."""
    if value is None:
        return empty
    return value.strftime("%d/%m/%Y")


def days(count: int) -> str:
    return f"{number(count)} jour" + ("s" if abs(count) > 1 else "")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    word = singular if abs(count) <= 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"
