"""Streamlit pieces shared by the monitoring pages: page start (campaign + filters), chart blocks."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from dashboard.cache import reader
from dashboard.exports import images
from dashboard.text import formatting
from dashboard.ui import widgets
from dashboard.ui.campaign_readers import CampaignInfo
from data_access.filters import Filters
from data_access.intake.grid import load_definition
from data_access.models import STAGE_LABELS, Stage


def campaign_or_stop() -> CampaignInfo:
    """The campaign selector; without any campaign, a French empty state and the page stops."""
    campaign = widgets.campaign_selector()
    if campaign is None:
        widgets.empty_state(
            "Aucune campagne n'est encore enregistrée. Importez des grilles ou lancez "
            "« concertations demo » pour découvrir l'outil."
        )
        st.stop()
    assert campaign is not None
    return campaign


def page_start(title: str) -> tuple[CampaignInfo, Filters]:
    """Title, campaign selector and the shared filters; stops the page when there is no campaign."""
    st.title(title)
    campaign = campaign_or_stop()
    filters = widgets.filter_bar(campaign.id)
    if not filters.is_empty:
        st.caption("Chiffres restreints par les filtres choisis dans le panneau latéral.")
    return campaign, filters


ChartBuilder = Callable[..., alt.Chart | alt.LayerChart]


@dataclass(frozen=True)
class ChartSource:
    """A chart not built yet: its builder and the data it draws.

    Building an altair chart and turning it into Vega-Lite costs 20 to 50 ms (the Suivi has four
    charts, the Enseignements six): a page sends the spec cached on the builder and its data, and
    the altair chart is built again only for a PNG or SVG download.
    """

    builder: ChartBuilder
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    @property
    def name(self) -> str:
        return f"{self.builder.__module__}.{self.builder.__qualname__}"

    def build(self) -> alt.Chart | alt.LayerChart:
        return self.builder(*self.args, **dict(self.kwargs))


def chart(builder: ChartBuilder, *args: Any, **kwargs: Any) -> ChartSource:
    """``chart(charts.funnel_chart, reached)``: what ``chart_block`` draws, built only on a cache miss."""
    return ChartSource(builder, args, tuple(sorted(kwargs.items())))


# The chart a cache miss builds, set by ``vega_lite_spec`` in the calling thread (a miss is computed
# in that thread). The cache key is a digest of the builder and its data: Streamlit's own hashing of
# a few hundred rows cost more than the conversion it saved.
_pending = threading.local()


@reader(max_entries=512)  # no aggregate: keyed on the chart's own data, which comes from versioned readers
def _vega_lite_spec(digest: str) -> dict[str, Any]:
    del digest
    source: ChartSource = _pending.source
    # Streamlit's own conversion (what st.altair_chart does on every call): the same spec, its
    # datasets already as Arrow bytes, which st.vega_lite_chart passes through as they are.
    spec: dict[str, Any] = _convert_altair_to_vega_lite_spec(source.build())
    return spec


def vega_lite_spec(source: ChartSource) -> dict[str, Any]:
    """The Vega-Lite spec st.altair_chart would send for ``source.build()``, cached on its content.

    Equal data pickle to equal bytes except for object sharing, which at worst costs a cache miss.
    """
    digest = hashlib.blake2b(pickle.dumps((source.name, source.args, source.kwargs), protocol=5),
                             digest_size=20).hexdigest()
    _pending.source = source
    try:
        return _vega_lite_spec(digest)
    finally:
        del _pending.source


def chart_block(chart: ChartSource, summary: str, table: pd.DataFrame, *, key: str) -> None:
    """A chart, its one-sentence summary, and its data behind « Afficher les données » (RGAA)."""
    st.vega_lite_chart(vega_lite_spec(chart), width="stretch", key=f"graphique_{key}", alt=summary)
    st.markdown(widgets.markdown_text(summary))
    chart_downloads(chart, key=key)
    with st.expander("Afficher les données", icon=":material/table:"):
        if table.empty:
            st.caption("Aucune donnée.")
        else:
            widgets.table(table)


def chart_downloads(chart: ChartSource, *, key: str) -> None:
    """PNG and SVG of a chart for communications; rendered by vl-convert only when clicked."""
    # A wrapping row of content-width buttons: fixed columns cut « Image PNG » to « I… » (or to
    # its icon) when the chart sits in a narrow column, as on the home page.
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "Image PNG", icon=":material/image:", on_click="ignore", key=f"png_{key}",
        data=lambda: images.chart_png(chart.build(), scale=2), file_name=f"graphique-{key}.png", mime="image/png",
    )
    row.download_button(
        "Image SVG", icon=":material/draw:", on_click="ignore", key=f"svg_{key}",
        data=lambda: images.chart_svg(chart.build()).encode("utf-8"), file_name=f"graphique-{key}.svg",
        mime="image/svg+xml",
    )


def finding_category_labels(grid_version: str) -> dict[str, str]:
    """French labels of finding categories, from the campaign's grid definition."""
    try:
        return load_definition(grid_version).finding_categories
    except KeyError:
        return load_definition().finding_categories


def answer_text(value: object) -> str:
    """A grid answer as French text (lists joined, booleans in words, ISO dates formatted)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, (int, float)):
        return formatting.number(value)
    if isinstance(value, list):
        return ", ".join(answer_text(item) for item in value)
    if isinstance(value, dict):
        return " ; ".join(f"{key} : {answer_text(item)}" for key, item in value.items())
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return formatting.date(dt.date.fromisoformat(text))
        except ValueError:
            return text
    return text


def stage_label(stage: str) -> str:
    return STAGE_LABELS[Stage(stage)]
