"""What an audit event is about, named as a person reads it: « Rennes », « élément 5.1 »,
« grille de Rennes (version 2) » rather than « Participation n° 74 ».

The log keeps (entity type, identifier) so that it never depends on wording; names are looked up
when the log is read. An object deleted since (a manifesto item removed) keeps its generic label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.audit_labels import object_label
from data_access.commitments.models import Commitment, CommitmentStatus
from data_access.french import paris_time
from data_access.models import (
    Campaign,
    ConcertationSession,
    GridFiling,
    GridResponse,
    ManifestoItem,
    ManifestoSection,
    Participation,
    ProposalGroup,
    RegistrationRequest,
    Territory,
)

ObjectRef = tuple[str, str | None]


def object_names(session: Session, refs: Iterable[ObjectRef]) -> dict[ObjectRef, str]:
    """(entity type, identifier) → its name; every ref given gets one (the generic label at worst)."""
    wanted: dict[str, set[int]] = defaultdict(set)
    refs = list(dict.fromkeys(refs))
    for entity_type, entity_id in refs:
        if entity_id and entity_id.isdigit():
            wanted[entity_type].add(int(entity_id))
    found: dict[ObjectRef, str] = {}
    for entity_type, ids in wanted.items():
        namer = _NAMERS.get(entity_type)
        if namer is not None:
            found.update({(entity_type, str(i)): name for i, name in namer(session, sorted(ids)).items()})
    return {ref: found.get(ref) or object_label(*ref) for ref in refs}


def _territory_names(session: Session, participation_ids: Iterable[int]) -> dict[int, str]:
    rows = session.execute(select(Participation.id, Territory.name)
                           .join(Territory, Participation.territory_id == Territory.id)
                           .where(Participation.id.in_(list(participation_ids))))
    return {int(pid): str(name) for pid, name in rows}


def _participations(session: Session, ids: list[int]) -> dict[int, str]:
    return _territory_names(session, ids)


def _filings(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(GridFiling.id, GridFiling.participation_id, GridFiling.version)
                           .where(GridFiling.id.in_(ids))).all()
    names = _territory_names(session, {r[1] for r in rows})
    return {fid: f"Grille en ligne de {names.get(pid, '?')} (version {version})" for fid, pid, version in rows}


def _responses(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(GridResponse.id, GridResponse.participation_id, GridResponse.version)
                           .where(GridResponse.id.in_(ids))).all()
    names = _territory_names(session, {r[1] for r in rows})
    return {rid: f"Grille de {names.get(pid, '?')} (version {version})" for rid, pid, version in rows}


def _sessions(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(ConcertationSession.id, ConcertationSession.participation_id,
                                  ConcertationSession.held_on).where(ConcertationSession.id.in_(ids))).all()
    names = _territory_names(session, {r[1] for r in rows})
    return {sid: f"Session du {held_on.strftime('%d/%m/%Y')} ({names.get(pid, '?')})" for sid, pid, held_on in rows}


def _numbers(session: Session, section_ids: Iterable[int]) -> tuple[dict[int, int], dict[int, str]]:
    """Section id → its number in its campaign, item id → « 5.1 », as the Manifeste page numbers them."""
    campaigns = set(session.scalars(select(ManifestoSection.campaign_id)
                                    .where(ManifestoSection.id.in_(list(section_ids)))))
    section_number: dict[int, int] = {}
    for campaign_id in campaigns:
        ordered = session.scalars(select(ManifestoSection.id).where(ManifestoSection.campaign_id == campaign_id)
                                  .order_by(ManifestoSection.position, ManifestoSection.id))
        section_number.update({sid: n for n, sid in enumerate(ordered, start=1)})
    item_label: dict[int, str] = {}
    counters: dict[int, int] = defaultdict(int)
    for item_id, section_id in session.execute(
        select(ManifestoItem.id, ManifestoItem.section_id).where(ManifestoItem.section_id.in_(list(section_number)))
        .order_by(ManifestoItem.section_id, ManifestoItem.position, ManifestoItem.id)
    ):
        counters[section_id] += 1
        item_label[item_id] = f"{section_number[section_id]}.{counters[section_id]}"
    return section_number, item_label


def _items(session: Session, ids: list[int]) -> dict[int, str]:
    sections = set(session.scalars(select(ManifestoItem.section_id).where(ManifestoItem.id.in_(ids))))
    _, labels = _numbers(session, sections)
    return {item_id: f"Élément {labels[item_id]} du manifeste" for item_id in ids if item_id in labels}


def _sections(session: Session, ids: list[int]) -> dict[int, str]:
    numbers, _ = _numbers(session, ids)
    titles = dict(session.execute(select(ManifestoSection.id, ManifestoSection.title)
                                  .where(ManifestoSection.id.in_(ids))).all())
    return {sid: f"Section {numbers[sid]} « {titles[sid]} »" for sid in ids if sid in numbers and sid in titles}


def _requests(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(RegistrationRequest.id, RegistrationRequest.territory_name,
                                  RegistrationRequest.created_at).where(RegistrationRequest.id.in_(ids)))
    return {rid: f"Demande d'inscription de {name} ({paris_time(created, pattern='%d/%m/%Y')})"
            for rid, name, created in rows}


def _campaigns(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(Campaign.id, Campaign.name).where(Campaign.id.in_(ids)))
    return {cid: f"Campagne « {name} »" for cid, name in rows}


def _groups(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(ProposalGroup.id, ProposalGroup.wording).where(ProposalGroup.id.in_(ids)))
    return {gid: f"Regroupement « {wording} »" for gid, wording in rows if wording}


def _commitments(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(Commitment.id, Commitment.public_id, Commitment.title).where(Commitment.id.in_(ids)))
    return {cid: f"Engagement {public_id} « {title} »" for cid, public_id, title in rows}


def _commitment_statuses(session: Session, ids: list[int]) -> dict[int, str]:
    rows = session.execute(select(CommitmentStatus.id, CommitmentStatus.label).where(CommitmentStatus.id.in_(ids)))
    return {sid: f"Statut d'engagement « {label} »" for sid, label in rows}


_NAMERS = {
    "participation": _participations, "grid_filing": _filings, "grid_response": _responses,
    "concertation_session": _sessions, "manifesto_item": _items, "manifesto_section": _sections,
    "registration_request": _requests, "campaign": _campaigns, "proposal_group": _groups,
    "commitment": _commitments, "commitment_status": _commitment_statuses,
}
