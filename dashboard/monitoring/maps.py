"""Map builders: return ``folium.Map`` and render nothing (pages and exports render them).

Offline by construction: Leaflet, jQuery and markercluster are served by Streamlit's static
serving (``/app/static/vendor/…``); no bootstrap, no awesome-markers, no branca colormap (it
pulls d3 from a CDN). Every stored string reaching the map is escaped here in Python; the
JavaScript only concatenates those escaped strings with fixed labels.

Payload: markers travel as compact rows ``[lat, lon, stage, name, kind, charter, completion]``
drawn by one FastMarkerCluster callback, not as 3,000 folium Markers with their own popups.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import folium

from dashboard.monitoring.map_elements import (
    AreaLayer,
    Legend,
    MapBehaviour,
    MapTitle,
    StageMarkers,
    Style,
    script_safe_json,
)
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.models import STAGE_LABELS, Stage
from data_access.monitoring import AreaCount, Level, MapPoint
from data_access.territories import reference

STATIC_PREFIX = "/app/static/vendor"
MAP_JS: list[tuple[str, str]] = [
    ("leaflet", f"{STATIC_PREFIX}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_PREFIX}/jquery/jquery.min.js"),
]
MAP_CSS: list[tuple[str, str]] = [("leaflet_css", f"{STATIC_PREFIX}/leaflet/leaflet.css")]

SOURCE = "Observatoire des concertations territoriales de l'IA"

Measure = Literal["engaged", "charter_rate"]
MEASURE_LABELS: dict[str, str] = {
    "engaged": "Nombre de territoires engagés",
    "charter_rate": "Taux de charte signée",
}
LEVEL_LABELS: dict[str, str] = {"departements": "Départements", "regions": "Régions"}
LEGEND_TITLES: dict[tuple[str, str], str] = {
    ("departements", "engaged"): "Territoires engagés par département",
    ("regions", "engaged"): "Territoires engagés par région",
    ("departements", "charter_rate"): "Taux de charte signée par département",
    ("regions", "charter_rate"): "Taux de charte signée par région",
}


Bounds = tuple[tuple[float, float], tuple[float, float]]  # (south, west), (north, east)


@dataclass(frozen=True)
class View:
    """A quick view: the area it must show whole, whatever the screen (a fitted rectangle, not a
    centre and a zoom, which cut western Brittany, Alsace and Corsica on a phone). ``bounds`` None:
    the view fits the points shown (« International », the filtered territories)."""

    label: str
    lat: float
    lon: float
    zoom: int
    bounds: Bounds | None = None


# Mainland France and Corsica whole: Pointe de Corsen (-4.80) to Lauterbourg (8.23), Bonifacio
# (41.37) to Bray-Dunes (51.09), Cap Corse (9.56); with a margin.
METROPOLE = View("France métropolitaine", 46.4, 2.4, 6, ((41.25, -5.3), (51.2, 9.7)))
FITTED = View("Territoires filtrés", 46.4, 2.4, 6)
# Quick views: overseas départements are reachable in one choice, without panning the globe;
# « International » shows every engaged territory, the cities abroad included.
VIEWS: tuple[View, ...] = (
    METROPOLE,
    View("Île-de-France", 48.7, 2.5, 9, ((48.1, 1.4), (49.25, 3.6))),
    View("Corse", 42.15, 9.1, 8, ((41.33, 8.5), (43.05, 9.6))),
    View("Guadeloupe", 16.2, -61.55, 9, ((15.83, -61.81), (16.52, -61.0))),
    View("Martinique", 14.65, -61.0, 10, ((14.38, -61.24), (14.88, -60.8))),
    View("Guyane", 4.0, -53.0, 7, ((2.1, -54.6), (5.8, -51.6))),
    View("La Réunion", -21.13, 55.53, 9, ((-21.4, 55.2), (-20.85, 55.85))),
    View("Mayotte", -12.82, 45.15, 10, ((-13.0, 45.0), (-12.63, 45.3))),
    View("Polynésie française", -17.65, -149.45, 8, ((-17.9, -149.65), (-17.45, -149.1))),
    View("International", 30.0, -20.0, 3),
)
# No « Monde » view: without country outlines it showed dots on an empty blue. « International »
# fits the points instead: France and the cities abroad, nothing more.


def views(filtered: bool) -> tuple[View, ...]:
    """The « Vue » choices: with a région or département filter, first the filtered territories
    (the map then opens on them and says so, rather than « France métropolitaine »)."""
    return (FITTED, *VIEWS) if filtered else VIEWS


# Drawn in the browser for each row; every string in a row is already HTML-escaped in Python.
_MARKER_CALLBACK = """
function callback(row) {
    // A day number (days since 1 January 1970) as dd/mm/yyyy.
    function day(n) {
        var date = new Date(n * 864e5);
        function two(v) { return (v < 10 ? "0" : "") + v; }
        return two(date.getUTCDate()) + "/" + two(date.getUTCMonth() + 1) + "/" + date.getUTCFullYear();
    }
    var colors = %(colors)s;
    var stages = %(stages)s;
    var kinds = %(kinds)s;
    // A région is a ring in its stage's colour around its chef-lieu; every other territory a dot.
    var marker = row[4] === %(region)s
        ? L.circleMarker(new L.LatLng(row[0] / 1e4, row[1] / 1e4), {
            radius: 12, color: colors[row[2]], weight: 4, fillColor: "%(border)s", fillOpacity: 0.35
        })
        : L.circleMarker(new L.LatLng(row[0] / 1e4, row[1] / 1e4), {
            radius: 7, color: "%(border)s", weight: 1.5, fillColor: colors[row[2]], fillOpacity: 0.95
        });
    marker.bindTooltip(row[3]);
    marker.bindPopup(
        "<strong>" + row[3] + "</strong><br>" + kinds[row[4]] +
        "<br>Étape : " + stages[row[2]] + %(details)s
    );
    return marker;
}
"""


# Neutral clusters: markercluster's default green/yellow/orange would read as stage colours.
CLUSTER_ICON = """
function(cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? 30 : (count < 100 ? 36 : 44);
    return L.divIcon({
        html: "<div><span>" + count + "</span></div>",
        className: "marker-cluster marker-cluster-neutre",
        iconSize: new L.Point(size, size)
    });
}
"""
CLUSTER_CSS_RULES = (
    f"<style>.marker-cluster-neutre{{background:{palette.CLUSTER_FILL};}}"
    f".marker-cluster-neutre div{{background:{palette.CLUSTER_CORE};color:#fff;font-weight:600;}}</style>"
)


def _swatch(color: str, label: str, *, round_: bool = False) -> str:
    """A square for an area class, a disc for a point: the swatch looks like what it stands for."""
    radius = "50%" if round_ else "0"
    size = "10px" if round_ else "14px"
    return (f'<div><span style="display:inline-block;width:{size};height:{size};margin-right:6px;'
            f'vertical-align:middle;border-radius:{radius};background:{color};border:1px solid {palette.FRAME}">'
            f"</span>{html.escape(label)}</div>")


def area_classes(areas: Sequence[AreaCount], measure: Measure) -> list[palette.ColourClass]:
    """The palette's classes for the values shown (same classes as the image exports)."""
    if measure == "charter_rate":
        return palette.rate_classes()
    return palette.count_classes([area.engaged for area in areas])


