"""Bibliothèque des concertations: what territories share with each other (methods, findings,
proposals), with filters and a French search. Territories and the commission read it; never a contact."""

import streamlit as st

from dashboard.access import auth
from dashboard.space import library as view
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access.space import library, library_pages
from data_access.space.sharing import Category
from data_access.territories import reference

actor = auth.current_actor()
st.title("Bibliothèque des concertations")
if actor.is_territory:
    campaign_id = view.campaign_of(min(actor.participation_ids)) if actor.participation_ids else None
else:
    campaign = widgets.campaign_selector()
    campaign_id = campaign.id if campaign else None
if campaign_id is None:
    widgets.empty_state("Aucune campagne n'est enregistrée : la bibliothèque est vide pour l'instant.")
    st.stop()
assert campaign_id is not None

st.write("Les méthodes, enseignements et propositions que les territoires engagés choisissent de partager "
         "entre eux. Chaque territoire décide de ce qu'il partage ; aucun contact n'y figure jamais.")
if not actor.is_territory:
    st.caption("Vous voyez la bibliothèque comme les territoires : seulement ce que chacun partage.")

cards, own = view.cards(actor, campaign_id)
if not cards:
    widgets.empty_state("Aucun territoire ne partage encore ses résultats. Revenez quand les premières grilles "
                        "auront été déposées.")
    st.stop()

options = library_pages.filter_options(cards)
regions = options["regions"]
text = st.text_input("Rechercher dans les enseignements et les propositions", max_chars=200,
                     placeholder="Par exemple : formation des agents, « données personnelles », Rennes")
first, second, third = st.columns(3)
kinds = first.multiselect("Type de collectivité", options["kinds"], format_func=reference.KIND_LABELS.__getitem__,
                          placeholder="Tous les types")
reg_codes = second.multiselect("Région", regions, format_func=reference.region_label,
                               placeholder="Toutes les régions")
themes = third.multiselect("Thème", options["themes"], placeholder="Tous les thèmes")
fourth, fifth = st.columns(2)
formats = fourth.multiselect("Format des sessions", options["formats"], format_func=str.capitalize,
                             placeholder="Tous les formats")
publics = fifth.multiselect("Public associé", options["publics"], format_func=str.capitalize,
                            placeholder="Tous les publics")
query = library.Query(text=text.strip(), kinds=tuple(kinds), reg_codes=tuple(reg_codes), formats=tuple(formats),
                      publics=tuple(publics), themes=tuple(themes))
selection = view.select(cards, own, campaign_id, query)

if not selection.territories:
    widgets.empty_state("Aucun territoire ne correspond à cette recherche. Retirez un filtre ou essayez "
                        "d'autres mots.", icon=":material/search_off:")
    st.stop()
st.markdown(f"**{view.headline(selection)}**")

pages = range((selection.territories - 1) // view.PAGE_SIZE + 1)
page = 0
if len(pages) > 1:
    page = st.selectbox("Territoires affichés", pages,
                        format_func=lambda n: f"{view.page_label(n, selection.territories)} sur "
                                              f"{formatting.number(selection.territories)}")
for entry in view.shown(selection, page, campaign_id, own, query):
    with st.container(border=True):
        st.header(widgets.markdown_text(entry.name), anchor=False)  # h2 under the page title (axe: heading order)
        st.caption(view.entry_caption(entry))
        if entry.own:
            st.info(view.own_note(entry), icon=":material/home_work:")
        if entry.sessions is None:
            st.caption(view.NOT_SHARED[Category.METHODES])
        elif not entry.sessions:
            st.caption(view.NOTHING_YET[Category.METHODES])
        else:
            with st.expander(view.methods_title(entry), icon=":material/groups:"):
                widgets.table(view.sessions_table(entry))
        if entry.findings is None:
            st.caption(view.NOT_SHARED[Category.ENSEIGNEMENTS])
        elif not entry.findings:
            st.caption(view.NOTHING_YET[Category.ENSEIGNEMENTS])
        else:
            with st.expander(f"Enseignements ({formatting.number(len(entry.findings))})", icon=":material/lightbulb:"):
                st.markdown(view.findings_markdown(entry))
        if entry.proposals is None:
            st.caption(view.NOT_SHARED[Category.PROPOSITIONS])
        elif not entry.proposals:
            st.caption(view.NOTHING_YET[Category.PROPOSITIONS])
        else:
            with st.expander(f"Propositions ({formatting.number(len(entry.proposals))})", icon=":material/campaign:"):
                st.markdown(view.proposals_markdown(entry))
