"""Figures behind the static map exports: engaged territories per area, and their positions.

Counts use the same stage rule as ``figures`` (a charter is signed at « charte signée » or later).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import filters as filtering
from data_access.filters import Filters
from data_access.models import Participation, Stage, Territory

LEVELS = ("departements", "regions")


@dataclass(frozen=True)
class AreaCount:
    code: str
    engaged: int
    charters: int

    @property
    def charter_rate(self) -> float | None:
        return self.charters / self.engaged if self.engaged else None


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
    """Engaged territories and signed charters per département (or région) code.

    A territory counts in the area of its main département/région (an EPCI spanning two
    départements counts once, where most of its population lives).
    """
    if level not in LEVELS:
        raise ValueError(level)
    engaged: dict[str, int] = {}
    charters: dict[str, int] = {}
    for point in _rows(session, filters):
        code = point.dep_code if level == "departements" else point.reg_code
        if not code:
            continue
        engaged[code] = engaged.get(code, 0) + 1
        if point.stage.rank >= Stage.CHARTE_SIGNEE.rank:
            charters[code] = charters.get(code, 0) + 1
    return {code: AreaCount(code, engaged[code], charters.get(code, 0)) for code in engaged}