def _area_value(area: AreaCount, measure: Measure) -> float | None:
    return area.engaged if measure == "engaged" else area.charter_rate


# Contours travel as integer deltas in thousandths of a degree: the reference contours have three
# decimals (~100 m), so the browser decodes exactly the same coordinates, in half the bytes
# (départements: 196 KB of GeoJSON coordinates, the largest part of the Carte's page view).
COORDINATE_SCALE = 1000


def _delta_ring(ring: Sequence[Sequence[float]]) -> list[int]:
    """[[lon, lat], …] as [lon₀, lat₀, Δlon₁, Δlat₁, …] in thousandths of a degree."""
    flat: list[int] = []
    last_x = last_y = 0
    for lon, lat, *_ in ring:
        x, y = round(lon * COORDINATE_SCALE), round(lat * COORDINATE_SCALE)
        flat += (x - last_x, y - last_y)
        last_x, last_y = x, y
    return flat


def packed_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """A Polygon or MultiPolygon with its rings delta-encoded (``AreaLayer``'s script unpacks them)."""
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "d": [_delta_ring(ring) for ring in geometry["coordinates"]]}
    if geometry["type"] == "MultiPolygon":
        return {"type": "MultiPolygon", "d": [[_delta_ring(ring) for ring in polygon]
                                              for polygon in geometry["coordinates"]]}
    return geometry


