"""Static maps (PNG, SVG, PDF) rendered by altair + vl-convert: no browser, no network.

Geometry is laid out in Python (``geometry.build_layout``): metropolitan France in Lambert
conformal conic, the five overseas départements moved into insets, then drawn by Vega
with an ``identity`` projection. Rings are still rewound clockwise first, the order d3-geo
needs, so the features stay correct for any caller that feeds them to a spherical
projection (``vega_contours``).
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt

from dashboard.exports import geometry, images
from dashboard.text import formatting
from data_access.exports.export_maps import AreaCount, EngagedPoint
from data_access.models import STAGE_LABELS, Stage
from data_access.territories import reference

LAYERS = ("departements", "regions", "territoires")
LEVELS = ("departements", "regions")
MEASURES = ("engaged", "charter_rate")
FORMATS = ("png", "svg", "pdf")
SOURCE_PREFIX = "Source : Observatoire des concertations territoriales de l'IA — données au"

LAYER_LABELS = {"departements": "Départements", "regions": "Régions", "territoires": "Territoires engagés"}
MEASURE_LABELS = {"engaged": "Territoires engagés", "charter_rate": "Taux de signature de la charte"}

NO_DATA_COLOUR = "#e9ecef"
COUNT_COLOURS = ("#c6dbef", "#6baed6", "#2171b5", "#08306b")
RATE_COLOURS = ("#fee8c8", "#fdbb84", "#e34a33", "#7f0000")
STAGE_COLOURS: dict[Stage, str] = {
    Stage.ENGAGE: "#9e9ac8",
    Stage.CHARTE_SIGNEE: "#4292c6",
    Stage.CONCERTATION_TENUE: "#fd8d3c",
    Stage.GRILLE_DEPOSEE: "#41ab5d",
    Stage.GRILLE_VALIDEE: "#005a32",
}


@dataclass(frozen=True)
class Preset:
    """Logical size in CSS pixels (96 dpi) and the scale that gives the published size."""

    name: str
    label: str
    width: int
    height: int
    scale: float
    font: float  # base font size; titles and legends derive from it
    point: float  # area of a territory dot

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)

    @property
    def ppi(self) -> float:
        return 96 * self.scale


PRESETS: dict[str, Preset] = {
    # A4 landscape (297 × 210 mm) at 300 dpi = 3 508 × 2 480 px: laid out at 96 dpi, scaled 300/96.
    "print": Preset("print", "Impression A4 paysage (300 dpi)", 1123, 794, 300 / 96, 13, 28),
    "square": Preset("square", "Réseaux sociaux carré (1 080 × 1 080)", 1080, 1080, 1.0, 19, 60),
    "wide": Preset("wide", "Réseaux sociaux large (1 200 × 675)", 1200, 675, 1.0, 15, 36),
}


@dataclass(frozen=True)
class MapContent:
    """Everything a static map shows, as plain values (picklable, cacheable)."""

    layer: str
    measure: str
    areas: dict[str, AreaCount]
    points: tuple[EngagedPoint, ...]
    data_date: dt.date
    title: str | None = None
    subtitle: str | None = None
    logo_png: bytes | None = None


def source_line(data_date: dt.date) -> str:
    """Two lines: the source, then the base map's attribution (long lines get cut on a square)."""
    return f"{SOURCE_PREFIX} {formatting.date(data_date)}.\nFonds de carte : {reference.ATTRIBUTION}."


@lru_cache(maxsize=2)
def vega_contours(level: str) -> dict[str, Any]:
    """Contours with exterior rings clockwise, ready for any Vega/altair projection."""
    return geometry.rewind_collection(reference.contours(level))


@lru_cache(maxsize=1)
def _layout() -> geometry.FranceLayout:
    return geometry.build_layout(reference.contours("departements"), bottom_margin=70.0)


