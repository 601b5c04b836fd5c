"""Typed SQLAlchemy 2.x models of the submissions store.

Kept small; one row per real-world thing. JSON columns hold short lists (publics, themes)
that are never joined on. Reference territories are copied into ``territory`` only when
a participation needs them (the full reference is read from shipped files).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Enums and their French labels (no table) live in model_types; re-exported for every importer.
from data_access.model_types import COMMISSION_ROLES as COMMISSION_ROLES
from data_access.model_types import FILING_STATUS_LABELS as FILING_STATUS_LABELS
from data_access.model_types import REGISTRATION_STATUS_LABELS as REGISTRATION_STATUS_LABELS
from data_access.model_types import ROLE_LABELS as ROLE_LABELS
from data_access.model_types import SECTION_STATUS_LABELS as SECTION_STATUS_LABELS
from data_access.model_types import STAGE_LABELS as STAGE_LABELS
from data_access.model_types import FilingStatus as FilingStatus
from data_access.model_types import RegistrationStatus as RegistrationStatus
from data_access.model_types import Role as Role
from data_access.model_types import SectionStatus as SectionStatus
from data_access.model_types import Stage as Stage

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


# JSONB on PostgreSQL: plain ``json`` has no equality operator, so DISTINCT / GROUP BY / ``=``
# on a JSON column fail there (migration 0003 converts older stores). SQLite keeps JSON (text).
JsonType: JSON = JSON().with_variant(JSONB(), "postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JsonType, list[str]: JsonType}


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Campaign(Base):
    """A campaign's settings live here, not in code."""

    __tablename__ = "campaign"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    forum_date: Mapped[dt.date | None] = mapped_column(Date)
    forum_place: Mapped[str | None] = mapped_column(String(200))
    default_chapters: Mapped[list[str]] = mapped_column(JsonType, default=list)
    grid_version: Mapped[str] = mapped_column(String(40), default="2024.1")
    # The charter territories sign: a versioned setting; a signature keeps the version it accepted.
    charter_text: Mapped[str] = mapped_column(Text, default="")
    charter_version: Mapped[int] = mapped_column(Integer, default=0)
    # What the charter says territories share with each other, per category: the default of every
    # territory that has not chosen (``space.sharing``). The call asks to « mettre en commun ».
    share_methods_default: Mapped[bool] = mapped_column(Boolean, default=True)
    share_findings_default: Mapped[bool] = mapped_column(Boolean, default=True)
    share_proposals_default: Mapped[bool] = mapped_column(Boolean, default=True)
    # Commitments without news (no timeline entry, no change) for this many months are listed for a reminder.
    commitment_news_months: Mapped[int] = mapped_column(Integer, default=6)
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Territory(Base):
    """A territory known to the store: copied from the reference, or entered (international)."""

    __tablename__ = "territory"
    __table_args__ = (UniqueConstraint("kind", "code", name="uq_territory_kind_code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    code: Mapped[str] = mapped_column(String(60))
    siren: Mapped[str | None] = mapped_column(String(9))
    name: Mapped[str] = mapped_column(String(300))
    long_name: Mapped[str | None] = mapped_column(String(400))
    dep_code: Mapped[str | None] = mapped_column(String(5), index=True)
    dep_codes: Mapped[str | None] = mapped_column(String(100))
    reg_code: Mapped[str | None] = mapped_column(String(5), index=True)
    zone: Mapped[str | None] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(80), default="France")
    population: Mapped[int | None] = mapped_column(Integer)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Participation(Base):
    """One territory in one campaign. Contact fields are personal data (RGPD)."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("campaign_id", "territory_id", name="uq_participation_campaign_territory"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    territory_id: Mapped[int] = mapped_column(ForeignKey("territory.id"), index=True)
    networks: Mapped[list[str]] = mapped_column(JsonType, default=list)
    stage: Mapped[str] = mapped_column(String(30), default=Stage.ENGAGE.value, index=True)
    engaged_on: Mapped[dt.date] = mapped_column(Date)
    stage_changed_on: Mapped[dt.date] = mapped_column(Date)
    grid_completion: Mapped[float] = mapped_column(Float, default=0.0)
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(50))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    territory: Mapped[Territory] = relationship(lazy="joined")
    transitions: Mapped[list[StageTransition]] = relationship(
        back_populates="participation", cascade="all, delete-orphan", order_by="StageTransition.occurred_on"
    )


class StageTransition(Base):
    __tablename__ = "stage_transition"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    recorded_by: Mapped[str] = mapped_column(String(200))
    participation: Mapped[Participation] = relationship(back_populates="transitions")


class CharterSignature(Base):
    __tablename__ = "charter_signature"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), unique=True
    )
    signed_on: Mapped[dt.date] = mapped_column(Date)
    signatory_role: Mapped[str | None] = mapped_column(String(200))
    document_ref: Mapped[str | None] = mapped_column(String(300))
    signatory_name: Mapped[str | None] = mapped_column(String(200))
    charter_version: Mapped[int | None] = mapped_column(Integer)
    signed_by: Mapped[str | None] = mapped_column(String(200))  # who recorded it: the territory or an editor


class ConcertationSession(Base):
    __tablename__ = "concertation_session"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    format: Mapped[str] = mapped_column(String(60))
    publics: Mapped[list[str]] = mapped_column(JsonType, default=list)
    participants: Mapped[int] = mapped_column(Integer, default=0)
    place: Mapped[str | None] = mapped_column(String(300))
    title: Mapped[str | None] = mapped_column(String(300))


class GridResponse(Base):
    """One submitted version of a territory's grid; older versions stay as history."""

    __tablename__ = "grid_response"
    __table_args__ = (
        UniqueConstraint("participation_id", "version", name="uq_grid_response_participation_version"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int] = mapped_column(Integer, default=1)
    grid_version: Mapped[str] = mapped_column(String(40))
    answers: Mapped[dict[str, Any]] = mapped_column(JsonType, default=dict)
    completion: Mapped[float] = mapped_column(Float, default=0.0)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(40), default="saisie")
    source_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class Finding(Base):
    """A finding from a territory's grid: an opportunity, a risk, a condition…"""

    __tablename__ = "finding"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int | None] = mapped_column(ForeignKey("grid_response.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(40), index=True)
    theme: Mapped[str] = mapped_column(String(60), index=True)
    text: Mapped[str] = mapped_column(Text)


class Proposal(Base):
    __tablename__ = "proposal"
    id: Mapped[int] = mapped_column(primary_key=True)
    participation_id: Mapped[int] = mapped_column(
        ForeignKey("participation.id", ondelete="CASCADE"), index=True
    )
    response_id: Mapped[int | None] = mapped_column(ForeignKey("grid_response.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    chapter: Mapped[str] = mapped_column(String(120), index=True)
    themes: Mapped[list[str]] = mapped_column(JsonType, default=list)
    criteria: Mapped[list[str]] = mapped_column(JsonType, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # Absent from a later grid version: withdrawn, never deleted (manifesto items may cite it).
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    withdrawn_by_response_id: Mapped[int | None] = mapped_column(
        ForeignKey("grid_response.id", ondelete="SET NULL"))


class ProposalVector(Base):
    """The meaning vector of one wording (``manifesto/vectors.py``), keyed by the normalised text's hash.

    The same wording copied by 50 territories is encoded once. ``model`` names the encoder
    (``embedding.MODEL_NAME``): a vector of another model counts as missing and is recomputed.
    ``vector`` holds ``dimension`` float16 values (little-endian): 1 KB per wording.
    """

    __tablename__ = "proposal_vector"
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(String(120), index=True)
    dimension: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class ProposalGroup(Base):
    """A consolidated proposal (accepted) or a remembered rejected suggestion."""

    __tablename__ = "proposal_group"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # accepted | rejected
    wording: Mapped[str | None] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class ProposalGroupMember(Base):
    __tablename__ = "proposal_group_member"
    group_id: Mapped[int] = mapped_column(ForeignKey("proposal_group.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)


class ManifestoSection(Base):
    __tablename__ = "manifesto_section"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    position: Mapped[int] = mapped_column(Integer, default=0)
    introduction: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=SectionStatus.BROUILLON.value)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))
    items: Mapped[list[ManifestoItem]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="ManifestoItem.position"
    )


class ManifestoItem(Base):
    __tablename__ = "manifesto_item"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("manifesto_section.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    wording: Mapped[str] = mapped_column(Text)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("proposal_group.id", ondelete="SET NULL"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))
    section: Mapped[ManifestoSection] = relationship(back_populates="items")


class ManifestoItemSource(Base):
    """Traceability: which proposals an item's wording stands for."""

    __tablename__ = "manifesto_item_source"
    item_id: Mapped[int] = mapped_column(ForeignKey("manifesto_item.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)


class ManifestoSectionRevision(Base):
    """Full snapshot of a section (with its items) after each saved change."""

    __tablename__ = "manifesto_section_revision"
    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("manifesto_section.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class SectionSuggestionDecision(Base):
    """An editor's answer to the suggested sections of one proposal (accepted, corrected, dismissed).

    An accepted or corrected proposal is in the manifesto (its item cites it) and leaves the review
    queue on its own; a dismissed one is kept out of the queue by this row. The suggestion the
    editor saw is kept, so that how often the first suggestion was right can be measured."""

    __tablename__ = "section_suggestion_decision"
    __table_args__ = (UniqueConstraint("proposal_id", name="uq_section_suggestion_decision_proposal_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"))
    decision: Mapped[str] = mapped_column(String(20))  # accepted | corrected | dismissed
    section_id: Mapped[int | None] = mapped_column(ForeignKey("manifesto_section.id", ondelete="SET NULL"))
    suggested_section_id: Mapped[int | None] = mapped_column(
        ForeignKey("manifesto_section.id", ondelete="SET NULL"))
    confidence: Mapped[float | None] = mapped_column(Float)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str] = mapped_column(String(200))


class ShortlistEntry(Base):
    __tablename__ = "shortlist_entry"
    user_email: Mapped[str] = mapped_column(String(200), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class AppUser(Base):
    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class ImportPreset(Base):
    __tablename__ = "import_preset"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    mapping: Mapped[dict[str, Any]] = mapped_column(JsonType)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))


class AuditEvent(Base):
    """Append-only: the app offers no way to edit or delete these rows."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_occurred_at", "occurred_at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(200), index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    summary: Mapped[str] = mapped_column(Text, default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonType)


class StoreMeta(Base):
    """Small key/value facts about the store (e.g. that it holds demonstration data)."""

    __tablename__ = "store_meta"
    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DataVersion(Base):
    """One counter per aggregate, bumped in the same transaction as every write (see ``versions``).

    Cached readers key on these counters: a write from any process is seen at the next rerun.
    """

    __tablename__ = "data_version"
    aggregate: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


class ThemeDecision(Base):
    """An editor's decision on a theme found in the proposals, kept across recomputations.

    ``status``: active (renamed, or born of a merge or a split), rejected, section (turned into
    the manifesto section ``section_id``), merged or split (replaced by ``parent_id``'s children
    or successor; kept for the audit trail). Members are the proposals the theme held when decided:
    a theme found after a new import is matched to the decision whose members it mostly shares.
    """

    __tablename__ = "theme_decision"
    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    label: Mapped[str] = mapped_column(String(300))
    keywords: Mapped[list[str]] = mapped_column(JsonType, default=list)
    quote_ids: Mapped[list[int]] = mapped_column(JsonType, default=list)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("manifesto_section.id", ondelete="SET NULL"))
    replaced_by: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(200))


class ThemeDecisionMember(Base):
    __tablename__ = "theme_decision_member"
    decision_id: Mapped[int] = mapped_column(ForeignKey("theme_decision.id", ondelete="CASCADE"), primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("proposal.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)


# Tables kept out of this file (past 500 lines) register on the same ``Base`` when imported: importing
# them here puts them in ``Base.metadata`` wherever the models are (migrations, backups, tests). The
# territory space's tables are re-exported: ``from data_access.models import GridFiling`` still works.
from data_access.commitments import models as _commitment_models  # noqa: E402, F401
from data_access.space_tables import GridFiling as GridFiling  # noqa: E402
from data_access.space_tables import RegistrationRequest as RegistrationRequest  # noqa: E402
from data_access.space_tables import SharingChoice as SharingChoice  # noqa: E402
from data_access.space_tables import TerritoryLink as TerritoryLink  # noqa: E402
