"""The one set of filters every monitoring page shares, applied in SQL."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, String, cast, or_

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
        query = query.where(json_list_contains_any(Participation.networks, filters.networks))
    return query


def json_list_contains_any(column: Any, values: tuple[str, ...]) -> ColumnElement[bool]:
    """Rows whose JSON list (short, of fixed labels without quotes) holds one of ``values``.

    A text match on the JSON form, portable across backends; both spellings of an accented label
    are tried: SQLite keeps SQLAlchemy's escaped text (« Interconnect\\u00e9s »), PostgreSQL's jsonb
    prints it unescaped. autoescape: a "%" or "_" in a value is a character, not a LIKE wildcard.
    """
    text = cast(column, String)
    forms = {form for value in values for form in (f'"{value}"', json.dumps(value))}
    return or_(*[text.contains(form, autoescape=True) for form in sorted(forms)])
