"""The realistic demonstration corpus (issue 23): themes, proposals and findings as data.

Files of this folder (read with the project's YAML loader):

- ``themes.yaml``: the 25 themes (id, French label, manifesto chapter);
- ``proposals_*.yaml``: lists of ``{id, theme, also?, text}``; ``also`` is a second theme when the
  proposal carries two ideas;
- ``findings_*.yaml``: lists of ``{id, theme, category, text}``, category among the grid's finding
  categories.

Every entry carries its theme as data, so the project has its own labelled set to tune and test
search and themes. An entry is *held out* (reported on, never tuned on) when
``zlib.crc32(id) % 5 == 0``. These ids and themes are demo data: search and the theme finder
never read them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from data_access.yaml_loader import safe_load

CORPUS_DIR = Path(__file__).resolve().parent

FINDING_CATEGORIES: tuple[str, ...] = (
    "opportunite",
    "risque",
    "condition_deploiement",
    "controle",
    "sobriete_energetique",
    "organisation_travail",
    "impact_service_public",
)


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    label: str
    chapter: str
    item: str = ""  # the demo manifesto's wording of the theme (an editor's sentence)


@dataclass(frozen=True, slots=True)
class Proposal:
    id: str
    theme: str
    text: str
    also: str | None = None

    @property
    def themes(self) -> tuple[str, ...]:
        """The theme and, for a proposal with two ideas, the second one."""
        return (self.theme,) if self.also is None else (self.theme, self.also)


@dataclass(frozen=True, slots=True)
class Finding:
    id: str
    theme: str
    category: str
    text: str


def is_held_out(entry_id: str) -> bool:
    """True for the entries kept for reporting figures (about one in five), never for tuning."""
    return zlib.crc32(entry_id.encode()) % 5 == 0


def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return safe_load(handle)


def _entries(pattern: str) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(CORPUS_DIR.glob(pattern)):
        data = _read(path)
        if not data:
            continue
        if not isinstance(data, list):
            raise ValueError(f"{path.name} : une liste d'entrées est attendue.")
        for entry in data:
            if not isinstance(entry, dict):
                raise ValueError(f"{path.name} : entrée invalide {entry!r}.")
            entries.append(entry)
    return entries


@cache
def load_themes() -> tuple[Theme, ...]:
    data = _read(CORPUS_DIR / "themes.yaml")
    return tuple(
        Theme(id=str(item["id"]), label=str(item["label"]), chapter=str(item["chapter"]),
              item=str(item.get("item") or ""))
        for item in data["themes"]
    )


@cache
def themes_by_id() -> dict[str, Theme]:
    return {theme.id: theme for theme in load_themes()}


@cache
def load_proposals() -> tuple[Proposal, ...]:
    """All proposals of every ``proposals_*.yaml`` file, in file then entry order."""
    proposals: list[Proposal] = []
    for item in _entries("proposals_*.yaml"):
        also = item.get("also")
        proposals.append(
            Proposal(
                id=str(item["id"]),
                theme=str(item["theme"]),
                text=" ".join(str(item["text"]).split()),
                also=str(also) if also else None,
            )
        )
    return tuple(proposals)


@cache
def load_findings() -> tuple[Finding, ...]:
    """All findings of every ``findings_*.yaml`` file, in file then entry order."""
    return tuple(
        Finding(
            id=str(item["id"]),
            theme=str(item["theme"]),
            category=str(item["category"]),
            text=" ".join(str(item["text"]).split()),
        )
        for item in _entries("findings_*.yaml")
    )


_KEY = 24


@cache
def _by_start() -> dict[str, tuple[Proposal, ...]]:
    index: dict[str, list[Proposal]] = {}
    for proposal in load_proposals():
        index.setdefault(proposal.text[:_KEY], []).append(proposal)
    return {key: tuple(sorted(group, key=lambda p: -len(p.text))) for key, group in index.items()}


def source_of(text: str) -> Proposal | None:
    """The corpus proposal a demo proposal's text was written from: the text itself, or the text
    with a workshop label before it (« Atelier 3 : … », « Groupe 2 — … ») or a local mention
    after it. None for a text that is not from the corpus."""
    text = " ".join(text.split())
    starts = [0]
    for separator in (": ", "— "):
        position = text.find(separator)
        while position != -1:
            starts.append(position + len(separator))
            position = text.find(separator, position + 1)
    index = _by_start()
    for start in starts:
        for proposal in index.get(text[start : start + _KEY], ()):
            if text.startswith(proposal.text, start):
                return proposal
    return None


__all__ = [
    "CORPUS_DIR",
    "FINDING_CATEGORIES",
    "Finding",
    "Proposal",
    "Theme",
    "is_held_out",
    "load_findings",
    "load_proposals",
    "load_themes",
    "source_of",
    "themes_by_id",
]
