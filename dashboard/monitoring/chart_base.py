"""What every chart builder shares: the French axis expressions, the unvalidated Chart classes,
``ChartView`` and small sentence helpers. Colours come from ``dashboard.ui.palette`` only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd

from dashboard.text import formatting
from data_access.models import STAGE_LABELS, Stage

# Vega expressions: French thousands separator and percentages on axes.
NUMBER_LABEL = "replace(format(datum.value, ',.0f'), /,/g, '\u202f')"
ABS_NUMBER_LABEL = "replace(format(abs(datum.value), ',.0f'), /,/g, '\u202f')"
PERCENT_LABEL = "replace(format(datum.value, '.0%'), '%', '\u202f%')"
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
WIDTH = "container"
STAGE_ORDER = [STAGE_LABELS[stage] for stage in Stage]


class Chart(alt.Chart):
    """An ``alt.Chart`` that Streamlit serialises without JSON-schema validation on every rerun
    (30 ms per chart, 0,2 s for the Enseignements page). Every builder is validated by
    tests/dashboard/monitoring/test_charts.py, which calls ``to_dict(validate=True)``; exports that call
    ``to_json()`` or ``save()`` still validate."""

    def to_dict(self, validate: bool = False, *, format: Any = "vega-lite", ignore: list[str] | None = None,
                context: dict[str, Any] | None = None) -> dict[str, Any]:
        return super().to_dict(validate, format=format, ignore=ignore, context=context)


class LayerChart(alt.LayerChart):
    __doc__ = Chart.__doc__

    def to_dict(self, validate: bool = False, *, format: Any = "vega-lite", ignore: list[str] | None = None,
                context: dict[str, Any] | None = None) -> dict[str, Any]:
        return super().to_dict(validate, format=format, ignore=ignore, context=context)


@dataclass(frozen=True)
class ChartView:
    """What a page shows for one chart: title, chart, sentence, data table."""

    key: str
    title: str
    chart: alt.Chart
    summary: str
    table: pd.DataFrame


def _count_axis(title: str) -> alt.Axis:
    return alt.Axis(title=title, labelExpr=NUMBER_LABEL, tickMinStep=1, format="d")


def _share(part: int, whole: int) -> str:
    return formatting.percent(part / whole) if whole else formatting.percent(0)


def _empty_summary(what: str) -> str:
    return f"Aucune donnée pour {what} avec les filtres choisis."


def legend(title: str | None) -> alt.Legend:
    """Below the chart, labels never cut (« Établissement public territorial » in full)."""
    return alt.Legend(title=title, orient="bottom", direction="vertical", labelLimit=0, titleLimit=0)