@lru_cache(maxsize=4)
def _geometries(level: Level) -> tuple[tuple[str, str, str], ...]:
    """(code, name, serialised packed geometry) of each contour, serialised once per process."""
    return tuple(
        (str(feature["properties"]["code"]), str(feature["properties"]["nom"]),
         script_safe_json(packed_geometry(feature["geometry"])))
        for feature in reference.contours(level)["features"]
    )


def _area_layer_parts(areas: Sequence[AreaCount], level: Level, measure: Measure) -> tuple[str, str]:
    by_code = {area.code: area for area in areas}
    classes = area_classes(areas, measure)
    parts = []
    for code, name, geometry in _geometries(level):
        area = by_code.get(code)
        value = None if area is None or area.engaged == 0 else _area_value(area, measure)
        found = palette.class_of(value, classes) if value is not None else None
        fill = found.colour if found else palette.NO_DATA
        if area is None or area.engaged == 0:
            detail = "aucun territoire engagé"
        else:
            detail = (f"{formatting.plural(area.engaged, 'territoire engagé', 'territoires engagés')}, "
                      f"{formatting.plural(area.charters, 'charte signée', 'chartes signées')} "
                      f"({formatting.percent(area.charters / area.engaged)})")
        properties = {"infobulle": f"<strong>{html.escape(name)}</strong> ({html.escape(code)})<br>"
                                   f"{html.escape(detail)}", "fill": fill}
        parts.append(f'{{"type":"Feature","properties":{script_safe_json(properties)},"geometry":{geometry}}}')
    data_json = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
    legend = (f"<strong>{html.escape(LEGEND_TITLES[(level, measure)])}</strong>"
              + "".join(_swatch(entry.colour, entry.label) for entry in classes)
              + _swatch(palette.NO_DATA, palette.NO_DATA_LABEL))
    return data_json, legend


EPOCH = dt.date(1970, 1, 1)


def marker_rows(points: Sequence[MapPoint]) -> list[list[Any]]:
    """Compact rows for the browser; the name is escaped here.

    Coordinates travel as integers in ten-thousandths of a degree (~10 m, what the map showed
    before), the charter date as a day number (0: not signed), completion as a whole percentage:
    the callback turns them back into the same text. Babel per row costs 0.2 ms (0.6 s at scale
    20), and 3,000 quoted dates were 36 KB of the Carte's page view.
    """
    stage_index = {stage.value: index for index, stage in enumerate(Stage)}
    kind_index = {kind: index for index, kind in enumerate(reference.KIND_LABELS)}
    rows = []
    for point in points:
        rows.append([
            round(point.lat * 1e4), round(point.lon * 1e4), stage_index.get(point.stage, 0),
            html.escape(point.name), kind_index.get(point.kind, 0),
            (point.charter_on - EPOCH).days if point.charter_on else 0,
            round(point.grid_completion * 100),
        ])
    return rows


_DETAILS = """
        "<br>Charte : " + (row[5] ? "signée le " + day(row[5]) : "non signée") +
        "<br>Grille remplie à " + row[6] + "\\u202f%"
"""


