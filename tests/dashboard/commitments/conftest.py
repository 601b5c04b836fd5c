"""Plain values the « Suivi des engagements » builders receive (no store needed)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from data_access.commitments.views import CommitmentRow, GroupCount, StaleCommitment, TerritoryShare


def row(commitment_id: int, **changes: Any) -> CommitmentRow:
    values: dict[str, Any] = dict(
        id=commitment_id, public_id=f"ENG-{commitment_id:06d}", item_id=1, item_number="1.1",
        item_wording="Former les agents", section_id=1, parent_id=None, parent_public_id=None,
        committer_kind="territoire", committer_kind_label="Territoire", committer_label="Rennes",
        participation_id=7, territory_code="commune:35238", reg_code="53", region="Bretagne",
        title="Former 200 agents", description="", status_id=2, status_label="en cours", status_position=1,
        done=False, closed=False, progress=50, progress_set_by_hand=False, start_date=None, end_date=None,
        validated=True, withdrawn=False, children=0, last_news_on=dt.date(2026, 12, 7), version=1,
        updated_at=dt.datetime(2026, 12, 7, 9, 30), updated_by="")
    values.update(changes)
    return CommitmentRow(**values)


def stale(commitment_id: int) -> StaleCommitment:
    return StaleCommitment(id=commitment_id, public_id=f"ENG-{commitment_id:06d}", title="Ouvrir un lieu",
                           committer_label="Rennes", participation_id=7, status_label="prévu",
                           last_news_on=dt.date(2026, 1, 3), months_without_news=11)


def share(name: str, total: int, done: int, *, lat: float | None = 48.11, lon: float | None = -1.68) -> TerritoryShare:
    return TerritoryShare(participation_id=hash(name) % 1000, name=name, kind="commune", code="35238", reg_code="53",
                          lat=lat, lon=lon, total=total, done=done)


def group(label: str, total: int, done: int, mean: float = 40.0) -> GroupCount:
    return GroupCount(key=label, label=label, total=total, done=done, mean_progress=mean)
