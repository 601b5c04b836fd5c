"""Near-duplicate proposals across territories: suggestions an editor accepts or rejects.

Each proposal becomes a TF-IDF vector of French word stems (stop words removed) concatenated with
character 3–5-grams (robust to prefixes such as « Nous proposons de », typos and inflections);
pairs whose cosine similarity reaches ``THRESHOLD`` are linked, and linked proposals from at
least two territories form a suggestion. Nothing changes until an editor decides: an accepted
suggestion becomes a consolidated ``ProposalGroup`` that keeps every source proposal (and so
every territory); a rejected one is stored with its signature and never suggested again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.french import plural
from data_access.manifesto.search_index import fold, terms
from data_access.models import (
    Participation,
    Proposal,
    ProposalGroup,
    ProposalGroupMember,
    Role,
    Territory,
)

if TYPE_CHECKING:
    from scipy import sparse

# scikit-learn and scipy take about a second to import: only grouping needs them, so they are
# imported inside the functions that compute, never when a page imports this module.

ACCEPTED = "accepted"
REJECTED = "rejected"
THRESHOLD = 0.55
WORD_WEIGHT = 0.5  # share of the word-stem part in the combined cosine
CHUNK_ROWS = 800  # rows of the similarity product computed at once (memory bound)
EXACT_LIMIT = 3000  # above this many distinct texts, compare each text's strongest features only
TOP_FEATURES = 48


@dataclass(frozen=True)
class Document:
    proposal_id: int
    participation_id: int
    text: str


@dataclass(frozen=True)
class Suggestion:
    signature: str
    proposal_ids: tuple[int, ...]
    territories: int
    representative: str  # the most typical text, offered as the default wording
    cohesion: float  # mean similarity to the representative, 0..1


@dataclass(frozen=True)
class GroupInfo:
    id: int
    status: str
    wording: str
    proposal_ids: tuple[int, ...]
    territories: int
    created_by: str
    signature: str


def signature(proposal_ids: Sequence[int]) -> str:
    """Same members, same signature, whatever the order: how a rejection is remembered."""
    canonical = ",".join(str(pid) for pid in sorted(set(proposal_ids)))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _vectors(texts: Sequence[str]) -> sparse.csr_matrix:
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    words = TfidfVectorizer(analyzer=terms, sublinear_tf=True, ngram_range=(1, 1), dtype=np.float32)
    # On large corpora, n-grams found in most texts only densify the product; on small ones they
    # may be exactly what near-duplicates share, so they are kept.
    chars = TfidfVectorizer(analyzer="char_wb", preprocessor=fold, ngram_range=(3, 5), sublinear_tf=True,
                            max_df=0.5 if len(texts) >= 1000 else 1.0, min_df=1, dtype=np.float32)
    word_part = normalize(words.fit_transform(texts)) * np.sqrt(WORD_WEIGHT)
    char_part = normalize(chars.fit_transform(texts)) * np.sqrt(1 - WORD_WEIGHT)
    return normalize(sparse.hstack([word_part, char_part], format="csr"))


def _linked_components(vectors: sparse.csr_matrix, threshold: float) -> npt.NDArray[np.int64]:
    """Component label of each row, rows being linked when their cosine reaches ``threshold``.

    The product is computed by blocks of rows; each block's links are first reduced to one star
    per component (node → smallest node), so memory stays linear even for large clusters.
    """
    from scipy import sparse
    from scipy.sparse import csgraph

    size = vectors.shape[0]
    transposed = vectors.T.tocsc()
    kept_rows: list[npt.NDArray[np.int64]] = []
    kept_cols: list[npt.NDArray[np.int64]] = []
    for start in range(0, size, CHUNK_ROWS):
        block = (vectors[start: start + CHUNK_ROWS] @ transposed).tocoo()
        rows, cols = block.row.astype(np.int64) + start, block.col.astype(np.int64)
        linked = (block.data >= threshold) & (rows != cols)
        if not linked.any():
            continue
        graph = sparse.coo_matrix((np.ones(int(linked.sum()), dtype=np.int8), (rows[linked], cols[linked])),
                                  shape=(size, size))
        _, labels = csgraph.connected_components(graph, directed=False)
        touched = np.unique(np.concatenate([rows[linked], cols[linked]]))
        roots = np.full(labels.max() + 1, size, dtype=np.int64)
        np.minimum.at(roots, labels[touched], touched)
        kept_rows.append(touched)
        kept_cols.append(roots[labels[touched]])
    if not kept_rows:
        return np.arange(size, dtype=np.int64)
    rows_all, cols_all = np.concatenate(kept_rows), np.concatenate(kept_cols)
    graph = sparse.coo_matrix((np.ones(rows_all.size, dtype=np.int8), (rows_all, cols_all)), shape=(size, size))
    _, labels = csgraph.connected_components(graph, directed=False)
    result: npt.NDArray[np.int64] = np.asarray(labels, dtype=np.int64)
    return result


def _strongest(matrix: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Keep each row's k largest weights (its rarest, most telling n-grams and stems), renormalised.

    The full vectors share many weak features (frequent n-grams), which makes the all-pairs product
    nearly dense: quadratic time and memory at 40,000 distinct texts. Near-duplicates share their
    strongest features, so the product of pruned vectors stays sparse and still links them.
    """
    from sklearn.preprocessing import normalize

    matrix = matrix.tocsr()
    indptr, data = matrix.indptr, matrix.data
    keep = np.zeros(data.shape[0], dtype=bool)
    for row in range(matrix.shape[0]):
        start, end = indptr[row], indptr[row + 1]
        if end - start <= k:
            keep[start:end] = True
        else:
            top = np.argpartition(data[start:end], end - start - k)[end - start - k:]
            keep[start + top] = True
    pruned = matrix.copy()
    pruned.data = np.where(keep, data, 0).astype(np.float32)
    pruned.eliminate_zeros()
    return normalize(pruned)


