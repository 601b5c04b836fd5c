"""Manifeste: the current draft as everyone reads it, with DOCX and Markdown downloads."""

import streamlit as st

from dashboard.manifesto import readers, rendering, sources
from dashboard.text import formatting
from dashboard.text.markdown_safe import safe_markdown
from dashboard.ui import widgets
from data_access.audit_labels import actor_label

st.title("Manifeste")
campaign = widgets.campaign_selector()
if campaign is None:
    widgets.empty_state("Aucune campagne n'est encore enregistrée.")
    st.stop()
sections = readers.sections(campaign.id)
if not sections:
    widgets.empty_state(
        "Le manifeste n'a pas encore de section. Les éditeurs le construisent dans l'« Atelier du manifeste »."
    )
    st.stop()
document = readers.export_document(campaign.id)
st.caption(f"Projet de manifeste — {formatting.plural(len(sections), 'section')} · {rendering.counts_line(document)}.")
left, right, _ = st.columns([1, 1, 2])
left.download_button(
    "Télécharger (Word, .docx)", data=readers.docx_bytes(campaign.id),
    file_name=rendering.file_name(document, "docx"), icon=":material/description:",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document", type="primary",
)
right.download_button(
    "Télécharger (Markdown, .md)", data=readers.markdown_text(campaign.id).encode("utf-8"),
    file_name=rendering.file_name(document, "md"), mime="text/markdown", icon=":material/article:",
)

for number, (section, exported) in enumerate(zip(sections, document.sections, strict=True), start=1):
    st.header(f"{number}. {widgets.markdown_text(section.title)}", divider="gray")
    st.caption(
        f"Statut : {section.status_label} · version {section.version} · mise à jour le "
        f"{formatting.date(section.updated_at.date())} par {widgets.markdown_text(actor_label(section.updated_by))}"
    )
    if section.introduction.strip():
        st.markdown(safe_markdown(section.introduction))
    if not section.items:
        st.caption("Cette section ne contient pas encore de proposition.")
    for item_number, (item, view) in enumerate(zip(exported.items, section.items, strict=True), start=1):
        st.markdown(f"**{number}.{item_number}** {widgets.markdown_text(item.wording)}")
        st.caption(widgets.markdown_text(rendering.attribution(item)))
        if view.proposal_ids:
            cited = sources.item_sources(readers.proposal_rows(view.proposal_ids))
            with st.expander(cited.heading, icon=":material/format_quote:"):
                st.markdown("**Territoires** : " + widgets.markdown_text(" · ".join(cited.territories)))
                st.dataframe(cited.table, hide_index=True, width="stretch", placeholder=widgets.EMPTY_CELL,
                             column_config={"Proposition": st.column_config.TextColumn(width="large")})
