"""Static maps: real renders through vl-convert, checked on their pixels and SVG paths."""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zlib

import altair as alt
import pytest

from dashboard.exports import static_maps
from dashboard.ui import chart_images, palette
from data_access.exports.export_maps import AreaCount, EngagedPoint
from data_access.models import Stage
from data_access.territories import reference

DATE = dt.date(2025, 3, 5)


def _areas() -> dict[str, AreaCount]:
    return {"35": AreaCount("35", 12, 9), "29": AreaCount("29", 3, 1), "974": AreaCount("974", 1, 0),
            "75": AreaCount("75", 1234, 600)}


def _content(layer: str = "departements", measure: str = "engaged") -> static_maps.MapContent:
    points = (
        EngagedPoint("Rennes", "commune", "35238", "35", "53", 48.11, -1.68, Stage.GRILLE_DEPOSEE),
        EngagedPoint("Saint-Denis", "commune", "97411", "974", "04", -20.88, 55.45, Stage.ENGAGE),
        EngagedPoint("Montréal", "international", "ca-montreal", None, None, 45.5, -73.57, Stage.ENGAGE),
    )
    return static_maps.MapContent(layer=layer, measure=measure, areas=_areas(), points=points, data_date=DATE)


def _pixels(png: bytes) -> tuple[int, int, list[tuple[int, int, int]]]:
    """Decode an 8-bit RGBA/RGB PNG with the standard library (no Pillow dependency in tests)."""
    stream = io.BytesIO(png)
    assert stream.read(8) == b"\x89PNG\r\n\x1a\n"
    width = height = 0
    channels = 4
    data = b""
    while True:
        length = struct.unpack(">I", stream.read(4))[0]
        kind = stream.read(4)
        chunk = stream.read(length)
        stream.read(4)
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8
            channels = {6: 4, 2: 3}[colour]
        elif kind == b"IDAT":
            data += chunk
        elif kind == b"IEND":
            break
    raw = zlib.decompress(data)
    stride = width * channels
    previous = bytearray(stride)
    rows: list[tuple[int, int, int]] = []
    position = 0
    for _ in range(height):
        kind = raw[position]
        line = bytearray(raw[position + 1: position + 1 + stride])
        position += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                predictor = left if pa <= pb and pa <= pc else (up if pb <= pc else corner)
                line[i] = (line[i] + predictor) & 0xFF
        rows.extend(tuple(line[i: i + 3]) for i in range(0, stride, channels))  # type: ignore[misc]
        previous = line
    return width, height, rows


def _coloured_share(png: bytes) -> tuple[int, int, float]:
    width, height, pixels = _pixels(png)
    coloured = sum(1 for r, g, b in pixels if not (r > 235 and g > 235 and b > 235))
    return width, height, coloured / len(pixels)


def test_departement_map_png_is_not_blank_and_is_france_not_the_globe() -> None:
    png = static_maps.render_map(_content(), preset="wide", fmt="png")
    width, height, share = _coloured_share(png)
    assert (width, height) == (1200, 675)
    # France with its insets covers a good part of the frame, but far from all of it:
    # a wrongly wound map fills the whole frame with one colour.
    assert 0.12 < share < 0.6, share


def test_square_preset_is_1080_square() -> None:
    png = static_maps.render_map(_content("regions", "charter_rate"), preset="square", fmt="png")
    width, height, share = _coloured_share(png)
    assert (width, height) == (1080, 1080)
    assert 0.1 < share < 0.6


def test_svg_has_one_path_per_departement_and_french_labels() -> None:
    svg = static_maps.render_map(_content(), preset="wide", fmt="svg").decode("utf-8")
    codes = {f["properties"]["code"] for f in static_maps.vega_contours("departements")["features"]}
    assert len(codes) == 101
    area_mark = re.search(r'<g class="mark-shape role-mark zones_marks"[^>]*>(.*?)</g>', svg, re.S)
    assert area_mark is not None
    assert area_mark.group(1).count("<path") == 101 + 4  # Paris and the petite couronne again, in their inset
    assert "Territoires engagés par département" in svg
    assert "Source : Observatoire des concertations territoriales de l'IA — données au 5 mars 2025" in svg
    assert "Licence Ouverte 2.0" in svg
    assert "1\u202f000 et plus" in svg  # French thousands separator in the legend
    for name in ("Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"):
        assert name in svg


def _subtitle(content: static_maps.MapContent, preset: str = "wide") -> str:
    return " ".join(static_maps.build_map_chart(content, preset).to_dict()["title"]["subtitle"])


