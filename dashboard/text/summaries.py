"""French sentences built from figures (no streamlit: testable and reusable in exports)."""

from __future__ import annotations

import datetime as dt

from dashboard.text import formatting


def forum_status(forum_date: dt.date | None, forum_place: str | None, today: dt.date) -> str:
    if forum_date is None:
        return "La date du forum n'est pas encore fixée."
    place = f" ({forum_place})" if forum_place else ""
    remaining = (forum_date - today).days
    if remaining > 1:
        return f"Forum{place} dans {formatting.days(remaining)}, le {formatting.date(forum_date)}."
    if remaining == 1:
        return f"Forum{place} demain, le {formatting.date(forum_date)}."
    if remaining == 0:
        return f"Le forum{place} a lieu aujourd'hui."
    return f"Le forum{place} s'est tenu le {formatting.date(forum_date)}."
