"""Territoires engagés: the public page, without sign-in and without any personal data; embeddable.

On forum day the public address is served as static files by nginx (``concertations publier``,
docs/deploiement.md); this page stays in the app for signed-in users and for the app's own address.
"""

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from dashboard.space import public, public_commitments, public_export
from dashboard.text import formatting
from dashboard.ui import widgets

st.title("Les territoires engagés")
figures = public.figures()
if figures is None or not figures.engaged:
    widgets.empty_state("Aucun territoire n'est encore engagé dans la campagne.")
    st.stop()
assert figures is not None
st.caption(figures.campaign_name)
first, second, third = st.columns(3)
first.metric(widgets.figure_title("engaged"), formatting.number(figures.engaged), border=True)
second.metric(widgets.figure_title("charters"), formatting.number(figures.charters), border=True)
third.metric(widgets.figure_title("grids"), formatting.number(figures.grids), border=True)

# The static export's own map (public popups: name, type, stage); a view only, nothing is sent back.
parts = public_export.cached_map()
if parts is not None:
    st_folium(public_export.map_from_parts(parts, data_date=dt.date.today()), key="carte_publique", height=520,
              width=None, returned_objects=[])  # width=None: the container's width

number = 0
if public.page_count(figures.engaged) > 1:
    number = st.selectbox("Territoires affichés", range(public.page_count(figures.engaged)),
                          format_func=lambda n: public.page_label(n, figures.engaged))
rows = public.page(number)
st.dataframe(public.table(rows), hide_index=True, width="stretch", placeholder=widgets.EMPTY_CELL,
             height=min(36 * (len(rows) + 1) + 2, 640))
st.caption(
    "Liste publique des collectivités engagées dans la campagne : nom, type, région ou pays et étape. "
    "Elle ne contient aucune donnée personnelle. Pour l'intégrer à un site, utilisez l'adresse de "
    "cette page suivie de « ?embed=true » dans un cadre (iframe)."
)

# What became of the manifesto: validated commitments by item, and the share done per territory.
commitments = public_commitments.public_data()
if commitments is not None and commitments.items:
    st.header(public_commitments.TITLE)
    st.write(public_commitments.INTRO)
    st.caption(public_commitments.count_text(commitments))
    for item in commitments.items:
        with st.expander(widgets.markdown_text(public_commitments.item_label(item))):
            st.caption(widgets.markdown_text(item.section_title))
            for commitment in item.commitments:
                st.markdown(f"**{widgets.markdown_text(commitment.title)}**  \n"
                            f":gray[{widgets.markdown_text(public_commitments.committer_text(commitment))}]")
                st.progress(commitment.progress / 100, text=public_commitments.progress_text(commitment))
                if commitment.last_news is not None:
                    st.caption(widgets.markdown_text(public_commitments.news_text(commitment)))
    if commitments.territories:
        st.subheader("Avancement par territoire")
        if public_commitments.has_share_map(commitments):
            st.caption(public_commitments.share_summary(commitments))
            st_folium(public_commitments.share_map(commitments), key="carte_engagements", height=460, width=None,
                      returned_objects=[])
        st.dataframe(public_commitments.shares_frame(commitments.territories), hide_index=True, width="stretch",
                     height=min(36 * (len(commitments.territories) + 1) + 2, 640), placeholder=widgets.EMPTY_CELL)
