"""Map builders: return ``folium.Map`` and render nothing (pages and exports render them).

Offline by construction: Leaflet, jQuery and markercluster are served by Streamlit's static
serving (``/app/static/vendor/…``); no bootstrap, no awesome-markers, no branca colormap (it
pulls d3 from a CDN). Every stored string reaching the map is escaped here in Python; the
JavaScript only concatenates those escaped strings with fixed labels.

Payload: markers travel as compact rows ``[lat, lon, stage, name, kind, charter, completion]``
drawn by one FastMarkerCluster callback, not as 3,000 folium Markers with their own popups.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

import folium
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template

from dashboard.text import formatting
from data_access.models import STAGE_LABELS, Stage
from data_access.monitoring import AreaCount, Level, MapPoint
from data_access.territories import reference

STATIC_PREFIX = "/app/static/vendor"
MAP_JS: list[tuple[str, str]] = [
    ("leaflet", f"{STATIC_PREFIX}/leaflet/leaflet.js"),
    ("jquery", f"{STATIC_PREFIX}/jquery/jquery.min.js"),
]
MAP_CSS: list[tuple[str, str]] = [("leaflet_css", f"{STATIC_PREFIX}/leaflet/leaflet.css")]
CLUSTER_JS: list[tuple[str, str]] = [
    ("markerclusterjs", f"{STATIC_PREFIX}/leaflet.markercluster/leaflet.markercluster.js"),
]
CLUSTER_CSS: list[tuple[str, str]] = [
    ("markerclustercss", f"{STATIC_PREFIX}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{STATIC_PREFIX}/leaflet.markercluster/MarkerCluster.Default.css"),
]

STAGE_COLORS: dict[Stage, str] = {
    Stage.ENGAGE: "#d95f02",
    Stage.CHARTE_SIGNEE: "#b8860b",
    Stage.CONCERTATION_TENUE: "#7570b3",
    Stage.GRILLE_DEPOSEE: "#1b9e77",
    Stage.GRILLE_VALIDEE: "#1f4e8c",
}
FILL_COLORS = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
EMPTY_FILL = "#f4f4f4"

Measure = Literal["engaged", "charter_rate"]
MEASURE_LABELS: dict[str, str] = {
    "engaged": "Nombre de territoires engagés",
    "charter_rate": "Taux de charte signée",
}
LEVEL_LABELS: dict[str, str] = {"departements": "Départements", "regions": "Régions"}


@dataclass(frozen=True)
class View:
    label: str
    lat: float
    lon: float
    zoom: int


# Quick views: overseas territories are reachable in one choice, without panning the globe.
VIEWS: tuple[View, ...] = (
    View("France métropolitaine", 46.6, 2.4, 6),
    View("Guadeloupe", 16.2, -61.55, 9),
    View("Martinique", 14.65, -61.0, 10),
    View("Guyane", 4.0, -53.0, 7),
    View("La Réunion", -21.13, 55.53, 9),
    View("Mayotte", -12.82, 45.15, 10),
    View("Polynésie française", -17.65, -149.45, 8),
    View("Monde (territoires à l'international)", 25.0, -20.0, 2),
)

# Drawn in the browser for each row; every string in a row is already HTML-escaped in Python.
_MARKER_CALLBACK = """
function callback(row) {
    var colors = %(colors)s;
    var stages = %(stages)s;
    var kinds = %(kinds)s;
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
        radius: 7, color: "#ffffff", weight: 1.5, fillColor: colors[row[2]], fillOpacity: 0.95
    });
    marker.bindTooltip(row[3]);
    marker.bindPopup(
        "<strong>" + row[3] + "</strong><br>" + kinds[row[4]] +
        "<br>Étape : " + stages[row[2]] +
        "<br>Charte : " + (row[5] ? "signée le " + row[5] : "non signée") +
        "<br>Grille remplie à " + row[6] + "\u202f%%"
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
    "<style>.marker-cluster-neutre{background:rgba(31,78,140,.25);}"
    ".marker-cluster-neutre div{background:rgba(31,78,140,.85);color:#fff;font-weight:600;}</style>"
)


