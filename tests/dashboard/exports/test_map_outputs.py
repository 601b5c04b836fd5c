"""Static maps as a printer and a press officer receive them: paper sizes, insets, counts, and
the one palette in every output. PNGs of each preset are kept in test-artifacts/ to be looked at."""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib

import pytest

from dashboard.exports import geometry, html_map, images, offline_html, static_layers, static_maps
from dashboard.monitoring import charts
from dashboard.ui import palette
from data_access.exports.export_maps import AreaCount, EngagedPoint
from data_access.models import Stage
from data_access.monitoring import MapPoint
from data_access.monitoring.figures import KeyFigures
from data_access.territories import reference
from tests.support.env import PROJECT_ROOT

DATE = dt.date(2025, 3, 5)
POINTS = (
    EngagedPoint("Rennes", "commune", "35238", "35", "53", 48.11, -1.68, Stage.GRILLE_DEPOSEE),
    EngagedPoint("Paris", "commune", "75056", "75", "11", 48.856, 2.352, Stage.GRILLE_VALIDEE),
    EngagedPoint("Montreuil", "commune", "93048", "93", "11", 48.86, 2.44, Stage.CHARTE_SIGNEE),
    EngagedPoint("Saint-Denis", "commune", "97411", "974", "04", -20.88, 55.45, Stage.ENGAGE),
    EngagedPoint("Bretagne", "region", "53", None, "53", 48.17, -2.84, Stage.CONCERTATION_TENUE),
    EngagedPoint("La Réunion", "region", "04", None, "04", -21.13, 55.53, Stage.GRILLE_DEPOSEE),
    EngagedPoint("Montréal", "international", "ca-montreal", None, None, 45.5, -73.57, Stage.ENGAGE),
    EngagedPoint("Abidjan", "international", "ci-abidjan", None, None, 5.3, -4.0, Stage.ENGAGE),
    EngagedPoint("Polynésie française", "collectivite_outre_mer", "987", None, "987", -17.68, -149.4, Stage.ENGAGE),
)
AREAS = {"35": AreaCount("35", 1, 1), "75": AreaCount("75", 1, 1), "93": AreaCount("93", 1, 1),
         "974": AreaCount("974", 1, 0)}
REGION_AREAS = {"53": AreaCount("53", 2, 2), "11": AreaCount("11", 2, 2), "04": AreaCount("04", 2, 1),
                "987": AreaCount("987", 1, 0)}
HEX = re.compile(r"#[0-9A-Fa-f]{6}\b")


def _content(layer: str, measure: str = "engaged") -> static_maps.MapContent:
    areas = {} if layer == "territoires" else REGION_AREAS if layer == "regions" else AREAS
    return static_maps.MapContent(layer, measure, areas, POINTS, DATE)


def _subtitle(content: static_maps.MapContent) -> str:
    return " ".join(static_maps.build_map_chart(content, "wide").to_dict()["title"]["subtitle"])


def _png_size_and_dpi(png: bytes) -> tuple[int, int, float | None]:
    width, height = struct.unpack(">II", png[16:24])
    match = png.find(b"pHYs")
    dpi = None
    if match != -1:
        x_per_metre, _y, unit = struct.unpack(">IIB", png[match + 4:match + 13])
        dpi = x_per_metre * 0.0254 if unit == 1 else None
    return width, height, dpi


def _pdf_page(pdf: bytes) -> tuple[float, float]:
    stream = pdf
    match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", stream)
    if match is None:  # compressed object streams: look inside the FlateDecode streams
        for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
            try:
                stream = zlib.decompress(raw)
            except zlib.error:
                continue
            match = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", stream)
            if match:
                break
    assert match is not None
    return float(match.group(1)), float(match.group(2))


PAPER = {"print": (842, 595), "a4_portrait": (595, 842), "a3": (1191, 842), "a3_portrait": (842, 1191)}


def test_paper_presets_are_iso_sizes_in_points() -> None:
    assert {name: (p.width, p.height) for name, p in static_maps.PRESETS.items() if p.paper} == PAPER
    for name in PAPER:
        assert static_maps.PRESETS[name].ppi == 300
        assert len(static_maps.PRESETS[name].label) <= 20  # fits a select box without being cut
    width, height = static_maps.PRESETS["print"].pixels  # A4 at 300 dpi: 3 508 × 2 480 px
    assert abs(width - 3508) <= 1 and abs(height - 2480) <= 1


@pytest.mark.slow
@pytest.mark.parametrize("preset", list(static_maps.PRESETS))
def test_every_preset_renders_at_its_size_and_is_kept_for_review(preset: str) -> None:
    chosen = static_maps.PRESETS[preset]
    layer = {"print": "territoires", "a4_portrait": "departements", "a3": "regions", "a3_portrait": "territoires",
             "square": "departements", "wide": "territoires"}[preset]
    content = _content(layer, "charter_rate" if layer == "regions" else "engaged")
    png = static_maps.render_map(content, preset=preset, fmt="png")
    width, height, dpi = _png_size_and_dpi(png)
    assert (abs(width - chosen.pixels[0]), abs(height - chosen.pixels[1])) <= (2, 2)
    if chosen.paper:
        assert dpi is not None and abs(dpi - 300) < 1
        page = _pdf_page(static_maps.render_map(content, preset=preset, fmt="pdf"))
        assert page == (float(chosen.width), float(chosen.height))
    artifacts = PROJECT_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    (artifacts / f"carte-{preset}-{layer}.png").write_bytes(png)


