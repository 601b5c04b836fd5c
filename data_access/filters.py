"""The one set of filters every monitoring page shares, applied in SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Select, String, cast, or_

from data_access.models import Participation, Territory

QueryT = TypeVar("QueryT", bound=Select)  # type: ignore[type-arg]


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean "no restriction". Frozen and hashable: used as cache keys."""

    campaign_id: int | None = None
    reg_codes: tuple[str, ...] = ()
    dep_codes: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.reg_codes or self.dep_codes or self.kinds or self.stages or self.networks)


def apply(query: QueryT, filters: Filters) -> QueryT:
    """Restrict a query that already joins Participation and Territory."""
    if filters.campaign_id is not None:
        query = query.where(Participation.campaign_id == filters.campaign_id)
    if filters.reg_codes:
        query = query.where(Territory.reg_code.in_(filters.reg_codes))
    if filters.dep_codes:
        query = query.where(Territory.dep_code.in_(filters.dep_codes))
    if filters.kinds:
        query = query.where(Territory.kind.in_(filters.kinds))
    if filters.stages:
        query = query.where(Participation.stage.in_(filters.stages))
    if filters.networks:
        # networks is a short JSON list of fixed labels: a text match on its JSON form is exact enough
        # (labels contain no quotes) and works the same on SQLite and PostgreSQL.
        networks_text = cast(Participation.networks, String)
        # autoescape: a "%" or "_" in a value is a character, not a LIKE wildcard.
        conditions = [networks_text.contains(f'"{network}"', autoescape=True) for network in filters.networks]
        query = query.where(or_(*conditions))
    return query
