"""Cached readers and write helper for the manifesto pages (« Manifeste », « Atelier du manifeste »).

The French search index is a cached *resource* rebuilt only when proposals or territories change
(their data versions). Writes need no clearing: every reader keys on the versions it reads.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dashboard.cache import reader, resource
from dashboard.manifesto import rendering
from data_access import manifesto
from data_access.access import Actor
from data_access.db import session_scope
from data_access.manifesto import (
    Coverage,
    ManifestoDocument,
    Placement,
    RevisionView,
    SectionView,
    proposals,
    similarity,
    themes,
)
from data_access.manifesto import suggestions as section_suggestions
from data_access.manifesto.proposals import ProposalIndex, ProposalQuery, ProposalRow, SearchResult
from data_access.manifesto.similarity import GroupInfo, Suggestion
from data_access.versions import Aggregate

# What proposals' readers depend on: their text and themes, territories' names and stages.
PROPOSALS: tuple[Aggregate, ...] = ("campaigns", "territories", "participations", "submissions")
# The search index and the grouping hold proposals' text and their territories' names, kinds and stages.
INDEXED: tuple[Aggregate, ...] = ("territories", "participations", "submissions", "vectors")


@resource(*INDEXED, show_spinner="Préparation de l'index de recherche…")
def search_index(campaign_id: int) -> ProposalIndex:
    with session_scope() as session:
        return proposals.build_index(session, campaign_id)


@reader(*PROPOSALS, "vectors", max_entries=200)
def search(query: ProposalQuery, limit: int = 50, offset: int = 0) -> SearchResult:
    index = search_index(query.campaign_id)
    with session_scope() as session:
        return proposals.search(session, index, query, limit=limit, offset=offset)


@reader(*PROPOSALS)
def filter_options(campaign_id: int) -> dict[str, list[str]]:
    # The index already decoded every theme and criterion: no second pass over 40,000 JSON lists.
    options = search_index(campaign_id).options
    if options:
        return options
    with session_scope() as session:
        return proposals.filter_options(session, campaign_id)


@reader(*PROPOSALS)
def contributing_territories(campaign_id: int) -> list[tuple[int, str, str]]:
    with session_scope() as session:
        return proposals.territories_with_proposals(session, campaign_id)


@reader(*PROPOSALS, max_entries=500)
def proposal_rows(proposal_ids: tuple[int, ...]) -> list[ProposalRow]:
    with session_scope() as session:
        return proposals.rows_for(session, list(proposal_ids))


@reader("manifesto")
def sections(campaign_id: int) -> list[SectionView]:
    with session_scope() as session:
        return manifesto.list_sections(session, campaign_id)


@reader("manifesto")
def placements(campaign_id: int) -> dict[int, tuple[Placement, ...]]:
    """proposal id → the items it already feeds (« dans 1.1 »)."""
    with session_scope() as session:
        return manifesto.proposal_placements(session, campaign_id)


@reader(*PROPOSALS, "manifesto")
def text_placements(campaign_id: int) -> dict[str, tuple[Placement, ...]]:
    """Normalised text of each proposal feeding an item → those items (« même texte que 1.1 »)."""
    with session_scope() as session:
        return manifesto.placements_by_text(session, campaign_id, placements(campaign_id))


@reader("manifesto")
def fields_changed_since(section_id: int, version: int) -> bool:
    with session_scope() as session:
        return manifesto.fields_changed_since(session, section_id, version)


@reader("manifesto")
def fields_changed_by_others_since(section_id: int, version: int, email: str) -> str | None:
    with session_scope() as session:
        return manifesto.fields_changed_by_others_since(session, section_id, version, email=email)


@reader("manifesto")
def section_history(section_id: int) -> list[RevisionView]:
    with session_scope() as session:
        return manifesto.history(session, section_id)


@reader(*PROPOSALS, "manifesto")
def coverage(campaign_id: int, section_id: int | None = None) -> Coverage:
    with session_scope() as session:
        return manifesto.coverage(session, campaign_id, section_id)


@resource(*INDEXED, show_spinner="Recherche des propositions proches…", max_entries=4)
def _candidates(campaign_id: int) -> tuple[Suggestion, ...]:
    """The costly grouping, cached apart from editors' decisions (it changes only with proposals).
    Shared, not copied: thousands of frozen suggestions took ~0.5 s to unpickle after each decision."""
    with session_scope() as session:
        return tuple(similarity.compute_suggestions(session, campaign_id))


@reader(*PROPOSALS, "groupings")
def suggestions(campaign_id: int) -> list[Suggestion]:
    """Pending suggestions: the costly grouping is cached apart from editors' decisions."""
    candidates = _candidates(campaign_id)
    with session_scope() as session:
        return similarity.pending_suggestions(session, campaign_id, candidates)


