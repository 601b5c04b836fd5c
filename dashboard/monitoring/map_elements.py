"""Leaflet pieces of the engagement map, rendered without branca's template re-compilation.

Every stored string reaching these elements is escaped by the map builder
(``dashboard.monitoring.maps``); the JavaScript only concatenates escaped strings with fixed labels.
"""

from __future__ import annotations

import json
from typing import Any

from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template

STATIC_PREFIX = "/app/static/vendor"
CLUSTER_JS: list[tuple[str, str]] = [
    ("markerclusterjs", f"{STATIC_PREFIX}/leaflet.markercluster/leaflet.markercluster.js"),
]
CLUSTER_CSS: list[tuple[str, str]] = [
    ("markerclustercss", f"{STATIC_PREFIX}/leaflet.markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{STATIC_PREFIX}/leaflet.markercluster/MarkerCluster.Default.css"),
]


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
    """The legend as a Leaflet control: a ``<details>`` box, folded by default on a narrow screen
    (a phone keeps its map visible) and open on a wide one; bottom left, over the Atlantic.

    ``content`` is HTML built from escaped strings; the title is escaped here.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var legend = L.control({position: "bottomleft"});
            legend.onAdd = function() {
                var box = L.DomUtil.create("details", "legende-carte");
                box.style.cssText = "background:#fff;padding:5px 7px;border-radius:4px;max-width:205px;" +
                    "max-height:60vh;overflow:auto;box-shadow:0 1px 4px rgba(0,0,0,.3);" +
                    "font:11px/1.35 sans-serif;color:{{ this.ink }}";
                box.open = (window.innerWidth || 1000) > 640;
                box.innerHTML = "<summary style='cursor:pointer;font-weight:600'>Légende</summary>" +
                    {{ this.content|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                return box;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: str, *, ink: str) -> None:
        super().__init__()
        self._name = "Legend"
        self.content = content
        self.ink = ink


class MapTitle(_SafeMacroElement):
    """Title and source line inside the map (the offline file has no page around it)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function() {
            var title = L.control({position: "topright"});
            title.onAdd = function() {
                var div = L.DomUtil.create("div", "titre-carte");
                div.style.cssText = "background:rgba(255,255,255,.92);padding:6px 10px;border-radius:4px;" +
                    "max-width:min(520px,70vw);font:13px/1.35 sans-serif;color:{{ this.ink }}";
                div.innerHTML = {{ this.content|tojson }};
                return div;
            };
            title.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, content: str, *, ink: str) -> None:
        super().__init__()
        self._name = "MapTitle"
        self.content = content
        self.ink = ink


class MapBehaviour(_SafeMacroElement):
    """A metric-only scale, and a first click that selects instead of scrolling the page.

    Leaflet focuses its container on mousedown (keyboard navigation); inside Streamlit's iframe,
    focusing a map partly below the fold scrolls the parent page, the pointer lands elsewhere and
    the click is lost. Focusing with ``preventScroll`` keeps the keyboard handler and the click.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            L.control.scale({metric: true, imperial: false, position: "bottomright"}).addTo(map);
            if (map.keyboard && map.keyboard.enabled()) {
                // Re-bound: the handler registered its mousedown listener when the map was created.
                map.keyboard.disable();
                map.keyboard._onMouseDown = function() {
                    if (this._focused) { return; }
                    try { this._map._container.focus({preventScroll: true}); } catch (e) {}
                };
                map.keyboard.enable();
            }
            {%- if this.bounds %}
            // The whole area, clear of the legend: open at the bottom left on a wide screen (it would
            // cover Finistère), folded on a phone.
            var wide = (window.innerWidth || 1000) > 640;
            map.fitBounds({{ this.bounds|tojson }}, {paddingTopLeft: [wide ? 225 : 12, 12],
                                                    paddingBottomRight: [12, wide ? 12 : 40], maxZoom: 10});
            {%- endif %}
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, bounds: list[list[float]] | None = None) -> None:
        super().__init__()
        self._name = "MapBehaviour"
        self.bounds = bounds


class Style(_SafeMacroElement):
    """A ``<style>`` in the header of whichever document renders the map (page or offline file)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}{{ this.css }}{% endmacro %}
        """
    )

    def __init__(self, css: str, name: str) -> None:
        super().__init__()
        self._name = name
        self.css = css


class AreaLayer(_SafeMacroElement):
    """Départements or régions as one ``L.geoJson`` whose style and tooltip come from properties.

    Cheaper than ``folium.GeoJson`` with a style function (which re-walks every feature in Python
    on each render); the FeatureCollection arrives here already serialised and script-safe, its
    rings packed as integer deltas (``maps.packed_geometry``) that the script unpacks.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.geoJson((function(collection) {
            // Rings arrive as integer deltas in thousandths of a degree (maps.packed_geometry).
            function ring(d) {
                var points = [], x = 0, y = 0;
                for (var i = 0; i < d.length; i += 2) {
                    x += d[i]; y += d[i + 1];
                    points.push([x / {{ this.scale }}, y / {{ this.scale }}]);
                }
                return points;
            }
            collection.features.forEach(function(feature) {
                var g = feature.geometry;
                if (g.d === undefined) { return; }
                feature.geometry = {type: g.type, coordinates: g.type === "Polygon" ? g.d.map(ring)
                    : g.d.map(function(polygon) { return polygon.map(ring); })};
            });
            return collection;
        })({{ this.data_json }}), {
            style: function(feature) {
                return {fillColor: feature.properties.fill, color: "{{ this.outline }}", weight: 0.7,
                        fillOpacity: 0.8};
            },
            onEachFeature: function(feature, layer) {
                layer.bindTooltip(feature.properties.infobulle, {sticky: true});
                layer.on("mouseover", function() { layer.setStyle({weight: 2, color: "{{ this.ink }}"}); });
                layer.on("mouseout", function() { layer.setStyle({weight: 0.7, color: "{{ this.outline }}"}); });
            }
        }).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, name: str, *, outline: str, ink: str, scale: int = 1000) -> None:
        super().__init__()
        self._name = "AreaLayer"
        self.data_json = data_json
        self.scale = scale
        self.layer_name = name
        self.outline = outline
        self.ink = ink


def script_safe_json(value: Any) -> str:
    """JSON that cannot close a <script> element or open a comment in HTML."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
