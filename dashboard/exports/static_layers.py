"""The layers of a static map and the sentence under its title (see ``static_maps``).

Layout: ``geometry.build_layout`` (metropole in Lambert, DROM insets, Paris and the petite
couronne enlarged, a box for the partners abroad). Every colour comes from ``dashboard.ui.palette``
and every class from its ``count_classes`` / ``rate_classes``, as on the Carte page.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

import altair as alt

from dashboard.exports import geometry
from dashboard.text import formatting
from dashboard.ui import palette
from data_access.exports.export_maps import AreaCount, EngagedPoint
from data_access.models import Stage
from data_access.territories import reference

LEVELS = ("departements", "regions")
ARRANGEMENTS = ("column", "row")


@lru_cache(maxsize=2)
def vega_contours(level: str) -> dict[str, Any]:
    """Contours with exterior rings clockwise, ready for any Vega/altair projection."""
    return geometry.rewind_collection(reference.contours(level))


@lru_cache(maxsize=2)
def layout(arrangement: str = "column") -> geometry.FranceLayout:
    return geometry.build_layout(reference.contours("departements"), bottom_margin=70.0, arrangement=arrangement)


@lru_cache(maxsize=8)
def planar_features(level: str, arrangement: str = "column") -> tuple[dict[str, Any], ...]:
    """Contours moved onto the layout (DROM in their insets), one feature per area; for
    départements, Paris and the petite couronne a second time, enlarged in their inset."""
    chosen = layout(arrangement)
    features = []
    for feature in vega_contours(level)["features"]:
        code = feature["properties"]["code"]
        dep = code if level == "departements" else geometry.REGION_DROM.get(code, "")
        features.append({
            "type": "Feature",
            "properties": {"code": code, "nom": feature["properties"]["nom"]},
            "geometry": geometry.map_geometry(feature["geometry"], chosen.transform_for(dep)),
        })
        if level == "departements" and code in geometry.PARIS_CODES:
            features.append({
                "type": "Feature",
                "properties": {"code": code, "nom": feature["properties"]["nom"]},
                "geometry": geometry.map_geometry(feature["geometry"], chosen.paris.transform),
            })
    return tuple(features)


def drawn_codes(level: str) -> set[str]:
    return {feature["properties"]["code"] for feature in planar_features(level)}


def area_classes(areas: dict[str, AreaCount], measure: str) -> tuple[dict[str, str], list[str], list[str]]:
    """Class label per area code, and the legend's domain and colours in order."""
    if measure == "engaged":
        classes = palette.count_classes([a.engaged for a in areas.values()])
    else:
        classes = palette.rate_classes()
    labels: dict[str, str] = {}
    for code, area in areas.items():
        value = area.engaged if measure == "engaged" else area.charter_rate
        if not area.engaged or value is None:
            continue
        found = palette.class_of(value, classes)
        if found is not None:
            labels[code] = found.label
    domain = [palette.NO_DATA_LABEL, *[entry.label for entry in classes]]
    colours = [palette.NO_DATA, *[entry.colour for entry in classes]]
    return labels, domain, colours


def _data(values: Iterable[dict[str, Any]]) -> alt.Data:
    return alt.Data(values=list(values))


def _frame_layers(boxes: Sequence[tuple[geometry.Box, str]], font: float) -> list[alt.Chart]:
    frames = [{"type": "Feature", "properties": {"nom": name}, "geometry": geometry.rectangle(box)}
              for box, name in boxes]
    labels = [{"x": (box.x0 + box.x1) / 2, "y": box.y1 - min(box.height * 0.03, 6), "nom": name} for box, name in boxes]
    return [
        alt.Chart(_data(frames)).mark_geoshape(fill=palette.BACKGROUND, fillOpacity=0, stroke=palette.FRAME,
                                               strokeWidth=0.8),
        alt.Chart(_data(labels)).mark_text(baseline="top", fontSize=font * 0.72, color=palette.MUTED_INK).encode(
            longitude="x:Q", latitude="y:Q", text="nom:N"),
    ]


def decor_layers(font: float, arrangement: str, *, paris: bool) -> list[alt.Chart]:
    """Canvas (fixes the projection's fit, with room for the source line), inset frames and names;
    the Paris inset's frame, and a small frame on the metropole showing the area it enlarges."""
    chosen = layout(arrangement)
    canvas = {"type": "Feature", "properties": {}, "geometry": geometry.rectangle(chosen.canvas)}
    boxes = [(inset.frame, inset.name) for inset in chosen.insets]
    layers = [alt.Chart(_data([canvas])).mark_geoshape(fill=palette.BACKGROUND, fillOpacity=0,
                                                           stroke=palette.BACKGROUND, strokeOpacity=0)]
    if paris:
        boxes.append((chosen.paris.frame, chosen.paris.name))
    return layers + _frame_layers(boxes, font)


def paris_zone_layers(arrangement: str) -> list[alt.Chart]:
    """The small frame on the metropole around Paris and its petite couronne, the area the Paris
    inset enlarges. Drawn over the map's land and areas (under them, it was hidden)."""
    del arrangement  # the metropole is drawn in the same place whatever the insets' arrangement
    zone = geometry.bounds(geometry.lambert_france(lon, lat) for feature in reference.contours("departements")["features"]
                           if feature["properties"]["code"] in geometry.PARIS_CODES
                           for lon, lat, *_ in geometry.geometry_points(feature["geometry"]))
    return [alt.Chart(_data([{"type": "Feature", "properties": {"nom": "cadre_paris"},
                              "geometry": geometry.rectangle(zone)}]), name="cadre_paris")
            .mark_geoshape(filled=False, stroke=palette.INK, strokeWidth=1.0)]


def abroad(points: Sequence[EngagedPoint]) -> list[str]:
    return sorted({point.name for point in points if point.kind == reference.INTERNATIONAL})


