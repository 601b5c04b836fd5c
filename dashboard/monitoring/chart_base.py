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


# A line of title or legend that fits a 390 px phone (Streamlit cuts the rest: « par type de coll… »).
TITLE_LINE = 34
LEGEND_LINE = 20


def wrap(text: str, width: int) -> list[str]:
    """Words in lines of at most ``width`` characters (a longer word stands alone)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [text]


def _wrapped_title(spec: dict[str, Any]) -> dict[str, Any]:
    title = spec.get("title")
    if isinstance(title, str) and len(title) > TITLE_LINE:
        spec["title"] = {"text": wrap(title, TITLE_LINE)}
    return spec


class Chart(alt.Chart):
    """An ``alt.Chart`` that Streamlit serialises without JSON-schema validation on every rerun
    (30 ms per chart, 0,2 s for the Enseignements page). Every builder is validated by
    tests/dashboard/monitoring/test_charts.py, which calls ``to_dict(validate=True)``; exports that call
    ``to_json()`` or ``save()`` still validate. A long title goes on several lines."""

    def to_dict(self, validate: bool = False, *, format: Any = "vega-lite", ignore: list[str] | None = None,
                context: dict[str, Any] | None = None) -> dict[str, Any]:
        return _wrapped_title(super().to_dict(validate, format=format, ignore=ignore, context=context))


class LayerChart(alt.LayerChart):
    __doc__ = Chart.__doc__

    def to_dict(self, validate: bool = False, *, format: Any = "vega-lite", ignore: list[str] | None = None,
                context: dict[str, Any] | None = None) -> dict[str, Any]:
        return _wrapped_title(super().to_dict(validate, format=format, ignore=ignore, context=context))


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


# A label longer than a legend line breaks at its last space within the line (Vega draws an array
# as lines): « Établissement public » / « territorial » fits a phone.
LEGEND_LABEL = (f"length(datum.label) > {LEGEND_LINE} && lastindexof(substring(datum.label, 0, {LEGEND_LINE + 1}), ' ') > 0"
                f" ? [substring(datum.label, 0, lastindexof(substring(datum.label, 0, {LEGEND_LINE + 1}), ' ')),"
                f" substring(datum.label, lastindexof(substring(datum.label, 0, {LEGEND_LINE + 1}), ' ') + 1)]"
                " : datum.label")


def legend(title: str | None) -> alt.Legend:
    """Below the chart, labels never cut (« Établissement public territorial » on two lines)."""
    return alt.Legend(title=title, orient="bottom", direction="vertical", labelLimit=0, titleLimit=0,
                      labelExpr=LEGEND_LABEL)

