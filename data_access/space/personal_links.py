"""The territory space: personal links (single-use invitations and the access they open) and
what a territory reads of its own participation.

An invitation binds an e-mail address to one participation. Opening it once marks it used and
opens an *access* link for the same participation (kept in the address bar, so a bookmark or a
reload works) that expires with the invitation. Only SHA-256 digests of the random tokens
(256 bits) are stored; every creation, use and revocation is in the audit log, never a token.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require, require_participation
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import (
    STAGE_LABELS,
    Campaign,
    CharterSignature,
    Participation,
    Role,
    Stage,
    Territory,
    TerritoryLink,
    utcnow,
)

INVITATION = "invitation"
ACCESS = "acces"
DEFAULT_EXPIRY_DAYS = 30
MAX_EXPIRY_DAYS = 365
TOKEN_BYTES = 32  # 256 bits: not guessable, not enumerable
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
INVALID_LINK = "Ce lien n'est pas valide. Demandez un nouveau lien à la commission."


@dataclass(frozen=True)
class IssuedLink:
    """A link just created: the only moment its token exists outside the visitor's address bar."""

    link_id: int
    token: str
    participation_id: int
    expires_at: dt.datetime


@dataclass(frozen=True)
class LinkView:
    id: int
    participation_id: int
    territory_name: str
    kind: str
    email: str
    created_at: dt.datetime
    created_by: str
    expires_at: dt.datetime
    used_at: dt.datetime | None
    revoked_at: dt.datetime | None

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "révoqué"
        if self.kind == INVITATION and self.used_at is not None:
            return "utilisé"
        if self.expires_at <= utcnow():
            return "expiré"
        return "actif"


@dataclass(frozen=True)
class OwnSpace:
    """What a territory sees of its own participation."""

    participation_id: int
    territory_name: str
    campaign_name: str
    stage: Stage
    stage_label: str
    charter_text: str
    charter_version: int
    signed_on: dt.date | None
    signatory_name: str | None
    signatory_role: str | None
    signed_version: int | None


def is_email(address: str) -> bool:
    return bool(_EMAIL.match(address))


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _participation(session: Session, participation_id: int) -> Participation:
    participation = session.get(Participation, participation_id)
    if participation is None:
        raise ValidationError("Ce territoire n'est pas engagé dans la campagne.")
    return participation


def _issue(session: Session, *, participation_id: int, kind: str, email: str, created_by: str,
           expires_at: dt.datetime, invitation_id: int | None = None) -> IssuedLink:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    link = TerritoryLink(participation_id=participation_id, kind=kind, email=email, token_hash=digest(token),
                         created_by=created_by, expires_at=expires_at, invitation_id=invitation_id)
    session.add(link)
    session.flush()
    return IssuedLink(link_id=link.id, token=token, participation_id=participation_id, expires_at=expires_at)


def create_invitation(session: Session, *, actor: Actor, participation_id: int, email: str,
                      expires_days: int = DEFAULT_EXPIRY_DAYS) -> IssuedLink:
    """A single-use personal link for one territory (éditeurs and administrateurs)."""
    require(actor, Role.EDITEUR, action="inviter un territoire")
    address = email.strip().lower()
    if not _EMAIL.match(address):
        raise ValidationError(f"« {email} » n'est pas une adresse électronique valide.")
    if not 1 <= expires_days <= MAX_EXPIRY_DAYS:
        raise ValidationError(f"La durée de validité doit être comprise entre 1 et {MAX_EXPIRY_DAYS} jours.")
    participation = _participation(session, participation_id)
    issued = _issue(session, participation_id=participation.id, kind=INVITATION, email=address,
                    created_by=actor.email, expires_at=utcnow() + dt.timedelta(days=expires_days))
    audit.record(session, actor=actor, action="espace.invitation", entity_type="participation",
                 entity_id=participation.id,
                 summary=f"Invitation de {address} pour {participation.territory.name} ({expires_days} jours)",
                 after={"link_id": issued.link_id, "email": address, "expires_at": issued.expires_at.isoformat()})
    return issued


def revoke_link(session: Session, *, actor: Actor, link_id: int) -> None:
    """A revoked invitation can no longer be used; a revoked access closes that territory's sessions."""
    require(actor, Role.EDITEUR, action="révoquer un lien")
    link = session.get(TerritoryLink, link_id)
    if link is None:
        raise ValidationError("Ce lien n'existe pas.")
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        # Revoking an invitation also closes the access it opened.
        for opened in session.scalars(select(TerritoryLink).where(TerritoryLink.invitation_id == link.id)):
            opened.revoked_at = opened.revoked_at or link.revoked_at
        audit.record(session, actor=actor, action="espace.revocation", entity_type="participation",
                     entity_id=link.participation_id, summary=f"Lien n° {link.id} révoqué ({link.email})")


