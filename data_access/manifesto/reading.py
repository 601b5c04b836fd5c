"""Reading the manifesto: sections with their items and territories, history, diff."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.errors import ValidationError
from data_access.french import normalise, plural
from data_access.manifesto.views import ItemView, Placement, RevisionView, SectionView
from data_access.models import (
    SECTION_STATUS_LABELS,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    ManifestoSectionRevision,
    Participation,
    Proposal,
    SectionStatus,
    Territory,
)


def sources_by_item(session: Session, item_ids: Sequence[int]) -> dict[int, list[int]]:
    sources: dict[int, list[int]] = {}
    if not item_ids:
        return sources
    for item_id, proposal_id in session.execute(
        select(ManifestoItemSource.item_id, ManifestoItemSource.proposal_id)
        .where(ManifestoItemSource.item_id.in_(list(item_ids))).order_by(ManifestoItemSource.proposal_id)
    ):
        sources.setdefault(item_id, []).append(proposal_id)
    return sources


def _territories_of_proposals(session: Session, proposal_ids: set[int]) -> dict[int, tuple[int, str, str | None]]:
    """proposal id → (participation id, kind, région code)."""
    if not proposal_ids:
        return {}
    result: dict[int, tuple[int, str, str | None]] = {}
    ids = sorted(proposal_ids)
    for start in range(0, len(ids), 5000):
        for pid, part, kind, reg in session.execute(
            select(Proposal.id, Participation.id, Territory.kind, Territory.reg_code)
            .join(Participation, Proposal.participation_id == Participation.id)
            .join(Territory, Participation.territory_id == Territory.id)
            .where(Proposal.id.in_(ids[start: start + 5000]))
        ):
            result[pid] = (part, kind, reg)
    return result


def load_section(session: Session, section_id: int) -> ManifestoSection:
    section = session.get(ManifestoSection, section_id)
    if section is None:
        raise ValidationError("Cette section n'existe plus (elle a peut-être été supprimée par un autre éditeur).")
    return section


def load_item(session: Session, item_id: int) -> ManifestoItem:
    item = session.get(ManifestoItem, item_id)
    if item is None:
        raise ValidationError("Cet élément n'existe plus (il a peut-être été supprimé ou déplacé par un autre éditeur).")
    return item


def list_sections(session: Session, campaign_id: int) -> list[SectionView]:
    sections = session.scalars(
        select(ManifestoSection).where(ManifestoSection.campaign_id == campaign_id)
        .order_by(ManifestoSection.position, ManifestoSection.id)
    ).all()
    items = session.scalars(
        select(ManifestoItem).where(ManifestoItem.section_id.in_([s.id for s in sections]))
        .order_by(ManifestoItem.position, ManifestoItem.id)
    ).all() if sections else []
    sources = sources_by_item(session, [i.id for i in items])
    places = _territories_of_proposals(session, {pid for ids in sources.values() for pid in ids})
    by_section: dict[int, list[ItemView]] = {}
    for item in items:
        proposal_ids = tuple(sources.get(item.id, ()))
        participations = {places[p][0]: places[p] for p in proposal_ids if p in places}
        kinds = Counter(kind for _, kind, _ in participations.values())
        regions = Counter(reg for _, _, reg in participations.values() if reg)
        by_section.setdefault(item.section_id, []).append(ItemView(
            id=item.id, section_id=item.section_id, position=item.position, wording=item.wording,
            version=item.version, group_id=item.group_id, proposal_ids=proposal_ids,
            territories=len(participations), kinds=tuple(kinds.most_common()),
            regions=tuple(regions.most_common()), updated_by=item.updated_by, updated_at=item.updated_at,
        ))
    return [
        SectionView(id=s.id, title=s.title, position=s.position, introduction=s.introduction or "",
                    status=s.status, version=s.version, updated_by=s.updated_by, updated_at=s.updated_at,
                    items=tuple(by_section.get(s.id, ())))
        for s in sections
    ]


def get_section(session: Session, section_id: int) -> SectionView:
    section = session.get(ManifestoSection, section_id)
    if section is None:
        raise ValidationError("Cette section n'existe plus (elle a peut-être été supprimée par un autre éditeur).")
    for view in list_sections(session, section.campaign_id):
        if view.id == section_id:
            return view
    raise ValidationError("Cette section n'existe plus.")


def history(session: Session, section_id: int) -> list[RevisionView]:
    """Every saved version of a section, newest first."""
    return [
        RevisionView(version=r.version, created_at=r.created_at, created_by=r.created_by, snapshot=dict(r.snapshot))
        for r in session.scalars(
            select(ManifestoSectionRevision).where(ManifestoSectionRevision.section_id == section_id)
            .order_by(ManifestoSectionRevision.version.desc(), ManifestoSectionRevision.id.desc())
        )
    ]


def snapshot_lines(snapshot: dict[str, Any]) -> list[str]:
    """A snapshot as readable lines: what the diff compares."""
    status = snapshot.get("status") or SectionStatus.BROUILLON.value
    lines = [f"Titre : {snapshot.get('title', '')}",
             f"Statut : {SECTION_STATUS_LABELS.get(SectionStatus(status), status)}", "", "Introduction :"]
    lines += (snapshot.get("introduction") or "").splitlines() or ["(vide)"]
    lines += ["", "Éléments :"]
    for number, item in enumerate(snapshot.get("items", []), start=1):
        sources = item.get("sources") or []
        lines.append(f"{number}. {item.get('wording', '')} [{plural(len(sources), 'proposition source', 'propositions sources')}]")
    return lines


def diff(old: dict[str, Any], new: dict[str, Any], *, old_label: str = "avant", new_label: str = "après") -> str:
    """A unified diff between two snapshots (empty when they are the same)."""
    return "\n".join(difflib.unified_diff(snapshot_lines(old), snapshot_lines(new), fromfile=old_label,
                                          tofile=new_label, lineterm="", n=2))


ADDED, REMOVED, SAME = "+", "-", "="


@dataclass(frozen=True)
class ChangedLine:
    """One line of a section that differs between two versions, word by word.

    ``words`` are (mark, text) pairs: ``ADDED``, ``REMOVED`` or ``SAME``; a line only added (or
    only removed) has all its words so marked."""

    words: tuple[tuple[str, str], ...]

    @property
    def added(self) -> int:
        return sum(len(text.split()) for mark, text in self.words if mark == ADDED)

    @property
    def removed(self) -> int:
        return sum(len(text.split()) for mark, text in self.words if mark == REMOVED)


def compare(old: dict[str, Any], new: dict[str, Any]) -> tuple[ChangedLine, ...]:
    """What changed between two snapshots, as a reader compares them: the lines that differ, with
    the words added and removed in each (an editor should not have to read a unified diff)."""
    before, after = snapshot_lines(old), snapshot_lines(new)
    changes: list[ChangedLine] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = before[i1:i2], after[j1:j2]
        for index in range(max(len(removed), len(added))):
            old_line = removed[index] if index < len(removed) else None
            new_line = added[index] if index < len(added) else None
            if old_line is None and new_line is not None and new_line.strip():
                changes.append(ChangedLine(words=((ADDED, new_line),)))
            elif new_line is None and old_line is not None and old_line.strip():
                changes.append(ChangedLine(words=((REMOVED, old_line),)))
            elif old_line is not None and new_line is not None:
                changes.append(ChangedLine(words=_word_changes(old_line, new_line)))
    return tuple(changes)


def _word_changes(old: str, new: str) -> tuple[tuple[str, str], ...]:
    old_words, new_words = old.split(), new.split()
    words: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False).get_opcodes():
        if tag == "equal":
            words.append((SAME, " ".join(old_words[i1:i2])))
            continue
        if i2 > i1:
            words.append((REMOVED, " ".join(old_words[i1:i2])))
        if j2 > j1:
            words.append((ADDED, " ".join(new_words[j1:j2])))
    return tuple(words)


def revision(session: Session, section_id: int, version: int) -> RevisionView:
    found = session.scalars(
        select(ManifestoSectionRevision).where(ManifestoSectionRevision.section_id == section_id,
                                               ManifestoSectionRevision.version == version)
        .order_by(ManifestoSectionRevision.id.desc()).limit(1)
    ).first()
    if found is None:
        raise ValidationError(f"La version {version} de cette section est introuvable.")
    return RevisionView(version=found.version, created_at=found.created_at, created_by=found.created_by,
                        snapshot=dict(found.snapshot))



def item_source_ids(session: Session, item_id: int) -> list[int]:
    return sources_by_item(session, [item_id]).get(item_id, [])


def item_campaign(session: Session, item_id: int) -> int:
    item = load_item(session, item_id)
    return load_section(session, item.section_id).campaign_id


def section_ids(session: Session, campaign_id: int) -> list[int]:
    return list(session.scalars(select(ManifestoSection.id).where(ManifestoSection.campaign_id == campaign_id)
                                .order_by(ManifestoSection.position, ManifestoSection.id)).all())


def campaign_of_section(session: Session, section_id: int) -> int:
    return load_section(session, section_id).campaign_id



def proposal_placements(session: Session, campaign_id: int) -> dict[int, tuple[Placement, ...]]:
    """proposal id → the items it already feeds (« dans 1.1 »), so that nobody adds it twice."""
    section_order = {sid: number for number, sid in enumerate(section_ids(session, campaign_id), start=1)}
    if not section_order:
        return {}
    items = session.execute(
        select(ManifestoItem.id, ManifestoItem.section_id)
        .where(ManifestoItem.section_id.in_(list(section_order)))
        .order_by(ManifestoItem.section_id, ManifestoItem.position, ManifestoItem.id)
    ).all()
    labels: dict[int, Placement] = {}
    counters: dict[int, int] = {}
    for item_id, section_id in items:
        counters[section_id] = counters.get(section_id, 0) + 1
        labels[item_id] = Placement(item_id=item_id, section_id=section_id,
                                    label=f"{section_order[section_id]}.{counters[section_id]}")
    placements: dict[int, list[Placement]] = {}
    for item_id, proposal_ids in sources_by_item(session, list(labels)).items():
        for proposal_id in proposal_ids:
            placements.setdefault(proposal_id, []).append(labels[item_id])
    return {pid: tuple(sorted(found, key=lambda p: p.label)) for pid, found in placements.items()}


def text_key(text: str) -> str:
    """A proposal's wording as the import identifies it (case, accents, punctuation and spacing aside):
    two territories' « Accompagner les agents… » are the same text."""
    return normalise(text)  # as intake.changes.proposal_key, which identifies a proposal across versions


