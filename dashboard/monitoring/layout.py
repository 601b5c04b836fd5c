"""Streamlit pieces shared by the monitoring pages: page start (campaign + filters), chart blocks."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from dashboard.cache import reader
from dashboard.text import formatting
from dashboard.ui import chart_images, widgets
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


T = TypeVar("T")
ChartBuilder = Callable[..., alt.Chart | alt.LayerChart]


@dataclass(frozen=True)
class Deferred(Generic[T]):
    """Something a page shows, not built yet: its builder and the data it draws.

    Building an altair chart and turning it into Vega-Lite costs 20 to 50 ms, a data table and its
    Arrow conversion a few ms (the Suivi has four chart blocks, the Enseignements six): a rerun
    sends what was cached for the same builder and data, and the altair chart is built again only
    for a PNG or SVG download.
    """

    builder: Callable[..., T]
    args: tuple[Any, ...] = ()
    kwargs: tuple[tuple[str, Any], ...] = ()

    def build(self) -> T:
        return self.builder(*self.args, **dict(self.kwargs))

    def digest(self) -> str:
        """Equal data pickle to equal bytes (object sharing aside, which at worst costs a cache miss)."""
        name = f"{self.builder.__module__}.{self.builder.__qualname__}"
        return hashlib.blake2b(pickle.dumps((name, self.args, self.kwargs), protocol=5), digest_size=20).hexdigest()


def chart(builder: ChartBuilder, *args: Any, **kwargs: Any) -> Deferred[alt.Chart | alt.LayerChart]:
    """``chart(charts.funnel_chart, reached)``: the chart ``chart_block`` draws, built on a cache miss only."""
    return Deferred(builder, args, tuple(sorted(kwargs.items())))


def data_table(builder: Callable[..., pd.DataFrame], *args: Any, **kwargs: Any) -> Deferred[pd.DataFrame]:
    """``data_table(charts.funnel_table, reached)``: the table behind « Afficher les données »."""
    return Deferred(builder, args, tuple(sorted(kwargs.items())))


# What a cache miss builds, set in the calling thread (Streamlit computes a miss in that thread).
# The cache key is a digest of the builder and its data: Streamlit's own hashing of a few hundred
# rows cost more than the conversion it saved.
_pending = threading.local()


@reader(max_entries=1024)  # no aggregate: keyed on the data itself, which comes from versioned readers
def _converted(kind: str, digest: str) -> Any:
    del digest
    built = _pending.source.build()
    if kind == "vega-lite":
        # Streamlit's own conversion (what st.altair_chart does on every call): the same spec, its
        # datasets already as Arrow bytes, which st.vega_lite_chart passes through as they are.
        return _convert_altair_to_vega_lite_spec(built)
    # An Arrow table: st.dataframe sends it as it is, where a DataFrame is converted on every rerun.
    return pa.Table.from_pandas(built, preserve_index=False)


def _cached(kind: str, source: Deferred[Any]) -> Any:
    _pending.source = source
    try:
        return _converted(kind, source.digest())
    finally:
        del _pending.source


def vega_lite_spec(source: Deferred[alt.Chart | alt.LayerChart]) -> dict[str, Any]:
    """The Vega-Lite spec st.altair_chart would send for ``source.build()``, cached on its content."""
    spec: dict[str, Any] = _cached("vega-lite", source)
    return spec


def arrow_table(source: Deferred[pd.DataFrame]) -> pa.Table:
    """``source.build()`` as an Arrow table (no index), cached on its content."""
    table: pa.Table = _cached("arrow", source)
    return table


def chart_block(chart: Deferred[alt.Chart | alt.LayerChart], summary: str, table: Deferred[pd.DataFrame], *,
                key: str) -> None:
    """A chart, its one-sentence summary, and its data behind « Afficher les données » (RGAA)."""
    st.vega_lite_chart(vega_lite_spec(chart), width="stretch", key=f"graphique_{key}", alt=summary)
    st.markdown(widgets.markdown_text(summary))
    chart_downloads(chart, key=key)
    with st.expander("Afficher les données", icon=":material/table:"):
        rows = arrow_table(table)
        if rows.num_rows == 0:
            st.caption("Aucune donnée.")
        else:
            widgets.table(rows)


def chart_downloads(chart: Deferred[alt.Chart | alt.LayerChart], *, key: str) -> None:
    """PNG and SVG of a chart for communications; rendered by vl-convert only when clicked."""
    # A wrapping row of content-width buttons: fixed columns cut « Image PNG » to « I… » (or to
    # its icon) when the chart sits in a narrow column, as on the home page.
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "Image PNG", icon=":material/image:", on_click="ignore", key=f"png_{key}",
        data=lambda: chart_images.chart_png(chart.build(), scale=2), file_name=f"graphique-{key}.png", mime="image/png",
    )
    row.download_button(
        "Image SVG", icon=":material/draw:", on_click="ignore", key=f"svg_{key}",
        data=lambda: chart_images.chart_svg(chart.build()).encode("utf-8"), file_name=f"graphique-{key}.svg",
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
