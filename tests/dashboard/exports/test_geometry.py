from __future__ import annotations

import itertools

from dashboard.exports import geometry
from data_access.territories import reference


def test_rewind_makes_exteriors_clockwise_and_holes_counter_clockwise() -> None:
    exterior = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]  # counter-clockwise
    hole = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]  # clockwise
    rewound = geometry.rewind_polygon([exterior, hole])
    assert geometry.signed_area(rewound[0]) < 0
    assert geometry.signed_area(rewound[1]) > 0
    assert geometry.rewind_polygon(rewound) == rewound  # idempotent


def test_reference_contours_are_all_rewound_for_vega() -> None:
    rewound = geometry.rewind_collection(reference.contours("departements"))
    assert len(rewound["features"]) == 101
    for feature in rewound["features"]:
        polygons = feature["geometry"]["coordinates"]
        if feature["geometry"]["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            assert geometry.signed_area(polygon[0]) < 0, feature["properties"]["code"]


def test_layout_puts_the_insets_left_of_the_metropole_without_overlap() -> None:
    layout = geometry.build_layout(reference.contours("departements"))
    assert [inset.name for inset in layout.insets] == ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]
    for inset in layout.insets:
        assert inset.frame.x1 < layout.metropole.x0
    frames = sorted((inset.frame for inset in layout.insets), key=lambda box: box.y0)
    for lower, upper in itertools.pairwise(frames):
        assert lower.y1 < upper.y0
    # A Réunion commune lands in its inset frame; Rennes in the metropole; Papeete nowhere.
    reunion = layout.project(55.45, -20.88, "974")
    frame = layout.insets[3].frame
    assert reunion is not None and frame.x0 < reunion[0] < frame.x1 and frame.y0 < reunion[1] < frame.y1
    rennes = layout.project(-1.68, 48.11, "35")
    assert rennes is not None and layout.metropole.x0 <= rennes[0] <= layout.metropole.x1
    assert layout.project(-149.57, -17.53, None) is None
