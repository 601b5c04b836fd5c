"""Registration: a territory asks, on the public page « S'inscrire », to join the campaign; an
administrator validates (a participation « engagé » is created) or refuses with a reason.

Nothing becomes public before validation: requests live in their own table, which the public
list (``public.py``) never reads. The page acts as ``VISITOR_ACTOR``; anti-abuse is here, not in
the page: a honeypot field (a filled one drops the request silently), a rate limit per client
address (stored as a salted SHA-256), length limits, e-mail check, and no second pending request
for the same territory. At the decision the request forgets its personal data (contact, message,
address digest): a validated contact lives on in the participation only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.campaigns import NETWORKS
from data_access.errors import ValidationError
from data_access.models import (
    Campaign,
    Participation,
    RegistrationRequest,
    RegistrationStatus,
    Role,
    StoreMeta,
    Territory,
    utcnow,
)
from data_access.space import participations, personal_links
from data_access.territories import reference

NOTICE_FILE = Path(__file__).with_name("registration_notice.yaml")
RATE_LIMIT = 5  # requests per client address…
RATE_WINDOW = dt.timedelta(hours=1)  # …in this window
MAX_NAME = 200
MAX_PHONE = 30
MAX_MESSAGE = 2000
MAX_REASON = 1000
_PHONE = re.compile(r"^\+?[0-9 .()\-]{6,30}$")
_SALT_KEY = "registration_salt"


@dataclass(frozen=True)
class Notice:
    version: str
    title: str
    text: str


@cache
def notice() -> Notice:
    """The personal-data notice the visitor consents to (text in ``registration_notice.yaml``)."""
    with NOTICE_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return Notice(version=str(data["version"]), title=str(data["title"]), text=str(data["text"]).strip())


@dataclass(frozen=True)
class RequestForm:
    """What the visitor typed; ``website`` is the honeypot, hidden from people."""

    territory_kind: str
    territory_code: str
    contact_name: str
    contact_role: str
    contact_email: str
    contact_phone: str
    networks: Sequence[str]
    message: str
    consent: bool
    website: str = ""


@dataclass(frozen=True)
class RequestView:
    id: int
    territory_name: str
    territory_label: str  # « Rennes — Commune — Ille-et-Vilaine (35) »: never a bare code
    # The contact (personal data: only administrators list requests), named like ``Contact``.
    name: str | None
    role: str | None
    email: str | None
    phone: str | None
    networks: tuple[str, ...]
    message: str | None
    created_at: dt.datetime
    status: RegistrationStatus
    decided_by: str | None
    decided_at: dt.datetime | None
    reason: str | None
    participation_id: int | None


def territory_label(kind: str, code: str, name: str) -> str:
    parts = [name, reference.KIND_LABELS.get(kind, kind)]
    found = reference.get(kind, code)
    dep = found.dep_code if found else None
    if dep:
        dep_name = reference.departement_names().get(dep)
        parts.append(f"{dep_name} ({dep})" if dep_name else f"dép. {dep}")
    elif found is None:
        parts.append("à l'étranger")
    return " — ".join(parts)


def _salt(session: Session) -> str:
    """A random salt of this store: without it, a digest of an IPv4 address is reversed in minutes."""
    row = session.get(StoreMeta, _SALT_KEY)
    if row is None:
        row = StoreMeta(key=_SALT_KEY, value=secrets.token_hex(32))
        session.add(row)
        session.flush()
    return row.value


def client_digest(session: Session, client_address: str | None) -> str:
    address = (client_address or "inconnue").strip().lower()
    return hashlib.sha256(f"{_salt(session)}|{address}".encode()).hexdigest()


def _clean(value: str | None, label: str, limit: int, *, required: bool) -> str | None:
    text = (value or "").strip()
    if not text:
        if required:
            raise ValidationError(f"Indiquez {label}.")
        return None
    if len(text) > limit:
        raise ValidationError(f"{label[0].upper()}{label[1:]} ne doit pas dépasser {limit} caractères.")
    return text


def _territory(session: Session, kind: str, code: str) -> tuple[str, str, str]:
    kind, code = (kind or "").strip(), (code or "").strip()
    found = reference.get(kind, code)
    if found is not None:
        return found.kind, found.code, found.name
    stored = session.scalar(select(Territory).where(Territory.kind == kind, Territory.code == code))
    if stored is None or not code:
        raise ValidationError("Choisissez votre collectivité dans la liste proposée.")
    return stored.kind, stored.code, stored.name


def submit_request(session: Session, *, actor: Actor, form: RequestForm, client_address: str | None,
                   now: dt.datetime | None = None) -> int | None:
    """File a registration request; None when it was dropped (honeypot), its id otherwise.

    Either way the visitor is thanked: a robot must not learn that it was detected.
    """
    require(actor, Role.VISITEUR, action="demander l'inscription d'un territoire")
    if form.website.strip():
        return None
    now = now or utcnow()
    kind, code, name = _territory(session, form.territory_kind, form.territory_code)
    contact_name = _clean(form.contact_name, "le nom de la personne à contacter", MAX_NAME, required=True)
    contact_role = _clean(form.contact_role, "la fonction de la personne à contacter", MAX_NAME, required=True)
    email = _clean(form.contact_email, "l'adresse électronique", MAX_NAME, required=True)
    assert email is not None
    email = email.lower()
    if not personal_links.is_email(email):
        raise ValidationError(f"« {email} » n'est pas une adresse électronique valide.")
    phone = _clean(form.contact_phone, "le téléphone", MAX_PHONE, required=False)
    if phone and not _PHONE.match(phone):
        raise ValidationError("Le numéro de téléphone ne doit contenir que des chiffres, espaces, points, "
                              "tirets ou le signe +.")
    networks = list(dict.fromkeys(form.networks))
    if any(network not in NETWORKS for network in networks):
        raise ValidationError("Choisissez les réseaux dans la liste proposée.")
    message = _clean(form.message, "le message", MAX_MESSAGE, required=False)
    if not form.consent:
        raise ValidationError("Cochez la case de consentement : sans elle, la commission ne peut pas traiter "
                              "votre demande.")
    campaign_id = session.scalar(select(Campaign.id).order_by(Campaign.start_date.desc(), Campaign.id.desc()))
    if campaign_id is None:
        raise ValidationError("Les inscriptions ne sont pas encore ouvertes : aucune campagne n'est en cours.")
    digest = client_digest(session, client_address)
    recent = session.scalar(select(func.count()).select_from(RegistrationRequest).where(
        RegistrationRequest.client_hash == digest, RegistrationRequest.created_at > now - RATE_WINDOW))
    if (recent or 0) >= RATE_LIMIT:
        raise ValidationError("Trop de demandes ont été envoyées depuis votre connexion : réessayez dans une heure.")
    engaged = session.scalar(select(Participation.id).join(Territory).where(
        Participation.campaign_id == campaign_id, Territory.kind == kind, Territory.code == code))
    if engaged is not None:
        raise ValidationError(f"{name} est déjà engagé dans la campagne : demandez à la commission le lien "
                              "vers l'espace de votre territoire.")
    pending = session.scalar(select(RegistrationRequest.id).where(
        RegistrationRequest.campaign_id == campaign_id, RegistrationRequest.territory_kind == kind,
        RegistrationRequest.territory_code == code,
        RegistrationRequest.status == RegistrationStatus.EN_ATTENTE.value))
    if pending is not None:
        raise ValidationError(f"Une demande d'inscription pour {name} est déjà en attente de validation : "
                              "la commission y répondra prochainement, inutile de la renvoyer.")
    request = RegistrationRequest(
        campaign_id=campaign_id, territory_kind=kind, territory_code=code, territory_name=name,
        contact_name=contact_name, contact_role=contact_role, contact_email=email, contact_phone=phone,
        networks=networks, message=message, consent_at=now, notice_version=notice().version,
        status=RegistrationStatus.EN_ATTENTE.value, created_at=now, client_hash=digest,
    )
    session.add(request)
    session.flush()
    audit.record(session, actor=actor, action="inscription.demande", entity_type="registration_request",
                 entity_id=request.id, summary=f"Demande d'inscription de {name}",
                 after={"territory": f"{kind}:{code}", "notice_version": request.notice_version})
    return request.id


def _view(request: RegistrationRequest) -> RequestView:
    return RequestView(
        id=request.id, territory_name=request.territory_name,
        territory_label=territory_label(request.territory_kind, request.territory_code, request.territory_name),
        name=request.contact_name, role=request.contact_role, email=request.contact_email,
        phone=request.contact_phone, networks=tuple(request.networks or ()), message=request.message,
        created_at=request.created_at, status=RegistrationStatus(request.status), decided_by=request.decided_by,
        decided_at=request.decided_at, reason=request.reason, participation_id=request.participation_id,
    )


def list_requests(session: Session, *, actor: Actor, campaign_id: int,
                  status: RegistrationStatus | None = RegistrationStatus.EN_ATTENTE) -> list[RequestView]:
    """The queue (oldest first) or, with ``status=None``, every request of the campaign (newest first)."""
    require(actor, Role.ADMINISTRATEUR, action="consulter les demandes d'inscription")
    query = select(RegistrationRequest).where(RegistrationRequest.campaign_id == campaign_id)
    if status is not None:
        query = query.where(RegistrationRequest.status == status.value).order_by(RegistrationRequest.created_at,
                                                                                  RegistrationRequest.id)
    else:
        query = query.order_by(RegistrationRequest.created_at.desc(), RegistrationRequest.id.desc())
    return [_view(request) for request in session.scalars(query)]


def pending_count(session: Session, *, actor: Actor, campaign_id: int) -> int:
    require(actor, Role.ADMINISTRATEUR, action="consulter les demandes d'inscription")
    return int(session.scalar(select(func.count()).select_from(RegistrationRequest).where(
        RegistrationRequest.campaign_id == campaign_id,
        RegistrationRequest.status == RegistrationStatus.EN_ATTENTE.value)) or 0)


def _pending(session: Session, request_id: int) -> RegistrationRequest:
    request = session.get(RegistrationRequest, request_id)
    if request is None:
        raise ValidationError("Cette demande d'inscription n'existe pas.")
    if request.status != RegistrationStatus.EN_ATTENTE.value:
        raise ValidationError(f"La demande de {request.territory_name} a déjà été traitée.")
    return request


def _forget_personal_data(request: RegistrationRequest) -> None:
    """Decided: the contact now lives in the participation (or is no longer needed). Keeping a copy
    here would survive an erasure of the participation's contact (RGPD); the consent's date and
    notice version stay as its record."""
    request.contact_name = request.contact_role = request.contact_email = request.contact_phone = None
    request.message = None
    request.client_hash = None  # kept only to limit abuse while the request waits


def validate_request(session: Session, *, actor: Actor, request_id: int) -> Participation:
    """The territory becomes « engagé » in the request's campaign, with the request's contact.

    An existing participation (imported meanwhile) is reused: its contact is filled only when
    empty, the networks are added, its stage is kept.
    """
    require(actor, Role.ADMINISTRATEUR, action="valider une demande d'inscription")
    request = _pending(session, request_id)
    found = reference.get(request.territory_kind, request.territory_code)
    territory = (reference.ensure_territory(session, found) if found is not None else session.scalar(
        select(Territory).where(Territory.kind == request.territory_kind,
                                Territory.code == request.territory_code)))
    if territory is None:
        raise ValidationError(f"{request.territory_name} ne figure plus au référentiel : refusez la demande "
                              "ou enregistrez le territoire dans « Saisie et correction ».")
    participation = session.scalar(select(Participation).where(
        Participation.campaign_id == request.campaign_id, Participation.territory_id == territory.id))
    if participation is None:
        participation = participations.register(
            session, actor=actor, campaign_id=request.campaign_id, territory=territory,
            engaged_on=request.created_at.date(), networks=request.networks,
            contact_name=request.contact_name, contact_email=request.contact_email,
            contact_phone=request.contact_phone)
    else:
        if not (participation.contact_name or participation.contact_email or participation.contact_phone):
            participation.contact_name = request.contact_name
            participation.contact_email = request.contact_email
            participation.contact_phone = request.contact_phone
        participation.networks = list(dict.fromkeys([*participation.networks, *request.networks]))
        participation.version += 1
    request.status = RegistrationStatus.VALIDEE.value
    request.decided_by = actor.email
    request.decided_at = utcnow()
    request.participation_id = participation.id
    _forget_personal_data(request)
    session.flush()
    audit.record(session, actor=actor, action="inscription.validation", entity_type="registration_request",
                 entity_id=request.id, summary=f"Inscription de {request.territory_name} validée",
                 before={"status": RegistrationStatus.EN_ATTENTE.value},
                 after={"status": request.status, "participation_id": participation.id})
    return participation


def refuse_request(session: Session, *, actor: Actor, request_id: int, reason: str) -> None:
    require(actor, Role.ADMINISTRATEUR, action="refuser une demande d'inscription")
    request = _pending(session, request_id)
    text = _clean(reason, "le motif du refus", MAX_REASON, required=True)
    request.status = RegistrationStatus.REFUSEE.value
    request.decided_by = actor.email
    request.decided_at = utcnow()
    request.reason = text
    _forget_personal_data(request)
    audit.record(session, actor=actor, action="inscription.refus", entity_type="registration_request",
                 entity_id=request.id, summary=f"Inscription de {request.territory_name} refusée",
                 before={"status": RegistrationStatus.EN_ATTENTE.value}, after={"status": request.status})