def group_documents(documents: Sequence[Document], *, threshold: float = THRESHOLD,
                    exact_limit: int = EXACT_LIMIT) -> list[Suggestion]:
    """Pure computation: suggestions over ``documents`` (no store access)."""
    if len(documents) < 2:
        return []
    # Identical texts (after folding) are one vector: real campaigns copy each other's wording.
    unique: dict[str, list[int]] = {}
    for position, document in enumerate(documents):
        unique.setdefault(" ".join(fold(document.text).split()), []).append(position)
    keys = list(unique)
    members = [unique[key] for key in keys]
    texts = [documents[positions[0]].text for positions in members]
    matrix = _vectors(texts) if len(keys) > 1 else None
    labels = np.arange(len(keys))
    if matrix is not None:
        compared = matrix if len(keys) <= exact_limit else _strongest(matrix, TOP_FEATURES)
        labels = _linked_components(compared, threshold)
    components: dict[int, list[int]] = {}
    for key_index, label in enumerate(labels.tolist()):
        components.setdefault(label, []).append(key_index)
    suggestions: list[Suggestion] = []
    for key_indices in components.values():
        positions = [p for k in key_indices for p in members[k]]
        participations = {documents[p].participation_id for p in positions}
        if len(participations) < 2:
            continue
        best, cohesion = _medoid(matrix, key_indices, members)
        ids = tuple(sorted(documents[p].proposal_id for p in positions))
        suggestions.append(Suggestion(signature=signature(ids), proposal_ids=ids, territories=len(participations),
                                      representative=texts[best], cohesion=cohesion))
    suggestions.sort(key=lambda s: (-s.territories, -len(s.proposal_ids), s.signature))
    return suggestions


def _medoid(matrix: sparse.csr_matrix | None, key_indices: list[int],
            members: list[list[int]]) -> tuple[int, float]:
    """The wording closest to all the others (weighted by how many proposals use it) and the mean
    similarity to it: the bare wording usually wins over its prefixed and suffixed variants."""
    if matrix is None or len(key_indices) == 1:
        return key_indices[0], 1.0
    sample = sorted(key_indices, key=lambda k: -len(members[k]))[:300]
    vectors = matrix[sample]
    sims = (vectors @ vectors.T).toarray()
    weights = np.asarray([len(members[k]) for k in sample], dtype=float)
    scores = sims @ weights
    best = int(np.argmax(scores))
    cohesion = float(np.clip(scores[best] / weights.sum(), 0, 1))
    return sample[best], cohesion


