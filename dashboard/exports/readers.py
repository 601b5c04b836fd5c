"""Cached readers for the exports page: each returns the bytes of one file to download."""

from __future__ import annotations

import datetime as dt

from dashboard.cache import reader
from dashboard.exports import html_map, images, offline_html, opendata_bundle, static_maps
from data_access import monitoring
from data_access.access import Actor
from data_access.db import session_scope
from data_access.exports import export_maps, opendata
from data_access.filters import Filters
from data_access.monitoring import figures
from data_access.versions import Aggregate

# A campaign's monitoring figures read its settings, territories, participations and submissions.
CAMPAIGN_DATA: tuple[Aggregate, ...] = ("campaigns", "territories", "participations", "submissions")


@reader(*CAMPAIGN_DATA, show_spinner="Préparation de la carte…", max_entries=32)
def map_image(filters: Filters, layer: str, measure: str, preset: str, fmt: str, data_date: dt.date) -> bytes:
    with session_scope() as session:
        points = tuple(export_maps.engaged_points(session, filters))
        areas = {} if layer == "territoires" else export_maps.area_counts(session, filters, layer)
        charters = figures.charters_signed(session, filters)
    content = static_maps.MapContent(layer=layer, measure=measure, areas=areas, points=points, data_date=data_date,
                                     charters_total=charters)
    return static_maps.render_map(content, preset=preset, fmt=fmt)


@reader(*CAMPAIGN_DATA, show_spinner="Préparation de la carte interactive…", max_entries=8)
def offline_map_html(filters: Filters, data_date: dt.date, level: str = "departements",
                     measure: str = "engaged") -> bytes:
    """The Carte page's map (same builder), self-contained: opens from a file with no network."""
    chosen: monitoring.Level = "regions" if level == "regions" else "departements"
    with session_scope() as session:
        points = monitoring.map_points(session, filters)
        areas = monitoring.area_counts(session, filters, chosen)
    fmap = html_map.build_offline_map(points, areas, data_date=data_date, level=chosen,
                                      measure="charter_rate" if measure == "charter_rate" else "engaged")
    return offline_html.offline_html(fmap).encode("utf-8")


@reader(*CAMPAIGN_DATA, show_spinner="Préparation de la carte des chiffres clés…", max_entries=8)
def key_figures_card(filters: Filters, campaign_name: str, data_date: dt.date) -> bytes:
    with session_scope() as session:
        values = figures.key_figures(session, filters)
    return images.key_figures_png(values, campaign_name=campaign_name, data_date=data_date)


@reader(*CAMPAIGN_DATA, show_spinner="Préparation des données ouvertes…", max_entries=4)
def opendata_zip(actor: Actor, campaign_id: int) -> bytes:
    """The data layer checks the role: the page's hiding of the button is not the safeguard."""
    with session_scope() as session:
        data = opendata.build(session, actor=actor, campaign_id=campaign_id)
    return opendata_bundle.bundle_zip(data)

