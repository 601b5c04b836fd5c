"""Vue d'ensemble: where the campaign stands."""

import datetime as dt

import streamlit as st

from dashboard import readers, summaries, widgets

st.title("Vue d'ensemble")
campaign = widgets.campaign_selector()
if campaign is None:
    widgets.empty_state(
        "Aucune campagne n'est encore enregistrée. Importez des grilles ou lancez "
        "« concertations demo » pour découvrir l'outil."
    )
    st.stop()
filters = widgets.filter_bar(campaign.id)
st.subheader(widgets.markdown_text(campaign.name))
st.markdown(widgets.markdown_text(summaries.forum_status(campaign.forum_date, campaign.forum_place, dt.date.today())))
if not filters.is_empty:
    st.caption("Chiffres restreints par les filtres choisis dans le panneau latéral.")
widgets.key_figure_tiles(readers.key_figures(filters))
