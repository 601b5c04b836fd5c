"""Territoires engagés: the public page, without sign-in and without any personal data; embeddable."""

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from dashboard.space import public, public_export
from dashboard.text import formatting
from dashboard.ui import widgets

st.title("Les territoires engagés")
data = public.summary()
if data is None or not data.territories:
    widgets.empty_state("Aucun territoire n'est encore engagé dans la campagne.")
    st.stop()
assert data is not None
st.caption(data.campaign_name)
first, second, third = st.columns(3)
first.metric("Territoires engagés", formatting.number(data.engaged), border=True)
second.metric("Chartes signées", formatting.number(data.charters), border=True)
third.metric("Grilles déposées", formatting.number(data.grids), border=True)

# The static export's own map (public popups: name, type, stage); a view only, nothing is sent back.
st_folium(public_export.build_map(data, data_date=dt.date.today()), key="carte_publique", height=520,
          width=None, returned_objects=[])  # width=None: the container's width

st.dataframe(public.table(data), hide_index=True, width="stretch",
             height=min(36 * (data.engaged + 1) + 2, 640))
st.caption(
    "Liste publique des collectivités engagées dans la campagne : nom, type, région ou pays et étape. "
    "Elle ne contient aucune donnée personnelle. Pour l'intégrer à un site, utilisez l'adresse de "
    "cette page suivie de « ?embed=true » dans un cadre (iframe)."
)
