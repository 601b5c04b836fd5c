"""The map of the « Suivi des engagements »: each territory carrying commitments, a disc coloured by
the share of its commitments done, over the régions' outlines. Returns ``folium.Map``, renders nothing.

Offline like the Carte (vendored Leaflet, no tiles unless configured); every stored string is
escaped here, and the markers travel as compact rows drawn by one script.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import folium
import pandas as pd
from folium.template import Template

from dashboard.monitoring import maps as monitoring_maps
from dashboard.monitoring.map_elements import (
    AreaLayer,
    Legend,
    MapBehaviour,
    Style,
    _SafeMacroElement,
    script_safe_json,
)
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.commitments.views import TerritoryShare
from data_access.territories import reference

LEGEND_TITLE = "Part des engagements réalisés"
NO_POSITION = "sans position connue"


class ShareMarkers(_SafeMacroElement):
    """Discs ``[lat, lon, colour, radius, escaped tooltip]``: one script, no template per marker."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function(map) {
            var rows = {{ this.data_json }};
            for (var i = 0; i < rows.length; i++) {
                var r = rows[i];
                L.circleMarker([r[0], r[1]], {radius: r[3], color: "{{ this.outline }}", weight: 1,
                                              fillColor: r[2], fillOpacity: 0.9})
                 .bindTooltip(r[4], {direction: "top"}).addTo(map);
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, data_json: str, *, outline: str) -> None:
        super().__init__()
        self._name = "ShareMarkers"
        self.data_json = data_json
        self.outline = outline


def share_classes() -> list[palette.ColourClass]:
    """The palette's four rate classes (0–25 %, 25–50 %, 50–75 %, 75–100 %)."""
    return palette.rate_classes()


def _tooltip(share: TerritoryShare) -> str:
    kind = reference.KIND_LABELS.get(share.kind, share.kind)
    return (f"<strong>{html.escape(share.name)}</strong> ({html.escape(kind)})<br>"
            f"{html.escape(_detail(share))}")


def _detail(share: TerritoryShare) -> str:
    return (f"{formatting.plural(share.done, 'engagement réalisé', 'engagements réalisés')} sur "
            f"{formatting.number(share.total)} ({formatting.percent(share.done_share)})")


def marker_rows(shares: Sequence[TerritoryShare]) -> list[list[Any]]:
    classes = share_classes()
    rows = []
    for share in shares:
        if share.lat is None or share.lon is None:
            continue
        found = palette.class_of(share.done_share, classes)
        radius = 5 + min(share.total, 10)  # more commitments, a larger disc (bounded)
        rows.append([round(share.lat, 4), round(share.lon, 4), found.colour if found else palette.NO_DATA, radius,
                     _tooltip(share)])
    return rows


@lru_cache(maxsize=1)
def _region_outlines() -> str:
    """The régions as plain outlines (no measure of their own: the discs carry it)."""
    parts = []
    for feature in reference.contours("regions")["features"]:
        name = str(feature["properties"]["nom"])
        properties = {"infobulle": f"<strong>{html.escape(name)}</strong>", "fill": palette.LAND}
        geometry = script_safe_json(monitoring_maps.packed_geometry(feature["geometry"]))
        parts.append(f'{{"type":"Feature","properties":{script_safe_json(properties)},"geometry":{geometry}}}')
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def legend_html(shares: Sequence[TerritoryShare]) -> str:
    swatches = "".join(
        f'<div><span style="display:inline-block;width:10px;height:10px;margin-right:6px;vertical-align:middle;'
        f'border-radius:50%;background:{entry.colour};border:1px solid {palette.FRAME}"></span>'
        f"{html.escape(entry.label)}</div>" for entry in share_classes())
    placed = sum(1 for s in shares if s.lat is not None and s.lon is not None)
    return (f"<strong>{html.escape(LEGEND_TITLE)}</strong>{swatches}"
            f"<div style='margin-top:4px;color:{palette.MUTED_INK}'>Taille du disque : nombre d'engagements. "
            f"{html.escape(formatting.plural(placed, 'territoire placé', 'territoires placés'))}.</div>")


def share_map(shares: Sequence[TerritoryShare], *, tiles: str = "aucun") -> folium.Map:
    """Territories coloured by the share of their commitments done; fitted on them when any."""
    online = tiles == "openstreetmap"
    view = monitoring_maps.METROPOLE
    fmap = folium.Map(location=[view.lat, view.lon], zoom_start=view.zoom, min_zoom=2, max_zoom=14,
                      tiles="OpenStreetMap" if online else None, control_scale=False, prefer_canvas=True)
    fmap.options.update(max_zoom=14, min_zoom=2, zoom_snap=0.25, zoom_delta=0.5)
    fmap.default_js = list(monitoring_maps.MAP_JS)
    fmap.default_css = list(monitoring_maps.MAP_CSS)
    if not online:
        fmap.add_child(Style(f"<style>.leaflet-container{{background:{palette.SEA};}}</style>", "FondSansTuiles"))
    AreaLayer(_region_outlines(), "Régions", outline=palette.AREA_OUTLINE, ink=palette.INK,
              scale=monitoring_maps.COORDINATE_SCALE).add_to(fmap)
    rows = marker_rows(shares)
    if rows:
        ShareMarkers(script_safe_json(rows), outline=palette.INK).add_to(fmap)
    fmap.add_child(Legend(legend_html(shares), ink=palette.INK))
    bounds = view.bounds
    fmap.add_child(MapBehaviour([list(corner) for corner in bounds] if bounds else None))
    return fmap


def share_table(shares: Sequence[TerritoryShare]) -> pd.DataFrame:
    """Text alternative of the map (RGAA): one row per territory."""
    return pd.DataFrame({
        "Territoire": [share.name for share in shares],
        "Type": [reference.KIND_LABELS.get(share.kind, share.kind) for share in shares],
        "Région": [reference.region_label(share.reg_code) for share in shares],
        "Engagements": [formatting.number(share.total) for share in shares],
        "Réalisés": [formatting.number(share.done) for share in shares],
        "Part réalisée": [formatting.percent(share.done_share) for share in shares],
    })


def share_summary(shares: Sequence[TerritoryShare]) -> str:
    if not shares:
        return "Aucun territoire ne porte d'engagement avec les filtres choisis."
    total = sum(s.total for s in shares)
    done = sum(s.done for s in shares)
    unplaced = sum(1 for s in shares if s.lat is None or s.lon is None)
    text = (f"{formatting.plural(len(shares), 'territoire porte', 'territoires portent')} "
            f"{formatting.plural(total, 'engagement')}, dont {formatting.percent(done / total if total else 0)} réalisés")
    if unplaced:
        text += f" ; {formatting.plural(unplaced, 'territoire', 'territoires')} {NO_POSITION}"
    return text + "."
