"""Static maps (PNG, SVG, PDF) rendered by altair + vl-convert: no browser, no network.

Paper presets are laid out in points (1/72 in): a PDF page is then exactly A4 (595 × 842 pt)
or A3, and the PNG is the same page at 300 dpi. Screen presets are laid out in pixels.
Geometry is laid out in Python (``static_layers`` and ``geometry``): metropolitan France in
Lambert conformal conic, the overseas départements and Paris with its petite couronne in
insets, then drawn by Vega with an ``identity`` projection.
"""

from __future__ import annotations

import base64
import datetime as dt
import textwrap
from dataclasses import dataclass
from typing import Any, Literal

import altair as alt

from dashboard.exports import static_layers
from dashboard.exports.static_layers import vega_contours  # noqa: F401 (re-exported for callers)
from dashboard.text import formatting
from dashboard.ui import chart_images, palette
from data_access.exports.export_maps import AreaCount, EngagedPoint
from data_access.models import STAGE_LABELS, Stage
from data_access.territories import reference

LAYERS = ("departements", "regions", "territoires")
LEVELS = static_layers.LEVELS
MEASURES = ("engaged", "charter_rate")
FORMATS = ("png", "svg", "pdf")
SOURCE_PREFIX = "Source : Observatoire des concertations territoriales de l'IA — données au"
PRINT_DPI = 300

REGION_RING = "Région engagée : contour de la couleur de son étape"
LAYER_LABELS = {"departements": "Départements", "regions": "Régions", "territoires": "Territoires engagés"}
MEASURE_LABELS = {"engaged": "Territoires engagés", "charter_rate": "Taux de signature de la charte"}


@dataclass(frozen=True)
class Preset:
    """Logical size (points for paper, CSS pixels for screens) and the PNG scale."""

    name: str
    label: str
    width: int
    height: int
    scale: float
    font: float  # base font size; titles and legends derive from it
    point: float  # area of a territory dot
    arrangement: str = "column"  # DROM insets left of the metropole, or in a row under it
    legend: Literal["right", "top"] = "right"
    paper: bool = False

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.scale), round(self.height * self.scale)

    @property
    def ppi(self) -> float | None:
        return PRINT_DPI if self.paper else None


def _paper(name: str, label: str, width: int, height: int, font: float, point: float) -> Preset:
    if height > width:  # portrait: DROM in a row under the metropole, legend under the title
        return Preset(name, label, width, height, PRINT_DPI / 72, font, point, arrangement="row", legend="top",
                      paper=True)
    return Preset(name, label, width, height, PRINT_DPI / 72, font, point, paper=True)


