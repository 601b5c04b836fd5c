"""What a territory's space reads of its commitments: its own list with each one's last news, the
manifesto's items it may commit under, the campaign's statuses; and, after a refused save, what
changed since the version the territory started from.

Only the territory's own commitments (``readers.territory_commitments`` checks who reads); no
author's e-mail is returned: the rows name their writers through ``rules.author_for``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access.access import Actor, require
from data_access.commitments import statuses, versioning
from data_access.commitments.models import CommitmentEntry
from data_access.commitments.readers import item_refs, territory_commitments
from data_access.commitments.rules import can_read, load
from data_access.commitments.views import CommitmentRow, ItemRef, StatusView
from data_access.french import long_date, number
from data_access.models import Participation, Role


@dataclass(frozen=True)
class OwnNews:
    occurred_on: dt.date
    text: str


@dataclass(frozen=True)
class OwnCommitment:
    row: CommitmentRow
    last_news: OwnNews | None


@dataclass(frozen=True)
class OwnCommitments:
    """A territory's commitments and what its forms offer."""

    campaign_id: int
    commitments: tuple[OwnCommitment, ...]
    items: tuple[ItemRef, ...]
    statuses: tuple[StatusView, ...]


def _last_news(session: Session, ids: Sequence[int]) -> dict[int, OwnNews]:
    latest: dict[int, OwnNews] = {}
    if not ids:
        return latest
    for commitment_id, occurred_on, text in session.execute(
            select(CommitmentEntry.commitment_id, CommitmentEntry.occurred_on, CommitmentEntry.text)
            .where(CommitmentEntry.commitment_id.in_(list(ids)))
            .order_by(CommitmentEntry.commitment_id, CommitmentEntry.occurred_on, CommitmentEntry.id)):
        latest[commitment_id] = OwnNews(occurred_on=occurred_on, text=text)
    return latest


def own_commitments(session: Session, *, actor: Actor, participation_id: int) -> OwnCommitments:
    """The territory's commitments (withdrawn ones last), the items and the statuses of its campaign."""
    require(actor, Role.TERRITOIRE, action="consulter les engagements d'un territoire")
    can_read(actor, participation_id, action="consulter les engagements d'un territoire")
    campaign_id = session.scalar(select(Participation.campaign_id).where(Participation.id == participation_id))
    if campaign_id is None:
        return OwnCommitments(campaign_id=0, commitments=(), items=(), statuses=())
    rows = territory_commitments(session, actor=actor, participation_id=participation_id)
    rows = sorted(rows, key=lambda row: row.withdrawn)  # stable: the manifesto's order otherwise
    news = _last_news(session, [row.id for row in rows])
    return OwnCommitments(
        campaign_id=campaign_id,
        commitments=tuple(OwnCommitment(row=row, last_news=news.get(row.id)) for row in rows),
        items=tuple(item_refs(session, campaign_id)),
        statuses=tuple(statuses.list_statuses(session, campaign_id)))


# The fields a territory sees change, in its words (never an identifier).
CHANGE_LABELS: dict[str, str] = {
    "status": "Statut",
    "progress": "Avancement",
    "title": "Titre",
    "description": "Description",
    "start_date": "Date de début",
    "end_date": "Date de fin",
    "validated": "Validation par la commission",
    "withdrawn": "Retrait",
}


def _value(key: str, value: Any) -> str:
    if value is None or value == "":
        return "vide"
    if key == "progress":
        return f"{number(int(value))}\u202f%"
    if key == "validated":
        return "validé" if value else "en attente de validation"
    if key == "withdrawn":
        return "retiré" if value else "en cours de suivi"
    if key in {"start_date", "end_date"}:
        return long_date(dt.date.fromisoformat(str(value)))
    text = " ".join(str(value).split())
    return f"« {text[:120]}… »" if len(text) > 120 else f"« {text} »"


def describe_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """« Statut : « prévu » → « en cours » », one line per field that changed, in French."""
    return [f"{label} : {_value(key, before.get(key))} → {_value(key, after.get(key))}"
            for key, label in CHANGE_LABELS.items() if before.get(key) != after.get(key)]


def changes_since(session: Session, *, actor: Actor, commitment_id: int, version: int) -> list[str]:
    """What changed in a commitment since ``version`` (the one the territory started from)."""
    require(actor, Role.TERRITOIRE, action="consulter l'historique d'un engagement")
    revisions = versioning.history(session, actor=actor, commitment_id=commitment_id)
    base = next((r.snapshot for r in revisions if r.version == version), None)
    current = versioning.take_snapshot(session, load(session, commitment_id))
    return describe_changes(base or {}, current) if base is not None else []