def test_points_map_says_what_is_drawn_and_what_is_not() -> None:
    subtitle = _subtitle(_content("territoires"))
    assert subtitle == ("3 territoires engagés : 2 points sur la carte, 1 partenaire à l'international (encadré).")


def test_pdf_is_a_pdf() -> None:
    pdf = static_maps.render_map(_content(), preset="print", fmt="pdf")
    assert pdf.startswith(b"%PDF")


@pytest.mark.slow
def test_print_preset_is_a4_landscape_at_300_dpi() -> None:
    png = static_maps.render_map(_content(), preset="print", fmt="png")
    width, height = struct.unpack(">II", png[16:24])
    assert abs(width - 3508) <= 2 and abs(height - 2480) <= 2


def test_rewound_contours_through_a_spherical_projection_do_not_fill_the_globe() -> None:
    """Vega fills the globe with RFC 7946 (counter-clockwise) rings: checked on Vega itself."""
    def render(collection: dict) -> bytes:  # type: ignore[type-arg]
        chart = alt.Chart(alt.Data(values=collection["features"])).mark_geoshape(
            fill="#08306b", stroke=None).project(type="mercator").properties(width=300, height=300)
        return chart_images.chart_png(chart.configure_view(stroke=None), scale=1)

    _w, _h, good = _coloured_share(render(static_maps.vega_contours("regions")))
    _w, _h, bad = _coloured_share(render(reference.contours("regions")))
    assert good < 0.7 < bad


def test_area_subtitle_total_matches_the_key_figure() -> None:
    content = _content()  # 3 engaged territories, one of them abroad
    subtitle = _subtitle(
        static_maps.MapContent("departements", "engaged", {"35": AreaCount("35", 1, 1), "974": AreaCount("974", 1, 0)},
                               content.points, DATE))
    assert subtitle == ("3 territoires engagés, dont 2 comptés dans leur département ; "
                        "non comptés : 1 territoire à l'international.")
    assert "rattach" not in subtitle


def test_areas_without_a_shape_are_not_counted_as_mapped() -> None:
    content = static_maps.MapContent(
        "departements", "engaged", {"35": AreaCount("35", 2, 1), "987": AreaCount("987", 1, 1)},
        _content().points, DATE)
    assert _subtitle(content).startswith("3 territoires engagés, dont 2 comptés dans leur département")


def test_partners_abroad_have_a_dot_of_their_stage_on_the_points_map_only() -> None:
    """Montréal (Engagé) gets the Engagé colour beside its name, as the dots of the map do."""
    engaged = palette.STAGES[Stage.ENGAGE].lower()

    def box_fills(layer: str) -> list[str]:
        svg = static_maps.render_map(_content(layer), preset="wide", fmt="svg").decode()
        montreal = svg.index(">Montréal<")
        # The dots are drawn after the names: look for the symbol group that follows the box's text.
        return [fill.lower() for fill in re.findall(r'<path[^>]*fill="(#[0-9A-Fa-f]{6})"', svg[montreal:])]

    assert engaged in box_fills("territoires")
    assert engaged not in box_fills("departements")


def _with_region() -> static_maps.MapContent:
    bretagne = EngagedPoint("Bretagne", "region", "53", None, "53", 48.11, -1.68, Stage.CHARTE_SIGNEE)
    content = _content("territoires")
    return static_maps.MapContent(layer="territoires", measure="engaged", areas={},
                                  points=(*content.points, bretagne), data_date=DATE)


def test_print_maps_are_legible_on_paper_and_name_what_they_draw() -> None:
    """A4: dots of ~2.5 mm (not 1.4); a région's coloured outline has its own legend entry; the
    frame of the area the Paris inset enlarges is drawn over the land, not hidden under it; the
    SVG names its font with a generic fallback (it does not embed it)."""
    assert static_maps.PRESETS["print"].point >= 40 and static_maps.PRESETS["a3"].point >= 60
    spec = static_maps.map_spec(_with_region(), "print")
    names = [layer.get("name") for layer in spec["layer"]]
    assert "cadre_paris" in names
    filled = [i for i, layer in enumerate(spec["layer"]) if layer.get("data", {}).get("name") == "fond_departements"]
    assert filled and names.index("cadre_paris") > filled[0]
    rings = next(layer for layer in spec["layer"] if layer.get("data", {}).get("name") == "regions_engagees")
    assert rings["encoding"]["strokeDash"]["scale"]["domain"] == [static_maps.REGION_RING]
    svg = static_maps.render_map(_with_region(), preset="print", fmt="svg").decode("utf-8")
    assert static_maps.REGION_RING in svg
    fonts = set(re.findall(r'font-family="([^"]*)"', svg))
    assert fonts and all(font.endswith("sans-serif") for font in fonts), fonts
