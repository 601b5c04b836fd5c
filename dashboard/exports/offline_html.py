"""One self-contained HTML file from any folium map: works offline, loads nothing from a CDN.

folium's ``Map.save()`` references about ten CDN files. Here every ``<script src>`` and
``<link href>`` is either replaced by the vendored file inlined (Leaflet, jQuery,
markercluster — see ``tools/vendor_assets.py``) or dropped (Bootstrap, Font Awesome,
awesome-markers are not vendored). Marker images become data URIs, and a small shim
stands in for awesome-markers so a map using ``folium.Icon`` still draws its markers.
Tile layers are removed unless the caller asks for them: the default export is tile-less.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import folium

VENDOR_DIR = Path(__file__).resolve().parent.parent / "static" / "vendor"

# File name at the end of a CDN or local URL → vendored file inlined in its place.
VENDORED: dict[str, Path] = {
    "leaflet.js": VENDOR_DIR / "leaflet" / "leaflet.js",
    "leaflet-src.js": VENDOR_DIR / "leaflet" / "leaflet.js",
    "leaflet.css": VENDOR_DIR / "leaflet" / "leaflet.css",
    "jquery.min.js": VENDOR_DIR / "jquery" / "jquery.min.js",
    "jquery.js": VENDOR_DIR / "jquery" / "jquery.min.js",
    "leaflet.markercluster.js": VENDOR_DIR / "leaflet.markercluster" / "leaflet.markercluster.js",
    "leaflet.markercluster-src.js": VENDOR_DIR / "leaflet.markercluster" / "leaflet.markercluster.js",
    "markercluster.css": VENDOR_DIR / "leaflet.markercluster" / "MarkerCluster.css",
    "markercluster.default.css": VENDOR_DIR / "leaflet.markercluster" / "MarkerCluster.Default.css",
}
IMAGES_DIR = VENDOR_DIR / "leaflet" / "images"
DEFAULT_MAX_ZOOM = 18

_SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']([^\"']+)[\"'][^>]*>\s*</script>", re.IGNORECASE)
_LINK_HREF = re.compile(r"<link\b[^>]*\bhref\s*=\s*[\"']([^\"']+)[\"'][^>]*/?>", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*([\"']?)([^\"')]+)\1\s*\)")
_EXTERNAL_LOAD = re.compile(
    r"""(?:\b(?:src|href)\s*=\s*["']|url\(\s*["']?|@import\s+["'])\s*((?:https?:)?//[^"')\s]+)""",
    re.IGNORECASE,
)

# folium.Icon colour names → CSS colours (a fixed table: no map text reaches the shim's HTML).
AWESOME_COLOURS = {
    "red": "#d63e2a", "darkred": "#a23336", "lightred": "#ff8e7f", "orange": "#f69730",
    "beige": "#ffcb92", "green": "#72b026", "darkgreen": "#728224", "lightgreen": "#bbf970",
    "blue": "#38aadd", "darkblue": "#0067a3", "lightblue": "#8adaff", "purple": "#d252b9",
    "darkpurple": "#5b396b", "pink": "#ff91ea", "cadetblue": "#436978", "white": "#fbfbfb",
    "gray": "#575757", "lightgray": "#a3a3a3", "black": "#303030",
}


@dataclass
class OfflineReport:
    """What the conversion did, for logs and tests."""

    inlined: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _data_uri(path: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _vendored_for(url: str) -> Path | None:
    name = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1].lower()
    if re.fullmatch(r"jquery(-[0-9.]+)?(\.min)?\.js", name):
        return VENDORED["jquery.min.js"]
    return VENDORED.get(name)


def _inline_css(path: Path) -> str:
    css = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        image = IMAGES_DIR / Path(target).name
        return f'url("{_data_uri(image)}")' if image.is_file() else "none"

    return _CSS_URL.sub(replace, css).replace("</style", "<\\/style")


