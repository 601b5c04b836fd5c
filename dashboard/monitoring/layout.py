"""Streamlit pieces shared by the monitoring pages: page start (campaign + filters), chart blocks."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

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


def chart_block(chart: alt.Chart | alt.LayerChart, summary: str, table: pd.DataFrame, *, key: str) -> None:
    """A chart, its one-sentence summary, and its data behind « Afficher les données » (RGAA)."""
    st.altair_chart(chart, width="stretch", key=f"graphique_{key}", alt=summary)
    st.markdown(widgets.markdown_text(summary))
    chart_downloads(chart, key=key)
    with st.expander("Afficher les données", icon=":material/table:"):
        if table.empty:
            st.caption("Aucune donnée.")
        else:
            widgets.table(table)


def chart_downloads(chart: alt.Chart | alt.LayerChart, *, key: str) -> None:
    """PNG and SVG of a chart for communications; rendered by vl-convert only when clicked."""
    # A wrapping row of content-width buttons: fixed columns cut « Image PNG » to « I… » (or to
    # its icon) when the chart sits in a narrow column, as on the home page.
    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "Image PNG", icon=":material/image:", on_click="ignore", key=f"png_{key}",
        data=lambda: images.chart_png(chart, scale=2), file_name=f"graphique-{key}.png", mime="image/png",
    )
    row.download_button(
        "Image SVG", icon=":material/draw:", on_click="ignore", key=f"svg_{key}",
        data=lambda: images.chart_svg(chart).encode("utf-8"), file_name=f"graphique-{key}.svg",
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
