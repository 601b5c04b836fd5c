"""The public list of engaged territories (no sign-in): cached readers, its pages and its table.

The page reads the key figures (counted by the store) and one page of the alphabetical list
(``LIMIT``/``OFFSET``), not the whole campaign; the map's layers are cached in ``public_export``.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.cache import reader
from dashboard.text import formatting
from data_access.db import session_scope
from data_access.space import public
from data_access.space.public import PublicFigures, PublicTerritory

PAGE_SIZE = 50  # territories per page of the list


@reader("campaigns", "territories", "participations")
def figures() -> PublicFigures | None:
    with session_scope() as session:
        campaign_id = public.latest_campaign_id(session)
        return None if campaign_id is None else public.figures(session, campaign_id)


@reader("campaigns", "territories", "participations", max_entries=64)
def page(number: int) -> tuple[PublicTerritory, ...]:
    """Page ``number`` (from 0) of the alphabetical list of the latest campaign."""
    with session_scope() as session:
        campaign_id = public.latest_campaign_id(session)
        if campaign_id is None:
            return ()
        return public.page(session, campaign_id, offset=number * PAGE_SIZE, limit=PAGE_SIZE)


def page_count(total: int) -> int:
    return max(1, (total - 1) // PAGE_SIZE + 1)


def page_label(number: int, total: int) -> str:
    first = number * PAGE_SIZE + 1
    return (f"{formatting.number(first)} à {formatting.number(min(total, first + PAGE_SIZE - 1))} "
            f"sur {formatting.number(total)}")


def table(territories: Sequence[PublicTerritory]) -> pd.DataFrame:
    return pd.DataFrame({
        "Territoire": [t.name for t in territories],
        "Type": [t.kind_label for t in territories],
        "Région ou pays": [t.region for t in territories],
        "Étape": [t.stage_label for t in territories],
        "Engagé le": [formatting.date(t.engaged_on) for t in territories],
    })