@reader(*PROPOSALS, "groupings")
def accepted_groups(campaign_id: int) -> list[GroupInfo]:
    with session_scope() as session:
        return similarity.list_groups(session, campaign_id)


@resource(*INDEXED, show_spinner="Préparation des sections suggérées…", max_entries=2)
def suggestion_pool(campaign_id: int) -> section_suggestions.CampaignPool:
    """Words, meaning and neighbours of every wording: rebuilt only when proposals change."""
    with session_scope() as session:
        return section_suggestions.campaign_pool(session, campaign_id)


@resource(*PROPOSALS, "manifesto", show_spinner="Calcul des sections suggérées…", max_entries=4)
def suggestion_queue(campaign_id: int) -> section_suggestions.Queue:
    """Suggested sections of every proposal not yet in the manifesto. Recomputed when the manifesto
    changes (an attached proposal teaches its section) from the cached pool; shared, not copied."""
    pool = suggestion_pool(campaign_id)
    with session_scope() as session:
        return section_suggestions.pending(session, campaign_id, pool=pool)


@reader("manifesto")
def suggestion_decisions(campaign_id: int) -> section_suggestions.DecisionCounts:
    with session_scope() as session:
        return section_suggestions.decision_counts(session, campaign_id)


@resource(*INDEXED, show_spinner="Recherche des thèmes des propositions…", max_entries=4)
def theme_analysis(campaign_id: int) -> themes.Analysis:
    """The costly clustering, once per state of the proposals; shared, never copied."""
    with session_scope() as session:
        return themes.compute(session, campaign_id)


@reader(*PROPOSALS, "groupings", "manifesto")
def theme_view(campaign_id: int) -> themes.Themes:
    """Found themes with editors' decisions and sections' coverage applied (cheap once analysed)."""
    analysis = theme_analysis(campaign_id)
    with session_scope() as session:
        return themes.view(session, campaign_id, analysis)


@reader("groupings")
def shortlist(actor: Actor) -> list[int]:
    with session_scope() as session:
        return proposals.shortlist(session, actor=actor)


@reader(*PROPOSALS, "manifesto")
def export_document(campaign_id: int) -> ManifestoDocument:
    with session_scope() as session:
        return manifesto.export_document(session, campaign_id)


@reader(*PROPOSALS, "manifesto", show_spinner="Préparation du document Word…")
def docx_bytes(campaign_id: int) -> bytes:
    return rendering.to_docx(export_document(campaign_id))


@reader(*PROPOSALS, "manifesto")
def markdown_text(campaign_id: int) -> str:
    return rendering.to_markdown(export_document(campaign_id))


def perform(write: Callable[..., Any], **kwargs: Any) -> Any:
    """Run one data-layer write in its own transaction, then refresh the readers; returns its result
    when it is plain values (never ORM objects: they expire with the session).

    Errors (ValidationError, PermissionDenied, ManifestoConflict…) reach the page unchanged.
    """
    with session_scope() as session:
        return write(session, **kwargs)
