"""Who is at the keyboard: OIDC sign-in through st.login when configured, otherwise mode local."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import streamlit as st

from dashboard.cache import reader
from dashboard.space import links
from dashboard.ui import state
from data_access import users
from data_access.access import LOCAL_ACTOR, Actor
from data_access.config import auth_configured
from data_access.db import session_scope
from data_access.errors import PermissionDenied
from data_access.models import Role

LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class AccessDecision:
    """Either an actor, or the French reason the app shows instead of any page."""

    actor: Actor | None
    local_mode: bool = False
    needs_login: bool = False
    refusal: str | None = None
    email: str | None = None
    access_token: str | None = None  # a territory's personal access link, to keep in the address
    network_blocked: bool = False  # listening on the network without sign-in: nothing at all is shown


def listens_on_loopback() -> bool:
    address = st.get_option("server.address")
    if not address:
        return False  # Streamlit's default binds every interface
    if address in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@reader("users")
def _role_of(email: str) -> str | None:
    with session_scope() as session:
        role = users.role_of(session, email)
    return role.value if role else None


def decide() -> AccessDecision:
    if not auth_configured() and not listens_on_loopback():
        # The configuration error is all a network visitor sees, personal links and public pages included.
        return AccessDecision(
            actor=None,
            network_blocked=True,
            refusal=(
                "Ce serveur écoute sur le réseau sans connexion sécurisée configurée : "
                "l'accès est bloqué. Configurez une section [auth] (fournisseur OIDC) dans "
                ".streamlit/secrets.toml (voir docs/connexion.md), ou limitez l'écoute à "
                "cet ordinateur avec server.address = \"127.0.0.1\" (c'est ce que fait « make run »)."
            ),
        )
    link = _territory_link()
    if link is not None:
        return link
    if not auth_configured():
        return AccessDecision(actor=LOCAL_ACTOR, local_mode=True)
    try:
        logged_in = bool(st.user.is_logged_in)
    except AttributeError:
        # Our secrets have [auth] but Streamlit's do not (e.g. another secrets file): fail closed.
        return AccessDecision(actor=None, refusal=(
            "La connexion est configurée pour l'Observatoire mais Streamlit ne trouve pas la "
            "section [auth] de ses secrets : l'accès est bloqué. Vérifiez que les deux lisent le "
            "même fichier .streamlit/secrets.toml (voir docs/connexion.md)."
        ))
    if not logged_in:
        return AccessDecision(actor=None, needs_login=True)
    email = str(st.user.get("email") or "")
    if st.user.get("email_verified") is False:
        # A provider that says the address is unverified cannot vouch for the role it maps to.
        return AccessDecision(actor=None, email=email or None, refusal=(
            "Accès non autorisé : le fournisseur d'identité indique que votre adresse "
            "électronique n'est pas vérifiée."
        ))
    role = _role_of(users.normalise_email(email)) if email else None
    if role is None:
        # No commission role: an invitation to this address makes it its territory's account.
        territory = links.actor_for_account(email) if email else None
        if territory is not None:
            return AccessDecision(actor=territory, email=email)
        return AccessDecision(actor=None, email=email or None,
                              refusal="Accès non autorisé : votre compte n'a pas de rôle dans l'Observatoire.")
    return AccessDecision(actor=Actor(email=users.normalise_email(email), role=Role(role)), email=email)


def _territory_link() -> AccessDecision | None:
    """A territory's personal link in the address: ``?jeton=`` (invitation, once) or ``?acces=``."""
    invitation = st.query_params.get(links.INVITATION_PARAM)
    access = st.query_params.get(links.ACCESS_PARAM)
    if not invitation and not access:
        # A page of the territory's menu: the address lost the link, this browser session kept it
        # (checked again below: a revoked or expired link closes the session too).
        access = state.territory_access()
        if not access:
            return None
    try:
        if invitation:
            # Redeemed once per browser session: the entrypoint and the page both ask who is there.
            access = state.redeemed_access(invitation)
            if access is None:
                access, actor = links.redeem(invitation)
                state.set_redeemed_access(invitation, access)
                state.set_territory_access(access)
                return AccessDecision(actor=actor, access_token=access)
        decision = AccessDecision(actor=links.actor_for(str(access)), access_token=str(access))
    except PermissionDenied as exc:
        state.set_territory_access(None)
        return AccessDecision(actor=None, refusal=str(exc))
    state.set_territory_access(str(access))
    return decision


def keep_access_in_address(decision: AccessDecision) -> None:
    """Replace a spent invitation by the access link in the address bar, so a reload or a bookmark works.

    Called after ``st.navigation``, once the page the address points to is known.
    """
    if decision.access_token and st.query_params.get(links.ACCESS_PARAM) != decision.access_token:
        st.query_params.from_dict({links.ACCESS_PARAM: decision.access_token})
def display_name(actor: Actor) -> str:
    """The name the identity provider gives (« Marie Dupont »), else the e-mail; never a technical id."""
    if actor.email == LOCAL_ACTOR.email:
        return "Mode local"
    try:
        name = st.user.get("name") if st.user.is_logged_in else None
    except AttributeError:
        name = None
    return str(name).strip() if name and str(name).strip() else actor.email


def current_actor() -> Actor:
    """The actor of this rerun; pages run only after the entrypoint granted access."""
    decision = decide()
    if decision.actor is None:
        st.stop()
    assert decision.actor is not None
    return decision.actor