PRESETS: dict[str, Preset] = {
    # ISO 216 in points: A4 = 595 × 842, A3 = 842 × 1 191. PNG at 300 dpi (A4 = 2 480 × 3 508 px).
    # Point areas in pt²: 40 is a disc of ~7 pt (2.5 mm) on A4, 70 ~9.4 pt (3.3 mm) on A3; 12 pt²
    # made 1.4 mm dots that vanished on paper.
    "print": _paper("print", "A4 paysage", 842, 595, 9.5, 40),
    "a4_portrait": _paper("a4_portrait", "A4 portrait", 595, 842, 9.5, 40),
    "a3": _paper("a3", "A3 paysage", 1191, 842, 13, 70),
    "a3_portrait": _paper("a3_portrait", "A3 portrait", 842, 1191, 13, 70),
    "square": Preset("square", "Carré 1 080 × 1 080", 1080, 1080, 1.0, 19, 60, arrangement="row"),
    "wide": Preset("wide", "Large 1 200 × 675", 1200, 675, 1.0, 15, 36),
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
    charters_total: int | None = None  # the campaign's « chartes signées » (figures.charters_signed)


def source_line(data_date: dt.date) -> str:
    """Two lines: the source, then the base map's attribution (long lines get cut on a square)."""
    return f"{SOURCE_PREFIX} {formatting.date(data_date)}.\nFonds de carte : {reference.ATTRIBUTION}."


def _source_layer(content: MapContent, preset: Preset) -> alt.Chart:
    layer: alt.Chart = alt.Chart(alt.Data(values=[{"t": source_line(content.data_date)}])).mark_text(
        x=0, y="height", align="left", baseline="bottom", fontSize=preset.font * 0.7, color=palette.MUTED_INK,
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


def _legend(preset: Preset, *, symbol: str) -> alt.Legend:
    bottom = preset.legend == "top"
    return alt.Legend(
        orient=preset.legend, direction="horizontal" if bottom else "vertical", columns=3 if bottom else 1,
        titleFontSize=preset.font * 0.85, labelFontSize=preset.font * 0.75, symbolType=symbol,
        symbolSize=preset.font * 12, titleLimit=0, labelLimit=0, columnPadding=preset.font,
        symbolStrokeColor=palette.FRAME, symbolStrokeWidth=0.5,
    )


def _point_layers(content: MapContent, preset: Preset, datasets: dict[str, Any]) -> tuple[list[alt.Chart], str]:
    """Background, engaged régions outlined in their stage's colour, one dot per other territory."""
    layout = static_layers.layout(preset.arrangement)
    stage_scale = alt.Scale(domain=[STAGE_LABELS[s] for s in Stage], range=list(palette.STAGE_LIST))
    datasets["fond_departements"] = list(static_layers.planar_features("departements", preset.arrangement))
    layers: list[alt.Chart] = [alt.Chart(alt.NamedData(name="fond_departements")).mark_geoshape(
        fill=palette.LAND, stroke=palette.LAND_OUTLINE, strokeWidth=0.5)]
    region_codes = static_layers.drawn_codes("regions")
    stage_of_region = {p.code: p.stage for p in content.points if p.kind == "region" and p.code in region_codes}
    rows, not_drawn = [], []
    for point in content.points:
        if (point.kind == "region" and point.code in stage_of_region) or point.kind == reference.INTERNATIONAL:
            continue
        position = None
        if point.lat is not None and point.lon is not None:
            position = layout.project(point.lon, point.lat, point.dep_code)
        if position is None:
            not_drawn.append(point)
            continue
        rows.append({"x": position[0], "y": position[1], "etape": STAGE_LABELS[point.stage], "rang": point.stage.rank})
    if stage_of_region:
        datasets["regions_engagees"] = [
            {**feature, "properties": {**feature["properties"], "etape": STAGE_LABELS[stage_of_region[code]],
                                       "forme": REGION_RING}}
            for feature in static_layers.planar_features("regions", preset.arrangement)
            if (code := feature["properties"]["code"]) in stage_of_region
        ]
        layers.append(alt.Chart(alt.NamedData(name="regions_engagees")).mark_geoshape(
            filled=False, strokeWidth=max(1.5, preset.font * 0.22), strokeJoin="round",
        ).encode(color=alt.Color("properties.etape:N", scale=stage_scale, title="Étape du territoire",
                                 legend=_legend(preset, symbol="circle")),
                 # Its own legend entry: a coloured outline is a région, not an area class.
                 strokeDash=alt.StrokeDash("properties.forme:N", title=None,
                                           scale=alt.Scale(domain=[REGION_RING], range=[[1, 0]]),
                                           legend=_legend(preset, symbol="stroke"))))
    datasets["territoires"] = rows
    layers.append(alt.Chart(alt.NamedData(name="territoires")).mark_circle(
        size=preset.point, opacity=0.9, stroke=palette.BORDER, strokeWidth=0.4,
    ).encode(
        longitude="x:Q", latitude="y:Q",
        color=alt.Color("etape:N", title="Étape du territoire", legend=_legend(preset, symbol="circle"),
                        scale=stage_scale),
        order=alt.Order("rang:Q"),
    ))
    subtitle = static_layers.point_subtitle(content.points, len(rows), len(stage_of_region), not_drawn)
    return layers, subtitle


def _area_layers(content: MapContent, preset: Preset, datasets: dict[str, Any]) -> list[alt.Chart]:
    labels, domain, colours = static_layers.area_classes(content.areas, content.measure)
    features = []
    for feature in static_layers.planar_features(content.layer, preset.arrangement):
        code = feature["properties"]["code"]
        features.append({**feature, "properties": {**feature["properties"], "classe": labels.get(code, domain[0])}})
    # Named so the SVG's mark group is recognisable ("zones_marks"): one path per area.
    datasets["zones"] = features
    return [alt.Chart(alt.NamedData(name="zones"), name="zones").mark_geoshape(
        stroke=palette.BORDER, strokeWidth=0.6).encode(
        color=alt.Color("properties.classe:N", title=MEASURE_LABELS[content.measure],
                        legend=_legend(preset, symbol="square"), scale=alt.Scale(domain=domain, range=colours)),
    )]


def _build(content: MapContent, preset_name: str) -> tuple[alt.LayerChart, dict[str, Any]]:
    if content.layer not in LAYERS:
        raise ValueError(content.layer)
    preset = PRESETS[preset_name]
    datasets: dict[str, Any] = {}
    paris = content.layer != "regions"
    layers: list[alt.Chart] = static_layers.decor_layers(preset.font, preset.arrangement, paris=paris)
    if content.layer == "territoires":
        drawn, subtitle = _point_layers(content, preset, datasets)
    else:
        drawn = _area_layers(content, preset, datasets)
        subtitle = static_layers.area_subtitle(content.areas, content.points, content.layer, content.measure,
                                               content.charters_total)
    layers += drawn
    if paris:  # over the land, or the filled areas hid the frame of the area the Paris inset enlarges
        layers += static_layers.paris_zone_layers(preset.arrangement)
    layers += static_layers.international_layers(content.points, preset.font, preset.arrangement,
                                                 px_per_unit=preset.height * 0.8 / static_layers.layout(preset.arrangement).canvas.height,
                                                 stage_dots=content.layer == "territoires")
    layers.append(_source_layer(content, preset))
    logo = _logo_layer(content, preset)
    if logo is not None:
        layers.append(logo)
    # Wrapped, never cut: Liberation Sans averages about half its size per character.
    per_line = max(30, int((preset.width - 3 * preset.font) / (preset.font * 0.95 * 0.5)))
    title = alt.Title(
        content.title or _default_title(content), subtitle=textwrap.wrap(content.subtitle or subtitle, per_line),
        anchor="start", fontSize=preset.font * 1.5, subtitleFontSize=preset.font * 0.95,
        subtitleColor=palette.MUTED_INK, offset=preset.font * 0.6, limit=preset.width - 2 * preset.font,
        subtitleLineHeight=preset.font * 1.25,
    )
    chart: alt.LayerChart = alt.layer(*layers).project(type="identity", reflectY=True).properties(
        width=preset.width, height=preset.height, title=title,
        padding=max(12, round(preset.font * 1.2)),
    ).configure(
        autosize=alt.AutoSizeParams(type="fit", contains="padding"), font=chart_images.FONT,
        background=palette.BACKGROUND,
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
        return chart_images.chart_png(chart, scale=chosen.scale, ppi=chosen.ppi)
    if fmt == "svg":
        return chart_images.chart_svg(chart).encode("utf-8")
    return chart_images.chart_pdf(chart)
