"""Vue d'ensemble: where the campaign stands."""

import datetime as dt

import streamlit as st

from dashboard.monitoring import charts, layout
from dashboard.monitoring import readers as monitoring_readers
from dashboard.text import formatting, summaries
from dashboard.ui import widgets

st.title("Vue d'ensemble")
campaign = layout.campaign_or_stop()
filters = widgets.filter_bar(campaign.id)
st.subheader(widgets.markdown_text(campaign.name))
st.markdown(widgets.markdown_text(summaries.forum_status(campaign.forum_date, campaign.forum_place, dt.date.today())))
if not filters.is_empty:
    st.caption("Chiffres restreints par les filtres choisis dans le panneau latéral.")
widgets.key_figure_tiles(monitoring_readers.key_figures(filters))

# Small multiples: the same data-layer figures as the Suivi and Carte pages.
stages_column, regions_column, activity_column = st.columns([1, 1.2, 1])
with stages_column:
    counts = monitoring_readers.stage_counts(filters)
    layout.chart_block(layout.chart(charts.stage_counts_chart, counts), charts.stage_counts_summary(counts),
                              layout.data_table(charts.stage_counts_table, counts), key="accueil_etapes")
with regions_column:
    regions = monitoring_readers.region_summaries(filters)
    layout.chart_block(layout.chart(charts.region_chart, regions[:10], title="Les dix régions les plus engagées"),
                              charts.region_summary(regions), layout.data_table(charts.region_table, regions), key="accueil_regions")
with activity_column:
    st.markdown("**Dernières étapes franchies**")
    activity = monitoring_readers.latest_activity(filters)
    if not activity:
        widgets.empty_state("Aucune activité pour le moment.")
    for event in activity:
        st.markdown(
            f"- {formatting.short_date(event.occurred_on)} · **{widgets.markdown_text(event.name)}** — "
            f"{widgets.markdown_text(layout.stage_label(event.stage))}"
        )
