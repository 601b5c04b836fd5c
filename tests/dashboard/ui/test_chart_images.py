from __future__ import annotations

import altair as alt
import pandas as pd

from dashboard.ui import chart_images


def _chart() -> alt.Chart:
    data = pd.DataFrame({"theme": ["Travail", "Énergie"], "n": [1234.5, 12]})
    return alt.Chart(data).mark_bar().encode(x=alt.X("n:Q", title="Nombre"), y="theme:N")


def test_any_chart_exports_png_and_svg_with_french_numbers() -> None:
    png = chart_images.chart_png(_chart(), scale=2)
    assert png.startswith(b"\x89PNG")
    svg = chart_images.chart_svg(_chart())
    assert svg.startswith("<svg") and "Énergie" in svg
    assert "1\u202f200" in svg or "1\u00a0200" in svg  # fr-FR axis labels


def test_exported_svg_carries_no_english_or_raw_aria_label() -> None:
    chart = alt.Chart(alt.Data(values=[{"etape": "Engagé", "n": 3}])).mark_bar().encode(
        x="n:Q", y=alt.Y("etape:N", title="Étape"))
    svg = chart_images.chart_svg(chart)
    assert "aria-label" not in svg and "Axis titled" not in svg
    assert "Engagé" in svg  # the visible text stays
