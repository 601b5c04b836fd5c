"""The key-figures card for communications (a square PNG of the six figures); any other chart is
rendered by ``dashboard.ui.chart_images``."""

from __future__ import annotations

import datetime as dt
from typing import Any

import altair as alt

from dashboard.text import formatting
from dashboard.ui import palette
from dashboard.ui.chart_images import FONT, chart_png
from data_access.monitoring.figures import FIGURE_LABELS, KeyFigures

CARD_FIGURES: tuple[tuple[str, str], ...] = tuple(
    (key, FIGURE_LABELS[key].counted) for key in ("engaged", "charters", "concertations", "participants", "grids",
                                                  "proposals"))


def key_figures_chart(values: KeyFigures, *, campaign_name: str, data_date: dt.date) -> alt.LayerChart:
    """A square card (540 × 540 logical px, exported ×2 = 1 080 px) of the six key figures."""
    size = 540
    rows: list[dict[str, Any]] = []
    for index, (attribute, label) in enumerate(CARD_FIGURES):
        column, row = index % 2, index // 2
        rows.append({"x": 0.27 + 0.46 * column, "y": 0.37 + 0.21 * row,
                     "valeur": formatting.number(getattr(values, attribute)), "libelle": label})
    data = alt.Data(values=rows)
    scale_x = alt.Scale(domain=[0, 1])
    scale_y = alt.Scale(domain=[0, 1], reverse=True)
    x = alt.X("x:Q", scale=scale_x, axis=None)
    y = alt.Y("y:Q", scale=scale_y, axis=None)
    numbers = alt.Chart(data).mark_text(fontSize=46, fontWeight="bold", color=palette.PRIMARY,
                                        baseline="bottom").encode(x=x, y=y, text="valeur:N")
    labels = alt.Chart(data).mark_text(fontSize=17, color=palette.INK, baseline="top", dy=4).encode(
        x=x, y=y, text="libelle:N")
    # One line under the title: the campaign's own name (a fixed « Concertations territoriales
    # sur l'IA » above it said the same thing twice).
    header = alt.Chart(alt.Data(values=[{"x": 0.5, "y": 0.165, "t": campaign_name}])).mark_text(
        fontSize=16, color=palette.MUTED_INK, limit=size - 40).encode(x=x, y=y, text="t:N")
    title = alt.Chart(alt.Data(values=[{"x": 0.5, "y": 0.12, "t": "Les chiffres clés"}])).mark_text(
        fontSize=30, fontWeight="bold", color=palette.INK, baseline="bottom").encode(x=x, y=y, text="t:N")
    footer = alt.Chart(alt.Data(values=[
        {"x": 0.5, "y": 0.91, "t": f"Données au {formatting.date(data_date)}"},
        {"x": 0.5, "y": 0.945, "t": "Source : Observatoire des concertations territoriales de l'IA"},
    ])).mark_text(fontSize=13, color=palette.MUTED_INK).encode(x=x, y=y, text="t:N")
    rule = alt.Chart(alt.Data(values=[{"x": 0.1, "x2": 0.9, "y": 0.87}])).mark_rule(
        color=palette.PRIMARY, strokeWidth=2).encode(x=x, x2="x2:Q", y=y)
    card: alt.LayerChart = alt.layer(title, header, numbers, labels, rule, footer).properties(
        width=size, height=size, padding=0,
    ).configure(autosize=alt.AutoSizeParams(type="none"), font=FONT,
                background=palette.CARD_BACKGROUND).configure_view(stroke=None)
    return card


def key_figures_png(values: KeyFigures, *, campaign_name: str, data_date: dt.date) -> bytes:
    """The card as a 1 080 × 1 080 PNG for social media."""
    return chart_png(key_figures_chart(values, campaign_name=campaign_name, data_date=data_date), scale=2.0)
