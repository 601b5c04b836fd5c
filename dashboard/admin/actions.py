"""Readers and actions behind the Administration and Journal pages.

Nothing here is cached with ``st.cache_data``: roles, contacts (personal data) and the audit
log must be fresh after every write and must never sit in a process-wide cache shared by
every signed-in user. Each function opens one ``session_scope`` (one transaction) and returns
plain values; every permission check happens in ``data_access``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from data_access import audit, campaigns, config, users
from data_access.access import Actor
from data_access.audit_objects import object_names
from data_access.campaigns import CampaignSettings as CampaignSettings
from data_access.db import session_scope

# Re-exported for pages, which never import data_access.models.
from data_access.models import COMMISSION_ROLES as COMMISSION_ROLES
from data_access.models import ROLE_LABELS as ROLE_LABELS
from data_access.models import Role as Role
from data_access.space import participations
from data_access.space.participations import Contact


@dataclass(frozen=True)
class UserRow:
    email: str
    role: Role
    created_at: dt.datetime
    created_by: str


@dataclass(frozen=True)
class AuditRow:
    occurred_at: dt.datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    object_name: str = ""  # « Rennes », « Élément 5.1 du manifeste »: what the object is, not its number


def list_users(actor: Actor) -> list[UserRow]:
    with session_scope() as session:
        return [
            UserRow(email=u.email, role=Role(u.role), created_at=u.created_at, created_by=u.created_by)
            for u in users.list_users(session, actor=actor)
        ]


def set_role(actor: Actor, email: str, role: Role) -> None:
    with session_scope() as session:
        users.set_role(session, actor=actor, email=email, role=role)


def remove_user(actor: Actor, email: str) -> None:
    with session_scope() as session:
        users.remove_user(session, actor=actor, email=email)


def update_campaign_settings(actor: Actor, campaign_id: int, settings: CampaignSettings) -> None:
    with session_scope() as session:
        campaigns.update_campaign_settings(session, actor=actor, campaign_id=campaign_id, settings=settings)


def contacts(actor: Actor, campaign_id: int) -> list[Contact]:
    with session_scope() as session:
        return participations.contacts_of_campaign(session, actor=actor, campaign_id=campaign_id)


def contact(actor: Actor, participation_id: int) -> Contact | None:
    """One territory's contact, for relances (éditeurs and administrateurs; refused to lecteurs)."""
    with session_scope() as session:
        return participations.contact_of(session, actor=actor, participation_id=participation_id)


def erase_contact(actor: Actor, participation_id: int) -> None:
    with session_scope() as session:
        participations.erase_contact(session, actor=actor, participation_id=participation_id)


def audit_filters(actor: Actor) -> tuple[list[str], list[str]]:
    """The users and the actions present in the log, for the journal's filters."""
    with session_scope() as session:
        return audit.distinct_actors(session, actor=actor), audit.distinct_actions(session, actor=actor)


def audit_events(
    actor: Actor,
    *,
    user: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 5000,
) -> list[AuditRow]:
    with session_scope() as session:
        events = audit.list_events(session, actor=actor, user=user, action=action, since=since,
                                   until=until, limit=limit)
        names = object_names(session, [(e.entity_type, e.entity_id) for e in events])
        return [
            AuditRow(
                occurred_at=e.occurred_at, actor=e.actor, action=e.action, entity_type=e.entity_type,
                entity_id=e.entity_id, summary=e.summary, before=e.before, after=e.after,
                object_name=names[(e.entity_type, e.entity_id)],
            )
            for e in events
        ]


def bootstrap_admins() -> list[str]:
    return config.bootstrap_admins()
