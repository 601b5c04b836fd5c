"""Registration requests: filed by the anonymous visitor, anti-abuse, validated or refused by an
administrator; nothing public before validation; the OIDC binding of an invitation."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import audit_labels
from data_access.access import VISITOR_ACTOR, Actor
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import (
    AuditEvent,
    Campaign,
    Participation,
    RegistrationRequest,
    RegistrationStatus,
    Role,
    Stage,
    utcnow,
)
from data_access.space import participations, personal_links, public, registration
from tests.support.factories import ADMIN, EDITOR, READER, make_campaign, make_participation

FORM = registration.RequestForm(
    territory_kind="commune", territory_code="35238", contact_name="Camille Martin",
    contact_role="Chargée de mission numérique", contact_email="Camille.Martin@Rennes.fr",
    contact_phone="02 99 00 00 00", networks=("France urbaine",), message="Nous voulons participer.",
    consent=True,
)
ADDRESS = "203.0.113.7"


@pytest.fixture
def campaign(session: Session) -> Campaign:
    return make_campaign(session)


def _file(session: Session, form: registration.RequestForm = FORM, address: str = ADDRESS,
          now: dt.datetime | None = None) -> int | None:
    return registration.submit_request(session, actor=VISITOR_ACTOR, form=form, client_address=address, now=now)


def _requests(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(RegistrationRequest)) or 0


def test_a_visitor_files_a_request_that_waits_and_is_not_public(session: Session, campaign: Campaign) -> None:
    request_id = _file(session)
    assert request_id is not None
    request = session.get(RegistrationRequest, request_id)
    assert request is not None and request.status == RegistrationStatus.EN_ATTENTE.value
    assert request.territory_name == "Rennes" and request.contact_email == "camille.martin@rennes.fr"
    assert request.notice_version == registration.notice().version and request.consent_at is not None
    assert request.client_hash and ADDRESS not in request.client_hash and len(request.client_hash) == 64
    # Nothing public, no participation: the public list does not know it.
    assert session.scalar(select(func.count()).select_from(Participation)) == 0
    assert public.summary(session, campaign.id).territories == ()
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "inscription.demande"))
    assert event is not None and event.actor == VISITOR_ACTOR.email
    assert "camille" not in f"{event.summary} {event.after}".lower()
    assert audit_labels.actor_label(event.actor) == "Visiteur de la page publique"


def test_the_honeypot_drops_the_request_silently(session: Session, campaign: Campaign) -> None:
    assert _file(session, dataclasses.replace(FORM, website="http://spam.example")) is None
    assert _requests(session) == 0
    assert not session.scalars(select(AuditEvent).where(AuditEvent.action == "inscription.demande")).all()


def test_the_rate_limit_counts_requests_per_address_in_the_last_hour(session: Session, campaign: Campaign) -> None:
    codes = ["35238", "29019", "44109", "33063", "69123", "13055"]
    now = utcnow()
    for code in codes[:registration.RATE_LIMIT]:
        assert _file(session, dataclasses.replace(FORM, territory_code=code), now=now)
    with pytest.raises(ValidationError, match="réessayez dans une heure"):
        _file(session, dataclasses.replace(FORM, territory_code=codes[5]), now=now)
    # Another address is not limited, and the same address is again an hour later.
    assert _file(session, dataclasses.replace(FORM, territory_code=codes[5]), address="198.51.100.1", now=now)
    assert _file(session, dataclasses.replace(FORM, territory_code="67482"), now=now + dt.timedelta(minutes=61))


def test_a_second_pending_request_for_the_same_territory_is_refused_in_french(
        session: Session, campaign: Campaign) -> None:
    _file(session)
    with pytest.raises(ValidationError, match="Rennes est déjà en attente de validation"):
        _file(session, dataclasses.replace(FORM, contact_email="autre@rennes.fr"), address="198.51.100.2")


def test_an_engaged_territory_cannot_register_again(session: Session, campaign: Campaign) -> None:
    make_participation(session, campaign)
    with pytest.raises(ValidationError, match="déjà engagé"):
        _file(session)


@pytest.mark.parametrize(("change", "message"), [
    ({"contact_email": "pas-une-adresse"}, "n'est pas une adresse électronique valide"),
    ({"contact_name": "  "}, "Indiquez le nom"),
    ({"contact_name": "x" * 201}, "ne doit pas dépasser 200 caractères"),
    ({"message": "x" * 2001}, "ne doit pas dépasser 2000 caractères"),
    ({"contact_phone": "<script>"}, "téléphone"),
    ({"networks": ("Réseau inventé",)}, "réseaux"),
    ({"consent": False}, "consentement"),
    ({"territory_code": "99999"}, "Choisissez votre collectivité"),
])
def test_bad_input_is_refused_and_nothing_is_stored(session: Session, campaign: Campaign,
                                                    change: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _file(session, dataclasses.replace(FORM, **change))  # type: ignore[arg-type]
    assert _requests(session) == 0


def test_no_campaign_means_registrations_are_closed(session: Session) -> None:
    with pytest.raises(ValidationError, match="pas encore ouvertes"):
        _file(session)


def test_validation_engages_the_territory_with_the_contact_and_makes_it_public(
        session: Session, campaign: Campaign) -> None:
    request_id = _file(session)
    assert request_id is not None
    assert registration.pending_count(session, actor=ADMIN, campaign_id=campaign.id) == 1
    [view] = registration.list_requests(session, actor=ADMIN, campaign_id=campaign.id)
    assert view.territory_label == "Rennes — Commune — Ille-et-Vilaine (35)"
    participation = registration.validate_request(session, actor=ADMIN, request_id=request_id)
    assert participation.stage == Stage.ENGAGE.value and participation.campaign_id == campaign.id
    assert participation.contact_email == "camille.martin@rennes.fr" and participation.networks == ["France urbaine"]
    request = session.get(RegistrationRequest, request_id)
    assert request is not None and request.status == RegistrationStatus.VALIDEE.value
    assert request.decided_by == ADMIN.email and request.participation_id == participation.id
    # The contact moved to the participation: no copy survives an erasure of it (RGPD).
    assert request.client_hash is None and request.contact_email is None and request.message is None
    assert request.consent_at is not None and request.notice_version
    assert [t.name for t in public.summary(session, campaign.id).territories] == ["Rennes"]
    assert registration.pending_count(session, actor=ADMIN, campaign_id=campaign.id) == 0
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"inscription.validation", "participation.creation"} <= actions
    with pytest.raises(ValidationError, match="déjà été traitée"):
        registration.validate_request(session, actor=ADMIN, request_id=request_id)
    # The personal link can be created right away.
    issued = personal_links.create_invitation(session, actor=ADMIN, participation_id=participation.id,
                                     email="camille.martin@rennes.fr")
    assert issued.participation_id == participation.id


def test_validation_reuses_a_participation_created_meanwhile(session: Session, campaign: Campaign) -> None:
    request_id = _file(session)
    assert request_id is not None
    existing = make_participation(session, campaign, networks=("Les Interconnectés",))  # imported meanwhile
    existing.contact_name = existing.contact_email = existing.contact_phone = None
    participation = registration.validate_request(session, actor=ADMIN, request_id=request_id)
    assert participation.id == existing.id
    assert participation.contact_email == "camille.martin@rennes.fr"
    assert "France urbaine" in participation.networks
    assert session.scalar(select(func.count()).select_from(Participation)) == 1


def test_refusal_needs_a_reason_and_keeps_the_territory_private(session: Session, campaign: Campaign) -> None:
    request_id = _file(session)
    assert request_id is not None
    with pytest.raises(ValidationError, match="motif"):
        registration.refuse_request(session, actor=ADMIN, request_id=request_id, reason=" ")
    registration.refuse_request(session, actor=ADMIN, request_id=request_id, reason="Demande en double.")
    request = session.get(RegistrationRequest, request_id)
    assert request is not None and request.status == RegistrationStatus.REFUSEE.value
    assert request.reason == "Demande en double." and request.client_hash is None
    assert (request.contact_name, request.contact_role, request.contact_email, request.contact_phone,
            request.message) == (None, None, None, None, None)
    assert public.summary(session, campaign.id).territories == ()
    assert session.scalar(select(AuditEvent).where(AuditEvent.action == "inscription.refus")) is not None
    # Refused: the territory may ask again.
    assert _file(session, address="198.51.100.3")


def test_the_anonymous_visitor_can_do_nothing_else(session: Session, campaign: Campaign) -> None:
    request_id = _file(session)
    assert request_id is not None
    participation = make_participation(session, campaign, code="29019")
    for call in (
        lambda: registration.validate_request(session, actor=VISITOR_ACTOR, request_id=request_id),
        lambda: registration.refuse_request(session, actor=VISITOR_ACTOR, request_id=request_id, reason="x"),
        lambda: registration.list_requests(session, actor=VISITOR_ACTOR, campaign_id=campaign.id),
        lambda: participations.contacts_of_campaign(session, actor=VISITOR_ACTOR, campaign_id=campaign.id),
        lambda: participations.sign_own_charter(
            session, actor=VISITOR_ACTOR, participation_id=participation.id, signatory_name="X",
            signatory_role="Y", signed_on=dt.date.today(), accepted=True),
        lambda: personal_links.create_invitation(session, actor=VISITOR_ACTOR, participation_id=participation.id,
                                        email="x@y.fr"),
        lambda: personal_links.own_space(session, actor=VISITOR_ACTOR, participation_id=participation.id),
    ):
        with pytest.raises(PermissionDenied, match="Visiteur"):
            call()
    with pytest.raises(PermissionDenied, match="aucun utilisateur"):
        registration.submit_request(session, actor=None, form=FORM, client_address=ADDRESS)  # type: ignore[arg-type]


@pytest.mark.parametrize("actor", [EDITOR, READER])
def test_only_administrators_decide(session: Session, campaign: Campaign, actor: Actor) -> None:
    request_id = _file(session)
    assert request_id is not None
    with pytest.raises(PermissionDenied):
        registration.validate_request(session, actor=actor, request_id=request_id)
    with pytest.raises(PermissionDenied):
        registration.pending_count(session, actor=actor, campaign_id=campaign.id)


def test_an_invitation_binds_its_email_to_the_territory_for_oidc(session: Session, campaign: Campaign) -> None:
    rennes = make_participation(session, campaign)
    brest = make_participation(session, campaign, code="29019")
    assert personal_links.actor_for_account(session, "agent@rennes.fr") is None
    first = personal_links.create_invitation(session, actor=EDITOR, participation_id=rennes.id, email="Agent@Rennes.fr")
    personal_links.create_invitation(session, actor=EDITOR, participation_id=brest.id, email="agent@rennes.fr",
                            expires_days=1)
    actor = personal_links.actor_for_account(session, "AGENT@rennes.fr ")
    assert actor == Actor(email="agent@rennes.fr", role=Role.TERRITOIRE,
                          participation_ids=frozenset({rennes.id, brest.id}))
    # Opening the link does not end the binding; revoking the invitation does; so does expiry.
    personal_links.redeem_invitation(session, first.token)
    personal_links.revoke_link(session, actor=EDITOR, link_id=first.link_id)
    later = personal_links.actor_for_account(session, "agent@rennes.fr")
    assert later is not None and later.participation_ids == frozenset({brest.id})
    for link in session.scalars(select(personal_links.TerritoryLink)):
        link.expires_at = utcnow() - dt.timedelta(seconds=1)
    assert personal_links.actor_for_account(session, "agent@rennes.fr") is None
    assert personal_links.actor_for_account(session, "") is None
