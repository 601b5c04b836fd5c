"""Enseignements: what territories found — themes, opportunities and risks, publics, formats, calendar."""

import dataclasses

import streamlit as st

from dashboard.monitoring import charts, layout, readers, voices
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access.territories import reference

campaign, filters = layout.page_start("Enseignements des concertations")
labels = layout.finding_category_labels(campaign.grid_version)

st.header("Ce que disent les territoires")
st.caption("Constats et propositions par thème : le thème donné par la grille, sinon la section du manifeste "
           "qui cite la proposition, sinon « Sans thème ». Les filtres du panneau latéral s'appliquent.")
REGIONS = reference.region_names()
v1, v2 = st.columns(2)
region = v1.selectbox("Région", [None, *sorted(REGIONS, key=REGIONS.__getitem__)], key="voices-region",
                      format_func=lambda c: "Régions du filtre" if c is None else REGIONS[c])
voice_filters = dataclasses.replace(filters, reg_codes=(region,)) if region else filters
themes = readers.voices_by_theme(voice_filters)
chosen = v2.selectbox("Thème", [None, *(t.theme for t in themes)], key="voices-theme",
                      format_func=lambda t: "Tous les thèmes" if t is None else t)
if not themes:
    widgets.empty_state("Aucun constat ni proposition pour ces filtres.")
for theme in [t for t in themes if chosen is None or t.theme == chosen][: 1 if chosen else 5]:
    with st.container(border=True):
        st.markdown(f"**{widgets.markdown_text(theme.theme)}** — "
                    f"{formatting.plural(theme.territories, 'territoire')}, "
                    f"{formatting.plural(theme.proposals, 'proposition')}, {formatting.plural(theme.findings, 'constat')}")
        for quote in theme.quotes:
            st.markdown(f"> {widgets.markdown_text(quote.text)}")
            st.caption(widgets.markdown_text(voices.quote_origin(quote)))
if themes and chosen is None:
    st.caption(f"Les 5 thèmes portés par le plus de territoires sur {formatting.number(len(themes))} ; "
               "choisissez un thème pour le lire.")
    with st.expander("Tous les thèmes", icon=":material/table:"):
        widgets.table(voices.themes_table(themes))
if themes:
    # Every proposal and finding of the filter (tens of thousands at scale 20): read on click only,
    # not unpickled from the cache at every run of the page.
    st.download_button("Exporter en CSV", icon=":material/download:", key="voices-csv", on_click="ignore",
                       data=lambda: voices.csv_bytes(voices.export_frame(
                           [v for v in readers.territory_voices(voice_filters) if chosen is None or v.theme == chosen],
                           labels)),
                       file_name="ce-que-disent-les-territoires.csv", mime="text/csv")

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
