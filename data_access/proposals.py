"""Proposals: search with filters and counts, shortlist, traceability rows.

Structured filters run in SQL (the store decides which proposals belong to a chapter, a région,
a stage…); the words of the query run in the in-memory French index (``search_index``); the
two sets are intersected, and counts per chapter / kind / région / stage are computed on that
intersection so they always follow the filters.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import ColumnElement, Select, String, cast, delete, func, or_, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.models import (
    STAGE_LABELS,
    Participation,
    Proposal,
    Role,
    ShortlistEntry,
    Stage,
    Territory,
)
from data_access.search_index import SearchIndex

# (value, French label) of each lifecycle stage, for filter widgets.
STAGE_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, STAGE_LABELS[s]) for s in Stage)


@dataclass(frozen=True)
class ProposalQuery:
    """Frozen and hashable: used as a cache key by the dashboard. Empty tuples = no restriction."""

    campaign_id: int
    text: str = ""
    chapters: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    reg_codes: tuple[str, ...] = ()
    participation_ids: tuple[int, ...] = ()
    stages: tuple[str, ...] = ()

    @property
    def has_structured_filters(self) -> bool:
        return bool(self.chapters or self.themes or self.criteria or self.kinds or self.reg_codes
                    or self.participation_ids or self.stages)


@dataclass(frozen=True)
class ProposalRow:
    id: int
    text: str
    chapter: str
    themes: tuple[str, ...]
    criteria: tuple[str, ...]
    participation_id: int
    territory_name: str
    kind: str
    reg_code: str | None
    zone: str | None
    stage: str


@dataclass(frozen=True)
class SearchResult:
    total: int
    territories: int
    rows: tuple[ProposalRow, ...]
    by_chapter: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_region: dict[str, int] = field(default_factory=dict)
    by_stage: dict[str, int] = field(default_factory=dict)


def _json_list_contains_any(column: Any, values: Sequence[str]) -> ColumnElement[bool]:
    # Short JSON lists of fixed labels: a text match on the JSON form is exact enough and portable.
    text = cast(column, String)
    return or_(*[
        or_(text.contains(f'"{value}"', autoescape=True), text.contains(_json_ascii(value), autoescape=True))
        for value in values
    ])


def _json_ascii(value: str) -> str:
    # SQLAlchemy's JSON serialiser escapes non-ASCII on some backends; match that form too.
    import json

    return json.dumps(value)


def _base(campaign_id: int) -> Select:  # type: ignore[type-arg]
    return (
        select(Proposal.id, Proposal.chapter, Territory.kind, Territory.reg_code, Participation.stage,
               Participation.id)
        .join(Participation, Proposal.participation_id == Participation.id)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id)
    )


def apply_filters(query: Select, filters: ProposalQuery) -> Select:  # type: ignore[type-arg]
    """Restrict a query that joins Proposal, Participation and Territory."""
    if filters.chapters:
        query = query.where(Proposal.chapter.in_(filters.chapters))
    if filters.kinds:
        query = query.where(Territory.kind.in_(filters.kinds))
    if filters.reg_codes:
        query = query.where(Territory.reg_code.in_(filters.reg_codes))
    if filters.participation_ids:
        query = query.where(Participation.id.in_(filters.participation_ids))
    if filters.stages:
        query = query.where(Participation.stage.in_(filters.stages))
    if filters.themes:
        query = query.where(_json_list_contains_any(Proposal.themes, filters.themes))
    if filters.criteria:
        query = query.where(_json_list_contains_any(Proposal.criteria, filters.criteria))
    return query


def index_fingerprint(session: Session, campaign_id: int) -> tuple[int, int]:
    """Changes whenever proposals are added or removed: the dashboard rebuilds its index then."""
    count, last = session.execute(
        select(func.count(Proposal.id), func.coalesce(func.max(Proposal.id), 0))
        .join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
    ).one()
    return int(count), int(last)


def build_index(session: Session, campaign_id: int) -> SearchIndex:
    rows = session.execute(
        select(Proposal.id, Proposal.text)
        .join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
        .order_by(Proposal.id)
    ).all()
    return SearchIndex.build(((int(pid), text) for pid, text in rows),
                             fingerprint=index_fingerprint(session, campaign_id))


def search(session: Session, index: SearchIndex, query: ProposalQuery, *, limit: int = 50,
           offset: int = 0) -> SearchResult:
    """Proposals matching the words and the filters, best first, with counts on the whole result."""
    rows = session.execute(apply_filters(_base(query.campaign_id), query)).all()
    if not rows:
        return SearchResult(total=0, territories=0, rows=())
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    positions, scores = index.match(query.text)
    matched_ids = index.doc_ids[positions]
    keep = np.isin(matched_ids, ids, assume_unique=True)
    matched_ids, scores = matched_ids[keep], scores[keep]
    if query.text.strip():
        order = np.lexsort((matched_ids, -scores))
    else:
        order = np.argsort(-matched_ids, kind="stable")  # no words: most recent first
    ranked = [int(i) for i in matched_ids[order]]
    wanted = set(ranked)
    kept = [r for r in rows if r[0] in wanted]
    by_chapter = Counter(r[1] for r in kept)
    by_kind = Counter(r[2] for r in kept)
    by_region = Counter(r[3] or "" for r in kept)
    by_stage = Counter(r[4] for r in kept)
    territories = len({r[5] for r in kept})
    page = ranked[offset: offset + limit]
    return SearchResult(
        total=len(ranked), territories=territories, rows=tuple(rows_for(session, page)),
        by_chapter=dict(by_chapter.most_common()), by_kind=dict(by_kind.most_common()),
        by_region=dict(by_region.most_common()), by_stage=dict(by_stage.most_common()),
    )


def rows_for(session: Session, proposal_ids: Sequence[int]) -> list[ProposalRow]:
    """Display rows, in the order of ``proposal_ids``."""
    if not proposal_ids:
        return []
    result = session.execute(
        select(Proposal, Participation.id, Participation.stage, Territory)
        .join(Participation, Proposal.participation_id == Participation.id)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Proposal.id.in_(list(proposal_ids)))
    ).all()
    by_id = {
        proposal.id: ProposalRow(
            id=proposal.id, text=proposal.text, chapter=proposal.chapter, themes=tuple(proposal.themes or ()),
            criteria=tuple(proposal.criteria or ()), participation_id=participation_id,
            territory_name=territory.name, kind=territory.kind, reg_code=territory.reg_code,
            zone=territory.zone, stage=stage,
        )
        for proposal, participation_id, stage, territory in result
    }
    return [by_id[pid] for pid in proposal_ids if pid in by_id]


def filter_options(session: Session, campaign_id: int) -> dict[str, list[str]]:
    """Values actually present in the campaign, for the explorer's filter widgets."""
    chapters = session.scalars(
        select(Proposal.chapter).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id).distinct().order_by(Proposal.chapter)
    ).all()
    themes: set[str] = set()
    criteria: set[str] = set()
    for proposal_themes, proposal_criteria in session.execute(
        select(Proposal.themes, Proposal.criteria).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id).distinct()
    ):
        themes.update(proposal_themes or ())
        criteria.update(proposal_criteria or ())
    return {"chapters": list(chapters), "themes": sorted(themes), "criteria": sorted(criteria)}


