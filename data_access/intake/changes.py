"""What a new grid version changes for one territory: proposals kept, changed, added or withdrawn;
sessions kept, added or removed; the date of each stage from its own facts.

Provenance is permanent: a proposal keeps its identity (its id, which manifesto items cite)
across versions as long as its normalised text is unchanged; a proposal absent from the new
version is withdrawn (``Proposal.withdrawn_on``), never deleted.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.french import normalise
from data_access.models import (
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Proposal,
    Stage,
)

ITEM_LABEL_CHARS = 60


@dataclass(frozen=True)
class StoredProposal:
    id: int
    text: str
    chapter: str
    themes: tuple[str, ...]
    withdrawn_on: dt.date | None


@dataclass
class ProposalDiff:
    """How a territory's proposals move from the store to the file's version."""

    kept: list[tuple[int, dict[str, Any]]] = field(default_factory=list)  # unchanged (id, new values)
    changed: list[tuple[StoredProposal, dict[str, Any]]] = field(default_factory=list)  # same text, new chapter…
    restored: list[tuple[StoredProposal, dict[str, Any]]] = field(default_factory=list)  # withdrawn, back again
    added: list[dict[str, Any]] = field(default_factory=list)
    withdrawn: list[StoredProposal] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.changed or self.restored or self.added or self.withdrawn)


def proposal_key(text: str) -> str:
    """Identity of a proposal across versions: its text, case, accents, punctuation and spacing aside."""
    return normalise(text)


def diff_proposals(stored: Sequence[StoredProposal], new: Sequence[Mapping[str, Any]]) -> ProposalDiff:
    diff = ProposalDiff()
    buckets: dict[str, list[StoredProposal]] = defaultdict(list)
    # Current proposals first in each bucket, so a duplicate restores a withdrawn one only when needed.
    for proposal in sorted(stored, key=lambda p: (p.withdrawn_on is not None, p.id), reverse=True):
        buckets[proposal_key(proposal.text)].append(proposal)
    for values in new:
        bucket = buckets.get(proposal_key(values["text"]))
        if not bucket:
            diff.added.append(dict(values))
            continue
        match = bucket.pop()
        if match.withdrawn_on is not None:
            diff.restored.append((match, dict(values)))
        elif (match.text, match.chapter, tuple(match.themes)) != (
                values["text"], values["chapter"], tuple(values.get("themes") or ())):
            diff.changed.append((match, dict(values)))
        else:
            diff.kept.append((match.id, dict(values)))
    diff.withdrawn = sorted((p for bucket in buckets.values() for p in bucket if p.withdrawn_on is None),
                            key=lambda p: p.id)
    return diff


def stored_proposals(session: Session, participation_ids: Iterable[int]) -> dict[int, list[StoredProposal]]:
    """Every proposal (withdrawn ones too) of these participations, as plain values."""
    ids = sorted(set(participation_ids))
    found: dict[int, list[StoredProposal]] = defaultdict(list)
    for start in range(0, len(ids), 500):
        for pid, participation_id, text, chapter, themes, withdrawn_on in session.execute(
            select(Proposal.id, Proposal.participation_id, Proposal.text, Proposal.chapter, Proposal.themes,
                   Proposal.withdrawn_on)
            .where(Proposal.participation_id.in_(ids[start: start + 500])).order_by(Proposal.id)
        ):
            found[int(participation_id)].append(StoredProposal(int(pid), str(text), str(chapter),
                                                               tuple(themes or ()), withdrawn_on))
    return found


def manifesto_items(session: Session, proposal_ids: Iterable[int]) -> dict[int, list[str]]:
    """proposal id → the manifesto items citing it, labelled « 1.2 Wording… » as numbered in the Atelier."""
    ids = sorted(set(proposal_ids))
    if not ids:
        return {}
    cited: dict[int, list[int]] = defaultdict(list)
    for start in range(0, len(ids), 5000):
        for item_id, proposal_id in session.execute(
            select(ManifestoItemSource.item_id, ManifestoItemSource.proposal_id)
            .where(ManifestoItemSource.proposal_id.in_(ids[start: start + 5000]))
        ):
            cited[int(proposal_id)].append(int(item_id))
    if not cited:
        return {}
    item_ids = {i for items in cited.values() for i in items}
    campaign_ids = set(session.scalars(
        select(ManifestoSection.campaign_id).join(ManifestoItem, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoItem.id.in_(sorted(item_ids)))).all())
    labels: dict[int, str] = {}
    rows = session.execute(
        select(ManifestoSection.campaign_id, ManifestoSection.id, ManifestoItem.id, ManifestoItem.wording)
        .join(ManifestoItem, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoSection.campaign_id.in_(sorted(campaign_ids)))
        .order_by(ManifestoSection.campaign_id, ManifestoSection.position, ManifestoSection.id,
                  ManifestoItem.position, ManifestoItem.id)
    ).all()
    section_rank: dict[int, int] = {}
    sections_seen: dict[int, int] = defaultdict(int)
    item_rank: dict[int, int] = defaultdict(int)
    for campaign_id, section_id, item_id, wording in rows:
        if section_id not in section_rank:
            sections_seen[campaign_id] += 1
            section_rank[section_id] = sections_seen[campaign_id]
        item_rank[section_id] += 1
        if item_id in item_ids:
            text = " ".join(str(wording).split())
            short = text if len(text) <= ITEM_LABEL_CHARS else text[: ITEM_LABEL_CHARS - 1].rstrip() + "…"
            labels[item_id] = f"{section_rank[section_id]}.{item_rank[section_id]} {short}"
    return {pid: sorted({labels[i] for i in items if i in labels}, key=_label_order) for pid, items in cited.items()}


def _label_order(label: str) -> tuple[int, ...]:
    number = label.split(" ", 1)[0]
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def withdrawn_marks(session: Session, proposal_ids: Iterable[int]) -> dict[int, dt.date]:
    """proposal id → the day its territory withdrew it, for the withdrawn ones among these ids."""
    ids = sorted(set(proposal_ids))
    marks: dict[int, dt.date] = {}
    for start in range(0, len(ids), 5000):
        for pid, withdrawn_on in session.execute(
            select(Proposal.id, Proposal.withdrawn_on)
            .where(Proposal.id.in_(ids[start: start + 5000]), Proposal.withdrawn_on.is_not(None))
        ):
            if withdrawn_on is not None:
                marks[int(pid)] = withdrawn_on
    return marks




# --------------------------------------------------------------------------- sessions


SessionKey = tuple[Any, ...]


def session_key(s: Mapping[str, Any]) -> SessionKey:
    return (s["held_on"], s["format"], tuple(sorted(s["publics"])), s["participants"], s.get("place") or None)


@dataclass
class SessionDiff:
    removed: list[int] = field(default_factory=list)  # stored session ids
    added: list[dict[str, Any]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.removed or self.added)


def diff_sessions(stored: Sequence[tuple[SessionKey, int]], new: Sequence[Mapping[str, Any]]) -> SessionDiff:
    """Unchanged sessions stay as they are; only the ones that differ are removed or added."""
    buckets: dict[SessionKey, list[int]] = defaultdict(list)
    for key, session_id in stored:
        buckets[key].append(session_id)
    diff = SessionDiff()
    for values in new:
        bucket = buckets.get(session_key(values))
        if bucket:
            bucket.pop()
        else:
            diff.added.append(dict(values))
    diff.removed = sorted(i for bucket in buckets.values() for i in bucket)
    return diff


# --------------------------------------------------------------------------- stage dates


def stage_dates(*, engaged_on: dt.date, stage_on: dt.date | None, charter_on: dt.date | None,
                first_session: dt.date | None, filed_on: dt.date | None) -> dict[Stage, dt.date]:
    """The date of each stage from its own fact; « Date de l'étape » only where nothing else says.

    A stage passed without a fact of its own (a grid filed with no session, a charter box left
    blank) takes the date of the first later fact, never the engagement date: otherwise the
    stages read out of order (« Grille déposée » on the day of engagement).
    """
    own: dict[Stage, dt.date | None] = {
        Stage.ENGAGE: engaged_on, Stage.CHARTE_SIGNEE: charter_on, Stage.CONCERTATION_TENUE: first_session,
        Stage.GRILLE_DEPOSEE: filed_on, Stage.GRILLE_VALIDEE: None,
    }
    fallback = stage_on or engaged_on
    dates: dict[Stage, dt.date] = {}
    for stage in Stage:
        later = [d for s, d in own.items() if s.rank > stage.rank and d is not None]
        dates[stage] = own[stage] or (min(later) if later else fallback)
    return dates


def first_session(sessions: Sequence[Mapping[str, Any]] | None) -> dt.date | None:
    dates = [s["held_on"] for s in sessions or [] if s.get("held_on")]
    return min(dates) if dates else None
