"""The « Bibliothèque des concertations »: cached readers of what territories share, the query
behind the page, and the French texts of an entry.

The shared library is the same for every reader: one cache entry per campaign and store state.
A territory's own entry (which shows what it does not share too) is read fresh, and small.
"""

from __future__ import annotations

import pandas as pd

from dashboard.cache import reader, resource
from dashboard.text import formatting
from dashboard.ui import widgets
from data_access import labels
from data_access.access import Actor
from data_access.db import session_scope
from data_access.manifesto.search_index import SearchIndex
from data_access.territories import library
from data_access.territories.library import Entry, Library, Query, Selection
from data_access.territories.sharing import CATEGORY_LABELS, Category

PAGE_SIZE = 15  # territories per page: 150+ territories never render at once


@reader("campaigns", "territories", "participations", "submissions")
def shared(campaign_id: int) -> Library:
    with session_scope() as session:
        return library.shared_library(session, campaign_id)


@resource("campaigns", "territories", "participations", "submissions")
def shared_index(campaign_id: int) -> SearchIndex:
    return library.build_index(shared(campaign_id).entries)


def campaign_of(participation_id: int) -> int | None:
    with session_scope() as session:
        return library.campaign_of(session, participation_id)


def own_entry(actor: Actor) -> Entry | None:
    if not actor.is_territory or not actor.participation_ids:
        return None
    with session_scope() as session:
        return library.own_entry(session, actor=actor, participation_id=min(actor.participation_ids))


def entries(actor: Actor, campaign_id: int) -> tuple[tuple[Entry, ...], Entry | None]:
    """Every entry the reader may see (a territory's own first), and that own entry."""
    own = own_entry(actor)
    return library.with_own(shared(campaign_id), own), own


def select(all_entries: tuple[Entry, ...], own: Entry | None, campaign_id: int, query: Query) -> Selection:
    if not query.text.strip():
        return library.select_entries(all_entries, query, None)
    indexes = [shared_index(campaign_id)] + ([library.build_index([own])] if own is not None else [])
    return library.select_entries(all_entries, query, library.matching_keys(indexes, query.text))


def page_label(page: int, total: int) -> str:
    first = page * PAGE_SIZE + 1
    return f"{formatting.number(first)} à {formatting.number(min(total, first + PAGE_SIZE - 1))}"


def headline(selection: Selection) -> str:
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
