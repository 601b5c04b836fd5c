"""The review queue of suggested sections: what is pending, and the editor's answers.

Every proposal of the campaign that no manifesto item cites yet, not withdrawn by its territory
and not dismissed by an editor, gets up to three sections (``ranking``). The same wording filed
by several territories is one entry (its proposals are accepted together). Accepting puts the
proposals in the manifesto with the item writes of ``items`` (a new item, or sources of an item
the editor names, or of the item that already cites the same wording); correcting is accepting
into another section than the first suggestion; dismissing keeps the proposals out of the queue.
Each answer is a ``SectionSuggestionDecision`` row, audited; the manifesto aggregate's version
moves with it (``versions``), so every cached reader of the queue sees it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.french import plural
from data_access.manifesto import embedding, vectors
from data_access.manifesto.items import add_proposals, attach_sources
from data_access.manifesto.reading import list_sections, load_item, load_section, text_key
from data_access.manifesto.suggestions import ranking
from data_access.manifesto.suggestions.ranking import Encoder, SectionProfile
from data_access.models import (
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Proposal,
    Role,
    SectionSuggestionDecision,
)

ACCEPTED, CORRECTED, DISMISSED = "accepted", "corrected", "dismissed"
DECISION_LABELS = {ACCEPTED: "acceptée", CORRECTED: "corrigée", DISMISSED: "écartée"}


@dataclass(frozen=True)
class QueueEntry:
    """One wording waiting for a section: its proposals (one per territory that filed it)."""

    proposal_ids: tuple[int, ...]
    text: str
    territories: int
    choices: tuple[tuple[int, float], ...]  # (section id, confidence), best first

    @property
    def best(self) -> tuple[int, float] | None:
        return self.choices[0] if self.choices else None


@dataclass(frozen=True)
class Queue:
    entries: tuple[QueueEntry, ...]  # most confident first
    sections: dict[int, str]  # id → title, in manifesto order
    proposals: int  # proposals waiting (all territories' copies)


def _encoder() -> Encoder | None:
    """The sentence encoder when it is installed; words alone otherwise."""
    return embedding.encode if embedding.available() else None


def _pool_vectors(session: Session, proposal_ids: Sequence[int], texts: Sequence[str],
                  encode: Encoder) -> ranking.Matrix:
    """The stored meaning vector of each proposal (computed when it was written); the few missing
    (vectors deferred, or a model change not yet recomputed) are encoded now."""
    ids, stored = vectors.proposal_vectors(session, proposal_ids)
    row_of = {int(pid): row for row, pid in enumerate(ids.tolist())}
    missing = [i for i, pid in enumerate(proposal_ids) if pid not in row_of]
    fresh = encode([texts[i] for i in missing]) if missing else None
    matrix = np.zeros((len(proposal_ids), stored.shape[1] if len(ids) else embedding.DIMENSION), dtype=np.float32)
    for i, pid in enumerate(proposal_ids):
        if pid in row_of:
            matrix[i] = stored[row_of[pid]]
    if fresh is not None:
        matrix[missing] = fresh
    return matrix


def section_profiles(session: Session, campaign_id: int) -> list[SectionProfile]:
    """Each section's title, introduction and the texts its items stand for (sources, or wording)."""
    sections = list_sections(session, campaign_id)
    source_ids = {pid for s in sections for i in s.items for pid in i.proposal_ids}
    texts = dict(session.execute(select(Proposal.id, Proposal.text)
                                 .where(Proposal.id.in_(sorted(source_ids)))).all()) if source_ids else {}
    profiles = []
    for section in sections:
        attached: dict[str, str] = {}
        for item in section.items:
            sources = [texts[p] for p in item.proposal_ids if p in texts] or [item.wording]
            for text in sources:
                attached.setdefault(text_key(text), text)
        profiles.append(SectionProfile(id=section.id, title=section.title, introduction=section.introduction,
                                       attached=tuple(attached.values())))
    return profiles


def _waiting(session: Session, campaign_id: int) -> list[tuple[int, str, int]]:
    """(proposal id, text, participation id) of proposals no item cites, not withdrawn, not dismissed."""
    cited = (select(ManifestoItemSource.proposal_id)
             .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
             .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
             .where(ManifestoSection.campaign_id == campaign_id))
    dismissed = (select(SectionSuggestionDecision.proposal_id)
                 .where(SectionSuggestionDecision.campaign_id == campaign_id,
                        SectionSuggestionDecision.decision == DISMISSED))
    rows = session.execute(
        select(Proposal.id, Proposal.text, Proposal.participation_id)
        .join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id, Proposal.withdrawn_on.is_(None),
               Proposal.id.not_in(cited), Proposal.id.not_in(dismissed))
        .order_by(Proposal.id)
    ).all()
    return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]


