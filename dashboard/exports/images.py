"""Any altair chart as PNG/SVG/PDF through vl-convert (no browser), and the key-figures card.

The monitoring pages call ``chart_png``/``chart_svg`` for their download buttons. Every
export passes ``format_locale="fr-FR"`` so axis numbers read « 1 234,5 ».
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import altair as alt
import vl_convert as vlc

from dashboard.text import formatting
from dashboard.ui import palette
from data_access.monitoring.figures import FIGURE_LABELS, KeyFigures

FORMAT_LOCALE: Final = "fr-FR"
TIME_LOCALE: Final = "fr-FR"
VL_CONVERT_DEFAULT_PPI = 72.0

CARD_FIGURES: tuple[tuple[str, str], ...] = tuple(
    (key, FIGURE_LABELS[key].counted) for key in ("engaged", "charters", "concertations", "participants", "grids",
                                                  "proposals"))


def _spec(chart: alt.TopLevelMixin | dict[str, Any]) -> dict[str, Any]:
    spec = chart if isinstance(chart, dict) else chart.to_dict()
    # Vega writes English ARIA labels (« Symbol legend titled … ») and raw field values
    # (« x: −712,27; rang: 0 ») on every mark of an SVG: nothing a file sent out should carry,
    # and 3,000 of them double the territories map's SVG.
    return {**spec, "config": {**spec.get("config", {}), "aria": False}}


# Named in every exported chart: an SVG names its fonts without embedding them, so a reader's machine
# without Liberation Sans falls back to a metric-compatible Arial, then any sans-serif, not to serif.
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def chart_png(chart: alt.TopLevelMixin | dict[str, Any], scale: float = 2.0, *, ppi: float | None = None) -> bytes:
    """PNG bytes ``scale`` times the chart's pixel size (2 = sharp on screens).

    ``ppi`` only writes the resolution into the file (print shops read it): vl-convert
    multiplies the size by ppi/72, so the scale given to it is divided back. A print PNG
    (``ppi`` given) draws its shapes without anti-aliasing: at 300 dpi a stair step is
    1/300 inch, invisible on paper, and rasterising the 8.7 million pixels of an A4 takes
    half the time (text keeps its smoothing).
    """
    kwargs: dict[str, Any] = {"scale": scale}
    if ppi is None:
        return bytes(vlc.vegalite_to_png(_spec(chart), format_locale=FORMAT_LOCALE,
                                         time_format_locale=TIME_LOCALE, **kwargs))
    kwargs["ppi"] = ppi
    kwargs["scale"] = scale * VL_CONVERT_DEFAULT_PPI / ppi
    svg = chart_svg(chart).replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)
    return bytes(vlc.svg_to_png(svg, **kwargs))


def chart_svg(chart: alt.TopLevelMixin | dict[str, Any]) -> str:
    return str(vlc.vegalite_to_svg(_spec(chart), format_locale=FORMAT_LOCALE, time_format_locale=TIME_LOCALE))


def chart_pdf(chart: alt.TopLevelMixin | dict[str, Any]) -> bytes:
    return bytes(vlc.vegalite_to_pdf(_spec(chart), format_locale=FORMAT_LOCALE, time_format_locale=TIME_LOCALE))


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
