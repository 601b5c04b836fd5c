"""Every audit action code the store writes has a French label; actors and objects read as words."""

from __future__ import annotations

import re
from pathlib import Path

from data_access import audit_labels
from data_access.access import LOCAL_ACTOR_EMAIL, SYSTEM_ACTOR

DATA_ACCESS = Path(audit_labels.__file__).resolve().parent
# Action codes are dotted lower-case words: « manifeste.element.ajout ». ``require(…, action="…")``
# takes a French phrase with spaces, which this pattern leaves out.
CODE = re.compile(r'''(?:action\s*=\s*|_ACTION\s*=\s*)["']([a-z_]+(?:\.[a-z_]+)+)["']''')


def _codes_in_source() -> set[str]:
    return {match for path in DATA_ACCESS.rglob("*.py") for match in CODE.findall(path.read_text("utf-8"))}


def test_every_action_code_written_by_data_access_has_a_label() -> None:
    codes = _codes_in_source()
    assert "manifeste.element.ajout" in codes and "import.fichier" in codes  # the scan finds them
    missing = sorted(codes - audit_labels.action_codes())
    assert not missing, f"Libellé manquant dans audit_labels.yaml : {missing}"


def test_every_entity_type_written_has_a_label() -> None:
    pattern = re.compile(r'''entity_type\s*=\s*["']([a-z_]+)["']''')
    types = {m for path in DATA_ACCESS.rglob("*.py") for m in pattern.findall(path.read_text("utf-8"))}
    assert "campaign" in types
    missing = sorted(types - audit_labels.object_types())
    assert not missing, f"Libellé d'objet manquant dans audit_labels.yaml : {missing}"


def test_labels_are_french_words() -> None:
    assert audit_labels.action_label("manifeste.element.ajout") == "Ajout d'une proposition au manifeste"
    assert audit_labels.object_label("campaign", "1") == "Campagne n° 1"
    assert audit_labels.object_label("campaign", None) == "Campagne"
    assert "." not in audit_labels.action_label("inconnu.nouvelle_action")


def test_actor_labels() -> None:
    assert audit_labels.actor_label(LOCAL_ACTOR_EMAIL) == "Mode local"
    assert audit_labels.actor_label("ligne-de-commande:root") == "Ligne de commande (root)"
    assert audit_labels.actor_label(SYSTEM_ACTOR.email) == "Système"
    assert audit_labels.actor_label("marie@exemple.fr") == "marie@exemple.fr"
    assert audit_labels.actor_label(None) == "non renseigné"


def test_every_before_after_key_written_has_a_label() -> None:
    """The Journal shows « avant / après » in words: each key a write records reads as French."""
    literal = re.compile(r"(?:before|after)=(\{.*?\})\s*[,)]", re.S)
    keys = {key for path in DATA_ACCESS.rglob("*.py") for block in literal.findall(path.read_text("utf-8"))
            for key in re.findall(r'"([a-z_]+)":', block)}
    assert "sources" in keys and "stage" in keys
    missing = sorted(keys - audit_labels.field_codes())
    assert not missing, f"Libellé de champ manquant dans audit_labels.yaml : {missing}"
