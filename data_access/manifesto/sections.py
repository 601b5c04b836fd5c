"""The manifesto: sections and items, optimistic concurrency, history, coverage, export data.

Concurrency: every section and item carries a ``version``. A save names the version it was based
on; the store applies it with ``UPDATE … WHERE version = :expected`` so that, of two editors
saving from the same version, exactly one wins and the other gets a ``ManifestoConflict`` that
carries both texts. A change to a section or to any of its items raises the section's version
and stores a full snapshot (``ManifestoSectionRevision``), which gives history, diff and restore.

Roles: reading is open to every signed-in role; every write requires « Éditeur » and is audited.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ConflictError, ValidationError
from data_access.intake.changes import withdrawn_by_participation
from data_access.models import (
    SECTION_STATUS_LABELS,
    Campaign,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    ManifestoSectionRevision,
    Participation,
    Proposal,
    ProposalGroup,
    ProposalGroupMember,
    Role,
    SectionStatus,
    Territory,
    utcnow,
)
from data_access.territories import reference

MAX_TITLE = 300
OVERSEAS_ZONES = frozenset({"drom", "com"})
SIZE_CLASSES: tuple[tuple[str, int, int | None], ...] = (
    ("Moins de 2 000 habitants", 0, 2_000),
    ("De 2 000 à 19 999 habitants", 2_000, 20_000),
    ("De 20 000 à 99 999 habitants", 20_000, 100_000),
    ("De 100 000 à 499 999 habitants", 100_000, 500_000),
    ("500 000 habitants et plus", 500_000, None),
)
UNKNOWN_SIZE = "Population non renseignée"
# (value, French label) of each section status, for widgets.
STATUS_CHOICES: tuple[tuple[str, str], ...] = tuple((s.value, SECTION_STATUS_LABELS[s]) for s in SectionStatus)


class ManifestoConflict(ConflictError):
    """Someone saved first. Carries the other editor's text and the user's own, so nothing is lost."""

    def __init__(self, message: str, *, theirs: str, mine: str, other_editor: str, current_version: int) -> None:
        super().__init__(message, hint="Votre texte est conservé : reprenez-le sur la version actuelle.")
        self.theirs = theirs
        self.mine = mine
        self.other_editor = other_editor
        self.current_version = current_version


# --- Plain views (picklable; what readers and exports receive) ------------------------------------

@dataclass(frozen=True)
class ItemView:
    id: int
    section_id: int
    position: int
    wording: str
    version: int
    group_id: int | None
    proposal_ids: tuple[int, ...]
    territories: int
    kinds: tuple[tuple[str, int], ...]  # (kind, territories)
    regions: tuple[tuple[str, int], ...]  # (région code, territories)
    updated_by: str
    updated_at: dt.datetime


@dataclass(frozen=True)
class SectionView:
    id: int
    title: str
    position: int
    introduction: str
    status: str
    version: int
    updated_by: str
    updated_at: dt.datetime
    items: tuple[ItemView, ...]

    @property
    def status_label(self) -> str:
        return SECTION_STATUS_LABELS[SectionStatus(self.status)]


@dataclass(frozen=True)
class RevisionView:
    version: int
    created_at: dt.datetime
    created_by: str
    snapshot: dict[str, Any]


@dataclass(frozen=True)
class CoverageRow:
    label: str
    engaged: int
    represented: int


@dataclass(frozen=True)
class MissingTerritory:
    participation_id: int
    name: str
    kind: str
    reg_code: str | None


@dataclass(frozen=True)
class Coverage:
    engaged: int
    represented: int
    by_kind: tuple[CoverageRow, ...]
    by_region: tuple[CoverageRow, ...]
    by_size: tuple[CoverageRow, ...]
    overseas: CoverageRow
    overseas_names: tuple[str, ...]
    missing: tuple[MissingTerritory, ...]


@dataclass(frozen=True)
class ExportItem:
    wording: str
    territories: int
    kinds: tuple[str, ...]  # French labels
    regions: tuple[str, ...]  # région names


@dataclass(frozen=True)
class ExportSection:
    title: str
    introduction: str
    status: str
    items: tuple[ExportItem, ...]


@dataclass(frozen=True)
class ExportTerritory:
    name: str
    kind: str  # French label
    region: str
    withdrawn_on: dt.date | None = None  # its cited proposals were withdrawn by the territory (latest day)


@dataclass(frozen=True)
class ManifestoDocument:
    campaign_name: str
    forum_date: dt.date | None
    forum_place: str | None
    generated_on: dt.date
    sections: tuple[ExportSection, ...]
    territories: tuple[ExportTerritory, ...] = field(default=())

    @property
    def item_count(self) -> int:
        return sum(len(s.items) for s in self.sections)


# --- Reading -------------------------------------------------------------------------------------

def _sources_by_item(session: Session, item_ids: Sequence[int]) -> dict[int, list[int]]:
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


def list_sections(session: Session, campaign_id: int) -> list[SectionView]:
    sections = session.scalars(
        select(ManifestoSection).where(ManifestoSection.campaign_id == campaign_id)
        .order_by(ManifestoSection.position, ManifestoSection.id)
    ).all()
    items = session.scalars(
        select(ManifestoItem).where(ManifestoItem.section_id.in_([s.id for s in sections]))
        .order_by(ManifestoItem.position, ManifestoItem.id)
    ).all() if sections else []
    sources = _sources_by_item(session, [i.id for i in items])
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
        lines.append(f"{number}. {item.get('wording', '')} [{len(sources)} proposition(s) source]")
    return lines


def diff(old: dict[str, Any], new: dict[str, Any], *, old_label: str = "avant", new_label: str = "après") -> str:
    """A unified diff between two snapshots (empty when they are the same)."""
    return "\n".join(difflib.unified_diff(snapshot_lines(old), snapshot_lines(new), fromfile=old_label,
                                          tofile=new_label, lineterm="", n=2))


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


# --- Writing: helpers ------------------------------------------------------------------------------

def _section(session: Session, section_id: int) -> ManifestoSection:
    section = session.get(ManifestoSection, section_id)
    if section is None:
        raise ValidationError("Cette section n'existe plus (elle a peut-être été supprimée par un autre éditeur).")
    return section


def _item(session: Session, item_id: int) -> ManifestoItem:
    item = session.get(ManifestoItem, item_id)
    if item is None:
        raise ValidationError("Cet élément n'existe plus (il a peut-être été supprimé ou déplacé par un autre éditeur).")
    return item


def _snapshot(session: Session, section: ManifestoSection) -> dict[str, Any]:
    items = session.scalars(select(ManifestoItem).where(ManifestoItem.section_id == section.id)
                            .order_by(ManifestoItem.position, ManifestoItem.id)).all()
    sources = _sources_by_item(session, [i.id for i in items])
    return {
        "title": section.title, "introduction": section.introduction or "", "status": section.status,
        "items": [{"id": i.id, "wording": i.wording, "group_id": i.group_id, "sources": sources.get(i.id, [])}
                  for i in items],
    }


def _section_text(section: ManifestoSection) -> str:
    return "\n".join([section.title, "", section.introduction or ""]).strip()


def _conflict_for_section(section: ManifestoSection, mine: str, expected: int) -> ManifestoConflict:
    when = section.updated_at.strftime("%d/%m/%Y à %H:%M") if section.updated_at else "récemment"
    return ManifestoConflict(
        f"La section « {section.title} » a été modifiée par {section.updated_by} le {when} (UTC) pendant que "
        f"vous l'éditiez : vous partiez de la version {expected}, elle est maintenant en version "
        f"{section.version}. Votre modification n'a pas été enregistrée.",
        theirs=_section_text(section), mine=mine, other_editor=section.updated_by,
        current_version=section.version,
    )


def _claim_section(session: Session, section: ManifestoSection, expected: int, actor: Actor, mine: str) -> None:
    """Raise the version only if it is still ``expected``: the atomic step that makes one save win."""
    session.flush()
    result = session.execute(
        update(ManifestoSection)
        .where(ManifestoSection.id == section.id, ManifestoSection.version == expected)
        .values(version=expected + 1, updated_at=utcnow(), updated_by=actor.email)
        .execution_options(synchronize_session=False)
    )
    session.refresh(section)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _conflict_for_section(section, mine, expected)


def _touch_section(session: Session, section: ManifestoSection, actor: Actor) -> None:
    """Item-level changes raise the section's version too (the snapshot includes items)."""
    session.flush()
    session.execute(
        update(ManifestoSection).where(ManifestoSection.id == section.id)
        .values(version=ManifestoSection.version + 1, updated_at=utcnow(), updated_by=actor.email)
        .execution_options(synchronize_session=False)
    )
    session.refresh(section)


