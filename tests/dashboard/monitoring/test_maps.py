"""Map builder: escaped strings, no CDN, no template injection, legend, click resolution."""

from __future__ import annotations

import datetime as dt
import re

import folium

from dashboard.monitoring import maps
from dashboard.ui import palette
from data_access.monitoring import AreaCount, MapPoint
from tests.support.factories.monitoring import HOSTILE_NAME

POINTS = [
    MapPoint(participation_id=1, name=HOSTILE_NAME, kind="international", stage="grille_validee", lat=45.5017,
             lon=-73.5673, charter_on=dt.date(2024, 11, 3), grid_completion=0.8),
    MapPoint(participation_id=2, name="Rennes", kind="commune", stage="engage", lat=48.11, lon=-1.68,
             charter_on=None, grid_completion=0.0),
]
AREAS = [AreaCount(code="35", engaged=3, charters=2), AreaCount(code="44", engaged=1, charters=0)]


def _html(**kwargs: object) -> str:
    fmap = maps.build_engagement_map(POINTS, AREAS, **kwargs)  # type: ignore[arg-type]
    assert isinstance(fmap, folium.Map)
    return maps.payload_html(fmap)


def test_hostile_name_is_escaped_and_not_evaluated_as_a_template() -> None:
    page = _html()
    assert "<script>alert" not in page and "<img src=x" not in page
    # The name is HTML-escaped in Python, then JSON-encoded (& → \\u0026) in the script.
    assert "\\u0026lt;script\\u0026gt;alert(\\u0026#x27;xss\\u0026#x27;)" in page
    assert "{{ 7*7 }}" in page and ">49 Ville" not in page


def test_only_vendored_assets_are_referenced() -> None:
    for kwargs in ({}, {"level": "regions", "measure": "charter_rate"}):
        page = _html(**kwargs)
        urls = re.findall(r'(?:src|href)="([^"]+)"', page)
        assert urls and all(url.startswith("/app/static/vendor/") for url in urls), urls
        assert "cdn" not in page.lower() and "d3js" not in page


def test_tiles_are_opt_in_and_max_zoom_is_set_without_them() -> None:
    offline = _html()
    assert "tile.openstreetmap.org" not in offline and '"maxZoom": 14' in offline
    assert "tile.openstreetmap.org" in _html(tiles="openstreetmap")


def test_area_layer_and_legend_use_french_labels() -> None:
    page = _html(level="departements", measure="charter_rate")
    assert "Ille-et-Vilaine" in page and "3 territoires engagés, 2 chartes signées (67" in page
    assert "Taux de charte sign" in page and "Grille valid" in page
    assert "Bretagne" not in page  # départements layer: no région names
    assert "(44)\\u003cbr\\u003e1 territoire engagé, 0 charte signée" in page


def test_marker_rows_are_compact() -> None:
    rows = maps.marker_rows(POINTS)
    assert rows[1] == [481100, -16800, 0, "Rennes", list(maps.reference.KIND_LABELS).index("commune"), 0, 0]
    assert maps.EPOCH + dt.timedelta(days=rows[0][5]) == dt.date(2024, 11, 3) and rows[0][6] == 80


def test_contours_are_packed_without_losing_a_coordinate() -> None:
    for level in ("departements", "regions"):
        for feature in maps.reference.contours(level)["features"]:
            packed = maps.packed_geometry(feature["geometry"])
            polygons = packed["d"] if packed["type"] == "MultiPolygon" else [packed["d"]]
            unpacked = [[_unpack(ring) for ring in polygon] for polygon in polygons]
            original = feature["geometry"]["coordinates"]
            assert unpacked == (original if packed["type"] == "MultiPolygon" else [original])


def _unpack(flat: list[int]) -> list[list[float]]:
    """What AreaLayer's script does in the browser."""
    points, x, y = [], 0, 0
    for index in range(0, len(flat), 2):
        x, y = x + flat[index], y + flat[index + 1]
        points.append([x / maps.COORDINATE_SCALE, y / maps.COORDINATE_SCALE])
    return points


def test_nearest_point_resolves_a_click() -> None:
    assert maps.nearest_point(POINTS, 48.1100, -1.6800) == POINTS[1]
    assert maps.nearest_point(POINTS, 0.0, 0.0) is None


def test_area_classes_cover_the_largest_value_and_come_from_the_palette() -> None:
    classes = maps.area_classes([AreaCount(code="35", engaged=57, charters=3)], "engaged")
    assert classes[-1].high is None and classes[-1].low <= 57
    assert [c.colour for c in maps.area_classes([], "charter_rate")] == list(palette.RATES[1:])


def test_map_uses_the_palette_a_metric_scale_and_a_foldable_legend() -> None:
    page = _html()
    for colour in palette.STAGE_LIST:
        assert colour in page
    assert "imperial: false" in page and "control_scale" not in page
    assert 'L.DomUtil.create("details", "legende-carte")' in page and "window.innerWidth" in page
    assert "preventScroll: true" in page  # a first click never scrolls the page away from the point
    # The first view fits mainland France and Corsica whole, clear of the legend, on any screen.
    assert "map.fitBounds([[41.25, -5.3], [51.2, 9.7]]" in page and "paddingTopLeft: [wide ? 225" in page


def test_filtered_map_zooms_on_its_points() -> None:
    page = _html(fit=True)
    assert "map.fitBounds([[47.22, -1.68], [48.11, -1.55]]" in page or "fitBounds([[" in page


def test_no_world_view_without_country_outlines() -> None:
    assert all("Monde" not in view.label for view in maps.VIEWS)


def test_views_show_their_whole_area_and_include_corsica_idf_and_abroad() -> None:
    labels = [view.label for view in maps.VIEWS]
    assert labels[0] == "France métropolitaine" and {"Corse", "Île-de-France", "International"} <= set(labels)
    south_west, north_east = maps.METROPOLE.bounds or ((0, 0), (0, 0))
    # Pointe de Corsen, Lauterbourg, Bonifacio, Bray-Dunes, Cap Corse inside the first view.
    for lat, lon in ((48.41, -4.79), (48.97, 8.23), (41.37, 9.16), (51.08, 2.52), (43.0, 9.46)):
        assert south_west[0] < lat < north_east[0] and south_west[1] < lon < north_east[1], (lat, lon)
    assert all(view.bounds for view in maps.VIEWS if view.label != "International")
    assert maps.views(True)[0] is maps.FITTED and maps.views(False) == maps.VIEWS
    international = maps.payload_html(maps.build_engagement_map(POINTS, AREAS, view=maps.VIEWS[-1]))
    assert "map.fitBounds([[47.22, -1.68], [48.11, -1.55]]" in international or "fitBounds([[" in international


def test_a_region_is_a_ring_named_in_the_legend_only_when_drawn() -> None:
    bretagne = MapPoint(participation_id=3, name="Bretagne", kind="region", stage="charte_signee", lat=48.1121,
                        lon=-1.6819, charter_on=None, grid_completion=0.0)
    with_region = maps.payload_html(maps.build_engagement_map([*POINTS, bretagne], AREAS))
    assert "(cercle autour de son chef-lieu)" in with_region  # « é » travels JSON-escaped
    assert "row[4] === " in with_region and "radius: 12" in with_region
    assert "(cercle autour de son chef-lieu)" not in _html()