def placements_by_text(session: Session, campaign_id: int,
                       placed: dict[int, tuple[Placement, ...]] | None = None) -> dict[str, tuple[Placement, ...]]:
    """Normalised text of each proposal feeding an item → those items: a copy of that wording from
    another territory, not itself a source, is marked « même texte que 1.1 » and kept as a source.
    ``placed``: the campaign's proposal_placements when the caller already has them."""
    if placed is None:
        placed = proposal_placements(session, campaign_id)
    if not placed:
        return {}
    rows = session.execute(
        select(Proposal.id, Proposal.text)
        .join(ManifestoItemSource, ManifestoItemSource.proposal_id == Proposal.id)
        .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
        .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoSection.campaign_id == campaign_id)
    ).all()
    by_text: dict[str, dict[int, Placement]] = {}
    for proposal_id, text in rows:
        for found in placed.get(proposal_id, ()):
            by_text.setdefault(text_key(text), {})[found.item_id] = found
    return {key: tuple(sorted(found.values(), key=lambda p: p.label)) for key, found in by_text.items()}


def fields_changed_since(session: Session, section_id: int, version: int) -> bool:
    """Whether the title, introduction or status differ from what they were at ``version``.

    Item changes raise the section's version too; only these fields make a section save conflict."""
    section = load_section(session, section_id)
    if section.version == version:
        return False
    try:
        old = revision(session, section_id, version).snapshot
    except ValidationError:
        return True
    return (old.get("title"), old.get("introduction") or "", old.get("status")) != (
        section.title, section.introduction or "", section.status)