class _RawElement(Element):
    """Text inserted as is: branca would otherwise compile each rendered script as a Jinja template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def _render_without_recompiling(element: MacroElement, kwargs: dict[str, Any]) -> None:
    """``MacroElement.render`` minus the re-compilation of its output as a Jinja template.

    branca wraps each rendered macro in ``Element(text)``, which compiles ``text`` as a template:
    slow for 200 KB of GeoJSON (0.1 s per render) and a template injection for stored strings
    containing ``{{ … }}``. The macros themselves are rendered normally.
    """
    figure: Any = element.get_root()
    for part in ("header", "html", "script"):
        macro = element._template.module.__dict__.get(part)
        if macro is not None:
            getattr(figure, part).add_child(_RawElement(macro(element, kwargs)), name=element.get_name())
    for child in element._children.values():
        child.render(**kwargs)


class _SafeMacroElement(MacroElement):
    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        _render_without_recompiling(self, kwargs)


class StageMarkers(FastMarkerCluster):
    """FastMarkerCluster with vendored assets, data already serialised (script-safe JSON), and
    no template re-compilation of its output."""

    default_js = CLUSTER_JS
    default_css = CLUSTER_CSS
    _template = Template(
        """
        {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = (function(){
                {{ this.callback }}

                var data = {{ this.data_json }};
                var cluster = L.markerClusterGroup({{ this.options|tojavascript }});
                {%- if this.icon_create_function is not none %}
                cluster.options.iconCreateFunction =
                    {{ this.icon_create_function.strip() }};
                {%- endif %}

                for (var i = 0; i < data.length; i++) {
                    var row = data[i];
                    var marker = callback(row);
                    marker.addTo(cluster);
                }

                cluster.addTo({{ this._parent.get_name() }});
                return cluster;
            })();
        {% endmacro %}"""
    )

    def __init__(self, data_json: str, **kwargs: Any) -> None:
        super().__init__([], **kwargs)
        self.data_json = data_json

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        figure: Any = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        _render_without_recompiling(self, kwargs)


class Legend(_SafeMacroElement):
    """A Leaflet control holding a small HTML legend built from escaped strings."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomright"});
            legend.onAdd = function() {
                var div = L.DomUtil.create("div", "legende-carte");
                div.style.cssText = "background:#fff;padding:6px 8px;border-radius:4px;" +
                    "box-shadow:0 1px 4px rgba(0,0,0,.3);font:12px/1.4 sans-serif;color:#1b1f24";
                div.innerHTML = {{ this.content|tojson }};
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.content = content


def _swatch(color: str, label: str, *, round_: bool = False) -> str:
    radius = "50%" if round_ else "2px"
    return (f'<div><span style="display:inline-block;width:12px;height:12px;margin-right:6px;'
            f'vertical-align:middle;border-radius:{radius};background:{color};border:1px solid #888"></span>'
            f"{html.escape(label)}</div>")


def area_breaks(values: Sequence[float], measure: Measure) -> list[float]:
    """Upper bounds of the five colour classes."""
    if measure == "charter_rate":
        return [0.2, 0.4, 0.6, 0.8, 1.0]
    top = max(values, default=0)
    if top <= 5:
        return [1, 2, 3, 4, max(5, top)]
    step = math.ceil(top / 5)
    return [step * (index + 1) for index in range(5)]


def _class_color(value: float, breaks: Sequence[float]) -> str:
    for index, bound in enumerate(breaks):
        if value <= bound:
            return FILL_COLORS[index]
    return FILL_COLORS[-1]


def _break_labels(breaks: Sequence[float], measure: Measure) -> list[str]:
    labels = []
    lower: float = 0
    for bound in breaks:
        if measure == "charter_rate":
            labels.append(f"{formatting.percent(lower)} à {formatting.percent(bound)}")
        else:
            start = int(lower) + 1
            labels.append(formatting.number(bound) if start >= bound else
                          f"{formatting.number(start)} à {formatting.number(bound)}")
        lower = bound
    return labels


class AreaLayer(_SafeMacroElement):
    """Départements or régions as one ``L.geoJson`` whose style and tooltip come from properties.

    Cheaper than ``folium.GeoJson`` with a style function (which re-walks every feature in Python
    on each render); the FeatureCollection arrives here already serialised and script-safe.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson({{ this.data_json }}, {
            style: function(feature) {
                return {fillColor: feature.properties.fill, color: "#5b6b7f", weight: 0.7, fillOpacity: 0.75};
            },
            onEachFeature: function(feature, layer) {
                layer.bindTooltip(feature.properties.infobulle, {sticky: true});
                layer.on("mouseover", function() { layer.setStyle({weight: 2, color: "#1b1f24"}); });
                layer.on("mouseout", function() { layer.setStyle({weight: 0.7, color: "#5b6b7f"}); });
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, name: str) -> None:
        super().__init__()
        self._name = "AreaLayer"
        self.data_json = data_json
        self.layer_name = name


def script_safe_json(value: Any) -> str:
    """JSON that cannot close a <script> element or open a comment in HTML."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@lru_cache(maxsize=4)
def _geometries(level: Level) -> tuple[tuple[str, str, str], ...]:
    """(code, name, serialised geometry) of each contour, serialised once per process."""
    return tuple(
        (str(feature["properties"]["code"]), str(feature["properties"]["nom"]),
         script_safe_json(feature["geometry"]))
        for feature in reference.contours(level)["features"]
    )


def _area_layer_parts(areas: Sequence[AreaCount], level: Level, measure: Measure) -> tuple[str, str]:
    by_code = {area.code: area for area in areas}
    values = [area.engaged if measure == "engaged" else area.charter_rate for area in areas]
    breaks = area_breaks(values, measure)
    parts = []
    for code, name, geometry in _geometries(level):
        area = by_code.get(code)
        if area is None or area.engaged == 0:
            fill = EMPTY_FILL
            detail = "aucun territoire engagé"
        else:
            value = area.engaged if measure == "engaged" else area.charter_rate
            fill = _class_color(value, breaks)
            detail = (f"{formatting.plural(area.engaged, 'territoire engagé', 'territoires engagés')}, "
                      f"{formatting.plural(area.charters, 'charte signée', 'chartes signées')} "
                      f"({formatting.percent(area.charter_rate)})")
        properties = {"infobulle": f"<strong>{html.escape(name)}</strong> ({html.escape(code)})<br>"
                                   f"{html.escape(detail)}", "fill": fill}
        parts.append(f'{{"type":"Feature","properties":{script_safe_json(properties)},"geometry":{geometry}}}')
    data_json = '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"
    legend = (f"<strong>{html.escape(LEVEL_LABELS[level])} — {html.escape(MEASURE_LABELS[measure])}</strong>"
              + "".join(_swatch(color, label) for color, label in zip(FILL_COLORS, _break_labels(breaks, measure), strict=True))
              + _swatch(EMPTY_FILL, "Aucun territoire engagé"))
    return data_json, legend


def marker_rows(points: Sequence[MapPoint]) -> list[list[Any]]:
    """Compact rows for the browser; the name is escaped here, coordinates rounded to ~10 m.

    Completion travels as a whole percentage and the date as dd/mm/yyyy: Babel per row costs
    0.2 ms, i.e. 0.6 s at scale 20.
    """
    stage_index = {stage.value: index for index, stage in enumerate(Stage)}
    kind_index = {kind: index for index, kind in enumerate(reference.KIND_LABELS)}
    rows = []
    for point in points:
        rows.append([
            round(point.lat, 4), round(point.lon, 4), stage_index.get(point.stage, 0),
            html.escape(point.name), kind_index.get(point.kind, 0),
            point.charter_on.strftime("%d/%m/%Y") if point.charter_on else "",
            round(point.grid_completion * 100),
        ])
    return rows


def _marker_callback() -> str:
    return _MARKER_CALLBACK % {
        "colors": json.dumps([STAGE_COLORS[stage] for stage in Stage]),
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


def prepare_layers(points: Sequence[MapPoint], areas: Sequence[AreaCount], *, level: Level = "departements",
                   measure: Measure = "engaged") -> MapLayers:
    area_json, area_legend = _area_layer_parts(areas, level, measure)
    stage_legend = "<strong>Étape</strong>" + "".join(
        _swatch(STAGE_COLORS[stage], STAGE_LABELS[stage], round_=True) for stage in Stage)
    return MapLayers(
        marker_json=script_safe_json(marker_rows(points)),
        area_json=area_json,
        legend_html=stage_legend + "<hr style='margin:4px 0'>" + area_legend,
        level_label=LEVEL_LABELS[level],
        count=len(points),
    )


def map_from_layers(layers: MapLayers, *, tiles: str = "aucun", view: View = VIEWS[0],
                    cluster: bool = True) -> folium.Map:
    online = tiles == "openstreetmap"
    fmap = folium.Map(
        location=[view.lat, view.lon], zoom_start=view.zoom, min_zoom=2, max_zoom=14,
        tiles="OpenStreetMap" if online else None, control_scale=True, prefer_canvas=True,
        attribution_control=True,
    )
    # Without a tile layer Leaflet has no maxZoom, and markercluster refuses to start: set it on the map.
    fmap.options.update(max_zoom=14, min_zoom=2)
    # Instance attributes: only the vendored assets are referenced (no CDN).
    fmap.default_js = list(MAP_JS)
    fmap.default_css = list(MAP_CSS)
    root: Any = fmap.get_root()
    if not online:
        # Tile-less base: a pale sea colour behind the contours.
        root.header.add_child(_RawElement("<style>.leaflet-container{background:#eaf1f8;}</style>"),
                              name="fond_sans_tuiles")
    AreaLayer(layers.area_json, layers.level_label).add_to(fmap)
    if layers.count:
        StageMarkers(
            layers.marker_json, callback=_marker_callback(), name="Territoires engagés",
            options={"showCoverageOnHover": False, "maxClusterRadius": 45,
                     "disableClusteringAtZoom": 11 if cluster else 0},
            icon_create_function=CLUSTER_ICON,
        ).add_to(fmap)
    root.header.add_child(_RawElement(CLUSTER_CSS_RULES), name="groupes_neutres")
    fmap.add_child(Legend(layers.legend_html))
    return fmap


def build_engagement_map(
    points: Sequence[MapPoint],
    areas: Sequence[AreaCount],
    *,
    level: Level = "departements",
    measure: Measure = "engaged",
    tiles: str = "aucun",
    view: View = VIEWS[0],
    cluster: bool = True,
) -> folium.Map:
    """Engaged territories (markers coloured by stage, clustered) over départements or régions
    coloured by number engaged or charter rate. ``tiles``: ``aucun`` (offline) or ``openstreetmap``."""
    return map_from_layers(prepare_layers(points, areas, level=level, measure=measure),
                           tiles=tiles, view=view, cluster=cluster)


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
        "Taux de charte": [formatting.percent(area.charter_rate) for area in areas],
    })