def _marker_callback(public: bool = False) -> str:
    """``public``: the popup says name, type and stage only (the public page's static export)."""
    return _MARKER_CALLBACK % {
        "details": '""' if public else _DETAILS.strip(),
        "colors": json.dumps(list(palette.STAGE_LIST)),
        "border": palette.BORDER,
        "region": list(reference.KIND_LABELS).index("region"),
        "stages": json.dumps([html.escape(STAGE_LABELS[stage]) for stage in Stage], ensure_ascii=False),
        "kinds": json.dumps([html.escape(label) for label in reference.KIND_LABELS.values()], ensure_ascii=False),
    }


@dataclass(frozen=True)
class MapLayers:
    """What the browser draws, already serialised: cheap to cache and to unpickle.

    Building these strings is the costly part of a map (3,000 rows, 101 contours); pages cache
    them per filters and choices, then ``map_from_layers`` wraps them in a folium.Map.
    """

    marker_json: str
    area_json: str
    legend_html: str
    level_label: str
    count: int
    # South-west and north-east corners of the points, to zoom on a filtered area.
    bounds: Bounds | None = None


REGION_MARK_LABEL = "Région (cercle autour de son chef-lieu)"


def stage_legend(*, with_regions: bool = False) -> str:
    legend = "<strong>Étape du territoire</strong>" + "".join(
        _swatch(palette.STAGES[stage], STAGE_LABELS[stage], round_=True) for stage in Stage)
    if with_regions:
        legend += (f'<div><span style="display:inline-block;width:10px;height:10px;margin-right:6px;'
                   f'vertical-align:middle;border-radius:50%;border:3px solid {palette.MUTED_INK}"></span>'
                   f"{REGION_MARK_LABEL}</div>")
    return legend


def _bounds(points: Sequence[MapPoint]) -> Bounds | None:
    if not points:
        return None
    lats = [point.lat for point in points]
    lons = [point.lon for point in points]
    return (min(lats), min(lons)), (max(lats), max(lons))


def prepare_layers(points: Sequence[MapPoint], areas: Sequence[AreaCount], *, level: Level = "departements",
                   measure: Measure = "engaged") -> MapLayers:
    area_json, area_legend = _area_layer_parts(areas, level, measure)
    return MapLayers(
        marker_json=script_safe_json(marker_rows(points)),
        area_json=area_json,
        legend_html=stage_legend(with_regions=any(point.kind == "region" for point in points)) + "<hr style='margin:4px 0'>" + area_legend,
        level_label=LEVEL_LABELS[level],
        count=len(points),
        bounds=_bounds(points),
    )


def source_html(data_date: dt.date) -> str:
    return (f"<div style='margin-top:4px;color:{palette.MUTED_INK};font-size:11px'>"
            f"Source : {html.escape(SOURCE)}, données au {html.escape(formatting.date(data_date))}.<br>"
            f"Contours : {html.escape(reference.ATTRIBUTION)}.</div>")


def map_from_layers(layers: MapLayers, *, tiles: str = "aucun", view: View = METROPOLE,
                    cluster: bool = True, fit: bool = False, title: str | None = None,
                    data_date: dt.date | None = None, extra_legend: str = "", public: bool = False) -> folium.Map:
    """``fit``: zoom on the points (a filtered région) instead of ``view``. ``title`` and
    ``data_date`` put a title box and a source line on the map (the offline file); ``public``
    keeps the popups to name, type and stage."""
    online = tiles == "openstreetmap"
    fmap = folium.Map(
        location=[view.lat, view.lon], zoom_start=view.zoom, min_zoom=2, max_zoom=14,
        tiles="OpenStreetMap" if online else None, control_scale=False, prefer_canvas=True,
        attribution_control=True,
    )
    # Without a tile layer Leaflet has no maxZoom, and markercluster refuses to start: set it on the map.
    fmap.options.update(max_zoom=14, min_zoom=2)
    # Quarter zoom steps: fitting France in a 390 px frame at whole steps left it half the width.
    fmap.options.update(zoom_snap=0.25, zoom_delta=0.5)
    # Instance attributes: only the vendored assets are referenced (no CDN).
    fmap.default_js = list(MAP_JS)
    fmap.default_css = list(MAP_CSS)
    if not online:
        # Tile-less base: a pale sea colour behind the contours.
        fmap.add_child(Style(f"<style>.leaflet-container{{background:{palette.SEA};}}</style>", "FondSansTuiles"))
    AreaLayer(layers.area_json, layers.level_label, outline=palette.AREA_OUTLINE, ink=palette.INK,
              scale=COORDINATE_SCALE).add_to(fmap)
    if layers.count:
        StageMarkers(
            layers.marker_json, callback=_marker_callback(public), name="Territoires engagés",
            options={"showCoverageOnHover": False, "maxClusterRadius": 45,
                     "disableClusteringAtZoom": 11 if cluster else 0},
            icon_create_function=CLUSTER_ICON,
        ).add_to(fmap)
    fmap.add_child(Style(CLUSTER_CSS_RULES, "GroupesNeutres"))
    legend = layers.legend_html + extra_legend
    if data_date is not None:
        legend += source_html(data_date)
    fmap.add_child(Legend(legend, ink=palette.INK))
    if title:
        fmap.add_child(MapTitle(title, ink=palette.INK))
    area = layers.bounds if (fit or view.bounds is None) and layers.bounds else view.bounds
    bounds = [list(corner) for corner in area] if area else None
    fmap.add_child(MapBehaviour(bounds))
    return fmap