@lru_cache(maxsize=2)
def _planar_features(level: str) -> tuple[dict[str, Any], ...]:
    """Contours moved onto the layout (DROM in their insets), one feature per area."""
    layout = _layout()
    features = []
    for feature in vega_contours(level)["features"]:
        code = feature["properties"]["code"]
        dep = code if level == "departements" else geometry.REGION_DROM.get(code, "")
        transform = layout.transform_for(dep)
        features.append({
            "type": "Feature",
            "properties": {"code": code, "nom": feature["properties"]["nom"]},
            "geometry": geometry.map_geometry(feature["geometry"], transform),
        })
    return tuple(features)


def _nice(value: float) -> int:
    for step in (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000):
        if step >= value:
            return step
    return int(round(value, -3))


def count_classes(values: Sequence[int]) -> list[tuple[int, int | None, str]]:
    """Classes (low, high exclusive or None, French label) for counts; 0 is its own class."""
    top = max(values, default=0)
    lows = [1]
    for fraction in (0.25, 0.5, 0.75):
        low = _nice(top * fraction)
        if low > lows[-1] and low <= top:
            lows.append(low)
    classes: list[tuple[int, int | None, str]] = []
    for index, low in enumerate(lows):
        high = lows[index + 1] if index + 1 < len(lows) else None
        if high is None:
            label = f"{formatting.number(low)} et plus" if low < top else formatting.number(low)
        elif high - 1 == low:
            label = formatting.number(low)
        else:
            label = f"{formatting.number(low)} à {formatting.number(high - 1)}"
        classes.append((low, high, label))
    return classes


RATE_CLASSES: tuple[tuple[float, float | None], ...] = ((0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, None))


def _rate_label(low: float, high: float | None) -> str:
    if high is None:
        return f"{formatting.percent(low)} et plus"
    if low == 0:
        return f"moins de {formatting.percent(high)}"
    return f"de {formatting.percent(low)} à moins de {formatting.percent(high)}"


def _area_classes(content: MapContent) -> tuple[dict[str, str], list[str], list[str]]:
    """Class label per area code, and the legend's domain and colours in order."""
    if content.measure == "engaged":
        none_label = "Aucun territoire engagé"
        classes = count_classes([a.engaged for a in content.areas.values()])
        domain = [none_label] + [label for *_bounds, label in classes]
        colours = [NO_DATA_COLOUR, *COUNT_COLOURS[-len(classes):]] if len(classes) < 4 else [NO_DATA_COLOUR, *COUNT_COLOURS]
        labels: dict[str, str] = {}
        for code, area in content.areas.items():
            for low, high, label in classes:
                if area.engaged >= low and (high is None or area.engaged < high):
                    labels[code] = label
        return labels, domain, colours
    none_label = "Aucun territoire engagé"
    rate_labels = [_rate_label(low, high) for low, high in RATE_CLASSES]
    labels = {}
    for code, area in content.areas.items():
        rate = area.charter_rate
        if rate is None:
            continue
        for (rate_low, rate_high), label in zip(RATE_CLASSES, rate_labels, strict=True):
            if rate >= rate_low and (rate_high is None or rate < rate_high):
                labels[code] = label
    return labels, [none_label, *rate_labels], [NO_DATA_COLOUR, *RATE_COLOURS]


