"""What every monitoring query shares: the filtered participations, the levels and groupings."""

from __future__ import annotations

from typing import Any, Literal

from sqlalchemy import Select, select

from data_access import filters as filtering
from data_access.filters import Filters
from data_access.models import (
    Participation,
    Territory,
)

Level = Literal["departements", "regions"]
GroupBy = Literal["kind", "region"]


def filtered(query: Any, filters: Filters) -> Select[Any]:
    """Join Territory (if the query starts from Participation) and apply the shared filters."""
    return filtering.apply(query.join(Territory, Participation.territory_id == Territory.id), filters)


def participation_ids(filters: Filters) -> Select[Any]:
    return filtered(select(Participation.id), filters)

