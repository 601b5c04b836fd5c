"""Cached readers of the campaign itself (settings, demonstration flag), used by every page.

Caches are per process and keyed by their arguments (filters included); after a write, clear
the reader that write affects (``reader.clear()``), never the whole cache.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.cache import reader
from data_access import campaigns, store_meta
from data_access.db import session_scope


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    name: str
    start_date: dt.date
    end_date: dt.date | None
    forum_date: dt.date | None
    forum_place: str | None
    default_chapters: tuple[str, ...]
    grid_version: str
    is_demo: bool


@reader("campaigns")
def campaign_list() -> list[CampaignInfo]:
    with session_scope() as session:
        return [
            CampaignInfo(
                id=c.id, name=c.name, start_date=c.start_date, end_date=c.end_date,
                forum_date=c.forum_date, forum_place=c.forum_place,
                default_chapters=tuple(c.default_chapters), grid_version=c.grid_version, is_demo=c.is_demo,
            )
            for c in campaigns.list_campaigns(session)
        ]


@reader("store")
def store_is_demo() -> bool:
    with session_scope() as session:
        return store_meta.is_demo(session)
