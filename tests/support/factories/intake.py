"""Files to import: the template filled with a few rows, CSVs in the encodings French users send."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from data_access.intake import PROPOSALS_SHEET, SESSIONS_SHEET, TERRITORY_SHEET
from data_access.intake import template as intake_template

RENNES = {"type_collectivite": "Commune", "territoire": "Rennes", "territoire_code": "35238"}
BREST = {"type_collectivite": "Commune", "territoire": "Brest", "territoire_code": "29019"}


def territory_row(link: dict[str, Any] = RENNES, **values: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        **link, "reseaux": ["Les Interconnectés"], "contact_nom": "Camille Martin",
        "contact_email": "camille.martin@exemple.fr", "charte_signee": True, "charte_date": "2024-10-15",
        "charte_signataire": "Maire", "opportunites": "Mieux répondre aux usagers.",
        "conditions_deploiement": "Former les agents.", "themes": ["Relation aux usagers"],
    }
    row.update(values)
    return row


def session_row(link: dict[str, Any] = RENNES, **values: Any) -> dict[str, Any]:
    return {**link, "sessions.date": "2024-11-20", "sessions.format": "atelier",
            "sessions.publics": ["citoyens", "agents"], "sessions.participants": 35, "sessions.lieu": "Mairie",
            **values}


def proposal_row(link: dict[str, Any] = RENNES, **values: Any) -> dict[str, Any]:
    return {**link, "propositions.texte": "Former tous les agents à l'IA.", "propositions.chapitre": "IA sociale",
            "propositions.themes": ["Emploi et formation"], **values}


def workbook(territories: Sequence[dict[str, Any]] = (), sessions: Sequence[dict[str, Any]] = (),
             proposals: Sequence[dict[str, Any]] = ()) -> bytes:
    return intake_template.build_template(rows={TERRITORY_SHEET: list(territories), SESSIONS_SHEET: list(sessions),
                                              PROPOSALS_SHEET: list(proposals)})


def csv_bytes(rows: Sequence[Sequence[Any]], *, delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    text = buffer.getvalue()
    if encoding == "utf-8-sig":
        return ("\ufeff" + text).encode("utf-8")
    return text.encode(encoding)
