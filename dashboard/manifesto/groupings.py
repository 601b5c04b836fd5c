"""The « Propositions quasi identiques » panel of the Atelier's « Thèmes » step: near-identical
wordings from several territories, offered as groupings, and the consolidated proposals accepted
from them, with the writes of their buttons and their French captions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from dashboard.manifesto import readers, workshop
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access import manifesto
from data_access.access import Actor
from data_access.audit_labels import actor_label
from data_access.manifesto import similarity
from data_access.manifesto.proposals import ProposalRow
from data_access.manifesto.similarity import GroupInfo, Suggestion

SHOWN = 15  # pending groupings shown at once
LISTED = 30  # proposals listed under a grouping


def show(actor: Actor, campaign_id: int) -> None:
    """Near-identical wordings from several territories and the consolidated proposals (« Propositions proches »)."""
    st.subheader("Propositions quasi identiques")
    titles = workshop.section_titles(campaign_id)
    st.caption("Propositions très proches venues de territoires différents. Ce ne sont que des suggestions : "
               "acceptez un regroupement pour en faire une proposition consolidée (elle garde le lien vers "
               "chaque proposition et chaque territoire), ou rejetez-le (il ne sera plus proposé).")
    wanted = st.toggle("Chercher les propositions proches", value=workshop.look_for_similar(campaign_id),
                       key="suggest-toggle",
                       help="Le calcul compare toutes les propositions de la campagne ; il est gardé en cache.")
    pending = readers.suggestions(campaign_id) if wanted else []
    if wanted:
        st.metric("Suggestions en attente", formatting.number(len(pending)))
    for suggestion in pending[:SHOWN]:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(suggestion.representative)}**")
            st.caption(suggestion_caption(suggestion))
            with st.expander("Voir les propositions"):
                # One Markdown list, not 30 elements: an expander draws its content at every run, open or not.
                st.markdown(proposal_list(readers.proposal_rows(suggestion.proposal_ids[:LISTED])))
                if len(suggestion.proposal_ids) > LISTED:
                    st.caption(workshop.others(len(suggestion.proposal_ids) - LISTED))
            wording_key = f"wording-{suggestion.signature}"
            st.text_input("Libellé de la proposition consolidée", suggestion.representative, key=wording_key)
            accept_col, reject_col, _ = st.columns([1, 1, 2])
            accept_col.button("Accepter le regroupement", key=f"accept-{suggestion.signature}", type="primary",
                              **accept(actor, campaign_id, suggestion, wording_key))
            reject_col.button("Rejeter", key=f"reject-{suggestion.signature}",
                              **reject(actor, campaign_id, suggestion))
    groups = readers.accepted_groups(campaign_id)
    st.subheader("Propositions consolidées")
    if not groups:
        st.caption("Aucun regroupement accepté pour l'instant.")
    for group in groups:
        with st.container(border=True):
            st.markdown(f"**{widgets.markdown_text(group.wording)}**")
            st.caption(group_caption(group))
            g1, g2, g3 = st.columns([2, 1, 1], vertical_alignment="bottom")
            target_key = f"group-target-{group.id}"
            group_target = g1.selectbox("Section", list(titles), format_func=titles.__getitem__, key=target_key)
            g2.button("Ajouter à la section", key=f"group-add-{group.id}", disabled=group_target is None,
                      **add_to_section(actor, group.id, target_key))
            g3.button("Dissoudre", key=f"group-dissolve-{group.id}", **dissolve(actor, group.id))


# --- Captions ----------------------------------------------------------------------------------------
def suggestion_caption(suggestion: Suggestion) -> str:
    """« 4 propositions · 3 territoires · proximité moyenne 91 % »."""
    return (f"{formatting.plural(len(suggestion.proposal_ids), 'proposition')} · "
            f"{formatting.plural(suggestion.territories, 'territoire')} · "
            f"proximité moyenne {formatting.percent(suggestion.cohesion)}")


def proposal_list(rows: Sequence[ProposalRow]) -> str:
    """One Markdown list of proposals and their territories (one element, not one per proposal)."""
    return "\n".join(f"- {widgets.markdown_text(row.text)} — *{widgets.markdown_text(row.territory_name)}*"
                     for row in rows)


def group_caption(group: GroupInfo) -> str:
    """« 4 propositions · 3 territoires · accepté par Camille Martin »."""
    return (f"{formatting.plural(len(group.proposal_ids), 'proposition')} · "
            f"{formatting.plural(group.territories, 'territoire')} · accepté par "
            f"{widgets.markdown_text(actor_label(group.created_by))}")


# --- Buttons -----------------------------------------------------------------------------------------
def accept(actor: Actor, campaign_id: int, suggestion: Suggestion, wording_key: str) -> dict[str, Any]:
    """« Accepter le regroupement » under the wording typed for the consolidated proposal."""
    return workshop.on_click(similarity.accept, "Regroupement accepté : proposition consolidée créée.",
                             actor=actor, campaign_id=campaign_id, proposal_ids=list(suggestion.proposal_ids),
                             read=lambda: {"wording": state.widget_value(wording_key, "")})


def reject(actor: Actor, campaign_id: int, suggestion: Suggestion) -> dict[str, Any]:
    return workshop.on_click(similarity.reject, "Suggestion rejetée : elle ne sera plus proposée.",
                             actor=actor, campaign_id=campaign_id, proposal_ids=list(suggestion.proposal_ids))


def add_to_section(actor: Actor, group_id: int, section_key: str) -> dict[str, Any]:
    return workshop.on_click(manifesto.add_group, "Proposition consolidée ajoutée à la section.", actor=actor,
                             group_id=group_id, read=lambda: {"section_id": state.widget_value(section_key)})


def dissolve(actor: Actor, group_id: int) -> dict[str, Any]:
    return workshop.on_click(similarity.dissolve, "Regroupement dissous.", actor=actor, group_id=group_id)
