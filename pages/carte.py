"""Carte: engaged territories by stage over départements or régions; click to open a sheet."""

import datetime as dt

import streamlit as st
from streamlit_folium import st_folium

from dashboard import navigation
from dashboard.exports import readers as exports_readers
from dashboard.monitoring import layout, maps, readers
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access.errors import UserFacingError

campaign, filters = layout.page_start("Carte des territoires engagés")

left, middle, right = st.columns([1, 1, 1.4])
level = left.radio("Contours", options=["departements", "regions"], horizontal=True,
                   format_func=maps.LEVEL_LABELS.__getitem__)
measure = middle.radio("Couleur des contours", options=["engaged", "charter_rate"], horizontal=True,
                       format_func=lambda m: {"engaged": "Nombre d'engagés", "charter_rate": "Taux de charte"}[m])
choices = maps.views(bool(filters.reg_codes or filters.dep_codes))
view_labels = [view.label for view in choices]
view_label = right.selectbox("Vue", options=view_labels,
                             help="Accès direct à la Corse, à l'Île-de-France, aux outre-mer et aux territoires "
                                  "à l'international.")
view = choices[view_labels.index(view_label)]
# Filtering by région or département opens on its territories (first choice of « Vue »).
fit = view is maps.FITTED

layers = readers.map_layers(filters, level, measure)
try:
    tiles = maps.configured_tiles()
except UserFacingError as exc:
    st.error(str(exc))
    tiles = "aucun"
fmap = maps.map_from_layers(layers, tiles=tiles, view=view, fit=fit)
# Only clicks on a territory rerun the page: panning and zooming send nothing back.
result = st_folium(fmap, key="carte_engagement", height=620, width=None,  # the container's width
                   returned_objects=["last_object_clicked"])

st.caption(
    f"{formatting.plural(layers.count, 'territoire placé', 'territoires placés')} sur la carte. "
    "Cliquez sur un point pour ouvrir sa fiche ; les groupes de points s'ouvrent en zoomant. "
    f"Contours : {maps.ATTRIBUTION}."
)

clicked = (result or {}).get("last_object_clicked")
if clicked and "lat" in clicked and "lng" in clicked:
    point = readers.map_point(filters, near=(float(clicked["lat"]), float(clicked["lng"])))
    if point is not None:
        state.set_selected_territory(point.participation_id)

selected = state.selected_territory()
selected_point = readers.map_point(filters, selected) if selected is not None else None
if selected_point is not None:
    with st.container(border=True):
        st.markdown(f"**{widgets.markdown_text(selected_point.name)}** — "
                    f"{widgets.markdown_text(maps.point_description(selected_point))}")
        st.page_link(str(navigation.PAGES_DIR / "fiche_territoire.py"), label="Ouvrir la fiche du territoire",
                     icon=":material/location_city:")

with st.expander("Afficher les données de la carte", icon=":material/table:"):
    widgets.table(maps.area_table(readers.area_counts(filters, level), level))

with st.expander("Télécharger la carte", icon=":material/download:"):
    st.caption("Images sans navigateur ni connexion (contours et mesure choisis ci-dessus, filtres appliqués) ; "
               "carte interactive en un seul fichier HTML qui fonctionne hors ligne.")
    today = dt.date.today()
    stamp = today.isoformat()
    downloads = st.columns(4)
    for column, (fmt, preset, label, mime) in zip(downloads, (
        ("png", "wide", "PNG 1 200 × 675", "image/png"),
        ("svg", "print", "SVG A4 paysage", "image/svg+xml"),
        ("pdf", "print", "PDF A4 paysage", "application/pdf"),
    ), strict=False):
        column.download_button(
            label, icon=":material/image:", on_click="ignore", key=f"carte_{fmt}",
            data=lambda fmt=fmt, preset=preset: exports_readers.map_image(filters, level, measure, preset, fmt, today),
            file_name=f"carte-{level}-{stamp}.{fmt}", mime=mime,
        )
    downloads[3].download_button(
        "HTML hors ligne", icon=":material/public:", on_click="ignore", key="carte_html",
        data=lambda: exports_readers.offline_map_html(filters, today, level, measure),
        file_name=f"carte-interactive-{stamp}.html",
        mime="text/html",
    )
    st.page_link(str(navigation.PAGES_DIR / "exports.py"), label="Plus de formats (A4 et A3, portrait, carré…)",
                 icon=":material/tune:")