def _record_revision(session: Session, section: ManifestoSection, actor: Actor, **extra: Any) -> dict[str, Any]:
    snapshot = {**_snapshot(session, section), **extra}
    session.add(ManifestoSectionRevision(section_id=section.id, version=section.version, snapshot=snapshot,
                                         created_by=actor.email))
    session.flush()
    return snapshot


def _positions(session: Session, section_id: int, ordered_ids: Sequence[int]) -> None:
    for position, item_id in enumerate(ordered_ids):
        session.execute(update(ManifestoItem).where(ManifestoItem.id == item_id).values(position=position))


def _item_ids(session: Session, section_id: int) -> list[int]:
    return list(session.scalars(select(ManifestoItem.id).where(ManifestoItem.section_id == section_id)
                                .order_by(ManifestoItem.position, ManifestoItem.id)).all())


def _check_title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Le titre de la section est obligatoire.")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"Le titre de la section dépasse {MAX_TITLE} caractères.")
    return title


# --- Sections ------------------------------------------------------------------------------------

def ensure_default_sections(session: Session, *, actor: Actor, campaign_id: int) -> int:
    """Create the campaign's default chapters as sections when it has none yet. Returns how many."""
    require(actor, Role.EDITEUR, action="créer les sections par défaut du manifeste")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    if session.scalar(select(func.count(ManifestoSection.id)).where(ManifestoSection.campaign_id == campaign_id)):
        return 0
    for chapter in campaign.default_chapters:
        create_section(session, actor=actor, campaign_id=campaign_id, title=chapter)
    return len(campaign.default_chapters)


