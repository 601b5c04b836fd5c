"""Section writes: default chapters, create, save (title, introduction, status), delete, order, restore.

Every write requires « Éditeur », is audited and records a revision (see ``versioning``).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.manifesto.reading import (
    fields_changed_since,
    load_section,
    revision,
    snapshot_lines,
)
from data_access.manifesto.versioning import (
    check_title,
    claim_section,
    record_revision,
    section_conflict,
    section_text,
    take_snapshot,
    try_claim,
)
from data_access.models import (
    Campaign,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Proposal,
    ProposalGroup,
    Role,
    SectionStatus,
)

MAX_CLAIM_ATTEMPTS = 20


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


def _refuse_same_title(session: Session, campaign_id: int, title: str, *, other_than: int | None = None) -> None:
    """Two sections of one title read as one in the manifesto and its table of contents."""
    key = " ".join(title.casefold().split())
    rows = session.execute(select(ManifestoSection.id, ManifestoSection.title, ManifestoSection.position)
                           .where(ManifestoSection.campaign_id == campaign_id)
                           .order_by(ManifestoSection.position, ManifestoSection.id)).all()
    for number, (section_id, existing, _position) in enumerate(rows, start=1):
        if section_id != other_than and " ".join(existing.casefold().split()) == key:
            raise ValidationError(f"Une section « {existing} » existe déjà (section {number}) : choisissez un autre "
                                  "titre, ou ajoutez vos éléments à cette section.")


def create_section(session: Session, *, actor: Actor, campaign_id: int, title: str, introduction: str = "") -> ManifestoSection:
    require(actor, Role.EDITEUR, action="créer une section du manifeste")
    title = check_title(title)
    if session.get(Campaign, campaign_id) is None:
        raise ValidationError("Cette campagne n'existe pas.")
    _refuse_same_title(session, campaign_id, title)
    last = session.scalar(select(func.max(ManifestoSection.position)).where(ManifestoSection.campaign_id == campaign_id))
    section = ManifestoSection(campaign_id=campaign_id, title=title, introduction=introduction,
                               position=(last + 1) if last is not None else 0, updated_by=actor.email)
    session.add(section)
    session.flush()
    snapshot = record_revision(session, section, actor)
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
    title = check_title(title)
    try:
        status_value = SectionStatus(status).value
    except ValueError as exc:
        raise ValidationError(f"Statut de section inconnu : « {status} ».") from exc
    section = load_section(session, section_id)
    _refuse_same_title(session, section.campaign_id, title, other_than=section_id)
    mine = "\n".join([title, "", introduction]).strip()
    base = expected_version
    # A colleague's item change raises the section's version between our read and our claim; the
    # claim is retried from the newer version as long as only items changed (docs/manifeste.md).
    for _attempt in range(MAX_CLAIM_ATTEMPTS):
        if section.version != base:
            if fields_changed_since(session, section_id, expected_version):
                raise section_conflict(section, mine, expected_version)
            base = section.version
        before = take_snapshot(session, section)
        if try_claim(session, section, base, actor):
            break
    else:
        raise section_conflict(section, mine, expected_version)
    section.title, section.introduction, section.status = title, introduction, status_value
    session.flush()
    after = record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.section.modification", entity_type="manifesto_section",
                 entity_id=section.id, summary=f"Section « {title} » modifiée (version {section.version})",
                 before=before, after=after)
    return section


def delete_section(session: Session, *, actor: Actor, section_id: int, expected_version: int) -> None:
    require(actor, Role.EDITEUR, action="supprimer une section du manifeste")
    section = load_section(session, section_id)
    before = take_snapshot(session, section)
    claim_section(session, section, expected_version, actor, section_text(section))
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
    section = load_section(session, section_id)
    ids = list(session.scalars(select(ManifestoSection.id).where(ManifestoSection.campaign_id == section.campaign_id)
                               .order_by(ManifestoSection.position, ManifestoSection.id)).all())
    index = ids.index(section_id)
    target = max(0, min(len(ids) - 1, index + offset))
    ids.insert(target, ids.pop(index))
    reorder_sections(session, actor=actor, campaign_id=section.campaign_id, ordered_ids=ids)



def restore(session: Session, *, actor: Actor, section_id: int, version: int, expected_version: int) -> ManifestoSection:
    """Bring a section back to an earlier version (title, introduction, status and items): a new version."""
    require(actor, Role.EDITEUR, action="restaurer une version d'une section")
    section = load_section(session, section_id)
    old = revision(session, section_id, version).snapshot
    before = take_snapshot(session, section)
    claim_section(session, section, expected_version, actor, "\n".join(snapshot_lines(old)))
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
    after = record_revision(session, section, actor, restored_from=version)
    audit.record(session, actor=actor, action="manifeste.section.restauration", entity_type="manifesto_section",
                 entity_id=section_id, summary=f"Section « {section.title} » restaurée à la version {version}",
                 before=before, after=after)
    return section


