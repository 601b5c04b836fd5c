"""Participations: engagement, lifecycle transitions, charter, sessions. Writes are audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require, require_participation
from data_access.errors import ValidationError
from data_access.french import plural
from data_access.intake.grid import erase_personal_answers
from data_access.models import (
    STAGE_LABELS,
    Campaign,
    CharterSignature,
    ConcertationSession,
    GridFiling,
    GridResponse,
    Participation,
    Role,
    Stage,
    StageTransition,
    Territory,
)


def register(
    session: Session,
    *,
    actor: Actor,
    campaign_id: int,
    territory: Territory,
    engaged_on: dt.date,
    networks: Sequence[str] = (),
    contact_name: str | None = None,
    contact_email: str | None = None,
    contact_phone: str | None = None,
) -> Participation:
    require(actor, Role.EDITEUR, action="enregistrer un territoire engagé")
    if territory.id is not None:
        existing = session.scalar(
            select(Participation).where(
                Participation.campaign_id == campaign_id, Participation.territory_id == territory.id
            )
        )
        if existing is not None:
            raise ValidationError(f"« {territory.name} » est déjà engagé dans cette campagne.")
    participation = Participation(
        campaign_id=campaign_id,
        territory=territory,
        networks=list(networks),
        stage=Stage.ENGAGE.value,
        engaged_on=engaged_on,
        stage_changed_on=engaged_on,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
    )
    participation.transitions.append(
        StageTransition(stage=Stage.ENGAGE.value, occurred_on=engaged_on, recorded_by=actor.email)
    )
    session.add(participation)
    session.flush()
    audit.record(
        session, actor=actor, action="participation.creation", entity_type="participation",
        entity_id=participation.id, summary=f"{territory.name} engagé le {engaged_on.isoformat()}",
        after={"territory": f"{territory.kind}:{territory.code}", "stage": Stage.ENGAGE.value},
    )
    return participation


def advance(
    session: Session, *, actor: Actor, participation: Participation, stage: Stage, occurred_on: dt.date
) -> Participation:
    """Move to a later stage, recording a dated transition for every stage passed."""
    require(actor, Role.EDITEUR, action="changer l'étape d'un territoire")
    return _record_stage(session, actor=actor, participation=participation, stage=stage, occurred_on=occurred_on)


def _record_stage(
    session: Session, *, actor: Actor, participation: Participation, stage: Stage, occurred_on: dt.date
) -> Participation:
    """``advance`` once the caller has checked who may do it (an editor, or the territory itself)."""
    current = Stage(participation.stage)
    if stage.rank <= current.rank:
        raise ValidationError(
            f"L'étape « {STAGE_LABELS[stage]} » n'est pas postérieure à l'étape actuelle "
            f"« {STAGE_LABELS[current]} »."
        )
    if occurred_on < participation.stage_changed_on:
        raise ValidationError("La date de l'étape précède celle de l'étape précédente.")
    before = {"stage": participation.stage, "stage_changed_on": participation.stage_changed_on.isoformat()}
    for passed in list(Stage)[current.rank + 1 : stage.rank + 1]:
        participation.transitions.append(
            StageTransition(stage=passed.value, occurred_on=occurred_on, recorded_by=actor.email)
        )
    participation.stage = stage.value
    participation.stage_changed_on = occurred_on
    participation.version += 1
    audit.record(
        session, actor=actor, action="participation.etape", entity_type="participation",
        entity_id=participation.id, summary=f"Étape « {STAGE_LABELS[stage]} »",
        before=before, after={"stage": stage.value, "stage_changed_on": occurred_on.isoformat()},
    )
    return participation


def sign_charter(
    session: Session,
    *,
    actor: Actor,
    participation: Participation,
    signed_on: dt.date,
    signatory_role: str | None = None,
    document_ref: str | None = None,
) -> CharterSignature:
    require(actor, Role.EDITEUR, action="enregistrer une charte")
    return _record_charter(session, actor=actor, participation=participation, signed_on=signed_on,
                          signatory_role=signatory_role, document_ref=document_ref)


def _record_charter(
    session: Session,
    *,
    actor: Actor,
    participation: Participation,
    signed_on: dt.date,
    signatory_role: str | None = None,
    document_ref: str | None = None,
    signatory_name: str | None = None,
    charter_version: int | None = None,
) -> CharterSignature:
    """``sign_charter`` once the caller has checked who may do it (an editor, or the territory itself)."""
    signature = session.scalar(
        select(CharterSignature).where(CharterSignature.participation_id == participation.id)
    )
    before = None
    if signature is None:
        signature = CharterSignature(participation_id=participation.id, signed_on=signed_on)
        session.add(signature)
    else:
        before = {"signed_on": signature.signed_on.isoformat(), "signatory_role": signature.signatory_role}
    signature.signed_on = signed_on
    signature.signatory_role = signatory_role
    signature.document_ref = document_ref
    signature.signatory_name = signatory_name
    signature.charter_version = charter_version
    signature.signed_by = actor.email
    if Stage(participation.stage).rank < Stage.CHARTE_SIGNEE.rank:
        _record_stage(session, actor=actor, participation=participation, stage=Stage.CHARTE_SIGNEE,
                     occurred_on=max(signed_on, participation.stage_changed_on))
    session.flush()
    audit.record(
        session, actor=actor, action="charte.signature", entity_type="participation",
        entity_id=participation.id, summary=f"Charte signée le {signed_on.isoformat()}",
        before=before, after={"signed_on": signed_on.isoformat(), "signatory_role": signatory_role,
                              "charter_version": charter_version},
    )
    return signature


def add_session(
    session: Session,
    *,
    actor: Actor,
    participation: Participation,
    held_on: dt.date,
    format: str,
    publics: Sequence[str],
    participants: int,
    place: str | None = None,
    title: str | None = None,
) -> ConcertationSession:
    require(actor, Role.EDITEUR, action="enregistrer une session de concertation")
    if participants < 0:
        raise ValidationError("Le nombre de participants ne peut pas être négatif.")
    record = ConcertationSession(
        participation_id=participation.id, held_on=held_on, format=format,
        publics=list(publics), participants=participants, place=place, title=title,
    )
    session.add(record)
    session.flush()
    audit.record(
        session, actor=actor, action="session.creation", entity_type="concertation_session",
        entity_id=record.id, summary=f"Session du {held_on.isoformat()} ({format})",
        after={"held_on": held_on.isoformat(), "format": format, "participants": participants},
    )
    return record


def erase_contact(session: Session, *, actor: Actor, participation_id: int) -> Participation:
    """RGPD: an administrator erases a coordinator's contact; the participation stays."""
    require(actor, Role.ADMINISTRATEUR, action="effacer un contact")
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Cette participation n'existe pas.")
    participation.contact_name = None
    participation.contact_email = None
    participation.contact_phone = None
    participation.version += 1
    copies = _erase_contact_in_answers(session, participation_id=participation.id)
    audit.record(
        session, actor=actor, action="contact.effacement", entity_type="participation",
        entity_id=participation.id,
        summary=f"Contact de {participation.territory.name} effacé (RGPD)"
        + (f", y compris dans {plural(copies, 'version de la grille', 'versions de la grille')}" if copies else ""),
    )
    return participation


