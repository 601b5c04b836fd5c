"""French formats (1 234,5 ; 11 mars 2025) through Babel: locale.setlocale is global and absent here."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_percent

# Numbers and plurals are defined once, in the data layer, whose messages need them too.
from data_access.french import LOCALE, long_date
from data_access.french import TIME_ZONE as TIME_ZONE
from data_access.french import number as number
from data_access.french import paris_time as paris_time
from data_access.french import plural as plural


def percent(share: float, *, decimals: int = 0) -> str:
    # French typography: narrow no-break space before %, as Babel's fr locale does.
    if decimals == 0 and isinstance(share, float | int) and not isinstance(share, bool):
        # Babel's arithmetic (decimal from the float's shortest repr, half-even), without its
        # pattern machinery: Suivi prints 600 rates per run.
        whole = int((Decimal(str(share)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
        return f"{number(whole)}\u202f%"
    pattern = "#,##0\u202f%" if decimals == 0 else "#,##0." + "0" * decimals + "\u202f%"
    return format_percent(share, format=pattern, locale=LOCALE)


def date(value: dt.date | None, *, empty: str = "—") -> str:
    """« 11 mars 2025 »."""
    if value is None:
        return empty
    return long_date(value)


def abbreviated_date(value: dt.date | None, *, empty: str = "—") -> str:
    """« 7 déc. 2026 » (tables and timelines, where the full month takes too much room)."""
    if value is None:
        return empty
    return long_date(value, abbreviated=True)


def short_date(value: dt.date | None, *, empty: str = "—") -> str:
    """« 11/03/2025 »."""
    if value is None:
        return empty
    return value.strftime("%d/%m/%Y")


def days(count: int) -> str:
    return plural(count, "jour")
