"""Column mapping: suggestions from headers, and presets saved by editors."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.french import normalise
from data_access.intake.fields import Field
from data_access.models import (
    ImportPreset,
    Role,
)

# Headers form tools commonly use for the territory's identity.
HEADER_ALIASES = {
    "nom": "territoire", "collectivite": "territoire", "nom collectivite": "territoire",
    "territoire": "territoire", "commune": "territoire", "code": "territoire_code",
    "code insee": "territoire_code", "insee": "territoire_code", "siren": "territoire_code",
    "code siren": "territoire_code", "courriel": "contact_email", "email": "contact_email",
}


def suggest_mapping(headers: Iterable[str], targets: Sequence[Field]) -> dict[str, str]:
    """Header → field id when the header is the field's label or id (case and accent tolerant)."""
    by_key: dict[str, str] = dict(HEADER_ALIASES)
    for target in targets:
        by_key.setdefault(normalise(target.label), target.id)
        by_key.setdefault(normalise(target.id), target.id)
        by_key.setdefault(normalise(target.id.rsplit(".", 1)[-1]), target.id)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    valid = {target.id for target in targets}
    for header in headers:
        target_id = by_key.get(normalise(header))
        if target_id and target_id in valid and target_id not in used:
            mapping[header] = target_id
            used.add(target_id)
    return mapping


def list_presets(session: Session) -> dict[str, dict[str, str]]:
    presets = session.scalars(select(ImportPreset).order_by(ImportPreset.name)).all()
    return {p.name: {str(k): str(v) for k, v in p.mapping.items()} for p in presets}


def save_preset(session: Session, *, actor: Actor, name: str, mapping: Mapping[str, str]) -> ImportPreset:
    """Save (or replace) a named column mapping for the next files of the same form tool."""
    require(actor, Role.EDITEUR, action="enregistrer une correspondance de colonnes")
    name = name.strip()
    if not name:
        raise ValidationError("Donnez un nom à la correspondance de colonnes.")
    if len(name) > 200:
        raise ValidationError("Le nom de la correspondance dépasse 200 caractères.")
    clean = {str(k): str(v) for k, v in mapping.items() if v}
    preset = session.scalar(select(ImportPreset).where(ImportPreset.name == name))
    before = None
    if preset is None:
        preset = ImportPreset(name=name, mapping=clean, created_by=actor.email)
        session.add(preset)
    else:
        before = {"mapping": dict(preset.mapping)}
        preset.mapping = clean
    session.flush()
    audit.record(session, actor=actor, action="import.correspondance", entity_type="import_preset",
                 entity_id=preset.id, summary=f"Correspondance de colonnes « {name} » enregistrée",
                 before=before, after={"mapping": clean})
    return preset
