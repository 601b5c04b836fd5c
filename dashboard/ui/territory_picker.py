"""Confirming a territory in the UI: an ambiguous name becomes a choice, never a silent guess.

``choose_territory`` renders nothing for the store; the caller (import, entry form) owns the
widget key and decides what to do with the answer.
"""

from __future__ import annotations

import streamlit as st

from dashboard.text import formatting
from dashboard.ui.widgets import markdown_text
from data_access.territories import reference
from data_access.territories.matching import WORDING_SCORE
from data_access.territories.reference import ReferenceTerritory
from data_access.territories.resolver import Candidate, Resolution

RADIO_MAX_OPTIONS = 6  # beyond this, a select box keeps the form short


def candidate_label(candidate: Candidate) -> str:
    """« Sainte-Colombe — Commune — Gironde (33) — 1 234 habitants »: enough to tell homonyms apart."""
    parts = [candidate.name, reference.KIND_LABELS.get(candidate.kind, candidate.kind)]
    if candidate.dep_code:
        dep_name = reference.departement_names().get(candidate.dep_code)
        parts.append(f"{dep_name} ({candidate.dep_code})" if dep_name else f"dép. {candidate.dep_code}")
    elif candidate.kind == "region":
        parts.append("région")
    if candidate.population is not None:
        parts.append(formatting.plural(candidate.population, "habitant"))
    else:
        parts.append("population inconnue")
    return " — ".join(parts)


def territory_label(territory: ReferenceTerritory) -> str:
    return candidate_label(Candidate(kind=territory.kind, code=territory.code, name=territory.name,
                                     dep_code=territory.dep_code, score=100.0,
                                     population=territory.population))


def choose_territory(resolution: Resolution, *, key: str, show_resolved: bool = True) -> ReferenceTerritory | None:
    """The territory the user confirms for ``resolution``; None until a choice is made.

    resolved → that territory (with a caption unless ``show_resolved`` is False);
    ambiguous → a radio (or select box) among the candidates, nothing preselected;
    unknown → a French message, None.
    """
    query = markdown_text(resolution.query.strip()) or "(vide)"
    if resolution.status == "resolved" and resolution.territory is not None:
        if show_resolved:
            st.caption(f"Territoire reconnu : {markdown_text(territory_label(resolution.territory))}")
        return resolution.territory
    if resolution.status == "ambiguous" and resolution.candidates:
        candidates = list(resolution.candidates)
        if all(c.score < WORDING_SCORE for c in candidates):
            # Names close to it only: « plusieurs collectivités portent ce nom » would be false.
            label = f"« {query} » ne figure pas dans le référentiel. S'agit-il de l'un de ces noms proches ?"
            help_text = "Aucune collectivité ne porte exactement ce nom : choisissez la bonne ou corrigez le fichier."
        else:
            label = f"Plusieurs territoires correspondent à « {query} » : lequel est le bon ?"
            help_text = "Le nom seul ne suffit pas : choisissez d'après le département et la population."
        if len(candidates) <= RADIO_MAX_OPTIONS:
            chosen = st.radio(label, options=range(len(candidates)), index=None, key=key,
                              format_func=lambda i: candidate_label(candidates[i]), help=help_text)
        else:
            chosen = st.selectbox(label, options=range(len(candidates)), index=None, key=key,
                                  format_func=lambda i: candidate_label(candidates[i]), help=help_text,
                                  placeholder="Choisissez un territoire…")
        if chosen is None:
            return None
        picked = candidates[int(chosen)]
        return reference.get(picked.kind, picked.code)
    st.warning(
        f"Aucun territoire ne correspond à « {query} ». Vérifiez l'orthographe, ajoutez le "
        "département (ex. « Sainte-Colombe (33) ») ou saisissez le code INSEE ou SIREN.",
        icon=":material/location_off:",
    )
    return None