def international_layers(points: Sequence[EngagedPoint], font: float, arrangement: str, *, px_per_unit: float,
                         max_names: int = 10, stage_dots: bool = False) -> list[alt.Chart]:
    """A box in the Bay of Biscay naming the partners abroad (they have no place on a map of France),
    as tall as its names. On the territories map (``stage_dots``) each name has a dot in its
    stage's colour, as the points of the map have."""
    names = abroad(points)
    if not names:
        return []
    free = layout(arrangement).international
    shown = names[:max_names]
    more = len(names) - len(shown)
    rows = [*shown, f"et {formatting.plural(more, 'autre')}"] if more else list(shown)
    line = font * 0.72 * 1.35 / px_per_unit
    height = min(free.height, line * (len(rows) + 2.2))
    box = geometry.Box(free.x0, free.y0, free.x1, free.y0 + height)
    indent = box.width * (0.16 if stage_dots else 0.08)
    text = [{"x": box.x0 + indent, "y": box.y1 - line * (1.5 + index), "t": row} for index, row in enumerate(rows)]
    layers = [
        *_frame_layers([(box, "International")], font),
        alt.Chart(_data(text)).mark_text(align="left", baseline="top", fontSize=font * 0.72,
                                         color=palette.INK).encode(longitude="x:Q", latitude="y:Q", text="t:N"),
    ]
    if stage_dots:
        stage_of: dict[str, Stage] = {}
        for point in points:
            if point.kind == reference.INTERNATIONAL:  # a name twice: its furthest stage
                stage_of[point.name] = max(stage_of.get(point.name, point.stage), point.stage, key=lambda s: s.rank)
        dots = [{"x": box.x0 + box.width * 0.08, "y": box.y1 - line * (1.5 + index) - line * 0.3,
                 "c": palette.STAGES[stage_of[name]]} for index, name in enumerate(shown)]
        layers.append(alt.Chart(_data(dots)).mark_circle(size=(font * 0.55) ** 2, opacity=1, stroke=palette.BORDER,
                                                         strokeWidth=0.4).encode(
            longitude="x:Q", latitude="y:Q", color=alt.Color("c:N", scale=None)))
    return layers


def _names(values: Sequence[str], limit: int = 3) -> str:
    shown = ", ".join(values[:limit])
    return shown + (f" et {formatting.plural(len(values) - limit, 'autre')}" if len(values) > limit else "")


def _kind_counts(points: Sequence[EngagedPoint]) -> str:
    """« 6 régions, 3 territoires à l'international, 1 collectivité d'outre-mer (Polynésie française) »."""
    regions = [p for p in points if p.kind == "region"]
    foreign = [p for p in points if p.kind == reference.INTERNATIONAL]
    overseas = [p for p in points if p.kind == "collectivite_outre_mer"]
    others = [p for p in points if p not in regions and p not in foreign and p not in overseas]
    parts = []
    if regions:
        parts.append(formatting.plural(len(regions), "région"))
    if foreign:
        parts.append(formatting.plural(len(foreign), "territoire à l'international", "territoires à l'international"))
    if overseas:
        parts.append(formatting.plural(len(overseas), "collectivité d'outre-mer", "collectivités d'outre-mer")
                     + f" ({_names(sorted({p.name for p in overseas}))})")
    if others:
        parts.append(formatting.plural(len(others), "autre territoire", "autres territoires"))
    return ", ".join(parts)


def point_subtitle(points: Sequence[EngagedPoint], placed: int, regions: int, not_drawn: Sequence[EngagedPoint]) -> str:
    """What the points map shows, and what it does not, in plain French."""
    foreign = len(abroad(points))
    text = formatting.plural(len(points), "territoire engagé", "territoires engagés") + " : "
    parts = [formatting.plural(placed, "point sur la carte", "points sur la carte")]
    if regions:
        parts.append(formatting.plural(regions, "région entourée", "régions entourées")
                     + (" de la couleur de son étape" if regions == 1 else " de la couleur de leur étape"))
    if foreign:
        parts.append(formatting.plural(foreign, "partenaire", "partenaires") + " à l'international (encadré)")
    text += ", ".join(parts)
    if not_drawn:
        text += f" ; absents de la carte : {_names(sorted({p.name for p in not_drawn}))}"
    return text + "."


def area_subtitle(areas: dict[str, AreaCount], points: Sequence[EngagedPoint], level: str, measure: str,
                  charters_total: int | None = None) -> str:
    """Territories counted on the map, those not counted and why, in plain French.

    ``charters_total`` is the campaign's figure (``figures.charters_signed``): a press map's sentence
    reads as the total, so it says the total and how many of them the map counts.
    """
    drawn = drawn_codes(level)
    mapped = sum(a.engaged for code, a in areas.items() if code in drawn)
    where = "leur département" if level == "departements" else "leur région"
    if not points:
        text = formatting.plural(mapped, "territoire engagé", "territoires engagés") + f" comptés dans {where}"
    else:
        text = (formatting.plural(len(points), "territoire engagé", "territoires engagés")
                + f", dont {formatting.number(mapped)} comptés dans {where}")
        code_of = (lambda p: p.dep_code) if level == "departements" else (lambda p: p.reg_code)
        uncounted = [p for p in points if code_of(p) not in drawn]
        if uncounted:
            text += f" ; non comptés : {_kind_counts(uncounted)}"
    if measure == "charter_rate":
        counted = sum(a.charters for code, a in areas.items() if code in drawn)
        total = counted if charters_total is None else charters_total
        text += f" ; {formatting.plural(total, 'charte signée', 'chartes signées')}"
        if counted != total:
            text += f", dont {formatting.number(counted)} comptées dans {where}"
    return text + "."
