"""What anyone may see without signing in: the engaged territories, never a person.

The public list and map (page « Territoires engagés », ``concertations export public``) read
only this module, whose rows have no contact field at all: personal data cannot leak through a
column added later to another view. Participations are listed once the commission holds them
(imported, entered or validated); registration requests (``registration.py``) live in their own
table, which this module never reads: a request awaiting validation is never public.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.filters import Filters
from data_access.models import STAGE_LABELS, Campaign, Participation, Stage, Territory
from data_access.monitoring import figures
from data_access.territories import reference


@dataclass(frozen=True)
class PublicTerritory:
    name: str
    kind_label: str
    region: str
    stage_label: str
    engaged_on: dt.date
    lat: float | None
    lon: float | None
    # Codes for the map of the static export (``concertations export public``): still no person.
    kind: str = ""
    stage: str = ""
    reg_code: str = ""


@dataclass(frozen=True)
class PublicSummary:
    campaign_name: str
    territories: tuple[PublicTerritory, ...]
    charters: int
    grids: int

    @property
    def engaged(self) -> int:
        return len(self.territories)


def summary(session: Session, campaign_id: int) -> PublicSummary:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return PublicSummary(campaign_name="", territories=(), charters=0, grids=0)
    rows = session.execute(
        select(Territory.name, Territory.kind, Territory.reg_code, Territory.country, Participation.stage,
               Participation.engaged_on, Territory.lat, Territory.lon)
        .join(Participation, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id)
        .order_by(Territory.name)
    ).all()
    regions = reference.region_names()
    territories = tuple(
        PublicTerritory(
            name=name, kind_label=reference.KIND_LABELS.get(kind, kind),
            region=regions.get(reg_code or "", "") or (country or "—"),
            stage_label=STAGE_LABELS[Stage(stage)], engaged_on=engaged_on, lat=lat, lon=lon,
            kind=kind, stage=stage, reg_code=reg_code or "",
        )
        for name, kind, reg_code, country, stage, engaged_on, lat, lon in rows
    )
    # The figures' own functions: the public page says what Vue d'ensemble and the CLI say.
    campaign_wide = Filters(campaign_id=campaign_id)
    return PublicSummary(
        campaign_name=campaign.name, territories=territories,
        charters=figures.charters_signed(session, campaign_wide),
        grids=figures.grids_submitted(session, campaign_wide),
    )


def latest_campaign_id(session: Session) -> int | None:
    return session.scalar(select(Campaign.id).order_by(Campaign.start_date.desc(), Campaign.id.desc()).limit(1))
