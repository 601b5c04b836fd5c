from __future__ import annotations

import datetime as dt
import json
import struct

import altair as alt
import pandas as pd

from dashboard.exports import images
from data_access.monitoring.figures import KeyFigures


def _chart() -> alt.Chart:
    data = pd.DataFrame({"theme": ["Travail", "Énergie"], "n": [1234.5, 12]})
    return alt.Chart(data).mark_bar().encode(x=alt.X("n:Q", title="Nombre"), y="theme:N")


def test_any_chart_exports_png_and_svg_with_french_numbers() -> None:
    png = images.chart_png(_chart(), scale=2)
    assert png.startswith(b"\x89PNG")
    svg = images.chart_svg(_chart())
    assert svg.startswith("<svg") and "Énergie" in svg
    assert "1\u202f200" in svg or "1\u00a0200" in svg  # fr-FR axis labels


def test_key_figures_card_is_a_square_french_png() -> None:
    values = KeyFigures(engaged=3012, charters=1500, grids=800, concertations=2400, participants=123456, proposals=9000)
    chart = images.key_figures_chart(values, campaign_name="Campagne 2025", data_date=dt.date(2025, 3, 5))
    spec = json.dumps(chart.to_dict(), ensure_ascii=False)
    assert "territoires engagés" in spec and "123\u202f456" in spec and "5 mars 2025" in spec
    png = images.key_figures_png(values, campaign_name="Campagne 2025", data_date=dt.date(2025, 3, 5))
    assert struct.unpack(">II", png[16:24]) == (1080, 1080)


def test_exported_svg_carries_no_english_or_raw_aria_label() -> None:
    chart = alt.Chart(alt.Data(values=[{"etape": "Engagé", "n": 3}])).mark_bar().encode(
        x="n:Q", y=alt.Y("etape:N", title="Étape"))
    svg = images.chart_svg(chart)
    assert "aria-label" not in svg and "Axis titled" not in svg
    assert "Engagé" in svg  # the visible text stays
