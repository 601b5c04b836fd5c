"""Item writes: add (from proposals, a consolidated group, or free text), attach sources, reword,
remove, reorder, move. Every write requires « Éditeur », is audited and records a revision."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.audit_labels import actor_label
from data_access.errors import ValidationError
from data_access.french import TIME_ZONE, paris_time, plural
from data_access.manifesto.reading import (
    load_item,
    load_section,
    placements_by_text,
    sources_by_item,
    text_key,
)
from data_access.manifesto.versioning import (
    claim_section,
    item_ids,
    record_revision,
    section_conflict,
    set_positions,
    touch_section,
)
from data_access.manifesto.views import ManifestoConflict
from data_access.models import (
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Proposal,
    ProposalGroup,
    ProposalGroupMember,
    Role,
    utcnow,
)


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
        raise ValidationError(f"{plural(len(missing), 'proposition choisie', 'propositions choisies')} " + ("n'existe" if len(missing) == 1 else "n'existent") + " pas dans cette campagne.")
    return ids


def add_item(session: Session, *, actor: Actor, section_id: int, wording: str,
             proposal_ids: Sequence[int] = (), group_id: int | None = None) -> ManifestoItem:
    """Append an item: the editorial wording of one proposal, or of one consolidated group."""
    require(actor, Role.EDITEUR, action="ajouter un élément au manifeste")
    section = load_section(session, section_id)
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
    touch_section(session, section, actor)
    record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.ajout", entity_type="manifesto_item",
                 entity_id=item.id, summary=f"Élément ajouté à « {section.title} »",
                 after={"wording": wording, "sources": sources, "group_id": group_id})
    return item


@dataclass(frozen=True)
class AddOutcome:
    """What « Les garder comme sources » did: new items, proposals attached to an item, proposals left."""

    created: int
    attached: int
    unchanged: int


def keep_as_sources(session: Session, *, actor: Actor, section_id: int, proposal_ids: Sequence[int]) -> AddOutcome:
    """``add_proposals(skip_placed=True)`` with its count: « Propositions ajoutées » was said even
    when every chosen proposal already fed the manifesto and nothing changed."""
    require(actor, Role.EDITEUR, action="ajouter des propositions au manifeste")
    created, attached, unchanged = _add(session, actor=actor, section_id=section_id, proposal_ids=proposal_ids,
                                        skip_placed=True)
    return AddOutcome(created=len(created), attached=attached, unchanged=unchanged)


def add_proposals(session: Session, *, actor: Actor, section_id: int, proposal_ids: Sequence[int],
                  skip_placed: bool = False) -> list[ManifestoItem]:
    """One item per distinct wording, worded as the proposal until an editor rewrites it: proposals
    whose normalised text is the same (one wording from several territories) make one item with all
    of them as sources.

    With ``skip_placed`` (the editor chose so after seeing « dans 1.1 » or « même texte que 1.1 »),
    proposals that already feed an item of this manifesto are left where they are, and a proposal
    whose text is that of an item's source becomes a source of that item: no near-duplicate items."""
    require(actor, Role.EDITEUR, action="ajouter des propositions au manifeste")
    return _add(session, actor=actor, section_id=section_id, proposal_ids=proposal_ids, skip_placed=skip_placed)[0]


