"""Suivi des engagements (commission): what became of the manifesto's commitments, by item, status,
territory and région; the map of the share done; reminders; a commitment's sheet and its forms; the
status list; the CSV export and import.

Layout only: readers, figures, forms and writes are in dashboard/commitments/. Every write runs in
its button's callback (one run per action); the view control keeps the user where they were.
"""

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from dashboard.access import auth
from dashboard.commitments import actions, charts, forms, maps, readers, settings, tables
from dashboard.monitoring import layout
from dashboard.monitoring import maps as monitoring_maps
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.errors import UserFacingError

SUMMARY, MAP, STALE, LIST, NEW, STATUSES, CSV = (
    "Synthèse", "Carte", "Sans nouvelles", actions.LIST_VIEW, "Nouvel engagement", "Statuts", "Import et export")

st.title("Suivi des engagements")
actor = auth.current_actor()
campaign = layout.campaign_or_stop()
actions.show_flash()

today = dt.date.today()
status_list = readers.status_list(campaign.id)
items = readers.items(campaign.id)
territories = readers.territories(campaign.id)
filters = forms.filter_bar(items, status_list)
rows = readers.rows(campaign.id, filters, actor)
stale = readers.stale(campaign.id, today, actor)
months = readers.news_months(campaign.id)

figures = charts.key_figures(rows, stale)
first, second, third, fourth = st.columns(4)
first.metric("Engagements", formatting.number(figures.total), border=True)
second.metric("Validés", formatting.number(figures.validated), border=True,
              help="Seuls les engagements validés par la commission sont publics.")
third.metric("Part réalisée", formatting.percent(figures.done_share), border=True)
fourth.metric(f"Sans nouvelles depuis {formatting.plural(months, 'mois', 'mois')}",
              formatting.number(figures.without_news), border=True)
if filters != forms.CommitmentFilters():
    st.caption("Chiffres restreints par les filtres choisis.")

views = [SUMMARY, MAP, STALE, LIST, *([NEW] if actor.can_edit else []), STATUSES, CSV]
current = state.commitments_view()
view = st.segmented_control("Vue", views, default=current if current in views else SUMMARY,
                            key=state.COMMITMENTS_VIEW, label_visibility="collapsed") or SUMMARY

if view == SUMMARY:
    grouping = st.segmented_control("Regrouper", list(charts.GROUPINGS), default=next(iter(charts.GROUPINGS)),
                                    key=state.COMMITMENTS_GROUPING) or next(iter(charts.GROUPINGS))
    by = charts.GROUPINGS[grouping]
    groups = readers.groups(campaign.id, filters, by, actor)
    if not rows:
        widgets.empty_state("Aucun engagement avec les filtres choisis." if filters != forms.CommitmentFilters() else
                            "Aucun engagement n'est encore enregistré : créez le premier dans la vue "
                            "« Nouvel engagement », ou importez un fichier CSV.")
    elif not groups:
        widgets.empty_state("Aucun engagement de territoire avec les filtres choisis : ceux de la commission et des "
                            "réseaux partenaires n'ont pas de territoire.")
    else:
        layout.chart_block(layout.chart(charts.group_chart, groups, by), charts.group_summary(groups, by),
                           layout.data_table(charts.group_table, groups, by), key=f"engagements_{by}")

elif view == MAP:
    shares = readers.shares(campaign.id, filters, actor)
    try:
        tiles = monitoring_maps.configured_tiles()
    except UserFacingError as exc:
        st.error(str(exc))
        tiles = "aucun"
    st_folium(maps.share_map(shares, tiles=tiles), key="engagements_carte", height=560, width=None,
              returned_objects=[])
    st.markdown(widgets.markdown_text(maps.share_summary(shares)))
    with st.expander("Afficher les données de la carte", icon=":material/table:"):
        if shares:
            widgets.table(maps.share_table(shares))
        else:
            st.caption("Aucune donnée.")

elif view == STALE:
    st.markdown(f"**Engagements en cours sans nouvelles depuis {formatting.plural(months, 'mois', 'mois')}** "
                "(ni actualité ni modification), du plus ancien au plus récent.")
    settings.news_delay(actor=actor, campaign_id=campaign.id, months=months)
    shown = {row.id for row in rows}
    listed = [s for s in stale if s.id in shown]
    if listed:
        widgets.table(tables.stale_table(listed), column_config=tables.TITLE_COLUMN)
        st.caption("Les territoires indiquent leur avancement depuis leur espace ; la relance se fait avec leur "
                   "lien personnel (page « Suivi », liens de relance).")
    else:
        widgets.empty_state(f"Aucun engagement sans nouvelles depuis {formatting.plural(months, 'mois', 'mois')}.")

elif view == LIST:
    if not rows:
        widgets.empty_state("Aucun engagement avec les filtres choisis.")
    else:
        widgets.table(tables.rows_table(rows, with_authors=actor.sees_personal_data), max_rows=15,
                      column_config=tables.TITLE_COLUMN)
        labels = {row.id: tables.commitment_label(row) for row in rows}
        selected = state.selected_commitment()
        chosen = st.selectbox("Engagement à consulter", list(labels), format_func=labels.__getitem__,
                              index=list(labels).index(selected) if selected in labels else 0)
        state.set_selected_commitment(chosen)
        forms.detail_sheet(actor=actor, detail=readers.detail(chosen, actor), status_list=status_list, items=items,
                           territories=territories)

elif view == NEW:
    forms.create_form(actor=actor, campaign_id=campaign.id, items=items, status_list=status_list,
                      territories=territories, rows=readers.rows(campaign.id, forms.CommitmentFilters(), actor))

elif view == STATUSES:
    settings.status_editor(actor=actor, campaign_id=campaign.id, status_list=status_list)

elif view == CSV:
    settings.csv_export(actor=actor, campaign_id=campaign.id)
    settings.csv_import(actor=actor, campaign_id=campaign.id)
