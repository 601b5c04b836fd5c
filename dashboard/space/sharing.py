"""What a territory shares: the « Ce que vous partagez » section of its space, and the charter's
defaults next to the charter in Administration. One block each, called by their page.

Nothing here is cached: a territory's own choices are personal and must be fresh.
"""

from __future__ import annotations

import streamlit as st

from data_access.access import Actor
from data_access.db import session_scope
from data_access.errors import UserFacingError
from data_access.space import sharing
from data_access.space.sharing import CATEGORY_HELP, Category, Choices

TOGGLE_LABELS: dict[Category, str] = {
    Category.METHODES: "Partager nos méthodes",
    Category.ENSEIGNEMENTS: "Partager nos enseignements",
    Category.PROPOSITIONS: "Partager nos propositions",
}
NEVER_SHARED = ("Vos contacts (nom, adresse électronique, téléphone) ne sont **jamais** partagés, "
                "quels que soient vos choix.")


def choices_of(actor: Actor, participation_id: int) -> Choices:
    with session_scope() as session:
        return sharing.choices_of(session, actor=actor, participation_id=participation_id)


def save_choices(actor: Actor, participation_id: int, choices: Choices) -> Choices:
    with session_scope() as session:
        return sharing.set_choices(session, actor=actor, participation_id=participation_id,
                                   methods=choices.methods, findings=choices.findings, proposals=choices.proposals)


def campaign_defaults(campaign_id: int) -> Choices:
    with session_scope() as session:
        return sharing.campaign_defaults(session, campaign_id)


def save_campaign_defaults(actor: Actor, campaign_id: int, choices: Choices) -> Choices:
    with session_scope() as session:
        return sharing.set_campaign_defaults(session, actor=actor, campaign_id=campaign_id, methods=choices.methods,
                                             findings=choices.findings, proposals=choices.proposals)


def summary(choices: Choices) -> str:
    """« Vous partagez vos méthodes et vos propositions, mais pas vos enseignements. »"""
    shared = [f"vos {sharing.CATEGORY_LABELS[c].lower()}" for c in Category if choices.shares(c)]
    kept = [f"vos {sharing.CATEGORY_LABELS[c].lower()}" for c in Category if not choices.shares(c)]
    if not shared:
        return "Vous ne partagez rien avec les autres territoires pour l'instant."
    sentence = f"Vous partagez {_join(shared, 'et')}"
    return f"{sentence}, mais pas {_join(kept, 'ni')}." if kept else f"{sentence}."


def _join(parts: list[str], last: str = "et") -> str:
    """« a, b et c » (or « a ni b » after a negation)."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"


def _toggles(current: Choices, labels: dict[Category, str]) -> Choices:
    values = {category: st.toggle(labels[category], value=current.shares(category),
                                  help=f"Ce que cela couvre : {CATEGORY_HELP[category]}.")
              for category in Category}
    return Choices(methods=values[Category.METHODES], findings=values[Category.ENSEIGNEMENTS],
                   proposals=values[Category.PROPOSITIONS])


def space_section(actor: Actor, participation_id: int) -> None:
    """« Ce que vous partagez », in the territory's space."""
    st.header("Ce que vous partagez")
    st.write("Les territoires engagés se découvrent dans la **Bibliothèque des concertations** (dans le menu) : "
             "chacun y voit ce que les autres choisissent de partager. Vous choisissez ici, pour chaque "
             "catégorie, ce que votre territoire met en commun. Vous pouvez changer d'avis à tout moment.")
    for category in Category:
        st.markdown(f"- **{sharing.CATEGORY_LABELS[category]}** : {CATEGORY_HELP[category]}.")
    st.markdown(NEVER_SHARED)
    current = choices_of(actor, participation_id)
    with st.form("partage-choix", enter_to_submit=False):
        wanted = _toggles(current, TOGGLE_LABELS)
        submitted = st.form_submit_button("Enregistrer mes choix de partage", type="primary")
    if submitted:
        try:
            current = save_choices(actor, participation_id, wanted)
        except UserFacingError as exc:
            st.error(str(exc), icon=":material/error:")
        else:
            st.success("Vos choix de partage sont enregistrés : ils s'appliquent dès maintenant dans la "
                       "Bibliothèque des concertations.", icon=":material/check_circle:")
    st.caption(summary(current) + ("" if current.chosen else
                                   " Ce sont les choix prévus par la charte, tant que vous n'en faites pas d'autres."))


def defaults_form(actor: Actor, campaign_id: int) -> None:
    """The charter's defaults, next to the charter in Administration « Espace des territoires »."""
    st.subheader("Partage entre territoires")
    st.caption("Ce que la charte prévoit que chaque territoire partage dans la Bibliothèque des concertations, "
               "tant qu'il n'a pas fait ses propres choix dans son espace. Les contacts ne sont jamais partagés.")
    current = campaign_defaults(campaign_id)
    with st.form("partage-defaut"):
        wanted = _toggles(current, {Category.METHODES: "Méthodes partagées par défaut",
                                    Category.ENSEIGNEMENTS: "Enseignements partagés par défaut",
                                    Category.PROPOSITIONS: "Propositions partagées par défaut"})
        if st.form_submit_button("Enregistrer le partage par défaut"):
            try:
                save_campaign_defaults(actor, campaign_id, wanted)
            except UserFacingError as exc:
                st.error(str(exc), icon=":material/error:")
            else:
                st.success("Partage par défaut enregistré.")