def list_links(session: Session, *, actor: Actor, participation_id: int | None = None) -> list[LinkView]:
    require(actor, Role.EDITEUR, action="consulter les liens des territoires")
    query = select(TerritoryLink, Participation).join(Participation).order_by(TerritoryLink.id.desc())
    if participation_id is not None:
        query = query.where(TerritoryLink.participation_id == participation_id)
    return [
        LinkView(id=link.id, participation_id=link.participation_id, territory_name=p.territory.name,
                 kind=link.kind, email=link.email, created_at=link.created_at, created_by=link.created_by,
                 expires_at=link.expires_at, used_at=link.used_at, revoked_at=link.revoked_at)
        for link, p in session.execute(query).all()
    ]


def _valid(session: Session, token: str, kind: str) -> TerritoryLink:
    link = session.scalar(select(TerritoryLink).where(TerritoryLink.token_hash == digest(token.strip())))
    if link is None or link.kind != kind:
        raise PermissionDenied(INVALID_LINK)
    if link.revoked_at is not None:
        raise PermissionDenied("Ce lien a été révoqué par la commission. Demandez-lui un nouveau lien.")
    if link.expires_at <= utcnow():
        raise PermissionDenied("Ce lien a expiré. Demandez un nouveau lien à la commission.")
    return link


def _territory_actor(link: TerritoryLink) -> Actor:
    return Actor(email=link.email, role=Role.TERRITOIRE, participation_ids=frozenset({link.participation_id}))


def redeem_invitation(session: Session, token: str) -> tuple[IssuedLink, Actor]:
    """Open an invitation (once): it becomes used, and an access link for its territory is issued."""
    invitation = _valid(session, token, INVITATION)
    if invitation.used_at is not None:
        raise PermissionDenied("Ce lien d'invitation a déjà été utilisé. Utilisez l'adresse enregistrée "
                               "dans vos favoris, ou demandez un nouveau lien à la commission.")
    invitation.used_at = utcnow()
    actor = _territory_actor(invitation)
    access = _issue(session, participation_id=invitation.participation_id, kind=ACCESS, email=invitation.email,
                    created_by=invitation.email, expires_at=invitation.expires_at, invitation_id=invitation.id)
    audit.record(session, actor=actor, action="espace.ouverture", entity_type="participation",
                 entity_id=invitation.participation_id, summary=f"Invitation n° {invitation.id} utilisée")
    return access, actor


def actor_for_access(session: Session, token: str) -> Actor:
    """The territory behind an access link (read only: nothing is written on each page view)."""
    return _territory_actor(_valid(session, token, ACCESS))


def actor_for_account(session: Session, email: str) -> Actor | None:
    """With OIDC sign-in, an invitation binds its e-mail to its territory: a person signed in with
    that (verified) address acts as that territory, for every participation it was invited to.

    The binding lasts as long as the invitation (its expiry date) and ends when it is revoked;
    opening the link is not needed, and does not end it. Read only, like ``actor_for_access``.
    """
    address = email.strip().lower()
    if not address:
        return None
    rows = session.scalars(select(TerritoryLink.participation_id).where(
        TerritoryLink.kind == INVITATION, TerritoryLink.email == address, TerritoryLink.revoked_at.is_(None),
        TerritoryLink.expires_at > utcnow())).all()
    if not rows:
        return None
    return Actor(email=address, role=Role.TERRITOIRE, participation_ids=frozenset(int(pid) for pid in rows))


def own_space(session: Session, *, actor: Actor, participation_id: int) -> OwnSpace:
    require(actor, Role.TERRITOIRE, action="consulter l'espace d'un territoire")
    require_participation(actor, participation_id, action="consulter l'espace d'un territoire")
    participation = _participation(session, participation_id)
    campaign = session.get(Campaign, participation.campaign_id)
    assert campaign is not None
    signature = session.scalar(select(CharterSignature).where(CharterSignature.participation_id == participation_id))
    stage = Stage(participation.stage)
    return OwnSpace(
        participation_id=participation_id, territory_name=participation.territory.name, campaign_name=campaign.name,
        stage=stage, stage_label=STAGE_LABELS[stage], charter_text=campaign.charter_text,
        charter_version=campaign.charter_version,
        signed_on=signature.signed_on if signature else None,
        signatory_name=signature.signatory_name if signature else None,
        signatory_role=signature.signatory_role if signature else None,
        signed_version=signature.charter_version if signature else None,
    )


def participations_by_code(session: Session, *, campaign_id: int, code: str,
                           kind: str | None = None) -> list[tuple[int, str]]:
    """(participation id, territory kind) of the engaged territories with this official code."""
    query = (select(Participation.id, Territory.kind).join(Territory)
             .where(Participation.campaign_id == campaign_id, Territory.code == code.strip()))
    if kind:
        query = query.where(Territory.kind == kind.strip())
    return [(int(pid), str(k)) for pid, k in session.execute(query).all()]
