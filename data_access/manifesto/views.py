"""Plain views of the manifesto (picklable: what readers and exports receive), its constants and
the conflict error that carries both texts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from data_access.errors import ConflictError
from data_access.models import SECTION_STATUS_LABELS, SectionStatus

MAX_TITLE = 300
OVERSEAS_ZONES = frozenset({"drom", "com"})
SIZE_CLASSES: tuple[tuple[str, int, int | None], ...] = (
    ("Moins de 2 000 habitants", 0, 2_000),
    ("De 2 000 à 19 999 habitants", 2_000, 20_000),
    ("De 20 000 à 99 999 habitants", 20_000, 100_000),
    ("De 100 000 à 499 999 habitants", 100_000, 500_000),
    ("500 000 habitants et plus", 500_000, None),
)
UNKNOWN_SIZE = "Population non renseignée"
# (value, French label) of each section status, for widgets.
STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, SECTION_STATUS_LABELS[s]) for s in SectionStatus)


class ManifestoConflict(ConflictError):
    """Someone saved first. Carries the other editor's text and the user's own, so nothing is lost."""

    def __init__(self, message: str, *, theirs: str, mine: str, other_editor: str, current_version: int) -> None:
        super().__init__(message, hint="Votre texte est conservé : reprenez-le sur la version actuelle.")
        self.theirs = theirs
        self.mine = mine
        self.other_editor = other_editor
        self.current_version = current_version



# --- Plain views (picklable; what readers and exports receive) ------------------------------------

@dataclass(frozen=True)
class ItemView:
    id: int
    section_id: int
    position: int
    wording: str
    version: int
    group_id: int | None
    proposal_ids: tuple[int, ...]
    territories: int
    kinds: tuple[tuple[str, int], ...]  # (kind, territories)
    regions: tuple[tuple[str, int], ...]  # (région code, territories)
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class SectionView:
    id: int
    title: str
    position: int
    introduction: str
    status: str
    version: int
    updated_by: str
    updated_at: dt.datetime
    items: tuple[ItemView, ...]

    @property
    def status_label(self) -> str:
        return SECTION_STATUS_LABELS[SectionStatus(self.status)]


@dataclass(frozen=True)
class RevisionView:
    version: int
    created_at: dt.datetime
    created_by: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class CoverageRow:
    label: str
    engaged: int
    represented: int


@dataclass(frozen=True)
class MissingTerritory:
    participation_id: int
    name: str
    kind: str
    reg_code: str | None


@dataclass(frozen=True)
class Coverage:
    engaged: int
    represented: int
    by_kind: tuple[CoverageRow, ...]
    by_region: tuple[CoverageRow, ...]
    by_size: tuple[CoverageRow, ...]
    overseas: CoverageRow
    overseas_names: tuple[str, ...]
    missing: tuple[MissingTerritory, ...]


@dataclass(frozen=True)
class ExportItem:
    wording: str
    territories: int
    kinds: tuple[str, ...]  # French labels
    regions: tuple[str, ...]  # région names


@dataclass(frozen=True)
class ExportSection:
    title: str
    introduction: str
    status: str
    items: tuple[ExportItem, ...]


@dataclass(frozen=True)
class ExportTerritory:
    name: str
    kind: str  # French label
    region: str
    withdrawn_on: dt.date | None = None  # its cited proposals were withdrawn by the territory (latest day)


@dataclass(frozen=True)
class ManifestoDocument:
    campaign_name: str
    forum_date: dt.date | None
    forum_place: str | None
    generated_on: dt.date
    sections: tuple[ExportSection, ...]
    territories: tuple[ExportTerritory, ...] = field(default=())
    source_count: int = 0  # distinct proposals the items cite

    @property
    def item_count(self) -> int:
        """Items of the manifesto (« éléments »), each backed by one or more source proposals."""
        return sum(len(s.items) for s in self.sections)




@dataclass(frozen=True)
class Placement:
    """Where a proposal already is in the manifesto: the item it feeds, numbered as editors read it."""

    item_id: int
    section_id: int
    label: str  # « 1.1 »: section number, item number
