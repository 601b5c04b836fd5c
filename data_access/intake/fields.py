"""Grid-derived fields of the import: sheets, tracking columns, link questions, normalisation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from data_access.intake.grid import (
    GridDefinition,
    Question,
    Section,
)
from data_access.models import (
    STAGE_LABELS,
)
from data_access.territories import reference

TERRITORY_SHEET = "Territoires"
SESSIONS_SHEET = "Sessions"
PROPOSALS_SHEET = "Propositions"
INSTRUCTIONS_SHEET = "Instructions"
LISTS_SHEET = "Listes"
MULTI_SEPARATOR = " ; "
IMPORT_ACTION = "import.fichier"
IMPORT_SOURCE = "import"
FILING_ACTION = "espace.grille.depot"  # a territory files its grid online (data_access/space/filing.py)
ONLINE_SOURCE = "en_ligne"
STAGE_KEPT = "L'étape déjà enregistrée"
MAX_NUMBERED_BLOCKS = 10  # flat exports: "Proposition 1 … 10" columns at most

Level = Literal["erreur", "avertissement"]
ERROR: Level = "erreur"
WARNING: Level = "avertissement"

# Questions of the grid whose text becomes a Finding of this category.
FINDING_QUESTIONS: dict[str, str] = {
    "opportunites": "opportunite",
    "risques": "risque",
    "conditions_deploiement": "condition_deploiement",
    "controle": "controle",
    "sobriete_energetique": "sobriete_energetique",
    "organisation_travail": "organisation_travail",
    "impact_service_public": "impact_service_public",
}
# Sections whose answers make a row "a grid" (identity, charter and sessions alone do not).
GRID_CONTENT_SECTIONS = ("enseignements", "criteres", "suites")
# Repeated blocks that become their own rows, keyed by section id.
BLOCK_SHEETS = {"sessions": SESSIONS_SHEET, "propositions": PROPOSALS_SHEET}

KIND_BY_LABEL = {label: kind for kind, label in reference.KIND_LABELS.items()}
STAGE_BY_LABEL = {label: stage for stage, label in STAGE_LABELS.items()}

# Columns the template adds to the grid's own questions: what the campaign follows up.
TRACKING_QUESTIONS: tuple[Question, ...] = (
    Question(id="type_collectivite", label="Type de collectivité", type="single_choice",
             choices=tuple(reference.KIND_LABELS.values()),
             help="Facultatif ; aide à distinguer un département d'une région de même code."),
    Question(id="etape", label="Étape de la participation", type="single_choice",
             choices=tuple(STAGE_LABELS.values()),
             help="Facultatif ; à défaut, déduite des informations fournies."),
    Question(id="date_engagement", label="Date d'engagement", type="date"),
    Question(id="date_etape", label="Date de l'étape", type="date"),
    Question(id="pays", label="Pays (collectivités hors de France)", type="short_text"),
    Question(id="latitude", label="Latitude (collectivités hors de France)", type="short_text"),
    Question(id="longitude", label="Longitude (collectivités hors de France)", type="short_text"),
)
LINK_IDS = ("type_collectivite", "territoire_code", "territoire")



@dataclass(frozen=True)
class Field:
    """A column the importer understands: a grid question placed on a sheet."""

    id: str  # "territoire", "sessions.date", "propositions.3.texte" (flat exports)
    question: Question
    sheet: str

    @property
    def label(self) -> str:
        return self.question.label


def territory_questions(definition: GridDefinition) -> list[Question]:
    """The territory sheet's columns: identity, tracking, then every plain question."""
    identity = definition.section("identite").questions
    rest = [q for s in definition.sections if not s.repeated and s.id != "identite" for q in s.questions]
    return [*identity, *TRACKING_QUESTIONS, *rest]


def link_questions(definition: GridDefinition) -> list[Question]:
    by_id = {q.id: q for q in territory_questions(definition)}
    return [by_id[qid] for qid in LINK_IDS]


def block_sections(definition: GridDefinition) -> list[Section]:
    return [s for s in definition.sections if s.repeated and s.id in BLOCK_SHEETS]


def sheet_fields(definition: GridDefinition) -> dict[str, list[Field]]:
    """Every sheet of the template with its columns, in order."""
    fields = {TERRITORY_SHEET: [Field(q.id, q, TERRITORY_SHEET) for q in territory_questions(definition)]}
    for section in block_sections(definition):
        sheet = BLOCK_SHEETS[section.id]
        fields[sheet] = [Field(q.id, q, sheet) for q in link_questions(definition)] + [
            Field(f"{section.id}.{q.id}", q, sheet) for q in section.questions
        ]
    return fields


def flat_targets(definition: GridDefinition) -> list[Field]:
    """What a flat export's column can be mapped to: territory fields and numbered block fields."""
    targets = [Field(q.id, q, TERRITORY_SHEET) for q in territory_questions(definition)]
    for section in block_sections(definition):
        singular = "Session" if section.id == "sessions" else "Proposition"
        for number in range(1, MAX_NUMBERED_BLOCKS + 1):
            for q in section.questions:
                label = f"{singular} {number} — {q.label}"
                targets.append(Field(f"{section.id}.{number}.{q.id}",
                                     Question(id=q.id, label=label, type=q.type, required=q.required,
                                              choices=q.choices, choices_from=q.choices_from,
                                              minimum=q.minimum), TERRITORY_SHEET))
    return targets




@lru_cache(maxsize=100_000)
def clean_filename(filename: str) -> str:
    """A file name as shown and audited: last component only, no control characters, bounded."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return (name or "fichier")[:200]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
