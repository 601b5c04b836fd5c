"""Append-only audit log: who, when, what, before/after.

This module deliberately offers no function that updates or deletes an ``AuditEvent``
(a test checks it): the app can add to the log and read it, nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.access import Actor, require
from data_access.models import AuditEvent, Role

# Personal data never reaches the log: these keys are masked in before/after, at any depth (an
# import records « contact »: {contact_email: …}), under their column names and the grid's question ids.
PERSONAL_KEYS = frozenset({"contact_name", "contact_email", "contact_phone",
                           "contact_nom", "contact_telephone"})
MASK = "[donnée personnelle]"


def _mask(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {key: _masked(key, value) for key, value in values.items()}


def _masked(key: str, value: Any) -> Any:
    if key in PERSONAL_KEYS and value:
        return MASK
    if isinstance(value, dict):
        return {k: _masked(str(k), v) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked("", v) for v in value]
    return value


def record(
    session: Session,
    *,
    actor: Actor,
    action: str,
    entity_type: str,
    entity_id: str | int | None = None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    event = AuditEvent(
        actor=actor.email,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        summary=summary,
        before=_mask(before),
        after=_mask(after),
    )
    session.add(event)
    return event


def distinct_actors(session: Session, *, actor: Actor) -> list[str]:
    """Who appears in the log: the journal's user filter."""
    require(actor, Role.ADMINISTRATEUR, action="consulter le journal")
    return list(session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)).all())


def distinct_actions(session: Session, *, actor: Actor) -> list[str]:
    """Which actions appear in the log: the journal's action filter."""
    require(actor, Role.ADMINISTRATEUR, action="consulter le journal")
    return list(session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)).all())


def list_events(
    session: Session,
    *,
    actor: Actor,
    user: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 1000,
) -> Sequence[AuditEvent]:
    require(actor, Role.ADMINISTRATEUR, action="consulter le journal")
    query = select(AuditEvent).order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    if user:
        query = query.where(AuditEvent.actor == user)
    if action:
        query = query.where(AuditEvent.action == action)
    if since:
        query = query.where(AuditEvent.occurred_at >= dt.datetime.combine(since, dt.time.min))
    if until:
        query = query.where(AuditEvent.occurred_at <= dt.datetime.combine(until, dt.time.max))
    return session.scalars(query.limit(limit)).all()
