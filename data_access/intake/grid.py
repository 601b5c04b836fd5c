"""The information grid as data: definition files, and completion derived from them."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from data_access import yaml_loader

GRIDS_DIR = Path(__file__).resolve().parent / "grids"
DEFAULT_CHAPTERS = (
    "IA sociale",
    "IA ouverte et démocratique",
    "IA utile et proportionnée",
    "Gouvernance partagée et territoriale",
)
QUESTION_TYPES = frozenset(
    {"short_text", "long_text", "single_choice", "multiple_choice", "integer", "date", "yes_no"}
)


@dataclass(frozen=True)
class Question:
    id: str
    label: str
    type: str
    required: bool = False
    help: str | None = None
    choices: tuple[str, ...] = ()
    choices_from: str | None = None
    personal: bool = False
    minimum: int | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    questions: tuple[Question, ...]
    repeated: bool = False


@dataclass(frozen=True)
class GridDefinition:
    version: str
    title: str
    sections: tuple[Section, ...]
    vocabularies: dict[str, Any] = field(default_factory=dict)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    @property
    def themes(self) -> list[str]:
        return list(self.vocabularies.get("themes", []))

    @property
    def criteria(self) -> list[str]:
        return list(self.vocabularies.get("criteria", []))

    @property
    def formats(self) -> list[str]:
        return list(self.vocabularies.get("formats", []))

    @property
    def publics(self) -> list[str]:
        return list(self.vocabularies.get("publics", []))

    @property
    def finding_categories(self) -> dict[str, str]:
        return dict(self.vocabularies.get("finding_categories", {}))

    def choices(self, question: Question, chapters: list[str] | None = None) -> list[str]:
        if question.choices:
            return list(question.choices)
        if question.choices_from == "chapters":
            return list(chapters or DEFAULT_CHAPTERS)
        if question.choices_from:
            return list(self.vocabularies.get(question.choices_from, []))
        return []

    def personal_question_ids(self) -> frozenset[str]:
        """The questions whose answers are personal data (RGPD: erased with the contact)."""
        return frozenset(q.id for section in self.sections for q in section.questions if q.personal)

    def completion_units(self) -> list[tuple[Section, Question | None]]:
        """What completion counts: each plain question, and each repeated block once."""
        units: list[tuple[Section, Question | None]] = []
        for section in self.sections:
            if section.repeated:
                units.append((section, None))
            else:
                units.extend((section, question) for question in section.questions)
        return units


def _parse(data: dict[str, Any]) -> GridDefinition:
    sections = []
    for raw_section in data["sections"]:
        questions = []
        for raw in raw_section["questions"]:
            if raw["type"] not in QUESTION_TYPES:
                raise ValueError(f"Type de question inconnu : {raw['type']}")
            questions.append(
                Question(
                    id=raw["id"],
                    label=raw["label"],
                    type=raw["type"],
                    required=bool(raw.get("required", False)),
                    help=raw.get("help"),
                    choices=tuple(raw.get("choices", ())),
                    choices_from=raw.get("choices_from"),
                    personal=bool(raw.get("personal", False)),
                    minimum=raw.get("min"),
                )
            )
        sections.append(
            Section(
                id=raw_section["id"],
                title=raw_section["title"],
                questions=tuple(questions),
                repeated=bool(raw_section.get("repeated", False)),
            )
        )
    return GridDefinition(
        version=str(data["version"]),
        title=data["title"],
        sections=tuple(sections),
        vocabularies=dict(data.get("vocabularies", {})),
    )


@lru_cache(maxsize=8)
def load_definition(version: str | None = None) -> GridDefinition:
    """The grid of a given version, or the newest one."""
    files = sorted(GRIDS_DIR.glob("grille-*.yaml"))
    definitions = {}
    for path in files:
        with path.open(encoding="utf-8") as handle:
            definition = _parse(yaml_loader.safe_load(handle))
        definitions[definition.version] = definition
    if version is None:
        return definitions[max(definitions, key=_version_key)]
    if version not in definitions:
        raise KeyError(f"Version de grille inconnue : {version}")
    return definitions[version]


def erase_personal_answers(answers: dict[str, Any], grid_version: str) -> dict[str, Any] | None:
    """``answers`` without their personal data, or None when there was none to erase.

    Answers are plain JSON copied at each draft, filing and import: the contact typed into the
    grid lives there as well as on the participation, so an erasure must reach it here too. The
    questions of every known grid count, in case a version's file has since changed.
    """
    personal = set(_all_personal_ids())
    with suppress(KeyError):  # a version whose file is gone: every known grid's questions still count
        personal |= load_definition(grid_version).personal_question_ids()

    def clean(mapping: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        changed = False
        result: dict[str, Any] = {}
        for key, value in mapping.items():
            if key in personal and is_answered(value):
                result[key] = None
                changed = True
            elif isinstance(value, list) and any(isinstance(row, dict) for row in value):
                rows = []
                for row in value:
                    if isinstance(row, dict):
                        cleaned, row_changed = clean(row)
                        changed = changed or row_changed
                        rows.append(cleaned)
                    else:
                        rows.append(row)
                result[key] = rows
            else:
                result[key] = value
        return result, changed

    cleaned, changed = clean(dict(answers or {}))
    return cleaned if changed else None


@lru_cache(maxsize=1)
def _all_personal_ids() -> frozenset[str]:
    ids: set[str] = set()
    for path in sorted(GRIDS_DIR.glob("grille-*.yaml")):
        with path.open(encoding="utf-8") as handle:
            ids |= _parse(yaml_loader.safe_load(handle)).personal_question_ids()
    return frozenset(ids)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split(".") if part.isdigit())


def is_answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, (list, tuple, dict)):
        return len(value) > 0
    return True


def completion(answers: dict[str, Any], definition: GridDefinition) -> float:
    """Share of the grid answered, from 0 to 1; a repeated block counts once if it has an entry."""
    units = definition.completion_units()
    if not units:
        return 0.0
    answered = 0
    for section, question in units:
        if question is None:
            entries = answers.get(section.id) or []
            answered += int(any(is_answered(entry) for entry in entries))
        else:
            answered += int(is_answered(answers.get(question.id)))
    return answered / len(units)
