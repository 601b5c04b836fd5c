"""French sentences built from figures (no streamlit: testable and reusable in exports)."""

from __future__ import annotations

import datetime as dt

from dashboard.text import formatting
from data_access import french
from data_access.monitoring.territory_sheet import TerritorySheet


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


def charter_signature(sheet: TerritorySheet) -> str:
    """« Signée le 3 février 2025 par Camille Martin (maire), version 2. »; the name only when the
    sheet carries it (readers without personal data get the role alone)."""
    if sheet.charter_on is None:
        return "La charte n'est pas encore signée."
    text = f"Signée le {formatting.date(sheet.charter_on)}"
    if sheet.charter_signatory and sheet.charter_role:
        text += f" par {sheet.charter_signatory} ({sheet.charter_role})"
    elif sheet.charter_signatory:
        text += f" par {sheet.charter_signatory}"
    elif sheet.charter_role:
        text += f" (signataire : {sheet.charter_role})"
    if sheet.charter_version:
        text += f", version {sheet.charter_version} de la charte"
    if sheet.charter_document:
        text += f" (document : {sheet.charter_document})"
    return text + "."