def _geo_data(features: Sequence[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=list(features))


def _decor_layers(preset: Preset) -> list[alt.Chart]:
    """Canvas (fixes the projection's fit, with room for the source line), inset frames and names."""
    layout = _layout()
    canvas = {"type": "Feature", "properties": {}, "geometry": geometry.rectangle(layout.canvas)}
    frames = [{"type": "Feature", "properties": {"nom": inset.name}, "geometry": geometry.rectangle(inset.frame)}
              for inset in layout.insets]
    labels = [{"x": (inset.frame.x0 + inset.frame.x1) / 2, "y": inset.frame.y1 - inset.frame.height * 0.04,
               "nom": inset.name} for inset in layout.insets]
    return [
        alt.Chart(_geo_data([canvas])).mark_geoshape(fill="white", fillOpacity=0, strokeOpacity=0),
        alt.Chart(_geo_data(frames)).mark_geoshape(fill="white", fillOpacity=0, stroke="#adb5bd", strokeWidth=0.8),
        alt.Chart(alt.Data(values=labels)).mark_text(
            baseline="top", fontSize=preset.font * 0.72, color="#495057",
        ).encode(longitude="x:Q", latitude="y:Q", text="nom:N"),
    ]


def _source_layer(content: MapContent, preset: Preset) -> alt.Chart:
    layer: alt.Chart = alt.Chart(alt.Data(values=[{"t": source_line(content.data_date)}])).mark_text(
        x=0, y="height", align="left", baseline="bottom", fontSize=preset.font * 0.7, color="#495057",
        limit=preset.width - 20 - (preset.font * 4 if content.logo_png else 0), lineBreak="\n",
    ).encode(text="t:N")
    return layer


def _logo_layer(content: MapContent, preset: Preset) -> alt.Chart | None:
    if not content.logo_png:
        return None
    uri = "data:image/png;base64," + base64.b64encode(content.logo_png).decode("ascii")
    size = preset.font * 4
    layer: alt.Chart = alt.Chart(alt.Data(values=[{"u": uri}])).mark_image(
        x="width", y="height", width=size, height=size, align="right", baseline="bottom",
    ).encode(url="u:N")
    return layer


def _default_title(content: MapContent) -> str:
    if content.layer == "territoires":
        return "Territoires engagés dans les concertations sur l'IA"
    where = "département" if content.layer == "departements" else "région"
    if content.measure == "engaged":
        return f"Territoires engagés par {where}"
    return f"Taux de signature de la charte par {where}"


def _default_subtitle(content: MapContent, off_map: int) -> str:
    # Only areas drawn on the map count (a COM such as 987 has a "département" code but no shape).
    drawn = {f["properties"]["code"] for f in _planar_features(content.layer)} if content.layer in LEVELS else set()
    mapped = sum(a.engaged for code, a in content.areas.items() if code in drawn)
    # The total matches the key figures; areas only count territories that belong to one.
    engaged = len(content.points) if content.points or content.layer == "territoires" else mapped
    text = formatting.plural(engaged, "territoire engagé", "territoires engagés")
    if content.layer != "territoires" and engaged > mapped:
        where = "un département" if content.layer == "departements" else "une région"
        text += f", dont {formatting.plural(engaged - mapped, 'non rattaché', 'non rattachés')} à {where}"
    if content.layer != "territoires" and content.measure == "charter_rate":
        charters = sum(a.charters for code, a in content.areas.items() if code in drawn)
        text += f", {formatting.plural(charters, 'charte signée', 'chartes signées')}"
    if content.layer == "territoires" and off_map:
        text += f", dont {formatting.number(off_map)} hors carte (autres outre-mer, international)"
    return text


def build_map_chart(content: MapContent, preset_name: str = "wide") -> alt.LayerChart:
    """The layered altair chart of a static map, sized for the preset (data included)."""
    chart, datasets = _build(content, preset_name)
    complete: alt.LayerChart = chart.properties(datasets=datasets)
    return complete


def map_spec(content: MapContent, preset_name: str = "wide") -> dict[str, Any]:
    """The Vega-Lite spec, geometry added after altair's to_dict.

    altair walks every nested value in to_dict (~1 s of CPU for 250 KB of coordinates);
    the layers reference named datasets, filled in here untouched.
    """
    chart, datasets = _build(content, preset_name)
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec.setdefault("datasets", {}).update(datasets)
    return spec


def _build(content: MapContent, preset_name: str) -> tuple[alt.LayerChart, dict[str, Any]]:
    if content.layer not in LAYERS:
        raise ValueError(content.layer)
    preset = PRESETS[preset_name]
    layout = _layout()
    layers: list[alt.Chart] = _decor_layers(preset)
    datasets: dict[str, Any] = {}
    legend = alt.Legend(
        orient="right", titleFontSize=preset.font * 0.85, labelFontSize=preset.font * 0.75,
        symbolSize=preset.font * 12, titleLimit=preset.width / 3, labelLimit=preset.width / 3,
        symbolStrokeColor="#868e96", symbolStrokeWidth=0.5,
    )
    off_map = 0
    if content.layer == "territoires":
        datasets["fond_departements"] = list(_planar_features("departements"))
        layers.append(alt.Chart(alt.NamedData(name="fond_departements")).mark_geoshape(
            fill="#f1f3f5", stroke="#ced4da", strokeWidth=0.5))
        rows = []
        for point in content.points:
            position = None
            if point.lat is not None and point.lon is not None:
                position = layout.project(point.lon, point.lat, point.dep_code)
            if position is None:
                off_map += 1
                continue
            rows.append({"x": position[0], "y": position[1], "etape": STAGE_LABELS[point.stage],
                         "rang": point.stage.rank})
        stage_domain = [STAGE_LABELS[s] for s in Stage]
        datasets["territoires"] = rows
        layers.append(alt.Chart(alt.NamedData(name="territoires")).mark_circle(
            size=preset.point, opacity=0.85, stroke="white", strokeWidth=0.4,
        ).encode(
            longitude="x:Q", latitude="y:Q",
            color=alt.Color("etape:N", title="Étape", legend=legend,
                            scale=alt.Scale(domain=stage_domain, range=[STAGE_COLOURS[s] for s in Stage])),
            order=alt.Order("rang:Q"),
        ))
    else:
        labels, domain, colours = _area_classes(content)
        features = []
        for feature in _planar_features(content.layer):
            code = feature["properties"]["code"]
            features.append({**feature, "properties": {**feature["properties"],
                                                       "classe": labels.get(code, domain[0])}})
        # Named so the SVG's mark group is recognisable ("zones_marks"): one path per area.
        datasets["zones"] = features
        layers.append(alt.Chart(alt.NamedData(name="zones"), name="zones").mark_geoshape(stroke="white", strokeWidth=0.6).encode(
            color=alt.Color("properties.classe:N", title=MEASURE_LABELS[content.measure], legend=legend,
                            scale=alt.Scale(domain=domain, range=colours)),
        ))
    layers.append(_source_layer(content, preset))
    logo = _logo_layer(content, preset)
    if logo is not None:
        layers.append(logo)
    title = alt.Title(
        content.title or _default_title(content),
        subtitle=content.subtitle or _default_subtitle(content, off_map),
        anchor="start", fontSize=preset.font * 1.5, subtitleFontSize=preset.font * 0.95,
        subtitleColor="#495057", offset=preset.font * 0.6,
    )
    chart: alt.LayerChart = alt.layer(*layers).project(type="identity", reflectY=True).properties(
        width=preset.width, height=preset.height, title=title,
        padding=max(12, round(preset.font * 1.2)),
    ).configure(
        autosize=alt.AutoSizeParams(type="fit", contains="padding"), font="Liberation Sans",
        background="white",
    ).configure_view(stroke=None)
    return chart, datasets


def render_map(content: MapContent, *, preset: str = "wide", fmt: str = "png") -> bytes:
    """PNG, SVG (UTF-8 bytes) or PDF of a static map."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    # Built without altair's validation: the layers are fixed by this module and validated
    # in the tests (build_map_chart(...).to_dict()).
    chart = map_spec(content, preset)
    chosen = PRESETS[preset]
    if fmt == "png":
        return images.chart_png(chart, scale=chosen.scale, ppi=chosen.ppi if chosen.scale != 1 else None)
    if fmt == "svg":
        return images.chart_svg(chart).encode("utf-8")
    return images.chart_pdf(chart)