def campaign_documents(session: Session, campaign_id: int) -> list[Document]:
    rows = session.execute(
        select(Proposal.id, Proposal.participation_id, Proposal.text)
        .join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id)
        .order_by(Proposal.id)
    ).all()
    return [Document(int(pid), int(part), text) for pid, part, text in rows]


def compute_suggestions(session: Session, campaign_id: int, *, threshold: float = THRESHOLD) -> list[Suggestion]:
    """All candidate groups of the campaign, before editors' decisions are taken into account."""
    return group_documents(campaign_documents(session, campaign_id), threshold=threshold)


def pending_suggestions(session: Session, campaign_id: int, candidates: Sequence[Suggestion]) -> list[Suggestion]:
    """Drop what editors already decided: rejected signatures (or subsets of a rejected group),
    and proposals already consolidated in an accepted group."""
    decided = _members_by_group(session, campaign_id)
    rejected_signatures = {g.signature for g in decided if g.status == REJECTED}
    rejected_sets = [set(g.proposal_ids) for g in decided if g.status == REJECTED]
    consolidated = {pid for g in decided if g.status == ACCEPTED for pid in g.proposal_ids}
    pending: list[Suggestion] = []
    for suggestion in candidates:
        if suggestion.signature in rejected_signatures:
            continue
        remaining = tuple(pid for pid in suggestion.proposal_ids if pid not in consolidated)
        if len(remaining) < 2 or any(set(remaining) <= rejected for rejected in rejected_sets):
            continue
        if remaining != suggestion.proposal_ids:
            territories = _territory_count(session, remaining)
            if territories < 2:
                continue
            suggestion = Suggestion(signature=signature(remaining), proposal_ids=remaining,
                                    territories=territories, representative=suggestion.representative,
                                    cohesion=suggestion.cohesion)
            if suggestion.signature in rejected_signatures:
                continue
        pending.append(suggestion)
    return pending


def _territory_count(session: Session, proposal_ids: Sequence[int]) -> int:
    return len(set(session.scalars(
        select(Proposal.participation_id).where(Proposal.id.in_(list(proposal_ids)))).all()))


def _members_by_group(session: Session, campaign_id: int, status: str | None = None) -> list[GroupInfo]:
    query = select(ProposalGroup).where(ProposalGroup.campaign_id == campaign_id).order_by(ProposalGroup.id)
    if status:
        query = query.where(ProposalGroup.status == status)
    groups = session.scalars(query).all()
    if not groups:
        return []
    members: dict[int, list[tuple[int, int]]] = {}
    for group_id, proposal_id, participation_id in session.execute(
        select(ProposalGroupMember.group_id, ProposalGroupMember.proposal_id, Proposal.participation_id)
        .join(Proposal, ProposalGroupMember.proposal_id == Proposal.id)
        .where(ProposalGroupMember.group_id.in_([g.id for g in groups]))
    ):
        members.setdefault(group_id, []).append((proposal_id, participation_id))
    return [
        GroupInfo(id=g.id, status=g.status, wording=g.wording or "",
                  proposal_ids=tuple(sorted(pid for pid, _ in members.get(g.id, []))),
                  territories=len({part for _, part in members.get(g.id, [])}), created_by=g.created_by,
                  signature=g.signature)
        for g in groups
    ]


def list_groups(session: Session, campaign_id: int, status: str = ACCEPTED) -> list[GroupInfo]:
    return _members_by_group(session, campaign_id, status)


def _checked_members(session: Session, campaign_id: int, proposal_ids: Sequence[int]) -> list[int]:
    ids = sorted(set(proposal_ids))
    if len(ids) < 2:
        raise ValidationError("Un regroupement réunit au moins deux propositions.")
    # Proposals first (by primary key), then their participations: joined, SQLite scanned the
    # participations for a 1,000-proposal group (0.8 s at scale 20).
    owners = dict(session.execute(select(Proposal.id, Proposal.participation_id).where(Proposal.id.in_(ids))).all())
    in_campaign = set(session.scalars(select(Participation.id).where(
        Participation.id.in_(set(owners.values())), Participation.campaign_id == campaign_id)).all())
    found = {pid for pid, owner in owners.items() if owner in in_campaign}
    missing = [pid for pid in ids if pid not in found]
    if missing:
        raise ValidationError(
            f"{plural(len(missing), 'proposition')} du regroupement " + ("n'existe" if len(missing) == 1 else "n'existent") + " pas (ou plus) dans cette campagne."
        )
    return ids


