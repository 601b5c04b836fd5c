"""Map data: one point per engaged territory, counts per département or région."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from data_access.filters import Filters
from data_access.models import (
    CharterSignature,
    Participation,
    Stage,
    Territory,
)
from data_access.monitoring.scope import Level, filtered
from data_access.territories import reference


@dataclass(frozen=True)
class MapPoint:
    participation_id: int
    name: str
    kind: str
    stage: str
    lat: float
    lon: float
    charter_on: dt.date | None
    grid_completion: float


def map_points(session: Session, filters: Filters) -> list[MapPoint]:
    """Engaged territories that have a position (all but a few overseas without coordinates)."""
    query = filtered(
        select(Participation.id, Territory.name, Territory.kind, Participation.stage, Territory.lat,
               Territory.lon, CharterSignature.signed_on, Participation.grid_completion, Territory.code)
        .select_from(Participation)
        .outerjoin(CharterSignature, CharterSignature.participation_id == Participation.id),
        filters,
    ).where(Territory.lat.is_not(None), Territory.lon.is_not(None)).order_by(Participation.id)
    points = []
    for row in session.execute(query):
        # A région is drawn as a ring around its chef-lieu (maps.py), not at its centroid.
        lat, lon = reference.map_position(row[2], row[8], float(row[4]), float(row[5]))
        points.append(MapPoint(participation_id=row[0], name=row[1], kind=row[2], stage=row[3], lat=lat, lon=lon,
                               charter_on=row[6], grid_completion=float(row[7] or 0.0)))
    return points


@dataclass(frozen=True)
class AreaCount:
    code: str
    engaged: int
    charters: int

    @property
    def charter_rate(self) -> float | None:
        """None for an area with no engaged territory: « no data », never shown as 0 %."""
        return self.charters / self.engaged if self.engaged else None


def area_counts(session: Session, filters: Filters, level: Level) -> list[AreaCount]:
    """Engaged territories and signed charters per département or région."""
    column = Territory.dep_code if level == "departements" else Territory.reg_code
    charters = func.sum(case((Participation.stage.in_(Stage.CHARTE_SIGNEE.and_later()), 1), else_=0))
    query = filtered(
        select(column, func.count(Participation.id), charters).select_from(Participation), filters
    ).where(column.is_not(None)).group_by(column).order_by(column)
    return [AreaCount(code=str(code), engaged=int(engaged), charters=int(signed or 0))
            for code, engaged, signed in session.execute(query)]
