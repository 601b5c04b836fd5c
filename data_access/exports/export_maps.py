"""Figures behind the static map exports: engaged territories per area, and their positions.

Area counts are the monitoring ones (``data_access.monitoring.map_data.area_counts``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import filters as filtering
from data_access.filters import Filters
from data_access.models import Participation, Stage, Territory
from data_access.monitoring import map_data
from data_access.monitoring.map_data import AreaCount
from data_access.monitoring.scope import Level

__all__ = ["LEVELS", "AreaCount", "EngagedPoint", "area_counts", "engaged_points"]

LEVELS = ("departements", "regions")


@dataclass(frozen=True)
class EngagedPoint:
    name: str
    kind: str
    code: str
    dep_code: str | None
    reg_code: str | None
    lat: float | None
    lon: float | None
    stage: Stage


def _rows(session: Session, filters: Filters) -> list[EngagedPoint]:
    query = (
        select(Territory.name, Territory.kind, Territory.code, Territory.dep_code, Territory.reg_code,
               Territory.lat, Territory.lon, Participation.stage)
        .select_from(Participation)
        .join(Territory, Participation.territory_id == Territory.id)
        .order_by(Territory.kind, Territory.code)
    )
    return [
        EngagedPoint(name=name, kind=kind, code=code, dep_code=dep, reg_code=reg, lat=lat, lon=lon,
                     stage=Stage(stage))
        for name, kind, code, dep, reg, lat, lon, stage in session.execute(filtering.apply(query, filters))
    ]


def engaged_points(session: Session, filters: Filters) -> list[EngagedPoint]:
    """Every engaged territory under the filters, with its position (None when unknown)."""
    return _rows(session, filters)


def area_counts(session: Session, filters: Filters, level: str) -> dict[str, AreaCount]:
    """Engaged territories and signed charters per département (or région) code, keyed by code.

    The monitoring query is the one definition (the Carte page shows the same figures); a
    territory counts in the area of its main département/région.
    """
    if level not in LEVELS:
        raise ValueError(level)
    return {area.code: area for area in map_data.area_counts(session, filters, cast(Level, level))}
