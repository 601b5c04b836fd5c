"""Cached readers and write helper for the manifesto pages (« Manifeste », « Atelier du manifeste »).

The French search index is a cached *resource* keyed by the campaign and a fingerprint of its
proposals (count, last id): it is rebuilt only when proposals were added or removed. After any
manifesto write, ``perform`` clears the readers that write affects.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.manifesto import rendering
from data_access import manifesto
from data_access.access import Actor
from data_access.db import session_scope
from data_access.manifesto import (
    Coverage,
    ManifestoDocument,
    RevisionView,
    SectionView,
    proposals,
    similarity,
)
from data_access.manifesto.proposals import ProposalIndex, ProposalQuery, ProposalRow, SearchResult
from data_access.manifesto.similarity import GroupInfo, Suggestion

TTL = 300


@st.cache_data(ttl=30, show_spinner=False)
def proposals_fingerprint(campaign_id: int) -> tuple[int, int, int]:
    with session_scope() as session:
        return proposals.index_fingerprint(session, campaign_id)


@st.cache_resource(max_entries=4, show_spinner="Préparation de l'index de recherche…")
def _index(campaign_id: int, fingerprint: tuple[int, int, int]) -> ProposalIndex:
    with session_scope() as session:
        return proposals.build_index(session, campaign_id)


def search_index(campaign_id: int) -> ProposalIndex:
    return _index(campaign_id, proposals_fingerprint(campaign_id))


@st.cache_data(ttl=60, show_spinner=False, max_entries=200)
def search(query: ProposalQuery, limit: int = 50, offset: int = 0) -> SearchResult:
    index = search_index(query.campaign_id)
    with session_scope() as session:
        return proposals.search(session, index, query, limit=limit, offset=offset)


@st.cache_data(ttl=TTL, show_spinner=False)
def filter_options(campaign_id: int) -> dict[str, list[str]]:
    with session_scope() as session:
        return proposals.filter_options(session, campaign_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def contributing_territories(campaign_id: int) -> list[tuple[int, str, str]]:
    with session_scope() as session:
        return proposals.territories_with_proposals(session, campaign_id)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=500)
def proposal_rows(proposal_ids: tuple[int, ...]) -> list[ProposalRow]:
    with session_scope() as session:
        return proposals.rows_for(session, list(proposal_ids))


@st.cache_data(ttl=TTL, show_spinner=False)
def sections(campaign_id: int) -> list[SectionView]:
    with session_scope() as session:
        return manifesto.list_sections(session, campaign_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def section_history(section_id: int) -> list[RevisionView]:
    with session_scope() as session:
        return manifesto.history(session, section_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def coverage(campaign_id: int, section_id: int | None = None) -> Coverage:
    with session_scope() as session:
        return manifesto.coverage(session, campaign_id, section_id)


@st.cache_data(ttl=3600, show_spinner="Recherche des propositions proches…", max_entries=4)
def _candidates(campaign_id: int, fingerprint: tuple[int, int, int]) -> list[Suggestion]:
    with session_scope() as session:
        return similarity.compute_suggestions(session, campaign_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def suggestions(campaign_id: int) -> list[Suggestion]:
    """Pending suggestions: the costly grouping is cached apart from editors' decisions."""
    candidates = _candidates(campaign_id, proposals_fingerprint(campaign_id))
    with session_scope() as session:
        return similarity.pending_suggestions(session, campaign_id, candidates)


@st.cache_data(ttl=TTL, show_spinner=False)
def accepted_groups(campaign_id: int) -> list[GroupInfo]:
    with session_scope() as session:
        return similarity.list_groups(session, campaign_id)


@st.cache_data(ttl=TTL, show_spinner=False)
def shortlist(actor: Actor) -> list[int]:
    with session_scope() as session:
        return proposals.shortlist(session, actor=actor)


@st.cache_data(ttl=TTL, show_spinner=False)
def export_document(campaign_id: int) -> ManifestoDocument:
    with session_scope() as session:
        return manifesto.export_document(session, campaign_id)


@st.cache_data(ttl=TTL, show_spinner="Préparation du document Word…")
def docx_bytes(campaign_id: int) -> bytes:
    return rendering.to_docx(export_document(campaign_id))


@st.cache_data(ttl=TTL, show_spinner=False)
def markdown_text(campaign_id: int) -> str:
    return rendering.to_markdown(export_document(campaign_id))


def clear_after_write() -> None:
    """Every manifesto, grouping or shortlist write can change these."""
    for reader in (sections, section_history, coverage, suggestions, accepted_groups, shortlist,
                   export_document, docx_bytes, markdown_text):
        reader.clear()


def perform(write: Callable[..., Any], **kwargs: Any) -> None:
    """Run one data-layer write in its own transaction, then refresh the readers.

    Errors (ValidationError, PermissionDenied, ManifestoConflict…) reach the page unchanged.
    """
    with session_scope() as session:
        write(session, **kwargs)
    from dashboard import cache_invalidation  # late: it imports this module

    cache_invalidation.after_manifesto_write()
