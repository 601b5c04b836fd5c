"""The one palette of every chart, map and export (dashboard, PNG/SVG/PDF, offline HTML).

Colour-blind safe: stages and categories come from Okabe & Ito's palette, whose colours stay
apart under protanopia, deuteranopia and tritanopia (tests/dashboard/ui/test_palette.py simulates
them with daltonlens and checks the distances). Counts and rates are sequential, light to dark,
in one hue each: a high charter rate is a good result and reads as a deep colour, never as red.

Class labels (« 3 ou 4 », « 5 et plus ») are defined here too, so the Carte page and the image
exports name the same classes the same way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from dashboard.text import formatting
from data_access.models import Stage

# Okabe & Ito (2008), in the order of the stages: early stages warm, late stages blue-green.
STAGES: dict[Stage, str] = {
    Stage.ENGAGE: "#E69F00",  # orange
    Stage.CHARTE_SIGNEE: "#56B4E9",  # sky blue
    Stage.CONCERTATION_TENUE: "#CC79A7",  # reddish purple
    Stage.GRILLE_DEPOSEE: "#009E73",  # bluish green
    Stage.GRILLE_VALIDEE: "#0050A0",  # deep blue (Okabe-Ito blue, darkened for contrast on white)
}
STAGE_LIST: tuple[str, ...] = tuple(STAGES[stage] for stage in Stage)

# Categorical series (types of collectivité…), after the stage colours' order.
CATEGORIES: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
                               "#F0E442", "#000000")
OPPORTUNITY = "#0072B2"
RISK = "#D55E00"

# One-series bars and text.
PRIMARY = "#0050A0"
INK = "#1B1F24"
MUTED_INK = "#495057"
FRAME = "#ADB5BD"
BORDER = "#FFFFFF"
AREA_OUTLINE = "#5B6B7F"
BACKGROUND = "#FFFFFF"
CARD_BACKGROUND = "#F8F9FA"
SEA = "#EAF1F8"
LAND = "#F1F3F5"
LAND_OUTLINE = "#CED4DA"

# Neutral cluster bubbles: no stage colour, so a group never reads as a stage.
CLUSTER_FILL = "rgba(73,80,87,.25)"
CLUSTER_CORE = "rgba(52,58,64,.9)"

# Sequential classes, light to dark. No data is a light grey, not the first class.
NO_DATA = "#E9ECEF"
COUNTS: tuple[str, ...] = ("#BDD7EE", "#7FB2DA", "#3F87C2", "#1A5A9C", "#08306B")  # blues
RATES: tuple[str, ...] = ("#D9F0D3", "#A6DBA0", "#5AAE61", "#1B7837", "#00441B")  # greens


def every_colour() -> set[str]:
    """Every colour this module defines (upper case hex or rgba), for the tests."""
    values = {*STAGE_LIST, *CATEGORIES, OPPORTUNITY, RISK, PRIMARY, INK, MUTED_INK, FRAME, BORDER,
              AREA_OUTLINE, BACKGROUND, CARD_BACKGROUND, SEA, LAND, LAND_OUTLINE, NO_DATA, *COUNTS, *RATES}
    return {value.upper() for value in values}


@dataclass(frozen=True)
class ColourClass:
    """One legend entry: values in [low, high) (high None = no upper bound), its label and colour."""

    low: float
    high: float | None
    label: str
    colour: str

    def holds(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value < self.high)


NO_DATA_LABEL = "Aucun territoire engagé"


def _nice(value: float) -> int:
    for step in (1, 2, 3, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250, 300, 400, 500, 750, 1000):
        if step >= value:
            return step
    return int(round(value, -3))


def _count_label(low: int, high: int | None) -> str:
    if high is None:
        return f"{formatting.number(low)} et plus"
    if high - low == 1:
        return formatting.number(low)
    if high - low == 2:
        return f"{formatting.number(low)} ou {formatting.number(low + 1)}"
    return f"{formatting.number(low)} à {formatting.number(high - 1)}"


def count_classes(values: Sequence[int], *, count: int = 5) -> list[ColourClass]:
    """At most ``count`` classes of engaged territories (0 is « no data », not a class).

    Small counts get exact classes (« 1 », « 2 », « 3 ou 4 », « 5 et plus »); large ones round
    bounds (« 10 à 19 »). The last class is open: a new territory never falls outside the legend.
    """
    top = max(values, default=0)
    if top <= 5:
        lows = [1, 2, 3, 5][: max(1, min(count, 4))]
    else:
        lows = [1]
        for index in range(1, count):
            low = _nice(top * index / count)
            if low > lows[-1]:
                lows.append(low)
    colours = COUNTS[-len(lows):] if len(lows) < len(COUNTS) else COUNTS
    classes = []
    for index, low in enumerate(lows):
        high = lows[index + 1] if index + 1 < len(lows) else None
        classes.append(ColourClass(low, high, _count_label(low, high), colours[index]))
    return classes


RATE_BOUNDS: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)


def rate_classes() -> list[ColourClass]:
    """Four classes of charter rate (the darkest four greens), the last one closed at 100 %."""
    classes = []
    last = len(RATE_BOUNDS) - 2
    for index, low in enumerate(RATE_BOUNDS[:-1]):
        high = RATE_BOUNDS[index + 1]
        if index == last:
            classes.append(ColourClass(low, None, f"{formatting.percent(low)} à {formatting.percent(high)}",
                                       RATES[index + 1]))
        else:
            classes.append(ColourClass(low, high, f"{formatting.percent(low)} à moins de {formatting.percent(high)}",
                                       RATES[index + 1]))
    return classes


def class_of(value: float, classes: Sequence[ColourClass]) -> ColourClass | None:
    if isinstance(value, float) and math.isnan(value):
        return None
    for entry in classes:
        if entry.holds(value):
            return entry
    return None
