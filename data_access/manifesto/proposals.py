"""Proposals: search with filters and counts, shortlist, traceability rows.

Structured filters run in SQL (the store decides which proposals belong to a chapter, a région,
a stage…); the words of the query run in the in-memory French index (``search_index``); the
two sets are intersected, and counts per chapter / kind / région / stage are computed on that
intersection so they always follow the filters.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from sqlalchemy import Select, String, cast, delete, func, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.filters import json_list_contains_any
from data_access.french import plural
from data_access.manifesto import embedding, vectors
from data_access.manifesto.search_index import ParsedQuery, SearchIndex, explain, parse_query
from data_access.models import (
    STAGE_LABELS,
    Participation,
    Proposal,
    Role,
    ShortlistEntry,
    Stage,
    StageTransition,
    Territory,
)

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
    exact: int = 0  # how many results contain every word; the others were found by looser matching
    reasons: dict[int, tuple[str, ...]] = field(default_factory=dict)  # proposal id → why it matched
    # With words: one row per idea. Identical wordings (case, accents, punctuation aside) are one
    # result: the row's id → every proposal id of that wording (its own first).
    groups: dict[int, tuple[int, ...]] = field(default_factory=dict)
    ideas: int = 0  # distinct wordings in the whole result (``total`` counts proposals)

    def same_wording(self, proposal_id: int) -> int:
        """How many proposals the row stands for (1 when its wording is unique)."""
        return len(self.groups.get(proposal_id, (proposal_id,)))


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
        query = query.where(json_list_contains_any(Proposal.themes, filters.themes))
    if filters.criteria:
        query = query.where(json_list_contains_any(Proposal.criteria, filters.criteria))
    return query


def index_fingerprint(session: Session, campaign_id: int) -> tuple[int, int, int]:
    """Changes when proposals are added or removed, or a territory changes stage: the dashboard
    rebuilds its index then (the index also holds each proposal's territory and stage)."""
    count, last = session.execute(
        select(func.count(Proposal.id), func.coalesce(func.max(Proposal.id), 0))
        .join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
    ).one()
    transitions = session.scalar(
        select(func.count(StageTransition.id))
        .join(Participation, StageTransition.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
    )
    return int(count), int(last), int(transitions or 0)


@dataclass
class ProposalIndex:
    """The French text index plus, per document, the facets counted in results (as codes)."""

    text: SearchIndex
    participation: npt.NDArray[np.int64]
    facets: dict[str, tuple[list[str], npt.NDArray[np.int64]]]  # name → (labels, code per document)
    fingerprint: tuple[int, int, int] = (0, 0, 0)
    options: dict[str, list[str]] = field(default_factory=dict)  # filter values present (as filter_options)
    # name → (distinct label sets, code per document), for theme and criterion filters
    label_sets: dict[str, tuple[list[tuple[str, ...]], npt.NDArray[np.int64]]] = field(default_factory=dict)

    def having_any(self, name: str, wanted: Sequence[str], positions: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which of ``positions`` carry at least one of the ``wanted`` labels."""
        sets, codes = self.label_sets[name]
        matching = [code for code, labels in enumerate(sets) if set(labels) & set(wanted)]
        return np.isin(codes[positions], matching)

    def __len__(self) -> int:
        return len(self.text)

    def counts(self, facet: str, positions: npt.NDArray[np.int64]) -> dict[str, int]:
        labels, codes = self.facets[facet]
        tally = np.bincount(codes[positions], minlength=len(labels))
        order = np.argsort(-tally, kind="stable")
        return {labels[i]: int(tally[i]) for i in order if tally[i]}


def _label_codes(values: list[tuple[str, ...]]) -> tuple[list[tuple[str, ...]], npt.NDArray[np.int64]]:
    sets = list(dict.fromkeys(values))
    lookup = {labels: code for code, labels in enumerate(sets)}
    return sets, np.fromiter((lookup[v] for v in values), dtype=np.int64, count=len(values))


def _codes(values: list[str]) -> tuple[list[str], npt.NDArray[np.int64]]:
    labels = sorted(set(values))
    lookup = {label: code for code, label in enumerate(labels)}
    return labels, np.fromiter((lookup[v] for v in values), dtype=np.int64, count=len(values))


def build_index(session: Session, campaign_id: int) -> ProposalIndex:
    # Themes and criteria come as JSON text, decoded once per distinct value: 40,000 rows share
    # a few hundred label sets, and decoding each row's JSON was most of the build time.
    rows = session.execute(
        select(Proposal.id, Proposal.text, Proposal.chapter, Territory.kind, Territory.reg_code, Participation.stage,
               Participation.id, cast(Proposal.themes, String), cast(Proposal.criteria, String))
        .join(Participation, Proposal.participation_id == Participation.id)
        .join(Territory, Participation.territory_id == Territory.id)
        # A proposal its territory withdrew (absent from its latest grid) is not offered for new items.
        .where(Participation.campaign_id == campaign_id, Proposal.withdrawn_on.is_(None))
        .order_by(Proposal.id)
    ).all()
    decoded: dict[str | None, tuple[str, ...]] = {}

    def labels(raw: str | None) -> tuple[str, ...]:
        found = decoded.get(raw)
        if found is None:
            value = json.loads(raw) if raw else None
            found = decoded[raw] = tuple(str(v) for v in value) if isinstance(value, list) else ()
        return found

    # Theme and criterion labels are searchable too (« emploi » finds « Emploi et formation »).
    text = SearchIndex.build((int(r[0]), r[1], labels(r[7]) + labels(r[8])) for r in rows)
    attach_vectors(session, text)
    themes = sorted({label for raw in {r[7] for r in rows} for label in labels(raw)})
    criteria = sorted({label for raw in {r[8] for r in rows} for label in labels(raw)})
    return ProposalIndex(
        text=text,
        participation=np.fromiter((r[6] for r in rows), dtype=np.int64, count=len(rows)),
        # Label sets as facets too: a theme or criterion filter is then a lookup, not a SQL scan.
        label_sets={"themes": _label_codes([labels(r[7]) for r in rows]),
                    "criteria": _label_codes([labels(r[8]) for r in rows])},
        facets={"chapter": _codes([r[2] for r in rows]), "kind": _codes([r[3] for r in rows]),
                "region": _codes([r[4] or "" for r in rows]), "stage": _codes([r[5] for r in rows])},
        fingerprint=index_fingerprint(session, campaign_id),
        options={"chapters": sorted({r[2] for r in rows}), "themes": themes, "criteria": criteria},
    )


def attach_vectors(session: Session, index: SearchIndex) -> None:
    """Give the index the stored meaning vectors of its texts (none stored: the search stays lexical)."""
    if not index.texts or not embedding.available():
        return
    keys = [embedding.text_key(t) for t in index.texts]
    found = vectors.vectors_by_key(session, keys)
    if not found:
        return
    matrix = np.zeros((len(keys), embedding.DIMENSION), dtype=np.float32)
    for row, key in enumerate(keys):
        vector = found.get(key)
        if vector is not None:
            matrix[row] = vector
    index.vectors = matrix


NEAR_SAME = 0.9  # cosine from which two wordings say the same thing (« Il faut … » / « Nous demandons de … »)
NEAR_SCOPE = 600  # distinct wordings, from the best, compared with each other by meaning


def _ideas(index: SearchIndex, positions: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], list[list[int]]]:
    """The best position of each idea (in rank order) and the positions it stands for.

    Identical wordings (case, accents, punctuation aside) are one idea; with meaning vectors,
    near-identical ones too (cosine ≥ ``NEAR_SAME``) among the ``NEAR_SCOPE`` best wordings.
    """
    first: dict[str, int] = {}
    members: list[list[int]] = []
    leaders: list[int] = []
    for position in positions.tolist():
        wording = index.folded[position]
        group = first.get(wording)
        if group is None:
            first[wording] = len(leaders)
            leaders.append(position)
            members.append([position])
        else:
            members[group].append(position)
    if index.vectors is not None and len(leaders) > 1:
        scope = np.asarray(leaders[:NEAR_SCOPE], dtype=np.int64)
        matrix = index.vectors[index.text_of[scope]]
        close = np.triu(matrix @ matrix.T >= NEAR_SAME, k=1)
        close &= np.linalg.norm(matrix, axis=1)[:, None] > 0  # texts without a vector stay apart
        if close.any():
            owner = list(range(len(leaders)))
            for later in np.flatnonzero(close.any(axis=0)).tolist():
                earlier = int(np.flatnonzero(close[:, later])[0])
                owner[later] = owner[earlier]
            merged: dict[int, list[int]] = {}
            for group, head in enumerate(owner):
                merged.setdefault(head, []).extend(members[group])
            kept = sorted(merged)
            return np.asarray([leaders[g] for g in kept], dtype=np.int64), [merged[g] for g in kept]
    return np.asarray(leaders, dtype=np.int64), members


def search(session: Session, index: ProposalIndex, query: ProposalQuery, *, limit: int = 50,
           offset: int = 0) -> SearchResult:
    """Proposals matching the words and the filters, best first, with counts on the whole result.

    Territory filters (type, région, territory, stage) and theme/criterion filters run in SQL; the
    words run in the index, as does the chapter (a column of the indexed proposal); counts are
    tallied on the result from the index's per-document facets.
    """
    parsed = parse_query(query.text)
    found = index.text.search(parsed)
    positions = found.positions
    if found.exact_positions is not None:
        exact_mask = np.isin(positions, found.exact_positions)
    else:
        exact_mask = np.arange(positions.size) < found.exact
    similarity = found.similarity if found.similarity is not None else np.zeros(positions.size)
    keep = np.ones(positions.size, dtype=bool)
    if positions.size and (query.kinds or query.reg_codes or query.participation_ids or query.stages):
        # Territory-level filters in SQL return at most a few thousand participation ids.
        territories = (select(Participation.id).join(Territory, Participation.territory_id == Territory.id)
                       .where(Participation.campaign_id == query.campaign_id))
        territories = apply_filters(territories, ProposalQuery(
            campaign_id=query.campaign_id, kinds=query.kinds, reg_codes=query.reg_codes,
            participation_ids=query.participation_ids, stages=query.stages))
        allowed = np.fromiter(session.scalars(territories), dtype=np.int64)
        keep &= np.isin(index.participation[positions], allowed)
    if positions.size and query.chapters:
        labels, codes = index.facets["chapter"]
        wanted = [code for code, label in enumerate(labels) if label in query.chapters]
        keep &= np.isin(codes[positions], wanted)
    if keep.any() and (query.themes or query.criteria):
        if index.label_sets:
            if query.themes:
                keep &= index.having_any("themes", query.themes, positions)
            if query.criteria:
                keep &= index.having_any("criteria", query.criteria, positions)
        else:
            proposals_query = apply_filters(
                select(Proposal.id).join(Participation, Proposal.participation_id == Participation.id)
                .where(Participation.campaign_id == query.campaign_id),
                ProposalQuery(campaign_id=query.campaign_id, themes=query.themes, criteria=query.criteria))
            keep &= np.isin(index.text.doc_ids[positions],
                            np.fromiter(session.scalars(proposals_query), dtype=np.int64))
    positions, exact, similarity = positions[keep], int(exact_mask[keep].sum()), similarity[keep]
    if positions.size == 0:
        return SearchResult(total=0, territories=0, rows=())
    groups: dict[int, tuple[int, ...]] = {}
    if parsed.is_empty:
        # Without words, the most recent first, one per territory before a second from the same
        # one, so that a territory with many proposals does not fill the page.
        ranked = _recent_and_varied(positions, index.participation)
        ideas = int(ranked.size)
    else:
        # ``search`` returns the best first; identical wordings become one result (an idea).
        ranked, members = _ideas(index.text, positions)
        ideas = int(ranked.size)
        for group in members[offset: offset + limit]:
            ids = tuple(int(i) for i in index.text.doc_ids[group])
            groups[ids[0]] = ids
    page = [int(i) for i in index.text.doc_ids[ranked[offset: offset + limit]]]
    rows = tuple(rows_for(session, page))
    close = {int(index.text.doc_ids[p]): float(s) for p, s in zip(positions.tolist(), similarity.tolist(), strict=True)
             if s >= MEANING_REASON} if not parsed.is_empty else {}
    reasons = {row.id: _reasons(found.parsed, row, close.get(row.id)) for row in rows} if not parsed.is_empty else {}
    return SearchResult(
        total=int(positions.size), territories=int(np.unique(index.participation[positions]).size),
        rows=rows, by_chapter=index.counts("chapter", positions), by_kind=index.counts("kind", positions),
        by_region=index.counts("region", positions), by_stage=index.counts("stage", positions),
        exact=exact, reasons=reasons, groups=groups, ideas=ideas,
    )


MEANING_REASON = 0.3  # cosine from which a result is said « proche par le sens »


def _reasons(parsed: ParsedQuery, row: ProposalRow, similarity: float | None) -> tuple[str, ...]:
    """Why a row matched, in French: each word found (and how), and « proche par le sens »."""
    lexical = explain(parsed, row.text, (*row.themes, *row.criteria))
    found = tuple(r for r in lexical if not r.endswith(" absent"))
    if similarity is None:
        return lexical
    meaning = "proche par le sens"
    return (*lexical, meaning) if found else (meaning,)


def _recent_and_varied(positions: npt.NDArray[np.int64],
                       participation: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Most recent first (positions follow proposal ids), but each territory's n-th proposal
    comes after every territory's (n−1)-th."""
    recent = np.sort(positions)[::-1]
    owners = participation[recent]
    order = np.argsort(owners, kind="stable")
    sorted_owners = owners[order]
    starts = np.flatnonzero(np.r_[True, sorted_owners[1:] != sorted_owners[:-1]])
    rank_sorted = np.arange(order.size) - np.repeat(starts, np.diff(np.r_[starts, order.size]))
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    return recent[np.lexsort((np.arange(recent.size), rank))]


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
    """Values actually present in the campaign, for the explorer's filter widgets.

    Themes and criteria are JSON lists: gathered in Python, since PostgreSQL cannot compare
    ``json`` values (no DISTINCT on them)."""
    chapters = session.scalars(
        select(Proposal.chapter).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id).distinct().order_by(Proposal.chapter)
    ).all()
    themes: set[str] = set()
    criteria: set[str] = set()
    for proposal_themes, proposal_criteria in session.execute(
        select(Proposal.themes, Proposal.criteria).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
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
                 entity_id=actor.email, summary=f"{plural(len(added), 'proposition ajoutée', 'propositions ajoutées')} à la sélection",
                 after={"proposal_ids": added})
    return len(added)


def remove_from_shortlist(session: Session, *, actor: Actor, proposal_ids: Sequence[int]) -> None:
    require(actor, Role.EDITEUR, action="retirer des propositions de sa sélection")
    session.execute(delete(ShortlistEntry).where(
        ShortlistEntry.user_email == actor.email, ShortlistEntry.proposal_id.in_(list(proposal_ids))))
    audit.record(session, actor=actor, action="selection.retrait", entity_type="shortlist",
                 entity_id=actor.email, summary=f"{plural(len(proposal_ids), 'proposition retirée', 'propositions retirées')} de la sélection",
                 before={"proposal_ids": list(proposal_ids)})
