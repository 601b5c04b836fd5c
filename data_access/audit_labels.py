"""French labels for what the audit log records as codes: actors, action codes, object types.

The store keeps stable codes (« manifeste.element.ajout », « campaign », « mode-local@localhost »)
so that filters and history never depend on wording; every screen and export shows these labels.
The labels themselves are data (``audit_labels.yaml``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from data_access import yaml_loader
from data_access.access import LOCAL_ACTOR_EMAIL, SYSTEM_ACTOR, VISITOR_ACTOR
from data_access.commitments.models import COMMITTER_KIND_LABELS
from data_access.french import TIME_ZONE, number, paris_time
from data_access.models import (
    FILING_STATUS_LABELS,
    ROLE_LABELS,
    SECTION_STATUS_LABELS,
    STAGE_LABELS,
)

LABELS_FILE = Path(__file__).with_name("audit_labels.yaml")
CLI_ACTOR_PREFIX = "ligne-de-commande:"  # dashboard/cli/main.py records « ligne-de-commande:<user> »


@cache
def _labels() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open(encoding="utf-8") as handle:
        data = yaml_loader.safe_load(handle)
    return {"actions": dict(data["actions"]), "objects": dict(data["objects"]), "fields": dict(data.get("fields", {}))}


def action_codes() -> frozenset[str]:
    return frozenset(_labels()["actions"])


def field_codes() -> frozenset[str]:
    return frozenset(_labels()["fields"])


def object_types() -> frozenset[str]:
    return frozenset(_labels()["objects"])


def action_label(code: str) -> str:
    """« Ajout d'une proposition au manifeste » for « manifeste.element.ajout »."""
    label = _labels()["actions"].get(code)
    # An unknown code (a newer version wrote it) still reads as words rather than a dotted code.
    return label or code.replace(".", " ").replace("_", " ").capitalize()


def object_label(entity_type: str, entity_id: str | None = None) -> str:
    """« Campagne n° 1 » for (« campaign », « 1 »); the type alone when there is no identifier."""
    kind = _labels()["objects"].get(entity_type) or entity_type.replace("_", " ").capitalize()
    return f"{kind} n° {entity_id}" if entity_id else kind


def actor_label(actor: str | None) -> str:
    """Who acted, as a person reads it: « Mode local », « Ligne de commande (root) », an e-mail."""
    if not actor:
        return "non renseigné"
    if actor == LOCAL_ACTOR_EMAIL:
        return "Mode local"
    if actor == SYSTEM_ACTOR.email:
        return "Système"
    if actor == VISITOR_ACTOR.email:
        return "Visiteur de la page publique"
    if actor.startswith(CLI_ACTOR_PREFIX):
        user = actor[len(CLI_ACTOR_PREFIX):]
        return f"Ligne de commande ({user})" if user else "Ligne de commande"
    return actor


# Codes a value may hold, read as their French label (« charte_signee » → « Charte signée »).
_VALUE_LABELS: dict[str, str] = {
    **{str(k.value): v for k, v in STAGE_LABELS.items()},
    **{str(k.value): v for k, v in SECTION_STATUS_LABELS.items()},
    **{str(k.value): v for k, v in FILING_STATUS_LABELS.items()},
    **{str(k.value): v for k, v in ROLE_LABELS.items()},
    **{str(k.value): v for k, v in COMMITTER_KIND_LABELS.items()},
}
_DIGEST = re.compile(r"^[0-9a-f]{32,}$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
_SNAPSHOT_SKIP = frozenset({"id", "section_id"})


def field_label(key: str) -> str:
    label = _labels()["fields"].get(key)
    return label or key.replace("_", " ").capitalize()


def value_text(value: Any) -> str:
    """One stored value as a person reads it: labels for codes, French dates, « oui » / « non »."""
    if value is None or value == "":
        return "vide"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, (int, float)):
        return number(value, decimals=0 if float(value).is_integer() else 2)
    if isinstance(value, str):
        if _DIGEST.match(value):
            return "empreinte technique"
        if _ISO_DATE.match(value):
            return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
        if _ISO_MOMENT.match(value):
            return f"{paris_time(dt.datetime.fromisoformat(value))} ({TIME_ZONE})"
        return _VALUE_LABELS.get(value, value)
    if isinstance(value, Mapping):
        if "wording" in value:  # a manifesto item of a section snapshot: its words say what it is
            return f"« {value['wording']} »"
        return change_text(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "aucun"
        return ", ".join(value_text(v) for v in value)
    return str(value)


def change_text(values: Mapping[str, Any] | None) -> str:
    """An audit event's « avant » or « après » in French: « Statut : Publiée ; Titre : IA sociale »."""
    if not values:
        return ""
    return " ; ".join(f"{field_label(key)} : {value_text(value)}" for key, value in values.items()
                      if key not in _SNAPSHOT_SKIP)
