"""Personal links of territories, without Streamlit: the CLI and the pages build the same addresses.

Nothing here is cached: links and a territory's own space are personal and must be fresh.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from data_access import campaigns
from data_access.access import Actor
from data_access.config import public_base_url
from data_access.db import session_scope
from data_access.territories import participations, space
from data_access.territories.space import IssuedLink, LinkView, OwnSpace

SPACE_PATH = "espace"
INVITATION_PARAM = "jeton"
ACCESS_PARAM = "acces"


def invitation_url(token: str, base_url: str | None = None) -> str:
    return f"{base_url or public_base_url()}/{SPACE_PATH}?{urlencode({INVITATION_PARAM: token})}"


def invite(actor: Actor, participation_id: int, email: str, expires_days: int) -> tuple[IssuedLink, str]:
    with session_scope() as session:
        issued = space.create_invitation(session, actor=actor, participation_id=participation_id, email=email,
                                         expires_days=expires_days)
    return issued, invitation_url(issued.token)


def revoke(actor: Actor, link_id: int) -> None:
    with session_scope() as session:
        space.revoke_link(session, actor=actor, link_id=link_id)


def links(actor: Actor, participation_id: int | None = None) -> list[LinkView]:
    with session_scope() as session:
        return space.list_links(session, actor=actor, participation_id=participation_id)


def redeem(token: str) -> tuple[str, Actor]:
    """Open an invitation: the access token to keep in the address, and the territory's actor."""
    with session_scope() as session:
        access, actor = space.redeem_invitation(session, token)
    return access.token, actor


def actor_for(access_token: str) -> Actor:
    with session_scope() as session:
        return space.actor_for_access(session, access_token)


def actor_for_account(email: str) -> Actor | None:
    with session_scope() as session:
        return space.actor_for_account(session, email)


def own_space(actor: Actor, participation_id: int) -> OwnSpace:
    with session_scope() as session:
        return space.own_space(session, actor=actor, participation_id=participation_id)


def sign_charter(actor: Actor, participation_id: int, *, name: str, role: str, signed_on: dt.date,
                 accepted: bool) -> None:
    with session_scope() as session:
        participations.sign_own_charter(session, actor=actor, participation_id=participation_id,
                                        signatory_name=name, signatory_role=role, signed_on=signed_on,
                                        accepted=accepted)


def charter(campaign_id: int) -> tuple[str, int]:
    with session_scope() as session:
        return campaigns.charter(session, campaign_id)


def publish_charter(actor: Actor, campaign_id: int, text: str) -> int:
    with session_scope() as session:
        return campaigns.publish_charter(session, actor=actor, campaign_id=campaign_id, text=text)