def fields_changed_by_others_since(session: Session, section_id: int, version: int, *, email: str) -> str | None:
    """Who else changed the title, introduction or status after ``version``: the last such editor
    other than ``email``, or None. The section's last writer is not enough: after a colleague's
    introduction, the editor's own item addition makes them the last writer of the section."""
    if not fields_changed_since(session, section_id, version):
        return None
    revisions = session.execute(
        select(ManifestoSectionRevision.snapshot, ManifestoSectionRevision.created_by, ManifestoSectionRevision.version)
        .where(ManifestoSectionRevision.section_id == section_id, ManifestoSectionRevision.version >= version)
        .order_by(ManifestoSectionRevision.version, ManifestoSectionRevision.id)
    ).all()
    if not revisions:  # no history to read (an imported section): say who wrote it last
        section = load_section(session, section_id)
        return section.updated_by if section.updated_by != email else None

    def fields(snapshot: dict[str, Any]) -> tuple[Any, str, Any]:
        return snapshot.get("title"), snapshot.get("introduction") or "", snapshot.get("status")

    # Without the starting version's snapshot, the first later one counts as a change.
    _, first_author, first_version = revisions[0]
    found = first_author if first_version != version and first_author != email else None
    for (previous, _, _), (snapshot, author, _) in pairwise(revisions):
        if fields(snapshot) != fields(previous) and author != email:
            found = author
    return found
