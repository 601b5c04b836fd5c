"""Tables of the manifesto's commitments (« engagements »), on the models' declarative ``Base``.

``data_access/models.py`` imports this module at its end, so these tables are in ``Base.metadata``
wherever the models are loaded (migrations, backups, the demo's ``clear_store``, the tests).

Nothing here is ever deleted by the app: a commitment the manifesto cites is withdrawn
(``withdrawn``), its history kept (``CommitmentRevision``, dated ``CommitmentEntry`` rows).
A manifesto item removed by an editor leaves its commitments in place, detached (``item_id`` NULL).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from data_access.models import Base, JsonType, utcnow


class CommitterKind(StrEnum):
    """Who commits: the commission, a partner network, or one engaged territory."""

    COMMISSION = "commission"
    RESEAU = "reseau"
    TERRITOIRE = "territoire"


COMMITTER_KIND_LABELS: dict[CommitterKind, str] = {
    CommitterKind.COMMISSION: "Commission",
    CommitterKind.RESEAU: "Réseau partenaire",
    CommitterKind.TERRITOIRE: "Territoire",
}
COMMISSION_NAME = "Commission de l'Observatoire"

# The statuses a campaign starts with (label, default progress, done, closed); the commission edits them.
DEFAULT_STATUSES: tuple[tuple[str, int, bool, bool], ...] = (
    ("prévu", 0, False, False),
    ("en cours", 50, False, False),
    ("réalisé", 100, True, True),
    ("abandonné", 0, False, True),
)


class CommitmentStatus(Base):
    """One status of a campaign's list. ``done`` counts towards the share done (the map); a
    ``closed`` commitment expects no more news (no reminder)."""

    __tablename__ = "commitment_status"
    __table_args__ = (
        UniqueConstraint("campaign_id", "label", name="uq_commitment_status_campaign_label"),
        CheckConstraint("default_progress BETWEEN 0 AND 100", name="default_progress_range"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(80))
    default_progress: Mapped[int] = mapped_column(Integer, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class Commitment(Base):
    """A commitment under a manifesto item, by the commission, a network or a territory.

    ``public_id`` is the stable identifier of the CSV (« identifiant »): a re-import updates.
    ``version`` is raised by every saved change (optimistic concurrency, as manifesto sections).
    A parent's ``progress`` is the mean of its children unless ``progress_set_by_hand``.
    """

    __tablename__ = "commitment"
    __table_args__ = (CheckConstraint("progress BETWEEN 0 AND 100", name="progress_range"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("manifesto_item.id", ondelete="SET NULL"), index=True)
    # Deferred: a backup restores rows in id order, and a commitment may be moved under a newer one.
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitment.id", ondelete="SET NULL", deferrable=True, initially="DEFERRED"), index=True)
    committer_kind: Mapped[str] = mapped_column(String(20))
    committer_name: Mapped[str | None] = mapped_column(String(200))
    participation_id: Mapped[int | None] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    status_id: Mapped[int] = mapped_column(ForeignKey("commitment_status.id"), index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    progress_set_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[dt.date | None] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    validated: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    validated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    validated_by: Mapped[str | None] = mapped_column(String(200))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class CommitmentEntry(Base):
    """A dated step of a commitment's timeline (« délibération votée », « marché attribué »)."""

    __tablename__ = "commitment_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))  # an e-mail: never shown in public


class CommitmentRevision(Base):
    """Full snapshot of a commitment after each saved change (history, as manifesto sections)."""

    __tablename__ = "commitment_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class CommitmentProposal(Base):
    """The proposals a commitment answers."""

    __tablename__ = "commitment_proposal"
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)


class CommitmentTerritory(Base):
    """The engaged territories a commitment answers (besides the one that carries it)."""

    __tablename__ = "commitment_territory"
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"),
                                                  primary_key=True, index=True)
