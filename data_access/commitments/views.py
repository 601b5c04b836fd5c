"""Plain values of the commitments (picklable: what readers and exports receive), the inputs of
the writes, and the conflict error that says who saved first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from data_access.errors import ConflictError

MAX_TITLE = 300
MAX_NAME = 200
MAX_STATUS_LABEL = 80
MAX_ENTRY = 4000
MAX_DESCRIPTION = 20_000
NEWS_MONTHS_RANGE = (1, 36)

GroupBy = Literal["item", "status", "territory", "region", "committer"]


class CommitmentConflict(ConflictError):
    """Someone saved the commitment first: nothing was written."""

    def __init__(self, message: str, *, other_editor: str, current_version: int) -> None:
        super().__init__(message, hint="Rechargez l'engagement : vos changements sont à reprendre sur sa version actuelle.")
        self.other_editor = other_editor
        self.current_version = current_version


@dataclass(frozen=True)
class CommitmentInput:
    """What a form (or a CSV row) says of a commitment.

    ``progress`` None: automatic (the mean of the sub-commitments, else the status's default);
    a number: set by hand. ``participation_id`` is the committer of kind « territoire »;
    ``committer_name`` names a network (the commission's name is its own). ``territory_ids`` are
    the participations of the other territories the commitment answers."""

    title: str
    committer_kind: str
    status_id: int
    item_id: int | None = None
    parent_id: int | None = None
    committer_name: str | None = None
    participation_id: int | None = None
    description: str = ""
    progress: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    proposal_ids: Sequence[int] = ()
    territory_ids: Sequence[int] = ()


@dataclass(frozen=True)
class CommitmentFilters:
    """Filters of the « Suivi des engagements » page; empty tuples mean « all »."""

    item_ids: tuple[int, ...] = ()
    section_ids: tuple[int, ...] = ()
    status_ids: tuple[int, ...] = ()
    committer_kinds: tuple[str, ...] = ()
    participation_ids: tuple[int, ...] = ()
    reg_codes: tuple[str, ...] = ()
    validated: bool | None = None
    include_withdrawn: bool = False
    text: str = ""


@dataclass(frozen=True)
class StatusView:
    id: int
    label: str
    default_progress: int
    position: int
    done: bool
    closed: bool
    used: int  # commitments in this status (withdrawn ones included): a used status cannot be deleted


@dataclass(frozen=True)
class ItemRef:
    """A manifesto item as commitments name it: « 1.2 » and its wording."""

    id: int
    number: str
    wording: str
    section_id: int
    section_title: str


@dataclass(frozen=True)
class CommitmentRow:
    """One line of the « Suivi des engagements » (and of the CSV export)."""

    id: int
    public_id: str
    item_id: int | None
    item_number: str  # « 1.2 », « » when the item left the manifesto
    item_wording: str
    section_id: int | None
    parent_id: int | None
    parent_public_id: str | None
    committer_kind: str
    committer_kind_label: str
    committer_label: str  # the commission's, the network's or the territory's name
    participation_id: int | None
    territory_code: str  # « commune:35238 » for a territory's commitment
    reg_code: str
    region: str
    title: str
    description: str
    status_id: int
    status_label: str
    status_position: int
    done: bool
    closed: bool
    progress: int
    progress_set_by_hand: bool
    start_date: dt.date | None
    end_date: dt.date | None
    validated: bool
    withdrawn: bool
    children: int
    last_news_on: dt.date
    version: int
    updated_at: dt.datetime
    updated_by: str


@dataclass(frozen=True)
class GroupCount:
    """Commitments of one group (an item, a status, a territory, a région…)."""

    key: str
    label: str
    total: int
    done: int
    mean_progress: float

    @property
    def done_share(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class TerritoryShare:
    """A territory's commitments and the share done: the map of the « Suivi » and the public page."""

    participation_id: int
    name: str
    kind: str
    code: str
    reg_code: str
    lat: float | None
    lon: float | None
    total: int
    done: int

    @property
    def done_share(self) -> float:
        return self.done / self.total if self.total else 0.0


@dataclass(frozen=True)
class StaleCommitment:
    """A commitment without news since ``last_news_on``: someone to remind."""

    id: int
    public_id: str
    title: str
    committer_label: str
    participation_id: int | None
    status_label: str
    last_news_on: dt.date
    months_without_news: int


@dataclass(frozen=True)
class EntryView:
    id: int
    occurred_on: dt.date
    text: str
    created_by: str
    created_at: dt.datetime


@dataclass(frozen=True)
class RevisionView:
    version: int
    created_at: dt.datetime
    created_by: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class CommitmentDetail:
    """One commitment with its timeline, its sub-commitments and what it answers."""

    row: CommitmentRow
    entries: tuple[EntryView, ...]
    children: tuple[CommitmentRow, ...]
    proposal_ids: tuple[int, ...]
    territory_ids: tuple[int, ...]
    territory_names: tuple[str, ...]
    validated_by: str | None
    validated_at: dt.datetime | None


# --- Public (no person: no e-mail, no author) ---------------------------------------------------

@dataclass(frozen=True)
class PublicNews:
    occurred_on: dt.date
    text: str


@dataclass(frozen=True)
class PublicCommitment:
    public_id: str
    parent_public_id: str | None
    title: str
    description: str
    committer_kind_label: str
    committer_label: str
    status_label: str
    done: bool
    progress: int
    start_date: dt.date | None
    end_date: dt.date | None
    last_news: PublicNews | None


@dataclass(frozen=True)
class PublicItem:
    number: str
    wording: str
    section_title: str
    commitments: tuple[PublicCommitment, ...]


@dataclass(frozen=True)
class PublicCommitments:
    campaign_name: str
    items: tuple[PublicItem, ...]
    territories: tuple[TerritoryShare, ...] = field(default=())

    @property
    def total(self) -> int:
        return sum(len(item.commitments) for item in self.items)
