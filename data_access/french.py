"""French numbers and plurals (« 1 234 », « 1 territoire », « 3 territoires ») through Babel.

The one definition, in the data layer so that its messages use it too (data_access never imports
dashboard); ``dashboard.text.formatting`` re-exports both for the UI.
"""

from __future__ import annotations

from babel.numbers import format_decimal

LOCALE = "fr_FR"


def number(value: float | int, *, decimals: int = 0) -> str:
    pattern = "#,##0" if decimals == 0 else "#,##0." + "0" * decimals
    return format_decimal(value, format=pattern, locale=LOCALE)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 territoire », « 1 territoire », « 3 territoires »: French keeps 0 and 1 singular."""
    word = singular if abs(count) <= 1 else (plural_form or singular + "s")
    return f"{number(count)} {word}"