def create_section(session: Session, *, actor: Actor, campaign_id: int, title: str, introduction: str = "") -> ManifestoSection:
    require(actor, Role.EDITEUR, action="créer une section du manifeste")
    title = _check_title(title)
    if session.get(Campaign, campaign_id) is None:
        raise ValidationError("Cette campagne n'existe pas.")
    last = session.scalar(select(func.max(ManifestoSection.position)).where(ManifestoSection.campaign_id == campaign_id))
    section = ManifestoSection(campaign_id=campaign_id, title=title, introduction=introduction,
                               position=(last + 1) if last is not None else 0, updated_by=actor.email)
    session.add(section)
    session.flush()
    snapshot = _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.section.creation", entity_type="manifesto_section",
                 entity_id=section.id, summary=f"Section « {title} » créée", after=snapshot)
    return section


def update_section(session: Session, *, actor: Actor, section_id: int, expected_version: int, title: str,
                   introduction: str, status: str) -> ManifestoSection:
    """Save title, introduction and status, based on ``expected_version``.

    If someone changed only the section's items since then, the save goes through (nothing of
    theirs is overwritten); if they changed the title, introduction or status, it is refused.
    """
    require(actor, Role.EDITEUR, action="modifier une section du manifeste")
    title = _check_title(title)
    try:
        status_value = SectionStatus(status).value
    except ValueError as exc:
        raise ValidationError(f"Statut de section inconnu : « {status} ».") from exc
    section = _section(session, section_id)
    mine = "\n".join([title, "", introduction]).strip()
    base = expected_version
    if section.version != expected_version:
        try:
            old = revision(session, section_id, expected_version).snapshot
        except ValidationError:
            raise _conflict_for_section(section, mine, expected_version) from None
        unchanged = (old.get("title"), old.get("introduction") or "", old.get("status")) == (
            section.title, section.introduction or "", section.status)
        if not unchanged:
            raise _conflict_for_section(section, mine, expected_version)
        base = section.version
    before = _snapshot(session, section)
    _claim_section(session, section, base, actor, mine)
    section.title, section.introduction, section.status = title, introduction, status_value
    session.flush()
    after = _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.section.modification", entity_type="manifesto_section",
                 entity_id=section.id, summary=f"Section « {title} » modifiée (version {section.version})",
                 before=before, after=after)
    return section


