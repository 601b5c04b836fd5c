"""S'inscrire: the public registration form of territories (no sign-in); a request awaits validation."""

import streamlit as st

from dashboard.space import registration
from dashboard.ui import widgets
from dashboard.ui.territory_picker import choose_territory

HONEYPOT_KEY = "inscription-site"

st.title("Inscrire votre territoire")
thanked = registration.thanks()
if thanked:
    st.success(
        f"Merci : la demande d'inscription de {widgets.markdown_text(thanked)} est bien reçue. La commission "
        "l'examine et vous écrit à l'adresse indiquée ; votre territoire apparaîtra parmi les territoires "
        "engagés une fois la demande validée.",
        icon=":material/mark_email_read:",
    )
    st.button("Faire une autre demande", on_click=registration.set_thanks, args=(None,))
    st.stop()

st.write(
    "Collectivités, intercommunalités, départements et régions : engagez votre territoire dans les "
    "Concertations territoriales de l'IA. La commission valide chaque demande avant que le territoire "
    "n'apparaisse dans la liste publique ; vous recevrez ensuite le lien vers l'espace de votre territoire "
    "(charte d'engagement, grille d'information)."
)
query = st.text_input("Votre collectivité", max_chars=300, key="inscription_territoire",
                      placeholder="Nom, code INSEE ou SIREN (par exemple : Rennes, 35238)")
territory = None
if query.strip():
    territory = choose_territory(registration.resolve(query), key="inscription_choix")

# The honeypot: hidden from people (and from screen readers) by CSS, filled by form robots.
st.html(f"<style>.st-key-{HONEYPOT_KEY} {{ display: none; }}</style>")
notice = registration.notice()
with st.form("inscription", enter_to_submit=False):
    left, right = st.columns(2)
    keys = registration.FORM_KEYS
    left.text_input("Nom et prénom de la personne à contacter", max_chars=200, key=keys["contact_name"])
    right.text_input("Fonction", max_chars=200, placeholder="Par exemple : chargée de mission numérique",
                     key=keys["contact_role"])
    left.text_input("Adresse électronique", max_chars=200, placeholder="prenom.nom@collectivite.fr",
                    key=keys["contact_email"])
    right.text_input("Téléphone (facultatif)", max_chars=30, key=keys["contact_phone"])
    st.multiselect("Réseaux dont votre collectivité est membre (facultatif)", options=list(registration.NETWORKS),
                   placeholder="Choisissez un ou plusieurs réseaux", key=keys["networks"])
    st.text_area("Message à la commission (facultatif)", max_chars=2000, height=100, key=keys["message"])
    with st.container(key=HONEYPOT_KEY):
        st.text_input("Site web (laissez ce champ vide)", key=keys["website"], autocomplete="off")
    with st.expander(notice.title, icon=":material/shield_person:"):
        st.markdown(notice.text)
    st.checkbox("J'ai lu la notice sur les données personnelles et j'accepte que ces informations "
                "soient traitées pour examiner ma demande et accompagner mon territoire.", key=keys["consent"])
    # The request is written in the button's callback: one script run per click (issue 26).
    st.form_submit_button("Envoyer la demande", type="primary", icon=":material/send:",
                          on_click=registration.submit_on_click, args=(territory,))

widgets.show_notice(registration.form_notice())
