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
from data_access.monitoring import figures as campaign_figures
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


@dataclass(frozen=True)
class PublicFigures:
    """The key figures alone (counted by the store, whatever the campaign's size)."""

    campaign_name: str
    engaged: int
    charters: int
    grids: int


def _read(session: Session, campaign_id: int, *, offset: int = 0, limit: int | None = None
          ) -> tuple[PublicTerritory, ...]:
    # Territory's name then the participation's id: pages of the list never overlap nor skip a homonym.
    query = (select(Territory.name, Territory.kind, Territory.reg_code, Territory.country, Participation.stage,
                    Participation.engaged_on, Territory.lat, Territory.lon)
             .join(Participation, Participation.territory_id == Territory.id)
             .where(Participation.campaign_id == campaign_id)
             .order_by(Territory.name, Participation.id))
    if limit is not None:
        query = query.offset(max(offset, 0)).limit(limit)
    regions = reference.region_names()
    return tuple(
        PublicTerritory(
            name=name, kind_label=reference.KIND_LABELS.get(kind, kind),
            region=regions.get(reg_code or "", "") or (country or "—"),
            stage_label=STAGE_LABELS[Stage(stage)], engaged_on=engaged_on, lat=lat, lon=lon,
            kind=kind, stage=stage, reg_code=reg_code or "",
        )
        for name, kind, reg_code, country, stage, engaged_on, lat, lon in session.execute(query).all()
    )


def summary(session: Session, campaign_id: int) -> PublicSummary:
    """Every public territory of the campaign (the static publication and the map read it whole)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return PublicSummary(campaign_name="", territories=(), charters=0, grids=0)
    territories = _read(session, campaign_id)
    # The figures' own functions: the public page says what Vue d'ensemble and the CLI say.
    campaign_wide = Filters(campaign_id=campaign_id)
    return PublicSummary(
        campaign_name=campaign.name, territories=territories,
        charters=campaign_figures.charters_signed(session, campaign_wide),
        grids=campaign_figures.grids_submitted(session, campaign_wide),
    )


def figures(session: Session, campaign_id: int) -> PublicFigures:
    """Territories engaged, charters signed, grids filed, counted by the store with the figures' own
    functions (the public page says what Vue d'ensemble and the CLI say)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        return PublicFigures(campaign_name="", engaged=0, charters=0, grids=0)
    campaign_wide = Filters(campaign_id=campaign_id)
    return PublicFigures(campaign_name=campaign.name,
                         engaged=campaign_figures.engaged_territories(session, campaign_wide),
                         charters=campaign_figures.charters_signed(session, campaign_wide),
                         grids=campaign_figures.grids_submitted(session, campaign_wide))


def page(session: Session, campaign_id: int, *, offset: int, limit: int) -> tuple[PublicTerritory, ...]:
    """One page of the alphabetical list (``LIMIT``/``OFFSET`` in the store)."""
    return _read(session, campaign_id, offset=offset, limit=limit)


def latest_campaign_id(session: Session) -> int | None:
    return session.scalar(select(Campaign.id).order_by(Campaign.start_date.desc(), Campaign.id.desc()).limit(1))