def delete_section(session: Session, *, actor: Actor, section_id: int, expected_version: int) -> None:
    require(actor, Role.EDITEUR, action="supprimer une section du manifeste")
    section = _section(session, section_id)
    before = _snapshot(session, section)
    _claim_section(session, section, expected_version, actor, _section_text(section))
    campaign_id = section.campaign_id
    session.delete(section)
    session.flush()
    remaining = session.scalars(select(ManifestoSection).where(ManifestoSection.campaign_id == campaign_id)
                                .order_by(ManifestoSection.position, ManifestoSection.id)).all()
    for position, other in enumerate(remaining):
        other.position = position
    audit.record(session, actor=actor, action="manifeste.section.suppression", entity_type="manifesto_section",
                 entity_id=section_id, summary=f"Section « {before['title']} » supprimée", before=before)


def reorder_sections(session: Session, *, actor: Actor, campaign_id: int, ordered_ids: Sequence[int]) -> None:
    require(actor, Role.EDITEUR, action="réordonner les sections du manifeste")
    sections = session.scalars(select(ManifestoSection).where(ManifestoSection.campaign_id == campaign_id)).all()
    current = {s.id: s for s in sections}
    if sorted(ordered_ids) != sorted(current):
        raise ValidationError("La liste des sections a changé entre-temps : rechargez la page puis recommencez.")
    before = [s.id for s in sorted(sections, key=lambda s: (s.position, s.id))]
    for position, section_id in enumerate(ordered_ids):
        current[section_id].position = position
    session.flush()
    audit.record(session, actor=actor, action="manifeste.sections.ordre", entity_type="campaign",
                 entity_id=campaign_id, summary="Ordre des sections modifié",
                 before={"order": before}, after={"order": list(ordered_ids)})


