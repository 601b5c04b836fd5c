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


def signature_sentence(signed_on: dt.date, *, name: str | None, role: str | None, version: int | None,
                       document: str | None = None, lead: str = "Signée") -> str:
    """« Signée le 3 février 2025 par Camille Martin (maire), version 2 de la charte. »: only what is
    known (a paper charter recorded by the import has neither name nor version)."""
    text = f"{lead} le {formatting.date(signed_on)}"
    if name and role:
        text += f" par {name} ({role})"
    elif name:
        text += f" par {name}"
    elif role:
        text += f" (signataire : {role})"
    if version:
        text += f", version {version} de la charte"
    if document:
        text += f" (document : {document})"
    return text + "."


def charter_signature(sheet: TerritorySheet) -> str:
    """The sheet's signature; the signatory's name only when the sheet carries it (with contacts)."""
    if sheet.charter_on is None:
        return "La charte n'est pas encore signée."
    return signature_sentence(sheet.charter_on, name=sheet.charter_signatory, role=sheet.charter_role,
                              version=sheet.charter_version, document=sheet.charter_document)