def _add(session: Session, *, actor: Actor, section_id: int, proposal_ids: Sequence[int],
         skip_placed: bool) -> tuple[list[ManifestoItem], int, int]:
    """(items created, proposals attached to an existing item, proposals already in the manifesto)."""
    require(actor, Role.EDITEUR, action="ajouter des propositions au manifeste")
    if not proposal_ids:
        raise ValidationError("Choisissez au moins une proposition.")
    section = load_section(session, section_id)
    wanted = _proposal_ids_in_campaign(session, section.campaign_id, proposal_ids)
    texts = dict(session.execute(select(Proposal.id, Proposal.text).where(Proposal.id.in_(wanted))).all())
    attach: dict[int, list[int]] = {}
    unchanged = 0
    if skip_placed:
        placed = set(session.scalars(
            select(ManifestoItemSource.proposal_id)
            .join(ManifestoItem, ManifestoItemSource.item_id == ManifestoItem.id)
            .join(ManifestoSection, ManifestoItem.section_id == ManifestoSection.id)
            .where(ManifestoSection.campaign_id == section.campaign_id,
                   ManifestoItemSource.proposal_id.in_(wanted))).all())
        by_text = placements_by_text(session, section.campaign_id)
        fresh = []
        for pid in wanted:
            if pid in placed:
                unchanged += 1
                continue
            same = by_text.get(text_key(texts[pid]))
            if same:
                attach.setdefault(same[0].item_id, []).append(pid)
            else:
                fresh.append(pid)
        wanted = fresh
    attached = sum(attach_sources(session, actor=actor, item_id=item_id, proposal_ids=sources)
                   for item_id, sources in attach.items())
    by_wording: dict[str, list[int]] = {}
    for pid in wanted:
        by_wording.setdefault(text_key(texts[pid]), []).append(pid)
    created = [add_item(session, actor=actor, section_id=section_id, wording=texts[sources[0]], proposal_ids=sources)
               for sources in by_wording.values()]
    return created, attached, unchanged


def attach_sources(session: Session, *, actor: Actor, item_id: int, proposal_ids: Sequence[int]) -> int:
    """Add proposals as sources of an existing item (the same idea from more territories).

    Returns how many were new sources; already-attached proposals are skipped, the wording stays."""
    require(actor, Role.EDITEUR, action="rattacher des propositions à un élément du manifeste")
    item = load_item(session, item_id)
    section = load_section(session, item.section_id)
    wanted = _proposal_ids_in_campaign(session, section.campaign_id, proposal_ids)
    existing = set(sources_by_item(session, [item_id]).get(item_id, []))
    added = [pid for pid in wanted if pid not in existing]
    if not added:
        return 0
    session.execute(insert(ManifestoItemSource), [{"item_id": item_id, "proposal_id": p} for p in added])
    touch_section(session, section, actor)
    record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.sources", entity_type="manifesto_item",
                 entity_id=item_id, summary=f"{plural(len(added), 'proposition rattachée', 'propositions rattachées')} à un élément de « {section.title} »",
                 before={"sources": sorted(existing)}, after={"sources": sorted(existing | set(added))})
    return len(added)


def add_group(session: Session, *, actor: Actor, section_id: int, group_id: int) -> ManifestoItem:
    require(actor, Role.EDITEUR, action="ajouter un regroupement au manifeste")
    group = session.get(ProposalGroup, group_id)
    if group is None:
        raise ValidationError("Ce regroupement n'existe plus.")
    return add_item(session, actor=actor, section_id=section_id, wording=group.wording or "", group_id=group_id)


def update_item(session: Session, *, actor: Actor, item_id: int, expected_version: int, wording: str) -> ManifestoItem:
    require(actor, Role.EDITEUR, action="modifier un élément du manifeste")
    item = load_item(session, item_id)
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
        when = (f"{paris_time(item.updated_at, pattern='%d/%m/%Y à %H:%M')} ({TIME_ZONE})"
                if item.updated_at else "récemment")
        raise ManifestoConflict(
            f"Cet élément a été modifié par {actor_label(item.updated_by)} le {when} pendant que vous l'éditiez : "
            f"vous partiez de la version {expected_version}, il est maintenant en version {item.version}. "
            "Votre modification n'a pas été enregistrée.",
            theirs=item.wording, mine=wording, other_editor=item.updated_by, current_version=item.version,
        )
    section = load_section(session, item.section_id)
    touch_section(session, section, actor)
    record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.modification", entity_type="manifesto_item",
                 entity_id=item.id, summary=f"Élément de « {section.title} » reformulé",
                 before=before, after={"wording": wording, "version": item.version})
    return item


