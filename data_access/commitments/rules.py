"""Who may write which commitment, and the checks of an input, shared by the writes and the import.

The commission (« Éditeur » and above) may do everything. A territory writes only the commitments
it carries itself (``participation_id`` among its own), never validates, never touches another's.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.access import Actor, require, require_participation
from data_access.audit_labels import actor_label
from data_access.commitments.models import (
    COMMISSION_NAME,
    Commitment,
    CommitmentStatus,
    CommitterKind,
)
from data_access.commitments.views import (
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_TITLE,
    CommitmentInput,
)
from data_access.errors import PermissionDenied, ValidationError
from data_access.french import plural
from data_access.models import ManifestoItem, ManifestoSection, Participation, Proposal, Role

PUBLIC_ID_PREFIX = "ENG-"
# No 0/O, 1/I/L: an identifier copied by hand from a printed table stays right.
_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHUNK = 5000


def can_write(actor: Actor | None, participation_id: int | None, *, action: str) -> Actor:
    """The commission for any commitment; a territory only for a commitment it carries itself."""
    if actor is not None and actor.is_territory:
        if participation_id is None:
            raise PermissionDenied(f"Action refusée ({action}) : un territoire ne modifie que ses propres "
                                   "engagements, pas ceux de la commission ni des réseaux.")
        return require_participation(actor, participation_id, action=action)
    return require(actor, Role.EDITEUR, action=action)


def can_read(actor: Actor | None, participation_id: int | None = None, *, action: str) -> Actor:
    """The commission (« Lecteur » and above) reads every commitment; a territory its own."""
    if actor is not None and actor.is_territory and participation_id is not None:
        if participation_id not in actor.participation_ids:
            raise PermissionDenied(f"Action refusée ({action}) : ce territoire n'est pas le vôtre.")
        return actor
    return require(actor, Role.LECTEUR, action=action)


def author_for(viewer: Actor, email: str) -> str:
    """Who wrote, as ``viewer`` may see it: e-mails only for those who see personal data."""
    if viewer.sees_personal_data or email == viewer.email:
        return actor_label(email)
    return "un autre utilisateur"


def load(session: Session, commitment_id: int) -> Commitment:
    commitment = session.get(Commitment, commitment_id)
    if commitment is None:
        raise ValidationError("Cet engagement n'existe pas.")
    return commitment


def new_public_ids(session: Session, count: int, *, taken: Iterable[str] = ()) -> list[str]:
    """``count`` unused identifiers « ENG-XXXXXX » (random: no counter that two writers would share)."""
    reserved = set(taken)
    found: list[str] = []
    while len(found) < count:
        wanted = {PUBLIC_ID_PREFIX + "".join(secrets.choice(_ALPHABET) for _ in range(6))
                  for _ in range(count - len(found))} - reserved
        existing = set(session.scalars(select(Commitment.public_id).where(Commitment.public_id.in_(wanted))))
        fresh = sorted(wanted - existing)
        found.extend(fresh)
        reserved.update(fresh)
    return found


def clean_text(value: str | None, *, limit: int, what: str, required: bool = False, one_line: bool = True) -> str:
    """Spaces collapsed (a title, a name) or only trimmed (a description keeps its paragraphs)."""
    text = " ".join((value or "").split()) if one_line else (value or "").strip()
    if required and not text:
        raise ValidationError(f"{what} est obligatoire.")
    if len(text) > limit:
        raise ValidationError(f"{what} dépasse {limit} caractères ({len(text)}).")
    return text


def committer_kind(value: str) -> CommitterKind:
    try:
        return CommitterKind(value)
    except ValueError as exc:
        raise ValidationError(f"Porteur inconnu : « {value} » (commission, réseau ou territoire).") from exc


def item_campaign(session: Session, item_id: int) -> int | None:
    return session.scalar(select(ManifestoSection.campaign_id).join(ManifestoItem)
                          .where(ManifestoItem.id == item_id))


def participations_in_campaign(session: Session, campaign_id: int, ids: Sequence[int]) -> set[int]:
    return set(session.scalars(select(Participation.id).where(
        Participation.id.in_(list(ids)), Participation.campaign_id == campaign_id)))


def proposals_in_campaign(session: Session, campaign_id: int, ids: Sequence[int]) -> set[int]:
    wanted = sorted(set(ids))
    found: set[int] = set()
    for start in range(0, len(wanted), CHUNK):
        found.update(session.scalars(
            select(Proposal.id).join(Participation, Proposal.participation_id == Participation.id)
            .where(Proposal.id.in_(wanted[start:start + CHUNK]), Participation.campaign_id == campaign_id)))
    return found


def ancestors(session: Session, parent_id: int | None) -> list[int]:
    """The parent, its parent…: ids up to the root (a cycle stops the walk)."""
    chain: list[int] = []
    current = parent_id
    while current is not None and current not in chain:
        chain.append(current)
        current = session.scalar(select(Commitment.parent_id).where(Commitment.id == current))
    return chain


def checked(session: Session, *, actor: Actor, campaign_id: int, data: CommitmentInput,
            commitment_id: int | None = None) -> dict[str, Any]:
    """The column values of ``data`` once checked (French ``ValidationError`` otherwise), with
    ``proposal_ids`` and ``territory_ids`` (lists) for the link tables."""
    require(actor, Role.TERRITOIRE, action="enregistrer un engagement")
    kind = committer_kind(data.committer_kind)
    title = clean_text(data.title, limit=MAX_TITLE, what="Le titre de l'engagement", required=True)
    description = clean_text(data.description, limit=MAX_DESCRIPTION, what="La description", one_line=False)
    participation_id: int | None = None
    name: str | None = None
    if kind is CommitterKind.TERRITOIRE:
        if data.participation_id is None:
            raise ValidationError("Choisissez le territoire qui porte cet engagement.")
        if not participations_in_campaign(session, campaign_id, [data.participation_id]):
            raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
        participation_id = data.participation_id
    elif kind is CommitterKind.RESEAU:
        name = clean_text(data.committer_name, limit=MAX_NAME, what="Le nom du réseau partenaire", required=True)
    else:
        name = clean_text(data.committer_name, limit=MAX_NAME, what="Le nom du porteur") or COMMISSION_NAME
    if actor.is_territory and (participation_id is None or participation_id not in actor.participation_ids):
        raise PermissionDenied("Action refusée (enregistrer un engagement) : un territoire ne porte que ses "
                               "propres engagements.")
    status = session.get(CommitmentStatus, data.status_id)
    if status is None or status.campaign_id != campaign_id:
        raise ValidationError("Ce statut n'existe pas dans la campagne.")
    if data.progress is not None and not 0 <= data.progress <= 100:
        raise ValidationError(f"L'avancement est un pourcentage entre 0 et 100 (et non {data.progress}).")
    if data.start_date and data.end_date and data.end_date < data.start_date:
        raise ValidationError("La date de fin précède la date de début.")
    item_id = data.item_id
    if data.parent_id is not None:
        parent = session.get(Commitment, data.parent_id)
        if parent is None or parent.campaign_id != campaign_id:
            raise ValidationError("L'engagement parent n'existe pas dans la campagne.")
        if commitment_id is not None and commitment_id in [data.parent_id, *ancestors(session, parent.parent_id)]:
            raise ValidationError("Un engagement ne peut pas être placé sous lui-même ni sous l'un de ses "
                                  "sous-engagements.")
        if actor.is_territory and parent.participation_id not in actor.participation_ids:
            raise PermissionDenied("Action refusée (enregistrer un engagement) : un territoire ne place un "
                                   "sous-engagement que sous l'un de ses propres engagements.")
        item_id = item_id if item_id is not None else parent.item_id
    # An item an editor removed from the manifesto leaves its commitments detached: they stay
    # editable (progress goes on) until someone attaches them to another item.
    detached = commitment_id is not None and session.scalar(
        select(Commitment.item_id).where(Commitment.id == commitment_id)) is None
    if item_id is None and not detached:
        raise ValidationError("Choisissez l'élément du manifeste auquel répond cet engagement.")
    if item_id is not None and item_campaign(session, item_id) != campaign_id:
        raise ValidationError("Cet élément n'existe pas dans le manifeste de la campagne.")
    proposal_ids = list(dict.fromkeys(data.proposal_ids))
    missing = set(proposal_ids) - proposals_in_campaign(session, campaign_id, proposal_ids)
    if missing:
        listed = ", ".join(f"n° {i}" for i in sorted(missing)[:10])
        raise ValidationError(f"{plural(len(missing), 'proposition introuvable', 'propositions introuvables')} "
                              f"dans la campagne : {listed}.")
    territory_ids = [t for t in dict.fromkeys(data.territory_ids) if t != participation_id]
    unknown = set(territory_ids) - participations_in_campaign(session, campaign_id, territory_ids)
    if unknown:
        raise ValidationError("Un des territoires concernés n'est pas engagé dans la campagne.")
    return {
        "title": title, "description": description, "committer_kind": kind.value, "committer_name": name,
        "participation_id": participation_id, "item_id": item_id, "parent_id": data.parent_id,
        "status_id": status.id, "progress": data.progress if data.progress is not None else status.default_progress,
        "progress_set_by_hand": data.progress is not None, "start_date": data.start_date,
        "end_date": data.end_date, "proposal_ids": proposal_ids, "territory_ids": territory_ids,
    }