@dataclass(frozen=True)
class CampaignPool:
    """Every current wording of a campaign with its words, meaning and neighbours (``ranking.Pool``):
    what the ranking needs that depends on the proposals only, cached apart from the decisions."""

    pool: ranking.Pool
    rows: dict[str, int]  # normalised wording (text_key) → row of the pool


def campaign_pool(session: Session, campaign_id: int, *, encode: Encoder | None = None,
                  use_encoder: bool = True) -> CampaignPool:
    first: dict[str, tuple[int, str]] = {}
    for pid, text in session.execute(
        select(Proposal.id, Proposal.text).join(Participation, Proposal.participation_id == Participation.id)
        .where(Participation.campaign_id == campaign_id, Proposal.withdrawn_on.is_(None)).order_by(Proposal.id)
    ):
        first.setdefault(text_key(text), (int(pid), str(text)))
    if encode is None and use_encoder:
        encode = _encoder()
    texts = [text for _, text in first.values()]
    vectors_ = (_pool_vectors(session, [pid for pid, _ in first.values()], texts, encode)
                if encode is not None and texts else None)
    return CampaignPool(pool=ranking.Pool(texts, encode=encode, vectors=vectors_),
                        rows={key: row for row, key in enumerate(first)})


def pending(session: Session, campaign_id: int, *, pool: CampaignPool | None = None,
            encode: Encoder | None = None, use_encoder: bool = True) -> Queue:
    """The review queue: each waiting wording with up to three sections, most confident first.

    ``pool``: the campaign's pool when the caller cached it (rebuilt here if a wording is missing)."""
    profiles = section_profiles(session, campaign_id)
    waiting = _waiting(session, campaign_id)
    groups: dict[str, list[tuple[int, str, int]]] = {}
    for row in waiting:
        groups.setdefault(text_key(row[1]), []).append(row)
    choices: dict[str, tuple[tuple[int, float], ...]] = {}
    if profiles and groups:
        if pool is None or any(key not in pool.rows for key in groups):
            pool = campaign_pool(session, campaign_id, encode=encode, use_encoder=use_encoder)
        ranked = ranking.rank_pool(pool.pool, profiles)
        choices = {key: ranked[pool.rows[key]].choices for key in groups}
    entries = [
        QueueEntry(proposal_ids=tuple(r[0] for r in rows), text=rows[0][1],
                   territories=len({r[2] for r in rows}), choices=choices.get(key, ()))
        for key, rows in groups.items()
    ]
    entries.sort(key=lambda e: (-(e.best[1] if e.best else 0.0), -e.territories, e.proposal_ids[0]))
    return Queue(entries=tuple(entries), sections={p.id: p.title for p in profiles}, proposals=len(waiting))


def _campaign_proposals(session: Session, campaign_id: int, proposal_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(int(p) for p in proposal_ids))
    if not ids:
        raise ValidationError("Choisissez au moins une proposition.")
    found = set(session.scalars(
        select(Proposal.id).join(Participation, Proposal.participation_id == Participation.id)
        .where(Proposal.id.in_(ids), Participation.campaign_id == campaign_id)).all())
    if len(found) != len(ids):
        raise ValidationError("Une des propositions n'existe plus dans cette campagne : rechargez la page.")
    return ids


def _record(session: Session, *, actor: Actor, campaign_id: int, proposal_ids: Sequence[int], decision: str,
            section_id: int | None, suggested_section_id: int | None, confidence: float | None) -> None:
    existing = {d.proposal_id: d for d in session.scalars(
        select(SectionSuggestionDecision).where(SectionSuggestionDecision.proposal_id.in_(list(proposal_ids))))}
    for pid in proposal_ids:
        row = existing.get(pid)
        if row is None:
            row = SectionSuggestionDecision(campaign_id=campaign_id, proposal_id=pid, decided_by=actor.email)
            session.add(row)
        row.decision, row.section_id = decision, section_id
        row.suggested_section_id, row.confidence, row.decided_by = suggested_section_id, confidence, actor.email
    session.flush()