def delete_item(session: Session, *, actor: Actor, item_id: int, expected_version: int) -> None:
    require(actor, Role.EDITEUR, action="retirer un élément du manifeste")
    item = load_item(session, item_id)
    if item.version != expected_version:
        raise ManifestoConflict(
            f"Cet élément a été modifié par {actor_label(item.updated_by)} pendant que vous le consultiez ; "
            "il n'a pas été retiré. Vérifiez sa nouvelle formulation avant de recommencer.",
            theirs=item.wording, mine="", other_editor=item.updated_by, current_version=item.version,
        )
    section = load_section(session, item.section_id)
    before = {"wording": item.wording, "sources": sources_by_item(session, [item.id]).get(item.id, [])}
    session.delete(item)
    session.flush()
    set_positions(session, section.id, item_ids(session, section.id))
    touch_section(session, section, actor)
    record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.suppression", entity_type="manifesto_item",
                 entity_id=item_id, summary=f"Élément retiré de « {section.title} »", before=before)


def reorder_items(session: Session, *, actor: Actor, section_id: int, expected_version: int,
                  ordered_ids: Sequence[int]) -> None:
    require(actor, Role.EDITEUR, action="réordonner les éléments d'une section")
    section = load_section(session, section_id)
    current = item_ids(session, section_id)
    if sorted(current) != sorted(ordered_ids):
        raise section_conflict(section, "(nouvel ordre des éléments)", expected_version)
    claim_section(session, section, expected_version, actor, "(nouvel ordre des éléments)")
    set_positions(session, section_id, ordered_ids)
    record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.elements.ordre", entity_type="manifesto_section",
                 entity_id=section_id, summary=f"Ordre des éléments de « {section.title} » modifié",
                 before={"order": current}, after={"order": list(ordered_ids)})


def shift_item(session: Session, *, actor: Actor, item_id: int, offset: int, expected_section_version: int) -> None:
    """Move an item up (offset −1) or down (+1) inside its section; reorder_items audits it."""
    require(actor, Role.EDITEUR, action="déplacer un élément du manifeste")
    item = load_item(session, item_id)
    ids = item_ids(session, item.section_id)
    index = ids.index(item_id)
    ids.insert(max(0, min(len(ids) - 1, index + offset)), ids.pop(index))
    reorder_items(session, actor=actor, section_id=item.section_id, expected_version=expected_section_version,
                  ordered_ids=ids)


def move_item(session: Session, *, actor: Actor, item_id: int, target_section_id: int,
              position: int | None = None) -> None:
    """Move an item to another section (at ``position``, default last); both sections get a version."""
    require(actor, Role.EDITEUR, action="déplacer un élément du manifeste")
    item = load_item(session, item_id)
    source = load_section(session, item.section_id)
    target = load_section(session, target_section_id)
    if target.campaign_id != source.campaign_id:
        raise ValidationError("Un élément ne peut être déplacé que vers une section du même manifeste.")
    if target.id == source.id:
        return
    target_ids = item_ids(session, target.id)
    index = len(target_ids) if position is None else max(0, min(len(target_ids), position))
    target_ids.insert(index, item_id)
    item.section_id = target.id
    session.flush()
    session.expire(source, ["items"])
    session.expire(target, ["items"])
    set_positions(session, source.id, item_ids(session, source.id))
    set_positions(session, target.id, target_ids)
    for section in (source, target):
        touch_section(session, section, actor)
        record_revision(session, section, actor)
    audit.record(session, actor=actor, action="manifeste.element.deplacement", entity_type="manifesto_item",
                 entity_id=item_id, summary=f"Élément déplacé de « {source.title} » vers « {target.title} »",
                 before={"section_id": source.id}, after={"section_id": target.id, "position": index})


