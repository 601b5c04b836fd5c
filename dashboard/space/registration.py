"""The registration page and the administrators' queue: client address, writes, cached readers.

The public page always acts as the anonymous ``VISITOR_ACTOR``, whoever is signed in: the form
is the territories', not a commission tool.
"""

from __future__ import annotations

import ipaddress

import streamlit as st

from dashboard.cache import reader
from dashboard.space import links
from dashboard.ui import state
from data_access.access import VISITOR_ACTOR, Actor
from data_access.campaigns import NETWORKS as NETWORKS
from data_access.db import session_scope
from data_access.errors import UserFacingError
from data_access.space import registration
from data_access.space.registration import Notice, RequestView
from data_access.space.registration import RequestForm as RequestForm
from data_access.territories import resolver
from data_access.territories.reference import ReferenceTerritory
from data_access.territories.resolver import Resolution


def client_address() -> str | None:
    """The visitor's address, for the rate limit only (stored as a salted digest).

    Streamlit gives the peer's address. Behind our reverse proxy (a loopback or private peer, see
    deploy/nginx) the visitor is the last X-Forwarded-For entry, the one the proxy appended; a
    visitor reaching the app directly cannot dodge the limit by sending that header.
    """
    peer = st.context.ip_address
    forwarded = st.context.headers.get("X-Forwarded-For", "")
    if forwarded and peer:
        try:
            behind_proxy = ipaddress.ip_address(peer).is_loopback or ipaddress.ip_address(peer).is_private
        except ValueError:
            behind_proxy = False
        if behind_proxy:
            last = forwarded.split(",")[-1].strip()
            return last or peer
    return peer


def notice() -> Notice:
    return registration.notice()


def resolve(query: str) -> Resolution:
    return resolver.resolve(query)


def submit(form: RequestForm) -> int | None:
    with session_scope() as session:
        return registration.submit_request(session, actor=VISITOR_ACTOR, form=form, client_address=client_address())


# The request form's widget keys, read in the submit button's callback.
FORM_KEYS = {
    "contact_name": "inscription_nom", "contact_role": "inscription_fonction",
    "contact_email": "inscription_courriel", "contact_phone": "inscription_telephone",
    "networks": "inscription_reseaux", "message": "inscription_message",
    "consent": "inscription_consentement", "website": "inscription_site_web",
}
NO_TERRITORY = "Choisissez d'abord votre collectivité (champ « Votre collectivité »)."


def submit_on_click(territory: ReferenceTerritory | None) -> None:
    """« Envoyer la demande », in the form's callback (one script run per request, issue 26): the
    run that follows thanks the visitor, or shows why the request was refused, with what was typed."""
    if territory is None:
        state.set_notice("inscription", "warning", NO_TERRITORY)
        return
    typed = {name: state.widget_value(key) for name, key in FORM_KEYS.items()}
    try:
        submit(RequestForm(
            territory_kind=territory.kind, territory_code=territory.code,
            contact_name=str(typed["contact_name"] or ""), contact_role=str(typed["contact_role"] or ""),
            contact_email=str(typed["contact_email"] or ""), contact_phone=str(typed["contact_phone"] or ""),
            networks=list(typed["networks"] or []), message=str(typed["message"] or ""),
            consent=bool(typed["consent"]), website=str(typed["website"] or "")))
    except UserFacingError as exc:
        state.set_notice("inscription", "error", str(exc))
    else:
        state.forget_widgets(list(FORM_KEYS.values()))
        set_thanks(territory.name)


def form_notice() -> tuple[str, str] | None:
    return state.notice("inscription")


@reader("registrations")
def _pending_count(actor: Actor, campaign_id: int) -> int:
    with session_scope() as session:
        return registration.pending_count(session, actor=actor, campaign_id=campaign_id)


def pending_count(actor: Actor, campaign_id: int) -> int:
    return _pending_count(actor, campaign_id)


def pending(actor: Actor, campaign_id: int) -> list[RequestView]:
    """Not cached: the requests hold contacts (personal data), never kept in a process-wide cache."""
    with session_scope() as session:
        return registration.list_requests(session, actor=actor, campaign_id=campaign_id)


def validate(actor: Actor, request: RequestView) -> None:
    """Validate, and remember the new participation so the page can offer its personal link at once."""
    with session_scope() as session:
        participation = registration.validate_request(session, actor=actor, request_id=request.id)
        participation_id = participation.id
    state.set_validated_registration((participation_id, request.territory_name, request.email or ""))


def validate_on_click(actor: Actor, request: RequestView) -> None:
    """« Valider l'inscription », in the button's callback: the run that follows offers the link at
    once, one script run per click (issue 26); a refusal is shown by that run."""
    try:
        validate(actor, request)
    except UserFacingError as exc:
        state.set_registration_refusal(str(exc))


def refusal() -> str | None:
    return state.registration_refusal()


def refuse(actor: Actor, request_id: int, reason: str) -> None:
    with session_scope() as session:
        registration.refuse_request(session, actor=actor, request_id=request_id, reason=reason)


def validated() -> tuple[int, str, str] | None:
    return state.validated_registration()


def forget_validated() -> None:
    state.set_validated_registration(None)


invite = links.invite


def thanks() -> str | None:
    return state.registration_thanks()


def set_thanks(territory_name: str | None) -> None:
    state.set_registration_thanks(territory_name)
