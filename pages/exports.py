"""Exports et données ouvertes: map images, offline HTML map, key-figures card, open-data zip."""

import datetime as dt

import streamlit as st

from dashboard.access import auth
from dashboard.exports import readers
from dashboard.exports.static_maps import LAYER_LABELS, MEASURE_LABELS, PRESETS
from dashboard.text import formatting
from dashboard.ui import widgets

FORMAT_LABELS = {"png": "PNG (image)", "svg": "SVG (vectoriel)", "pdf": "PDF (impression)"}
MIME = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}

st.title("Exports et données ouvertes")
actor = auth.current_actor()
campaign = widgets.campaign_selector()
if campaign is None:
    widgets.empty_state("Aucune campagne n'est encore enregistrée : rien à exporter pour l'instant.")
    st.stop()
filters = widgets.filter_bar(campaign.id)
today = dt.date.today()
stamp = today.isoformat()
if not filters.is_empty:
    st.caption("Les cartes et les chiffres clés suivent les filtres choisis dans le panneau latéral.")

st.subheader("Carte en image")
columns = st.columns([1, 1, 1.2, 1])
layer = columns[0].selectbox("Couche", options=list(LAYER_LABELS), format_func=LAYER_LABELS.__getitem__)
measure = columns[1].selectbox(
    "Couleur selon", options=list(MEASURE_LABELS), format_func=MEASURE_LABELS.__getitem__,
    disabled=layer == "territoires", help="Sans objet pour les territoires en points (couleur = étape).",
)
preset = columns[2].selectbox("Format de publication", options=list(PRESETS), index=list(PRESETS).index("wide"),
                              format_func=lambda name: PRESETS[name].label)
image_format = columns[3].selectbox("Type de fichier", options=list(FORMAT_LABELS),
                                    format_func=FORMAT_LABELS.__getitem__)
chosen = PRESETS[preset]
width, height = chosen.pixels
if chosen.paper:
    st.caption(f"Page {chosen.label} : PDF au format exact du papier, PNG de {formatting.number(width)} × "
               f"{formatting.number(height)} pixels (300 dpi). Sans navigateur ni connexion internet.")
else:
    st.caption(f"Image de {formatting.number(width)} × {formatting.number(height)} pixels pour le PNG. "
               "Sans navigateur ni connexion internet.")
st.download_button(
    "Télécharger la carte", icon=":material/map:", type="primary", on_click="ignore",
    data=lambda: readers.map_image(filters, layer, measure, preset, image_format, today),
    file_name=f"carte-{layer}-{preset}-{stamp}.{image_format}", mime=MIME[image_format],
)
if st.toggle("Afficher un aperçu", help="L'aperçu est une image PNG au format choisi."):
    st.image(readers.map_image(filters, layer, measure, preset, "png", today))

st.subheader("Carte interactive hors ligne")
st.markdown(
    "Un seul fichier HTML qui s'ouvre dans un navigateur sans connexion internet : la carte de la page "
    "Carte, avec son titre, sa légende et sa source (départements colorés selon le nombre de "
    "territoires engagés, territoires regroupés et colorés par étape)."
)
st.download_button(
    "Télécharger la carte interactive (HTML)", icon=":material/public:", on_click="ignore",
    data=lambda: readers.offline_map_html(filters, today),
    file_name=f"carte-interactive-{stamp}.html", mime="text/html",
)

st.subheader("Chiffres clés")
st.markdown("Une image carrée (1 080 × 1 080) pour les réseaux sociaux.")
st.download_button(
    "Télécharger les chiffres clés (PNG)", icon=":material/image:", on_click="ignore",
    data=lambda: readers.key_figures_card(filters, campaign.name, today),
    file_name=f"chiffres-cles-{stamp}.png", mime="image/png",
)

st.subheader("Données ouvertes")
if actor.is_admin:
    st.markdown(
        "Archive zip : territoires engagés, sessions, enseignements et propositions en CSV (UTF-8) "
        "et XLSX, positions en GeoJSON, dictionnaire des données (`datapackage.json`), notice et "
        "texte de la Licence Ouverte 2.0. **Aucune donnée personnelle** (contacts, courriels, "
        "téléphones, noms de personnes). Toute la campagne, sans les filtres."
    )
    st.download_button(
        "Télécharger les données ouvertes (zip)", icon=":material/dataset:", on_click="ignore",
        data=lambda: readers.opendata_zip(actor, campaign.id),
        file_name=f"donnees-ouvertes-{stamp}.zip", mime="application/zip",
    )
else:
    st.info("La publication des données ouvertes est réservée aux administrateurs.", icon=":material/lock:")
