"""French labels for what the audit log records as codes: actors, action codes, object types.

The store keeps stable codes (« manifeste.element.ajout », « campaign », « mode-local@localhost »)
so that filters and history never depend on wording; every screen and export shows these labels.
The labels themselves are data (``audit_labels.yaml``).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from data_access import yaml_loader
from data_access.access import LOCAL_ACTOR_EMAIL, SYSTEM_ACTOR, VISITOR_ACTOR

LABELS_FILE = Path(__file__).with_name("audit_labels.yaml")
CLI_ACTOR_PREFIX = "ligne-de-commande:"  # dashboard/cli/main.py records « ligne-de-commande:<user> »


@cache
def _labels() -> dict[str, dict[str, str]]:
    with LABELS_FILE.open(encoding="utf-8") as handle:
        data = yaml_loader.safe_load(handle)
    return {"actions": dict(data["actions"]), "objects": dict(data["objects"])}


def action_codes() -> frozenset[str]:
    return frozenset(_labels()["actions"])


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
