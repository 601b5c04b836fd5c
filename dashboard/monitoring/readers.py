"""Cached readers of the monitoring pages (carte, suivi, enseignements, fiche territoire).

Each opens one session, calls ``data_access.monitoring`` and returns plain picklable values,
cached per process and keyed by the filters. After a write that changes participations,
sessions, grids or the manifesto, call ``clear_monitoring_readers()`` (the writers' pages do).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.monitoring import maps, progress_table
from data_access import monitoring
from data_access.access import Actor
from data_access.db import session_scope
from data_access.filters import Filters
from data_access.models import Stage
from data_access.monitoring import figures
from data_access.territories import participations
from data_access.territories.participations import Contact

CACHE_TTL_SECONDS = 300


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def key_figures(filters: Filters) -> figures.KeyFigures:
    with session_scope() as session:
        return figures.key_figures(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def stage_counts(filters: Filters) -> dict[Stage, int]:
    with session_scope() as session:
        return figures.stage_counts(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def map_points(filters: Filters) -> list[monitoring.MapPoint]:
    with session_scope() as session:
        return monitoring.map_points(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def area_counts(filters: Filters, level: monitoring.Level) -> list[monitoring.AreaCount]:
    with session_scope() as session:
        return monitoring.area_counts(session, filters, level)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def funnel(filters: Filters) -> dict[Stage, int]:
    with session_scope() as session:
        return monitoring.funnel(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def funnel_by(filters: Filters, by: monitoring.GroupBy) -> dict[str, dict[Stage, int]]:
    with session_scope() as session:
        return monitoring.funnel_by(session, filters, by)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def progress_rows(filters: Filters) -> list[monitoring.ProgressRow]:
    with session_scope() as session:
        return monitoring.progress_rows(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def campaign_contacts(actor: Actor, campaign_id: int) -> dict[int, Contact]:
    """Coordinators' contacts by participation; the data layer refuses lecteurs."""
    with session_scope() as session:
        return {c.participation_id: c
                for c in participations.contacts_of_campaign(session, actor=actor, campaign_id=campaign_id)}


def _contacts_for(actor: Actor, filters: Filters) -> dict[int, Contact] | None:
    if not actor.sees_personal_data or filters.campaign_id is None:
        return None
    return campaign_contacts(actor, filters.campaign_id)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def question_completion(filters: Filters) -> list[monitoring.QuestionCompletion]:
    with session_scope() as session:
        return monitoring.question_completion(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def finding_themes_by_kind(filters: Filters) -> list[tuple[str, str, int]]:
    with session_scope() as session:
        return monitoring.finding_themes_by_kind(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def finding_categories_by_theme(filters: Filters, categories: tuple[str, ...]) -> list[tuple[str, str, int]]:
    with session_scope() as session:
        return monitoring.finding_categories_by_theme(session, filters, categories)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def sessions_by_publics(filters: Filters) -> list[tuple[str, int, int]]:
    with session_scope() as session:
        return monitoring.sessions_by_publics(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def sessions_by_format(filters: Filters) -> list[tuple[str, int, int]]:
    with session_scope() as session:
        return monitoring.sessions_by_format(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def sessions_by_day(filters: Filters) -> list[tuple[dt.date, int, int]]:
    with session_scope() as session:
        return list(monitoring.sessions_by_day(session, filters))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def region_summaries(filters: Filters) -> list[monitoring.RegionSummary]:
    with session_scope() as session:
        return monitoring.region_summaries(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def latest_activity(filters: Filters, limit: int = 8) -> list[monitoring.Activity]:
    with session_scope() as session:
        return monitoring.latest_activity(session, filters, limit=limit)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def territory_options(filters: Filters) -> list[tuple[int, str]]:
    with session_scope() as session:
        return monitoring.territory_options(session, filters)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False)
def territory_sheet(participation_id: int, with_contacts: bool) -> monitoring.TerritorySheet | None:
    with session_scope() as session:
        return monitoring.territory_sheet(session, participation_id, with_contacts=with_contacts)


def clear_monitoring_readers() -> None:
    """After any write to participations, charters, sessions, grids, findings, proposals or the manifesto."""
    for reader in (map_points, area_counts, funnel, funnel_by, progress_rows, campaign_contacts,
                   question_completion,
                   finding_themes_by_kind, finding_categories_by_theme, sessions_by_publics,
                   sessions_by_format, sessions_by_day, region_summaries, latest_activity,
                   territory_options, territory_sheet, progress_frame, stuck_frame, map_layers, map_point):
        reader.clear()


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=32)
def progress_frame(filters: Filters, as_of: dt.date, actor: Actor) -> pd.DataFrame:
    """The suivi table, built once per filters and date (3,000 rows at scale 20 cost ~0,1 s to build)."""
    return progress_table.progress_frame(progress_rows(filters), as_of=as_of,
                                         contacts=_contacts_for(actor, filters))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=32)
def stuck_frame(filters: Filters, min_days: int, as_of: dt.date, actor: Actor) -> pd.DataFrame:
    return progress_table.stuck_frame(progress_rows(filters), min_days=min_days, as_of=as_of,
                                      contacts=_contacts_for(actor, filters))


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=64)
def map_layers(filters: Filters, level: monitoring.Level, measure: maps.Measure) -> maps.MapLayers:
    """The map's serialised layers: a rerun unpickles three strings, not 3,000 points."""
    return maps.prepare_layers(map_points(filters), area_counts(filters, level), level=level, measure=measure)


@st.cache_data(ttl=CACHE_TTL_SECONDS, show_spinner=False, max_entries=256)
def map_point(filters: Filters, participation_id: int | None = None,
              near: tuple[float, float] | None = None) -> monitoring.MapPoint | None:
    """One drawn territory, by id or nearest to a clicked position."""
    points = map_points(filters)
    if near is not None:
        return maps.nearest_point(points, near[0], near[1])
    return next((p for p in points if p.participation_id == participation_id), None)


def clear_figure_readers() -> None:
    """After any write that changes participations, sessions or proposals."""
    key_figures.clear()
    stage_counts.clear()
