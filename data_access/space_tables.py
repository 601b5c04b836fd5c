"""Tables of what territories do themselves, on the models' declarative ``Base``: personal links,
registration requests from the public page, sharing choices, grids filed online.

``data_access/models.py`` imports this module at its end and re-exports its tables: import them
from there (``from data_access.models import GridFiling``). ``data_access/__init__.py`` loads the
models first (through ``versions``), so these tables are in ``Base.metadata`` wherever the models are.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data_access.model_types import FilingStatus, RegistrationStatus
from data_access.models import Base, JsonType, utcnow


class TerritoryLink(Base):
    """A personal link of a territory: a single-use invitation, or the access it opened.

    Only a SHA-256 of the random token is stored: the link itself is shown once, to whoever
    created it, and cannot be read back from the store.
    """

    __tablename__ = "territory_link"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # "invitation" or "acces"
    email: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("territory_link.id", ondelete="SET NULL"))


class RegistrationRequest(Base):
    """A territory's request to join a campaign, filed on the public page « S'inscrire ».

    Nothing here is public: a participation exists only once an administrator validates the
    request. Contact fields and message are personal data (RGPD); ``client_hash`` is a salted
    digest of the visitor's network address, kept only to limit abuse. All are erased at the
    decision (the participation keeps a validated contact).
    """

    __tablename__ = "registration_request"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    territory_kind: Mapped[str] = mapped_column(String(40))
    territory_code: Mapped[str] = mapped_column(String(60))
    territory_name: Mapped[str] = mapped_column(String(300))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_role: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    networks: Mapped[list[str]] = mapped_column(JsonType, default=list)
    message: Mapped[str | None] = mapped_column(Text)
    consent_at: Mapped[dt.datetime] = mapped_column(DateTime)
    notice_version: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=RegistrationStatus.EN_ATTENTE.value, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    participation_id: Mapped[int | None] = mapped_column(ForeignKey("participation.id", ondelete="SET NULL"))
    client_hash: Mapped[str | None] = mapped_column(String(64), index=True)


class SharingChoice(Base):
    """What one territory chose to share with the other territories (none of it is a contact).

    No row: the campaign's defaults apply (what its charter says). Each change is in the audit log
    with its before and after.
    """

    __tablename__ = "sharing_choice"
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), primary_key=True)
    methods: Mapped[bool] = mapped_column(Boolean)
    findings: Mapped[bool] = mapped_column(Boolean)
    proposals: Mapped[bool] = mapped_column(Boolean)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class GridFiling(Base):
    """One version of a territory's grid filed online (``answers`` in ``GridResponse.answers``' shape).

    A draft is edited in place; filing freezes it; a returned version stays as history and the
    territory's next changes start version + 1. ``base_response_id`` is the stored grid the draft
    started from: a filing refuses to overwrite an import made meanwhile.
    """

    __tablename__ = "grid_filing"
    __table_args__ = (
        UniqueConstraint("participation_id", "version", name="uq_grid_filing_participation_version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(ForeignKey("participation.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(20), default=FilingStatus.BROUILLON.value, index=True)
    grid_version: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    base_response_id: Mapped[int | None] = mapped_column(ForeignKey("grid_response.id", ondelete="SET NULL"))
    response_id: Mapped[int | None] = mapped_column(ForeignKey("grid_response.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_by: Mapped[str | None] = mapped_column(String(200))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    reviewed_by: Mapped[str | None] = mapped_column(String(200))
    review_comment: Mapped[str | None] = mapped_column(Text)