def _erase_contact_in_answers(session: Session, *, participation_id: int) -> int:
    """Clear the personal answers of every grid copy of the participation; how many changed.

    The grid's contact questions are copied into each draft and filed version online
    (``grid_filing``) and into every stored response, current or not (``grid_response``).
    A new dict is assigned so the JSON column is seen as changed.
    """
    changed = 0
    rows: list[GridFiling | GridResponse] = [
        *session.scalars(select(GridFiling).where(GridFiling.participation_id == participation_id)),
        *session.scalars(select(GridResponse).where(GridResponse.participation_id == participation_id)),
    ]
    for row in rows:
        cleaned = erase_personal_answers(row.answers or {}, row.grid_version)
        if cleaned is not None:
            row.answers = cleaned
            changed += 1
    return changed


@dataclass(frozen=True)
class Contact:
    """A territory coordinator's contact: personal data, only for éditeurs and administrateurs."""

    participation_id: int
    territory_name: str
    name: str | None
    email: str | None
    phone: str | None

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone)


def _contact(participation: Participation) -> Contact:
    return Contact(
        participation_id=participation.id, territory_name=participation.territory.name,
        name=participation.contact_name, email=participation.contact_email, phone=participation.contact_phone,
    )


def contact_of(session: Session, *, actor: Actor, participation_id: int) -> Contact | None:
    """The contact of one participation (relances); lecteurs are refused here, whatever the page shows."""
    require(actor, Role.EDITEUR, action="consulter un contact")
    participation = session.get(Participation, participation_id)
    return _contact(participation) if participation is not None else None


def contacts_of_campaign(session: Session, *, actor: Actor, campaign_id: int) -> list[Contact]:
    """Every contact of a campaign, ordered by territory name; lecteurs are refused."""
    require(actor, Role.EDITEUR, action="consulter les contacts")
    # Columns only: loading 3,000 ORM participations cost the suivi page ~0,4 s at scale 20.
    rows = session.execute(
        select(Participation.id, Territory.name, Participation.contact_name, Participation.contact_email,
               Participation.contact_phone)
        .join(Territory, Participation.territory_id == Territory.id)
        .where(Participation.campaign_id == campaign_id).order_by(Territory.name, Participation.id)
    ).all()
    return [Contact(participation_id=pid, territory_name=territory, name=name, email=email, phone=phone)
            for pid, territory, name, email, phone in rows]


def sign_own_charter(
    session: Session,
    *,
    actor: Actor,
    participation_id: int,
    signatory_name: str,
    signatory_role: str,
    signed_on: dt.date,
    accepted: bool,
) -> CharterSignature:
    """A territory signs the campaign's charter itself, in its space: the version it read is kept."""
    require(actor, Role.TERRITOIRE, action="signer la charte")
    require_participation(actor, participation_id, action="signer la charte")
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    if not accepted:
        raise ValidationError("Cochez la case d'acceptation de la charte pour la signer.")
    name, role = signatory_name.strip(), signatory_role.strip()
    if not name or not role:
        raise ValidationError("Indiquez le nom et la qualité de la personne qui signe.")
    if len(name) > 200 or len(role) > 200:
        raise ValidationError("Le nom et la qualité ne doivent pas dépasser 200 caractères.")
    if signed_on > dt.date.today():
        raise ValidationError("La date de signature ne peut pas être dans le futur.")
    if signed_on < participation.engaged_on:
        raise ValidationError("La date de signature précède la date d'engagement du territoire.")
    campaign = session.get(Campaign, participation.campaign_id)
    if campaign is None or not campaign.charter_text.strip():
        raise ValidationError("La charte de la campagne n'est pas encore publiée : revenez plus tard.")
    return _record_charter(session, actor=actor, participation=participation, signed_on=signed_on,
                           signatory_role=role, signatory_name=name, charter_version=campaign.charter_version)