def accept(session: Session, *, actor: Actor, proposal_ids: Sequence[int], section_id: int,
           item_id: int | None = None, suggested_section_id: int | None = None,
           confidence: float | None = None) -> str:
    """Put the proposals in ``section_id``: sources of ``item_id`` when given, else a new item (or
    sources of the item that already cites the same wording). Returns the decision: ``accepted``
    when the section is the first suggestion, ``corrected`` otherwise."""
    require(actor, Role.EDITEUR, action="accepter une section suggérée")
    section = load_section(session, section_id)
    ids = _campaign_proposals(session, section.campaign_id, proposal_ids)
    if item_id is not None:
        item = load_item(session, item_id)
        if item.section_id != section_id:
            raise ValidationError("Cet élément n'appartient pas à la section choisie.")
        attach_sources(session, actor=actor, item_id=item_id, proposal_ids=ids)
    else:
        add_proposals(session, actor=actor, section_id=section_id, proposal_ids=ids, skip_placed=True)
    decision = ACCEPTED if suggested_section_id in (None, section_id) else CORRECTED
    _record(session, actor=actor, campaign_id=section.campaign_id, proposal_ids=ids, decision=decision,
            section_id=section_id, suggested_section_id=suggested_section_id, confidence=confidence)
    suggested = session.get(ManifestoSection, suggested_section_id) if suggested_section_id else None
    summary = (f"Suggestion acceptée : {plural(len(ids), 'proposition')} dans « {section.title} »"
               if decision == ACCEPTED else
               f"Suggestion corrigée : {plural(len(ids), 'proposition')} dans « {section.title} »"
               + (f" au lieu de « {suggested.title} »" if suggested else ""))
    audit.record(session, actor=actor, action=f"manifeste.suggestion.{'acceptation' if decision == ACCEPTED else 'correction'}",
                 entity_type="manifesto_section", entity_id=section_id, summary=summary,
                 after={"proposal_ids": ids, "section_id": section_id, "item_id": item_id,
                        "suggested_section_id": suggested_section_id, "confidence": confidence})
    return decision


def dismiss(session: Session, *, actor: Actor, proposal_ids: Sequence[int], campaign_id: int,
            suggested_section_id: int | None = None, confidence: float | None = None) -> int:
    """Keep the proposals out of the review queue (they stay searchable and can still be added)."""
    require(actor, Role.EDITEUR, action="écarter une suggestion de section")
    ids = _campaign_proposals(session, campaign_id, proposal_ids)
    _record(session, actor=actor, campaign_id=campaign_id, proposal_ids=ids, decision=DISMISSED,
            section_id=None, suggested_section_id=suggested_section_id, confidence=confidence)
    audit.record(session, actor=actor, action="manifeste.suggestion.ecart", entity_type="campaign",
                 entity_id=campaign_id, summary=f"Suggestion écartée : {plural(len(ids), 'proposition')}",
                 after={"proposal_ids": ids, "suggested_section_id": suggested_section_id, "confidence": confidence})
    return len(ids)


def restore_dismissed(session: Session, *, actor: Actor, campaign_id: int, proposal_ids: Sequence[int]) -> int:
    """Bring dismissed proposals back into the queue."""
    require(actor, Role.EDITEUR, action="remettre des propositions dans la file des suggestions")
    rows = session.scalars(select(SectionSuggestionDecision).where(
        SectionSuggestionDecision.campaign_id == campaign_id, SectionSuggestionDecision.decision == DISMISSED,
        SectionSuggestionDecision.proposal_id.in_(list(proposal_ids)))).all()
    for row in rows:
        session.delete(row)
    session.flush()
    if rows:
        audit.record(session, actor=actor, action="manifeste.suggestion.retour", entity_type="campaign",
                     entity_id=campaign_id, summary=f"{plural(len(rows), 'proposition remise', 'propositions remises')} dans la file des suggestions",
                     before={"proposal_ids": [r.proposal_id for r in rows]})
    return len(rows)


@dataclass(frozen=True)
class DecisionCounts:
    accepted: int
    corrected: int
    dismissed: int

    @property
    def first_right(self) -> float | None:
        """Share of placed proposals whose first suggestion the editor kept."""
        placed = self.accepted + self.corrected
        return self.accepted / placed if placed else None


def decision_counts(session: Session, campaign_id: int) -> DecisionCounts:
    rows = session.scalars(select(SectionSuggestionDecision.decision)
                           .where(SectionSuggestionDecision.campaign_id == campaign_id)).all()
    return DecisionCounts(accepted=rows.count(ACCEPTED), corrected=rows.count(CORRECTED),
                          dismissed=rows.count(DISMISSED))