def move_section(session: Session, *, actor: Actor, section_id: int, offset: int) -> None:
    """Move a section up (offset −1) or down (+1); reorder_sections audits it."""
    require(actor, Role.EDITEUR, action="déplacer une section du manifeste")
    section = _section(session, section_id)
    ids = list(session.scalars(select(ManifestoSection.id).where(ManifestoSection.campaign_id == section.campaign_id)
                               .order_by(ManifestoSection.position, ManifestoSection.id)).all())
    index = ids.index(section_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder_sections(session, actor=actor, campaign_id=section.campaign_id, ordered_ids=ids)


# --- Items ---------------------------------------------------------------------------------------

def _proposal_ids_in_campaign(session: Session, campaign_id: int, proposal_ids: Sequence[int]) -> list[int]:
    ids = list(dict.fromkeys(proposal_ids))
    if not ids:
        return []
    found = set(session.scalars(
        select(Proposal.id).join(Participation, Proposal.participation_id == Participation.id)
        .where(Proposal.id.in_(ids), Participation.campaign_id == campaign_id)
    ).all())
    missing = [pid for pid in ids if pid not in found]
    if missing:
        raise ValidationError(f"{len(missing)} proposition(s) choisie(s) n'existent pas dans cette campagne.")
    return ids


def add_item(session: Session, *, actor: Actor, section_id: int, wording: str,
             proposal_ids: Sequence[int] = (), group_id: int | None = None) -> ManifestoItem:
    """Append an item: the editorial wording of one proposal, or of one consolidated group."""
    require(actor, Role.EDITEUR, action="ajouter un élément au manifeste")
    section = _section(session, section_id)
    wording = wording.strip()
    if not wording:
        raise ValidationError("Le libellé de l'élément est obligatoire.")
    sources = _proposal_ids_in_campaign(session, section.campaign_id, proposal_ids)
    if group_id is not None:
        group = session.get(ProposalGroup, group_id)
        if group is None or group.campaign_id != section.campaign_id or group.status != "accepted":
            raise ValidationError("Ce regroupement n'existe pas ou n'a pas été accepté.")
        members = session.scalars(select(ProposalGroupMember.proposal_id)
                                  .where(ProposalGroupMember.group_id == group_id)).all()
        sources = list(dict.fromkeys([*sources, *members]))
    last = session.scalar(select(func.max(ManifestoItem.position)).where(ManifestoItem.section_id == section_id))
    item = ManifestoItem(section_id=section_id, position=(last + 1) if last is not None else 0, wording=wording,
                         group_id=group_id, updated_by=actor.email)
    session.add(item)
    session.flush()
    if sources:
        session.execute(insert(ManifestoItemSource), [{"item_id": item.id, "proposal_id": p} for p in sources])
    _touch_section(session, section, actor)
    _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.ajout", entity_type="manifesto_item",
                 entity_id=item.id, summary=f"Élément ajouté à « {section.title} »",
                 after={"wording": wording, "sources": sources, "group_id": group_id})
    return item


def add_proposals(session: Session, *, actor: Actor, section_id: int, proposal_ids: Sequence[int]) -> list[ManifestoItem]:
    """One item per proposal, worded as the proposal until an editor rewrites it."""
    require(actor, Role.EDITEUR, action="ajouter des propositions au manifeste")
    if not proposal_ids:
        raise ValidationError("Choisissez au moins une proposition.")
    texts = dict(session.execute(select(Proposal.id, Proposal.text).where(Proposal.id.in_(list(proposal_ids)))).all())
    return [add_item(session, actor=actor, section_id=section_id, wording=texts.get(pid, ""), proposal_ids=[pid])
            for pid in dict.fromkeys(proposal_ids) if pid in texts]


def add_group(session: Session, *, actor: Actor, section_id: int, group_id: int) -> ManifestoItem:
    require(actor, Role.EDITEUR, action="ajouter un regroupement au manifeste")
    group = session.get(ProposalGroup, group_id)
    if group is None:
        raise ValidationError("Ce regroupement n'existe plus.")
    return add_item(session, actor=actor, section_id=section_id, wording=group.wording or "", group_id=group_id)


