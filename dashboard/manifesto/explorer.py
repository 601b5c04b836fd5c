"""The « Explorer » step of the Atelier, apart from its layout: the territory filter's names, the
sentence under the results, the check boxes and the proposals each stands for, the items an idea
can be attached to, and the question asked (with its answers' writes) before adding proposals
already in the manifesto.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.manifesto import readers, workshop
from dashboard.text import formatting
from dashboard.ui import state, widgets
from data_access import manifesto
from data_access.access import Actor
from data_access.manifesto import Placement
from data_access.manifesto.proposals import ProposalRow, SearchResult
from data_access.territories import reference

PAGE_SIZE = 25  # results shown: the most relevant ideas first
EXCERPT = 80  # characters of a proposal quoted in the question before an add

# Widget keys the buttons' callbacks read at click time.
NONCE = "explorer"  # renewed after an action: the result boxes come back unticked
TARGET = "explorer-target"
ITEM_TARGET = "explorer-item-target"
SHORT_TARGET = "short-target"

Candidates = tuple[tuple[str, tuple[int, ...]], ...]  # (box key, proposal ids it stands for)


@dataclass(frozen=True)
class Boxes:
    """A list of check boxes: their Markdown labels, and the proposals behind each (the buttons'
    callbacks read which boxes are ticked at click time)."""

    labels: dict[str, str]  # box key → label, in the order drawn
    candidates: Candidates
    placed: frozenset[int] = frozenset()  # ids already feeding the manifesto: adding them asks first


def territory_options(campaign_id: int) -> dict[int, str]:
    """participation id → « Rennes (Commune) »: the territories that made proposals."""
    return {pid: f"{name} ({reference.KIND_LABELS.get(kind, kind)})"
            for pid, name, kind in readers.contributing_territories(campaign_id)}


def results_caption(result: SearchResult, text: str) -> str | None:
    """What the list below shows: the distinct ideas found and how, or the latest proposals."""
    if not result.rows:
        return None
    if not text.strip():
        return "Sans recherche : les propositions les plus récentes, d'un territoire à l'autre."
    loose = result.total - result.exact
    return (f"{formatting.plural(result.ideas, 'idée distincte', 'idées distinctes')} (les mêmes formulations "
            f"de plusieurs territoires ne font qu'un résultat) ; les {min(PAGE_SIZE, result.ideas)} premières, "
            "les plus pertinentes d'abord, par les mots ou par le sens"
            + (f" ; {formatting.plural(loose, 'proposition')} ne contiennent pas tous les mots."
               if loose else "."))


def result_boxes(result: SearchResult, placed: dict[int, tuple[Placement, ...]],
                 by_text: dict[str, tuple[Placement, ...]], nonce: int) -> Boxes:
    """One box per result. It stands for the idea's copies from other territories too, except those
    already in the manifesto; the ids among them already placed (or whose wording is) are noted."""
    marks = {row.id: workshop.where_placed(row, placed, by_text) for row in result.rows}
    labels: dict[str, str] = {}
    candidates: list[tuple[str, tuple[int, ...]]] = []
    for row in result.rows:
        found, same_text = marks[row.id]
        key = f"pick-{nonce}-{row.id}"
        labels[key] = workshop.proposal_label(row, found, result.reasons.get(row.id, ()), same_text,
                                              copies=result.same_wording(row.id),
                                              territories=result.idea_territories.get(row.id, 1))
        fresh = tuple(pid for pid in result.groups.get(row.id, (row.id,)) if pid == row.id or pid not in placed)
        for pid in fresh:
            marks.setdefault(pid, marks[row.id])
        candidates.append((key, fresh))
    return Boxes(labels=labels, candidates=tuple(candidates),
                 placed=frozenset(pid for pid, mark in marks.items() if mark[0]))


def shortlist_boxes(rows: Sequence[ProposalRow], placed: dict[int, tuple[Placement, ...]],
                    by_text: dict[str, tuple[Placement, ...]]) -> Boxes:
    """One box per proposal of « Ma sélection », marked where it already is in the manifesto."""
    labels = {}
    for row in rows:
        found, same_text = workshop.where_placed(row, placed, by_text)
        labels[f"short-{row.id}"] = workshop.proposal_label(row, found, same_text=same_text)
    return Boxes(labels=labels, candidates=tuple((f"short-{row.id}", (row.id,)) for row in rows))


def ask_before_adding(actor: Actor, placed: dict[int, tuple[Placement, ...]],
                      by_text: dict[str, tuple[Placement, ...]]) -> None:
    """The question « Ajouter à la section » asks when some ticked proposals already feed the
    manifesto (kept in the session until answered): keep them as sources, add anyway, or cancel."""
    pending = state.pending_add()
    if pending is None:
        return
    section_id, proposal_ids = pending
    with st.container(border=True):
        st.warning(pending_warning(readers.proposal_rows(proposal_ids), placed, by_text),
                   icon=":material/content_copy:")
        p1, p2, p3 = st.columns(3)
        p1.button("Les garder comme sources de ces éléments", type="primary", key="pending-keep",
                  help="Aucun élément en double : seules les autres propositions sont ajoutées.",
                  **workshop.on_click(manifesto.keep_as_sources, lambda outcome, _: workshop.kept_message(outcome),
                                      actor=actor, before=_forget_pending, section_id=section_id,
                                      proposal_ids=list(proposal_ids)))
        p2.button("Créer quand même de nouveaux éléments", key="pending-duplicate",
                  **workshop.on_click(manifesto.add_proposals, workshop.added_message("à la section"), actor=actor,
                                      before=_forget_pending, section_id=section_id, proposal_ids=list(proposal_ids)))
        p3.button("Annuler", key="pending-cancel", on_click=_forget_pending)


def _forget_pending() -> None:
    state.set_pending_add(None)


def pending_warning(rows: Sequence[ProposalRow], placed: dict[int, tuple[Placement, ...]],
                    by_text: dict[str, tuple[Placement, ...]]) -> str:
    """The question before an add: which chosen proposals already feed the manifesto, and where."""
    already = [(row, *workshop.where_placed(row, placed, by_text)) for row in rows]
    already = [entry for entry in already if entry[1]]
    return (f"{formatting.plural(len(already), 'proposition choisie alimente', 'propositions choisies alimentent')}"
            " déjà le manifeste : "
            + " ; ".join(f"« {widgets.markdown_text(_excerpt(row.text))} » ({workshop.placement_mark(found, same_text)})"
                         for row, found, same_text in already) + ".")


def _excerpt(text: str) -> str:
    return text[:EXCERPT] + ("…" if len(text) > EXCERPT else "")


def item_options(sections: Sequence[manifesto.SectionView]) -> dict[int, str]:
    """item id → « 2.3 Former les agents… »: every item of the manifesto, numbered as editors read it."""
    return {item_id: label for number, section in enumerate(sections, start=1)
            for item_id, label in workshop.item_labels(number, section).items()}
