"""A small folium map of engaged territories for the HTML export (tile-less, with contours).

Meant to be merged with the monitoring pages' ``build_engagement_map`` later; kept simple.
Every stored string reaches the map escaped (FIELD-NOTES: popups and tooltips are HTML).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import folium
from folium.plugins import FastMarkerCluster

from dashboard.exports.static_maps import STAGE_COLOURS
from data_access.exports.export_maps import EngagedPoint
from data_access.models import STAGE_LABELS
from data_access.territories import reference

FRANCE_CENTRE = (46.6, 2.4)


# Each dot and its popup are built in the browser from a data row: the 3 000 territories of
# scale 20 weigh ~1 MB instead of ~4 MB of per-marker JavaScript. Text goes in through
# textContent (never HTML), and the row itself is embedded by Jinja's tojson (escapes "<").
MARKER_CALLBACK = """
function (row) {
  var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
    radius: 6, color: "white", weight: 1, fill: true, fillColor: row[6], fillOpacity: 0.9,
    className: "territoire-engage"
  });
  var box = document.createElement("div");
  var name = document.createElement("strong");
  name.textContent = row[2];
  box.appendChild(name);
  box.appendChild(document.createElement("br"));
  box.appendChild(document.createTextNode(row[3] + " (" + row[4] + ")"));
  box.appendChild(document.createElement("br"));
  box.appendChild(document.createTextNode("Étape : " + row[5]));
  marker.bindPopup(box, {maxWidth: 280});
  var label = document.createElement("span");
  label.textContent = row[2];
  marker.bindTooltip(label);
  return marker;
}
"""


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
    rows = [
        [point.lat, point.lon, point.name, reference.KIND_LABELS.get(point.kind, point.kind), point.code,
         STAGE_LABELS[point.stage], STAGE_COLOURS[point.stage]]
        for point in points if point.lat is not None and point.lon is not None
    ]
    FastMarkerCluster(rows, callback=MARKER_CALLBACK, name="Territoires engagés").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