def build_engagement_map(
    points: Sequence[MapPoint],
    areas: Sequence[AreaCount],
    *,
    level: Level = "departements",
    measure: Measure = "engaged",
    tiles: str = "aucun",
    view: View = METROPOLE,
    cluster: bool = True,
    fit: bool = False,
    title: str | None = None,
    data_date: dt.date | None = None,
    extra_legend: str = "",
    public: bool = False,
) -> folium.Map:
    """Engaged territories (markers coloured by stage, clustered) over départements or régions
    coloured by number engaged or charter rate. ``tiles``: ``aucun`` (offline) or ``openstreetmap``."""
    return map_from_layers(prepare_layers(points, areas, level=level, measure=measure),
                           tiles=tiles, view=view, cluster=cluster, fit=fit, title=title,
                           data_date=data_date, extra_legend=extra_legend, public=public)


def nearest_point(points: Sequence[MapPoint], lat: float, lon: float, *, tolerance: float = 0.01) -> MapPoint | None:
    """The engaged territory drawn at a clicked position (markers sit on rounded coordinates)."""
    best: tuple[float, MapPoint] | None = None
    for point in points:
        distance = (point.lat - lat) ** 2 + (point.lon - lon) ** 2
        if distance <= tolerance**2 and (best is None or distance < best[0]):
            best = (distance, point)
    return best[1] if best else None


def payload_html(fmap: folium.Map) -> str:
    """The map as one HTML document (what the browser receives, give or take the component frame)."""
    return str(fmap.get_root().render())


ATTRIBUTION = reference.ATTRIBUTION


def configured_tiles() -> str:
    from data_access.config import map_tiles

    return map_tiles()


def point_description(point: MapPoint) -> str:
    """« Commune, étape Grille déposée, charte signée le 12/11/2024, grille remplie à 80 % »."""
    charter = f"charte signée le {formatting.short_date(point.charter_on)}" if point.charter_on else "charte non signée"
    return (f"{reference.KIND_LABELS.get(point.kind, point.kind)}, étape « {STAGE_LABELS[Stage(point.stage)]} », "
            f"{charter}, grille remplie à {formatting.percent(point.grid_completion)}")


def area_table(areas: Sequence[AreaCount], level: Level) -> Any:
    """Text alternative of the map (RGAA): one row per département or région."""
    import pandas as pd

    names = reference.departement_names() if level == "departements" else reference.region_names()
    return pd.DataFrame({
        "Code": [area.code for area in areas],
        "Nom": [names.get(area.code, area.code) for area in areas],
        "Territoires engagés": [formatting.number(area.engaged) for area in areas],
        "Chartes signées": [formatting.number(area.charters) for area in areas],
        "Taux de charte": [formatting.percent(area.charters / area.engaged) if area.engaged else "—"
                           for area in areas],
    })