def test_a4_pdf_is_595_by_842_points() -> None:
    pdf = static_maps.render_map(_content("departements"), preset="a4_portrait", fmt="pdf")
    assert _pdf_page(pdf) == (595.0, 842.0)


def test_free_corners_hold_no_land() -> None:
    """The Paris inset (north-east) and the international box (Bay of Biscay) cover no département."""
    for arrangement in static_layers.ARRANGEMENTS:
        layout = static_layers.layout(arrangement)
        boxes = (layout.paris.frame, layout.international)
        for feature in reference.contours("departements")["features"]:
            if feature["properties"]["code"] in geometry.DROM_CODES:
                continue
            for lon, lat, *_ in geometry.geometry_points(feature["geometry"]):
                x, y = geometry.lambert_france(lon, lat)
                assert not any(b.x0 <= x <= b.x1 and b.y0 <= y <= b.y1 for b in boxes), feature["properties"]


def test_paris_and_petite_couronne_are_enlarged_in_their_inset() -> None:
    layout = static_layers.layout("column")
    frame = layout.paris.frame
    for lon, lat, dep in ((2.352, 48.856, "75"), (2.24, 48.89, "92"), (2.44, 48.86, "93"), (2.47, 48.79, "94")):
        x, y = layout.project(lon, lat, dep) or (0.0, 0.0)
        assert frame.x0 < x < frame.x1 and frame.y0 < y < frame.y1
    inset = [f for f in static_layers.planar_features("departements") if f["properties"]["code"] in geometry.PARIS_CODES]
    assert len(inset) == 8  # each drawn twice: on the metropole and enlarged


def test_points_map_draws_every_engaged_territory_or_says_why_not() -> None:
    spec = static_maps.map_spec(_content("territoires"), "wide")
    assert len(spec["datasets"]["territoires"]) == 4  # Rennes, Paris, Montreuil, Saint-Denis
    assert sorted(f["properties"]["code"] for f in spec["datasets"]["regions_engagees"]) == ["04", "53"]
    assert _subtitle(_content("territoires")) == (
        "9 territoires engagés : 4 points sur la carte, 2 régions entourées de la couleur de leur étape, "
        "2 partenaires à l'international (encadré) ; absents de la carte : Polynésie française.")
    svg = static_maps.render_map(_content("territoires"), preset="wide", fmt="svg").decode()
    assert "International" in svg and "Montréal" in svg and "Abidjan" in svg
    assert "Paris et petite couronne" in svg


def test_area_subtitles_count_exactly_what_is_drawn_in_plain_french() -> None:
    departements = _subtitle(_content("departements"))
    assert departements == ("9 territoires engagés, dont 4 comptés dans leur département ; non comptés : 2 régions, "
                            "2 territoires à l'international, 1 collectivité d'outre-mer (Polynésie française).")
    regions = _subtitle(_content("regions", "charter_rate"))
    assert regions.startswith("9 territoires engagés, dont 6 comptés dans leur région ; non comptés : "
                              "2 territoires à l'international, 1 collectivité d'outre-mer")
    assert "rattach" not in departements + regions


def _colours(text: str) -> set[str]:
    return {colour.upper() for colour in HEX.findall(text)}


def test_every_output_uses_the_one_palette() -> None:
    allowed = palette.every_colour() | {"#000000"}
    territoires = static_maps.render_map(_content("territoires"), preset="wide", fmt="svg").decode()
    assert {c.upper() for c in palette.STAGE_LIST} <= _colours(territoires) and _colours(territoires) <= allowed
    departements = static_maps.render_map(_content("departements"), preset="wide", fmt="svg").decode()
    assert palette.NO_DATA.upper() in _colours(departements) and _colours(departements) <= allowed
    rates = static_maps.render_map(_content("regions", "charter_rate"), preset="wide", fmt="svg").decode()
    assert _colours(rates) & set(palette.RATES) and _colours(rates) <= allowed
    # The offline HTML map (the Carte page's builder) and its cluster bubbles.
    points = [MapPoint(1, "Rennes", "commune", "engage", 48.11, -1.68, None, 0.0)]
    document = offline_html.offline_html(html_map.build_offline_map(points, [], data_date=DATE))
    assert all(colour in document for colour in palette.STAGE_LIST)
    assert palette.CLUSTER_CORE in document and palette.NO_DATA in document
    # Charts and the key-figures card.
    stage_spec = charts.stage_counts_chart({Stage.ENGAGE: 2}).to_dict()
    assert stage_spec["encoding"]["color"]["scale"]["range"] == list(palette.STAGE_LIST)
    card = images.key_figures_chart(KeyFigures(1, 1, 1, 353, 1, 1), campaign_name="C", data_date=DATE).to_dict()
    assert _colours(str(card)) <= allowed and "séances de concertation" in str(card)
