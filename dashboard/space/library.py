"""The « Bibliothèque des concertations »: cached readers of what territories share, the query
behind the page, and the French texts of an entry.

The catalogue (cards: names, sessions, counts) is the same for every reader: one cache entry per
campaign and store state; the items are read for the page shown only (``library_pages``). A
territory's own entry (which shows what it does not share too) is read fresh, and small.
"""

from __future__ import annotations

import pandas as pd

from dashboard.cache import reader, resource
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access import labels
from data_access.access import Actor
from data_access.db import session_scope
from data_access.space import library, library_pages
from data_access.space.library import Entry, Query
from data_access.space.library_pages import Card, CardSelection, Catalogue, Search
from data_access.space.sharing import CATEGORY_LABELS, Category

PAGE_SIZE = 15  # territories per page: 150+ territories never render at once


@resource("campaigns", "territories", "participations", "submissions")
def catalogue(campaign_id: int) -> Catalogue:
    """The cards of the library: names, sessions and counts, not the texts (the same for every reader).
    Shared, not copied: frozen dataclasses and tuples, and a pickled copy of 3,000 cards cost ~0.3 s
    at every run at scale 20."""
    with session_scope() as session:
        return library_pages.catalogue(session, campaign_id)


@resource("campaigns", "territories", "participations", "submissions")
def search(campaign_id: int) -> Search:
    """The texts' index, built at the first search of a state of the store, then shared."""
    with session_scope() as session:
        return library_pages.build_search(session, campaign_id)


@reader("campaigns", "territories", "participations", "submissions", max_entries=256)
def page_entries(campaign_id: int, participation_ids: tuple[int, ...]) -> tuple[Entry, ...]:
    """The entries of one page, items included."""
    with session_scope() as session:
        return library_pages.page_entries(session, campaign_id, participation_ids)


def campaign_of(participation_id: int) -> int | None:
    with session_scope() as session:
        return library.campaign_of(session, participation_id)


def own_entry(actor: Actor) -> Entry | None:
    if not actor.is_territory or not actor.participation_ids:
        return None
    with session_scope() as session:
        return library.own_entry(session, actor=actor, participation_id=min(actor.participation_ids))


def cards(actor: Actor, campaign_id: int) -> tuple[tuple[Card, ...], Entry | None]:
    """Every card the reader may see (a territory's own first), and its own entry."""
    own = own_entry(actor)
    return library_pages.with_own(catalogue(campaign_id), own), own


def select(all_cards: tuple[Card, ...], own: Entry | None, campaign_id: int, query: Query) -> CardSelection:
    if not query.text.strip():
        return library_pages.select_cards(all_cards, query, ())
    searches = [search(campaign_id)] + ([library_pages.search_of(own)] if own is not None else [])
    return library_pages.select_cards(all_cards, query, searches)


def shown(selection: CardSelection, page: int, campaign_id: int, own: Entry | None, query: Query) -> tuple[Entry, ...]:
    """The entries of page ``page`` (from 0), narrowed to what answers the query."""
    found = selection.page(page, PAGE_SIZE)
    read = {e.participation_id: e for e in page_entries(
        campaign_id, tuple(f.card.participation_id for f in found if not f.card.own))}
    if own is not None:
        read[own.participation_id] = own
    entries = [read[f.card.participation_id] for f in found if f.card.participation_id in read]
    return library.select_entries(entries, query, selection.matched).entries


def page_label(page: int, total: int) -> str:
    first = page * PAGE_SIZE + 1
    return f"{formatting.number(first)} à {formatting.number(min(total, first + PAGE_SIZE - 1))}"


def headline(selection: CardSelection) -> str:
    return (f"{formatting.plural(selection.territories, 'territoire')} · "
            f"{formatting.plural(selection.sessions, 'session')} de concertation · "
            f"{formatting.plural(selection.findings, 'enseignement')} · "
            f"{formatting.plural(selection.proposals, 'proposition')}")


def entry_caption(entry: Entry) -> str:
    return " · ".join(widgets.markdown_text(part) for part in (entry.kind_label, entry.region, entry.stage_label))


def own_note(entry: Entry) -> str:
    shared = [CATEGORY_LABELS[c].lower() for c in Category if entry.shares.shares(c)]
    hidden = [f"vos {CATEGORY_LABELS[c].lower()}" for c in Category if not entry.shares.shares(c)]
    text = "Votre territoire : vous voyez toute votre fiche. "
    if not hidden:
        return text + "Les autres territoires en voient tout : méthodes, enseignements et propositions."
    if not shared:
        return text + "Vous ne partagez rien : les autres territoires ne voient pas votre fiche."
    return (text + f"Les autres territoires n'en voient que ce que vous partagez ({', '.join(shared)}) ; "
            f"pas {' ni '.join(hidden)}. Changez-le dans « Ce que vous partagez » de votre espace.")


def methods_title(entry: Entry) -> str:
    sessions = entry.sessions or ()
    return (f"Méthodes — {formatting.plural(len(sessions), 'session')}, "
            f"{formatting.plural(entry.participants, 'participant')}")


def sessions_table(entry: Entry) -> pd.DataFrame:
    sessions = entry.sessions or ()
    return pd.DataFrame({
        "Date": [formatting.date(s.held_on) for s in sessions],
        "Format": [labels.vocabulary_label(s.format) for s in sessions],
        "Publics": [labels.vocabulary_list(s.publics) for s in sessions],
        "Participants": [formatting.number(s.participants) for s in sessions],
    })


def findings_markdown(entry: Entry) -> str:
    return "\n".join(f"- **{widgets.markdown_text(f.category_label)}** · *{widgets.markdown_text(f.theme)}* — "
                     f"{widgets.markdown_text(f.text)}" for f in entry.findings or ())


def proposals_markdown(entry: Entry) -> str:
    lines = []
    for p in entry.proposals or ():
        themes = f" *({widgets.markdown_text(', '.join(p.themes))})*" if p.themes else ""
        lines.append(f"- {widgets.markdown_text(p.text)}{themes}")
    return "\n".join(lines)


NOT_SHARED: dict[Category, str] = {
    Category.METHODES: "Méthodes non partagées par ce territoire.",
    Category.ENSEIGNEMENTS: "Enseignements non partagés par ce territoire.",
    Category.PROPOSITIONS: "Propositions non partagées par ce territoire.",
}
NOTHING_YET: dict[Category, str] = {
    Category.METHODES: "Aucune session de concertation enregistrée pour l'instant.",
    Category.ENSEIGNEMENTS: "Aucun enseignement enregistré pour l'instant.",
    Category.PROPOSITIONS: "Aucune proposition enregistrée pour l'instant.",
}