def update_item(session: Session, *, actor: Actor, item_id: int, expected_version: int, wording: str) -> ManifestoItem:
    require(actor, Role.EDITEUR, action="modifier un élément du manifeste")
    item = _item(session, item_id)
    wording = wording.strip()
    if not wording:
        raise ValidationError("Le libellé de l'élément est obligatoire.")
    before = {"wording": item.wording, "version": item.version}
    session.flush()
    result = session.execute(
        update(ManifestoItem).where(ManifestoItem.id == item_id, ManifestoItem.version == expected_version)
        .values(wording=wording, version=expected_version + 1, updated_at=utcnow(), updated_by=actor.email)
        .execution_options(synchronize_session=False)
    )
    session.refresh(item)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        when = item.updated_at.strftime("%d/%m/%Y à %H:%M") if item.updated_at else "récemment"
        raise ManifestoConflict(
            f"Cet élément a été modifié par {item.updated_by} le {when} (UTC) pendant que vous l'éditiez : "
            f"vous partiez de la version {expected_version}, il est maintenant en version {item.version}. "
            "Votre modification n'a pas été enregistrée.",
            theirs=item.wording, mine=wording, other_editor=item.updated_by, current_version=item.version,
        )
    section = _section(session, item.section_id)
    _touch_section(session, section, actor)
    _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.modification", entity_type="manifesto_item",
                 entity_id=item.id, summary=f"Élément de « {section.title} » reformulé",
                 before=before, after={"wording": wording, "version": item.version})
    return item


def delete_item(session: Session, *, actor: Actor, item_id: int, expected_version: int) -> None:
    require(actor, Role.EDITEUR, action="retirer un élément du manifeste")
    item = _item(session, item_id)
    if item.version != expected_version:
        raise ManifestoConflict(
            f"Cet élément a été modifié par {item.updated_by} pendant que vous le consultiez ; "
            "il n'a pas été retiré. Vérifiez sa nouvelle formulation avant de recommencer.",
            theirs=item.wording, mine="", other_editor=item.updated_by, current_version=item.version,
        )
    section = _section(session, item.section_id)
    before = {"wording": item.wording, "sources": _sources_by_item(session, [item.id]).get(item.id, [])}
    session.delete(item)
    session.flush()
    _positions(session, section.id, _item_ids(session, section.id))
    _touch_section(session, section, actor)
    _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.suppression", entity_type="manifesto_item",
                 entity_id=item_id, summary=f"Élément retiré de « {section.title} »", before=before)


def reorder_items(session: Session, *, actor: Actor, section_id: int, expected_version: int,
                  ordered_ids: Sequence[int]) -> None:
    require(actor, Role.EDITEUR, action="réordonner les éléments d'une section")
    section = _section(session, section_id)
    current = _item_ids(session, section_id)
    if sorted(current) != sorted(ordered_ids):
        raise _conflict_for_section(section, "(nouvel ordre des éléments)", expected_version)
    _claim_section(session, section, expected_version, actor, "(nouvel ordre des éléments)")
    _positions(session, section_id, ordered_ids)
    _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.elements.ordre", entity_type="manifesto_section",
                 entity_id=section_id, summary=f"Ordre des éléments de « {section.title} » modifié",
                 before={"order": current}, after={"order": list(ordered_ids)})


def shift_item(session: Session, *, actor: Actor, item_id: int, offset: int, expected_section_version: int) -> None:
    """Move an item up (offset −1) or down (+1) inside its section; reorder_items audits it."""
    require(actor, Role.EDITEUR, action="déplacer un élément du manifeste")
    item = _item(session, item_id)
    ids = _item_ids(session, item.section_id)
    index = ids.index(item_id)
    ids.insert(max(0, min(len(ids) - 1, index + offset)), ids.pop(index))
    reorder_items(session, actor=actor, section_id=item.section_id, expected_version=expected_section_version,
                  ordered_ids=ids)


def move_item(session: Session, *, actor: Actor, item_id: int, target_section_id: int,
              position: int | None = None) -> None:
    """Move an item to another section (at ``position``, default last); both sections get a version."""
    require(actor, Role.EDITEUR, action="déplacer un élément du manifeste")
    item = _item(session, item_id)
    source = _section(session, item.section_id)
    target = _section(session, target_section_id)
    if target.campaign_id != source.campaign_id:
        raise ValidationError("Un élément ne peut être déplacé que vers une section du même manifeste.")
    if target.id == source.id:
        return
    target_ids = _item_ids(session, target.id)
    index = len(target_ids) if position is None else max(0, min(len(target_ids), position))
    target_ids.insert(index, item_id)
    item.section_id = target.id
    session.flush()
    session.expire(source, ["items"])
    session.expire(target, ["items"])
    _positions(session, source.id, _item_ids(session, source.id))
    _positions(session, target.id, target_ids)
    for section in (source, target):
        _touch_section(session, section, actor)
        _record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.deplacement", entity_type="manifesto_item",
                 entity_id=item_id, summary=f"Élément déplacé de « {source.title} » vers « {target.title} »",
                 before={"section_id": source.id}, after={"section_id": target.id, "position": index})