def _icon_shim() -> str:
    """Default marker images as data URIs, and a stand-in for awesome-markers."""
    colours = ",".join(f'"{name}":"{value}"' for name, value in AWESOME_COLOURS.items())
    icon = _data_uri(IMAGES_DIR / "marker-icon.png")
    icon2x = _data_uri(IMAGES_DIR / "marker-icon-2x.png")
    shadow = _data_uri(IMAGES_DIR / "marker-shadow.png")
    return f"""<script>
(function () {{
  if (typeof L === "undefined") {{ return; }}
  // Leaflet guesses its image folder from leaflet.css; with inlined CSS there is none.
  L.Icon.Default.imagePath = "";
  L.Icon.Default.mergeOptions({{iconUrl: "{icon}", iconRetinaUrl: "{icon2x}", shadowUrl: "{shadow}"}});
  if (!L.AwesomeMarkers) {{
    var colours = {{{colours}}};
    L.AwesomeMarkers = {{ icon: function (options) {{
      var colour = colours[(options && options.markerColor) || "blue"] || colours.blue;
      return L.divIcon({{className: "offline-pin", iconSize: [20, 20], iconAnchor: [10, 20],
        popupAnchor: [0, -20],
        html: '<span style="display:block;width:16px;height:16px;border:2px solid #fff;' +
              'border-radius:50% 50% 50% 0;transform:rotate(-45deg);box-shadow:0 0 2px #000;' +
              'background:' + colour + '"></span>'}});
    }} }};
  }}
}})();
</script>"""


def _without_tiles(m: folium.Map) -> list[tuple[str, Any, int]]:
    removed = []
    for index, (name, child) in enumerate(list(m._children.items())):
        if isinstance(child, folium.TileLayer):
            removed.append((name, child, index))
            del m._children[name]
    return removed


def _restore(m: folium.Map, removed: list[tuple[str, Any, int]]) -> None:
    items = list(m._children.items())
    for name, child, index in removed:
        items.insert(index, (name, child))
    m._children.clear()
    m._children.update(items)


def offline_html(m: folium.Map, *, keep_tiles: bool = False, report: OfflineReport | None = None) -> str:
    """The map as one HTML document that needs no network (tile images aside, if kept)."""
    report = report if report is not None else OfflineReport()
    removed = [] if keep_tiles else _without_tiles(m)
    # Without a tile layer Leaflet has no maxZoom, and markercluster throws "Map has no
    # maxZoom specified" (folium 0.20 keeps Map(max_zoom=…) for the tiles only).
    added_max_zoom = "max_zoom" not in m.options
    if added_max_zoom:
        tile_zooms = [child.options.get("max_zoom") for _name, child, _i in removed]
        m.options["max_zoom"] = next((z for z in tile_zooms if z), DEFAULT_MAX_ZOOM)
    # A fresh Figure: a map rendered before (e.g. by st_folium) leaves its scripts, tiles
    # included, in its own Figure's script block.
    original_parent = m._parent
    figure = folium.Figure()
    figure.add_child(m, name=m.get_name())
    try:
        document = figure.render()
    finally:
        m._parent = original_parent
        if added_max_zoom:
            del m.options["max_zoom"]
        if removed:
            _restore(m, removed)

    leaflet_seen = False

    def script(match: re.Match[str]) -> str:
        nonlocal leaflet_seen
        url = match.group(1)
        path = _vendored_for(url)
        if path is None:
            report.dropped.append(url)
            return ""
        report.inlined.append(url)
        code = path.read_text(encoding="utf-8").replace("</script", "<\\/script")
        tag = f"<script>{code}</script>"
        if path.name == "leaflet.js" and not leaflet_seen:
            leaflet_seen = True
            tag += _icon_shim()
        return tag

    def link(match: re.Match[str]) -> str:
        url = match.group(1)
        path = _vendored_for(url)
        if path is None or path.suffix != ".css":
            report.dropped.append(url)
            return ""
        report.inlined.append(url)
        return f"<style>{_inline_css(path)}</style>"

    document = _SCRIPT_SRC.sub(script, document)
    document = _LINK_HREF.sub(link, document)
    leftovers = external_loads(document)
    if leftovers:
        # Anything else that would load from the network (an image in a popup…) is cut.
        for url in leftovers:
            report.dropped.append(url)
            document = document.replace(url, "about:blank")
    return document


def external_loads(document: str) -> list[str]:
    """URLs the document would fetch by itself (src/href attributes, CSS url(), @import)."""
    found = []
    for match in _EXTERNAL_LOAD.finditer(document):
        url = match.group(1)
        start = match.start()
        # An <a href> is a link a reader may follow, not something the page loads.
        tag_start = document.rfind("<", 0, start)
        if tag_start != -1 and re.match(r"<a\b", document[tag_start:start], re.IGNORECASE):
            continue
        found.append(url)
    return found