def accept(session: Session, *, actor: Actor, campaign_id: int, proposal_ids: Sequence[int],
           wording: str) -> ProposalGroup:
    """Consolidate proposals into one group that keeps its links to every source and territory."""
    require(actor, Role.EDITEUR, action="regrouper des propositions")
    ids = _checked_members(session, campaign_id, proposal_ids)
    if not wording.strip():
        raise ValidationError("Donnez un libellé à la proposition consolidée.")
    already = session.scalars(
        select(ProposalGroupMember.proposal_id).join(ProposalGroup, ProposalGroupMember.group_id == ProposalGroup.id)
        .where(ProposalGroup.status == ACCEPTED, ProposalGroup.campaign_id == campaign_id,
               ProposalGroupMember.proposal_id.in_(ids))
    ).all()
    if already:
        raise ValidationError(
            f"{plural(len(already), 'proposition appartient', 'propositions appartiennent')} déjà à un regroupement accepté : "
            "retirez-les ou dissolvez d'abord l'autre regroupement."
        )
    group = ProposalGroup(campaign_id=campaign_id, status=ACCEPTED, wording=wording.strip(),
                          signature=signature(ids), created_by=actor.email)
    session.add(group)
    session.flush()
    # One executemany: the unit of work took 0.45 s for a 1,000-member group.
    session.execute(insert(ProposalGroupMember), [{"group_id": group.id, "proposal_id": pid} for pid in ids])
    audit.record(session, actor=actor, action="regroupement.acceptation", entity_type="proposal_group",
                 entity_id=group.id, summary=f"Regroupement de {len(ids)} propositions accepté",
                 after={"wording": group.wording, "proposal_ids": ids, "signature": group.signature})
    return group


def reject(session: Session, *, actor: Actor, campaign_id: int, proposal_ids: Sequence[int]) -> ProposalGroup:
    """Remember that these proposals are not one idea: the suggestion will not come back."""
    require(actor, Role.EDITEUR, action="rejeter une suggestion de regroupement")
    ids = _checked_members(session, campaign_id, proposal_ids)
    sig = signature(ids)
    existing = session.scalar(select(ProposalGroup).where(
        ProposalGroup.campaign_id == campaign_id, ProposalGroup.status == REJECTED, ProposalGroup.signature == sig))
    if existing is not None:
        return existing
    group = ProposalGroup(campaign_id=campaign_id, status=REJECTED, wording=None, signature=sig,
                          created_by=actor.email)
    session.add(group)
    session.flush()
    session.add_all(ProposalGroupMember(group_id=group.id, proposal_id=pid) for pid in ids)
    session.flush()
    audit.record(session, actor=actor, action="regroupement.rejet", entity_type="proposal_group",
                 entity_id=group.id, summary=f"Suggestion de regroupement de {len(ids)} propositions rejetée",
                 after={"proposal_ids": ids, "signature": sig})
    return group


def dissolve(session: Session, *, actor: Actor, group_id: int) -> None:
    """Undo an acceptance; items built on the group keep their own source proposals."""
    require(actor, Role.EDITEUR, action="dissoudre un regroupement")
    group = session.get(ProposalGroup, group_id)
    if group is None or group.status != ACCEPTED:
        raise ValidationError("Ce regroupement n'existe pas ou n'est pas accepté.")
    before = {"wording": group.wording, "signature": group.signature}
    session.execute(delete(ProposalGroupMember).where(ProposalGroupMember.group_id == group_id))
    session.delete(group)
    session.flush()
    audit.record(session, actor=actor, action="regroupement.dissolution", entity_type="proposal_group",
                 entity_id=group_id, summary="Regroupement dissous", before=before)


def group_territories(session: Session, group_id: int) -> list[tuple[str, str]]:
    """(territory name, kind) of every territory behind a consolidated group."""
    rows = session.execute(
        select(Territory.name, Territory.kind).distinct()
        .join(Participation, Participation.territory_id == Territory.id)
        .join(Proposal, Proposal.participation_id == Participation.id)
        .join(ProposalGroupMember, ProposalGroupMember.proposal_id == Proposal.id)
        .where(ProposalGroupMember.group_id == group_id).order_by(Territory.name)
    ).all()
    return [(name, kind) for name, kind in rows]
