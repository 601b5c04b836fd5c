"""Espace territoire: what a territory sees through its personal link — its stage and the charter to sign."""

import datetime as dt

import streamlit as st

from dashboard.access import auth
from dashboard.space import commitments_section, grid_form, links
from dashboard.space import sharing as space_sharing
from dashboard.text import summaries
from dashboard.text.markdown_safe import safe_markdown
from dashboard.ui import widgets

actor = auth.current_actor()
if not actor.is_territory or not actor.participation_ids:
    st.title("Espace territoire")
    widgets.empty_state("Cet espace s'ouvre avec le lien personnel envoyé à votre territoire par la commission.")
    st.stop()
participation_id = min(actor.participation_ids)
space = links.own_space(actor, participation_id)

st.title(f"Espace territoire — {space.territory_name}")
st.caption(f"{space.campaign_name} · connecté en tant que {widgets.markdown_text(actor.email)}")
st.metric("Étape de votre territoire", space.stage_label, border=True)

st.header("Charte d'engagement")
widgets.show_notice(links.charter_notice())
if space.signed_on is not None:
    st.success(widgets.markdown_text(summaries.signature_sentence(
        space.signed_on, name=space.signatory_name, role=space.signatory_role, version=space.signed_version,
        lead="Charte signée")),
        icon=":material/verified:")
    if space.signed_version is not None and space.signed_version < space.charter_version:
        st.info(f"La charte a changé depuis (version {space.charter_version}) : vous pouvez signer la nouvelle version.")
if not space.charter_text:
    widgets.empty_state("La commission n'a pas encore publié le texte de la charte.")
# A signature without a version was recorded outside the platform (paper charter, imported grid):
# it stands; only a signature of an older published version is offered the new one.
elif space.signed_on is None or (space.signed_version is not None and space.signed_version < space.charter_version):
    with st.container(border=True):
        st.markdown(safe_markdown(space.charter_text))
    with st.form("signature-charte", enter_to_submit=False):
        st.subheader(f"Signer la charte (version {space.charter_version})")
        keys = links.CHARTER_KEYS
        st.text_input("Nom et prénom de la personne qui signe", max_chars=200, key=keys["name"])
        st.text_input("Qualité", max_chars=200, placeholder="Par exemple : maire, président de l'agglomération",
                      key=keys["role"])
        st.date_input("Date de signature", value=dt.date.today(), max_value=dt.date.today(), format="DD/MM/YYYY",
                      key=keys["signed_on"])
        st.checkbox(f"J'ai lu la charte et je l'accepte au nom de {space.territory_name}.", key=keys["accepted"])
        # Signed in the button's callback: one script run per click (issue 26).
        st.form_submit_button("Signer la charte", type="primary", on_click=links.sign_charter_on_click,
                              args=(actor, participation_id))
else:
    with st.expander("Relire la charte signée"):
        st.markdown(safe_markdown(space.charter_text))

grid_form.render(actor, participation_id)
commitments_section.render(actor, participation_id)
space_sharing.space_section(actor, participation_id)
