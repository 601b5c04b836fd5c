"""The one palette: colour-blind safe (simulated), sequential where it orders, used everywhere."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from colorspacious import cspace_convert, deltaE
from daltonlens import simulate

from dashboard.ui import palette

ROOT = Path(__file__).resolve().parents[3]
SIMULATOR = simulate.Simulator_Machado2009()
DEFICIENCIES = (simulate.Deficiency.PROTAN, simulate.Deficiency.DEUTAN, simulate.Deficiency.TRITAN)
# CIEDE2000-like CAM02-UCS distance under which two flat colours start to be confused.
MIN_DISTANCE = 10.0


def _rgb(colour: str) -> np.ndarray:
    value = colour.lstrip("#")
    return np.array([[[int(value[i:i + 2], 16) for i in (0, 2, 4)]]], dtype=np.uint8)


def _seen(colour: str, deficiency: simulate.Deficiency) -> np.ndarray:
    return SIMULATOR.simulate_cvd(_rgb(colour), deficiency, severity=1.0)[0, 0].astype(float)


def _min_distance(colours: list[str], deficiency: simulate.Deficiency) -> float:
    seen = [_seen(colour, deficiency) for colour in colours]
    return min(float(deltaE(a, b, input_space="sRGB255")) for a, b in itertools.combinations(seen, 2))


@pytest.mark.parametrize("deficiency", DEFICIENCIES, ids=lambda d: d.name)
@pytest.mark.parametrize("name, colours", [
    ("étapes", [*palette.STAGE_LIST, palette.NO_DATA]),
    ("catégories", list(palette.CATEGORIES[:6])),
    ("opportunités et risques", [palette.OPPORTUNITY, palette.RISK]),
    ("effectifs", [palette.NO_DATA, *palette.COUNTS]),
    ("taux", [palette.NO_DATA, *palette.RATES[1:]]),
])
def test_colours_stay_apart_for_colour_blind_readers(name: str, colours: list[str],
                                                      deficiency: simulate.Deficiency) -> None:
    assert _min_distance(colours, deficiency) >= MIN_DISTANCE, name


@pytest.mark.parametrize("ramp", [palette.COUNTS, palette.RATES], ids=["effectifs", "taux"])
def test_sequential_ramps_get_darker_for_every_reader(ramp: tuple[str, ...]) -> None:
    for deficiency in (None, *DEFICIENCIES):
        seen = [_rgb(c)[0, 0].astype(float) if deficiency is None else _seen(c, deficiency) for c in ramp]
        lightness = [float(cspace_convert(rgb, "sRGB255", "CAM02-UCS")[0]) for rgb in seen]
        assert lightness == sorted(lightness, reverse=True), (deficiency, lightness)


def test_rates_are_not_red() -> None:
    # A high charter rate is good news: greens, not the alarm reds of the former export.
    for colour in palette.RATES:
        red, green, _blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
        assert green >= red


def test_count_classes_read_as_french() -> None:
    labels = [entry.label for entry in palette.count_classes([1, 3, 5])]
    assert labels == ["1", "2", "3 ou 4", "5 et plus"]
    big = palette.count_classes([0, 1, 5, 40, 1234])
    assert big[0].low == 1 and big[-1].label.endswith("et plus") and big[-1].high is None
    assert all(entry.colour in palette.COUNTS for entry in big)
    assert [entry.label for entry in palette.rate_classes()][-1] == "75\u202f% à 100\u202f%"


HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
# Every module that draws something; colours may only come from dashboard/ui/palette.py.
DRAWING_MODULES = (
    "dashboard/monitoring/charts.py", "dashboard/monitoring/chart_base.py",
    "dashboard/monitoring/session_charts.py", "dashboard/monitoring/maps.py",
    "dashboard/monitoring/map_elements.py", "dashboard/exports/static_maps.py",
    "dashboard/exports/static_layers.py", "dashboard/exports/html_map.py", "dashboard/exports/images.py",
)


def test_no_drawing_module_defines_its_own_colours() -> None:
    for name in DRAWING_MODULES:
        path = ROOT / name
        if path.exists():
            found = HEX.findall(path.read_text(encoding="utf-8"))
            assert not found, f"{name} defines colours outside the palette: {found}"
