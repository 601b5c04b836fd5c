"""Enseignements: what territories found — themes, opportunities and risks, publics, formats, calendar."""

import streamlit as st

from dashboard.monitoring import charts, layout, readers
from dashboard.text import formatting

campaign, filters = layout.page_start("Enseignements des concertations")
labels = layout.finding_category_labels(campaign.grid_version)

st.header("Thèmes")
themes = readers.finding_themes_by_kind(filters)
layout.chart_block(layout.chart(charts.theme_frequency_chart, themes), charts.theme_frequency_summary(themes),
                          layout.data_table(charts.theme_frequency_table, themes), key="themes")

st.header("Opportunités et risques")
balance = readers.finding_categories_by_theme(filters, (charts.OPPORTUNITY, charts.RISK))
layout.chart_block(layout.chart(charts.opportunities_risks_chart, balance, labels),
                          charts.opportunities_risks_summary(balance),
                          layout.data_table(charts.opportunities_risks_table, balance, labels), key="opportunites_risques")

st.header("Publics et participants")
publics = readers.sessions_by_publics(filters)
formats = readers.sessions_by_format(filters)
total_sessions = sum(row[1] for row in formats)
total_participants = sum(row[2] for row in formats)
st.markdown(f"**{formatting.plural(total_sessions, 'session')}**, "
            f"**{formatting.plural(total_participants, 'participant')}** au total.")
layout.chart_block(layout.chart(charts.publics_chart, publics),
                          charts.publics_summary(publics, total_sessions, total_participants),
                          layout.data_table(charts.publics_table, publics), key="publics")

st.header("Formats de concertation")
layout.chart_block(layout.chart(charts.formats_chart, formats), charts.formats_summary(formats),
                          layout.data_table(charts.formats_table, formats), key="formats")

st.header("Calendrier des sessions")
days = readers.sessions_by_day(filters)
layout.chart_block(layout.chart(charts.sessions_over_time_chart, days), charts.sessions_over_time_summary(days),
                          layout.data_table(charts.sessions_over_time_table, days), key="calendrier")

st.header("Par région")
regions = readers.region_summaries(filters)
layout.chart_block(layout.chart(charts.region_chart, regions), charts.region_summary(regions),
                          layout.data_table(charts.region_table, regions), key="regions")