def territories_with_proposals(session: Session, campaign_id: int) -> list[tuple[int, str, str]]:
    """(participation id, territory name, kind) of territories that made proposals."""
    rows = session.execute(
        select(Participation.id, Territory.name, Territory.kind)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id,
               Participation.id.in_(select(Proposal.participation_id)))
        .order_by(Territory.name)
    ).all()
    return [(int(pid), name, kind) for pid, name, kind in rows]


# --- Shortlist (per editor) -------------------------------------------------------------------

def shortlist(session: Session, *, actor: Actor) -> list[int]:
    require(actor, Role.EDITEUR, action="consulter sa sélection")
    return list(session.scalars(
        select(ShortlistEntry.proposal_id).where(ShortlistEntry.user_email == actor.email)
        .order_by(ShortlistEntry.added_at, ShortlistEntry.proposal_id)
    ).all())


def add_to_shortlist(session: Session, *, actor: Actor, proposal_ids: Sequence[int]) -> int:
    require(actor, Role.EDITEUR, action="ajouter des propositions à sa sélection")
    existing = set(shortlist(session, actor=actor))
    known = set(session.scalars(select(Proposal.id).where(Proposal.id.in_(list(proposal_ids)))).all())
    if not known:
        raise ValidationError("Aucune des propositions choisies n'existe.")
    added = [pid for pid in dict.fromkeys(proposal_ids) if pid in known and pid not in existing]
    session.add_all(ShortlistEntry(user_email=actor.email, proposal_id=pid) for pid in added)
    session.flush()
    audit.record(session, actor=actor, action="selection.ajout", entity_type="shortlist",
                 entity_id=actor.email, summary=f"{len(added)} proposition(s) ajoutée(s) à la sélection",
                 after={"proposal_ids": added})
    return len(added)


def remove_from_shortlist(session: Session, *, actor: Actor, proposal_ids: Sequence[int]) -> None:
    require(actor, Role.EDITEUR, action="retirer des propositions de sa sélection")
    session.execute(delete(ShortlistEntry).where(
        ShortlistEntry.user_email == actor.email, ShortlistEntry.proposal_id.in_(list(proposal_ids))))
    audit.record(session, actor=actor, action="selection.retrait", entity_type="shortlist",
                 entity_id=actor.email, summary=f"{len(proposal_ids)} proposition(s) retirée(s) de la sélection",
                 before={"proposal_ids": list(proposal_ids)})