def restore(session: Session, *, actor: Actor, section_id: int, version: int, expected_version: int) -> ManifestoSection:
    """Bring a section back to an earlier version (title, introduction, status and items): a new version."""
    require(actor, Role.EDITEUR, action="restaurer une version d'une section")
    section = _section(session, section_id)
    old = revision(session, section_id, version).snapshot
    before = _snapshot(session, section)
    _claim_section(session, section, expected_version, actor, "\n".join(snapshot_lines(old)))
    section.title = old.get("title") or section.title
    section.introduction = old.get("introduction") or ""
    section.status = old.get("status") or SectionStatus.BROUILLON.value
    session.execute(delete(ManifestoItem).where(ManifestoItem.section_id == section_id))
    session.expire(section, ["items"])
    existing = set(session.scalars(select(Proposal.id).where(
        Proposal.id.in_([p for i in old.get("items", []) for p in i.get("sources", [])]))).all())
    groups = set(session.scalars(select(ProposalGroup.id).where(
        ProposalGroup.id.in_([i["group_id"] for i in old.get("items", []) if i.get("group_id")]))).all())
    for position, old_item in enumerate(old.get("items", [])):
        item = ManifestoItem(section_id=section_id, position=position, wording=old_item.get("wording", ""),
                             group_id=old_item.get("group_id") if old_item.get("group_id") in groups else None,
                             updated_by=actor.email)
        session.add(item)
        session.flush()
        sources = [p for p in old_item.get("sources", []) if p in existing]
        if sources:
            session.execute(insert(ManifestoItemSource), [{"item_id": item.id, "proposal_id": p} for p in sources])
    session.flush()
    after = _record_revision(session, section, actor, restored_from=version)
    audit.record(session, actor=actor, action="manifeste.section.restauration", entity_type="manifesto_section",
                 entity_id=section_id, summary=f"Section « {section.title} » restaurée à la version {version}",
                 before=before, after=after)
    return section


# --- Traceability and coverage -------------------------------------------------------------------

def region_label(code: str | None) -> str:
    """Région name; overseas collectivités (codes 97x/98x) have none; no code means abroad."""
    if not code:
        return "International"
    return reference.region_names().get(code, "Outre-mer" if code.startswith("9") else code)


def size_class(population: int | None) -> str:
    if population is None:
        return UNKNOWN_SIZE
    for label, low, high in SIZE_CLASSES:
        if population >= low and (high is None or population < high):
            return label
    return UNKNOWN_SIZE


