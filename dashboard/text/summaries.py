"""French sentences built from figures (no streamlit: testable and reusable in exports)."""

from __future__ import annotations

import datetime as dt

from dashboard.text import formatting
from data_access import french


def forum_status(forum_date: dt.date | None, forum_place: str | None, today: dt.date) -> str:
    if forum_date is None:
        return "La date du forum n'est pas encore fixée."
    # « à Rennes », « au Couvent des Jacobins »: the place may be a city or a venue.
    place = f" {french.a(forum_place)}" if forum_place else ""
    remaining = (forum_date - today).days
    if remaining > 1:
        return f"Forum dans {formatting.days(remaining)}, le {formatting.date(forum_date)}{place}."
    if remaining == 1:
        return f"Forum demain, le {formatting.date(forum_date)}{place}."
    if remaining == 0:
        return f"Le forum a lieu aujourd'hui{place}."
    return f"Le forum s'est tenu le {formatting.date(forum_date)}{place}."
