from __future__ import annotations

import html
import re

import folium
from folium.plugins import MarkerCluster

from dashboard.exports.offline_html import OfflineReport, external_loads, offline_html

HOSTILE = "<img src=x onerror=alert('xss')></script><script>alert(1)</script>"


def build_test_map() -> folium.Map:
    """Markers (default and folium.Icon), a cluster, a GeoJson layer, escaped hostile text."""
    m = folium.Map(location=(47.0, 2.0), zoom_start=5)
    folium.Marker((48.11, -1.68), popup=folium.Popup(html.escape("Rennes " + HOSTILE)),
                  tooltip=html.escape(HOSTILE)).add_to(m)
    folium.Marker((43.6, 1.44), icon=folium.Icon(color="red"), popup=folium.Popup("Toulouse")).add_to(m)
    cluster = MarkerCluster(name="Territoires").add_to(m)
    for index in range(30):
        folium.CircleMarker((45.0 + index * 0.01, 4.0 + index * 0.01), radius=5,
                            popup=folium.Popup(html.escape(f"Point {index} {HOSTILE}"))).add_to(cluster)
    polygon = {"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"nom": html.escape(HOSTILE)},
        "geometry": {"type": "Polygon", "coordinates": [[[2, 46], [3, 46], [3, 47], [2, 47], [2, 46]]]},
    }]}
    folium.GeoJson(polygon, tooltip=folium.GeoJsonTooltip(fields=["nom"])).add_to(m)
    return m


def test_every_cdn_reference_is_inlined_or_dropped() -> None:
    report = OfflineReport()
    document = offline_html(build_test_map(), report=report)
    assert not external_loads(document)
    assert not re.search(r"<script[^>]*\bsrc=", document)
    assert not re.search(r"<link[^>]*\bhref=", document)
    assert "openstreetmap" not in document.lower()  # default export is tile-less
    assert any("leaflet.js" in url for url in report.inlined)
    assert any("bootstrap" in url for url in report.dropped)
    assert "L.AwesomeMarkers" in document  # the shim for folium.Icon
    assert HOSTILE not in document  # only the escaped form is there


def test_tiles_are_kept_only_on_request_and_the_map_is_unchanged() -> None:
    m = build_test_map()
    before = list(m._children)
    with_tiles = offline_html(m, keep_tiles=True)
    assert "tile.openstreetmap.org" in with_tiles
    assert "tile.openstreetmap.org" not in offline_html(m)
    assert list(m._children) == before