def coverage(session: Session, campaign_id: int, section_id: int | None = None) -> Coverage:
    """Who the manifesto (or one section) speaks for, against every engaged territory."""
    engaged = session.execute(
        select(Participation.id, Territory.name, Territory.kind, Territory.reg_code, Territory.zone,
               Territory.population)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name)
    ).all()
    query = (
        select(Proposal.participation_id).distinct()
        .join(ManifestoItemSource, ManifestoItemSource.proposal_id == Proposal.id)
        .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
        .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
        .where(ManifestoSection.campaign_id == campaign_id)
    )
    if section_id is not None:
        query = query.where(ManifestoSection.id == section_id)
    represented = set(session.scalars(query).all())

    def rows(key: Any, label: Any) -> tuple[CoverageRow, ...]:
        total: Counter[str] = Counter()
        present: Counter[str] = Counter()
        for row in engaged:
            k = key(row)
            total[k] += 1
            if row[0] in represented:
                present[k] += 1
        return tuple(CoverageRow(label=label(k), engaged=total[k], represented=present[k])
                     for k in sorted(total, key=lambda k: (-total[k], label(k))))

    size_order = [label for label, _, _ in SIZE_CLASSES] + [UNKNOWN_SIZE]
    by_size_raw = rows(lambda r: size_class(r[5]), lambda k: k)
    overseas_rows = [r for r in engaged if (r[4] or "") in OVERSEAS_ZONES]
    return Coverage(
        engaged=len(engaged),
        represented=len([r for r in engaged if r[0] in represented]),
        by_kind=rows(lambda r: r[2], lambda k: reference.KIND_LABELS.get(k, k)),
        by_region=rows(lambda r: r[3] or "", region_label),
        by_size=tuple(sorted(by_size_raw, key=lambda r: size_order.index(r.label))),
        overseas=CoverageRow(label="Outre-mer", engaged=len(overseas_rows),
                             represented=len([r for r in overseas_rows if r[0] in represented])),
        overseas_names=tuple(r[1] for r in overseas_rows if r[0] in represented),
        missing=tuple(MissingTerritory(participation_id=r[0], name=r[1], kind=r[2], reg_code=r[3])
                      for r in engaged if r[0] not in represented),
    )


def export_document(session: Session, campaign_id: int, *, today: dt.date | None = None) -> ManifestoDocument:
    """Everything the DOCX and Markdown exports need, as plain values."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    sections = list_sections(session, campaign_id)
    proposal_ids = {p for s in sections for i in s.items for p in i.proposal_ids}
    contributors: dict[int, tuple[str, str, str]] = {}
    ids = sorted(proposal_ids)
    for start in range(0, len(ids), 5000):
        for part_id, name, kind, reg in session.execute(
            select(Participation.id, Territory.name, Territory.kind, Territory.reg_code).distinct()
            .join(Territory, Participation.territory_id == Territory.id)
            .join(Proposal, Proposal.participation_id == Participation.id)
            .where(Proposal.id.in_(ids[start: start + 5000]))
        ):
            contributors[part_id] = (name, kind, reg or "")

    export_sections = tuple(
        ExportSection(
            title=s.title, introduction=s.introduction, status=s.status_label,
            items=tuple(ExportItem(
                wording=i.wording, territories=i.territories,
                kinds=tuple(reference.KIND_LABELS.get(k, k) for k, _ in i.kinds),
                regions=tuple(region_label(r) for r, _ in i.regions),
            ) for i in s.items),
        )
        for s in sections
    )
    withdrawn = withdrawn_by_participation(session, ids)
    territories = tuple(sorted(
        (ExportTerritory(name=name, kind=reference.KIND_LABELS.get(kind, kind), region=region_label(reg),
                         withdrawn_on=withdrawn.get(part_id))
         for part_id, (name, kind, reg) in contributors.items()),
        key=lambda t: (t.region, t.name),
    ))
    return ManifestoDocument(campaign_name=campaign.name, forum_date=campaign.forum_date,
                             forum_place=campaign.forum_place, generated_on=today or dt.date.today(),
                             sections=export_sections, territories=territories)


def item_source_ids(session: Session, item_id: int) -> list[int]:
    return _sources_by_item(session, [item_id]).get(item_id, [])


def item_campaign(session: Session, item_id: int) -> int:
    item = _item(session, item_id)
    return _section(session, item.section_id).campaign_id


def section_ids(session: Session, campaign_id: int) -> list[int]:
    return list(session.scalars(select(ManifestoSection.id).where(ManifestoSection.campaign_id == campaign_id)
                                .order_by(ManifestoSection.position, ManifestoSection.id)).all())


def campaign_of_section(session: Session, section_id: int) -> int:
    return _section(session, section_id).campaign_id

