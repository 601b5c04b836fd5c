"""A small folium map of engaged territories for the HTML export (tile-less, with contours).

Meant to be merged with the monitoring pages' ``build_engagement_map`` later; kept simple.
Every stored string reaches the map escaped (FIELD-NOTES: popups and tooltips are HTML).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
from folium.plugins import MarkerCluster

from dashboard.exports.static_maps import STAGE_COLOURS
from data_access import reference
from data_access.export_maps import EngagedPoint
from data_access.models import STAGE_LABELS

FRANCE_CENTRE = (46.6, 2.4)


def _popup(point: EngagedPoint) -> folium.Popup:
    kind = reference.KIND_LABELS.get(point.kind, point.kind)
    body = (
        f"<strong>{html.escape(point.name)}</strong><br>{html.escape(kind)} "
        f"({html.escape(point.code)})<br>Étape : {html.escape(STAGE_LABELS[point.stage])}"
    )
    return folium.Popup(body, max_width=280)


def build_export_map(points: Sequence[EngagedPoint], *, tiles: bool = False) -> folium.Map:
    """Départements contours, and one clustered dot per engaged territory coloured by stage."""
    m = folium.Map(location=FRANCE_CENTRE, zoom_start=6, tiles="OpenStreetMap" if tiles else None,
                   max_zoom=18, min_zoom=2, control_scale=True)
    contours = reference.contours("departements")
    # Names come from the shipped reference, but they are escaped all the same: GeoJsonTooltip is HTML.
    safe = {"type": "FeatureCollection", "features": [
        {**f, "properties": {"code": html.escape(f["properties"]["code"]),
                             "nom": html.escape(f["properties"]["nom"])}}
        for f in contours["features"]
    ]}
    folium.GeoJson(
        safe, name="Départements",
        style_function=lambda _f: {"color": "#868e96", "weight": 0.7, "fillColor": "#f1f3f5", "fillOpacity": 0.6},
        tooltip=folium.GeoJsonTooltip(fields=["nom", "code"], aliases=["Département", "Code"]),
    ).add_to(m)
    cluster = MarkerCluster(name="Territoires engagés").add_to(m)
    for point in points:
        if point.lat is None or point.lon is None:
            continue
        colour = STAGE_COLOURS[point.stage]
        folium.CircleMarker(
            location=(point.lat, point.lon), radius=6, color="white", weight=1, fill=True,
            fill_color=colour, fill_opacity=0.9, popup=_popup(point),
            tooltip=html.escape(point.name),
        ).add_to(cluster)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
