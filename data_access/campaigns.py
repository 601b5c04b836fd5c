"""Campaigns: settings (name, dates, forum, default chapters) kept in the store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import audit
from data_access.access import Actor, require
from data_access.errors import ValidationError
from data_access.intake.grid import DEFAULT_CHAPTERS
from data_access.models import Campaign, Role

NETWORKS = ("Les Interconnectés", "France urbaine", "Intercommunalités de France")


@dataclass(frozen=True)
class CampaignSettings:
    """What an administrator may change on a campaign (its grid version and demo flag are not settings)."""

    name: str
    start_date: dt.date
    end_date: dt.date | None
    forum_date: dt.date | None
    forum_place: str | None
    default_chapters: Sequence[str]


def list_campaigns(session: Session) -> Sequence[Campaign]:
    return session.scalars(select(Campaign).order_by(Campaign.start_date.desc(), Campaign.id.desc())).all()


def current_campaign(session: Session) -> Campaign | None:
    """The most recent campaign, or None when the store has none."""
    return session.scalars(
        select(Campaign).order_by(Campaign.start_date.desc(), Campaign.id.desc()).limit(1)
    ).first()


def get_campaign(session: Session, campaign_id: int) -> Campaign | None:
    return session.get(Campaign, campaign_id)


def create_campaign(
    session: Session,
    *,
    actor: Actor,
    slug: str,
    name: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    forum_date: dt.date | None = None,
    forum_place: str | None = None,
    default_chapters: Sequence[str] = DEFAULT_CHAPTERS,
    grid_version: str = "2024.1",
    is_demo: bool = False,
) -> Campaign:
    require(actor, Role.ADMINISTRATEUR, action="créer une campagne")
    if not name.strip():
        raise ValidationError("Le nom de la campagne est obligatoire.")
    if session.scalar(select(Campaign.id).where(Campaign.slug == slug)) is not None:
        raise ValidationError(f"Une campagne porte déjà l'identifiant « {slug} ».")
    campaign = Campaign(
        slug=slug,
        name=name.strip(),
        start_date=start_date,
        end_date=end_date,
        forum_date=forum_date,
        forum_place=forum_place,
        default_chapters=list(default_chapters),
        grid_version=grid_version,
        is_demo=is_demo,
    )
    session.add(campaign)
    session.flush()
    audit.record(
        session, actor=actor, action="campagne.creation", entity_type="campaign",
        entity_id=campaign.id, summary=f"Campagne « {campaign.name} » créée",
        after={"name": campaign.name, "forum_date": str(forum_date)},
    )
    return campaign


def update_campaign_settings(
    session: Session, *, actor: Actor, campaign_id: int, settings: CampaignSettings
) -> Campaign:
    require(actor, Role.ADMINISTRATEUR, action="modifier les paramètres de la campagne")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    if not settings.name.strip():
        raise ValidationError("Le nom de la campagne est obligatoire.")
    chapters = [chapter.strip() for chapter in settings.default_chapters if chapter.strip()]
    if not chapters:
        raise ValidationError("Indiquez au moins un chapitre par défaut.")
    if settings.end_date and settings.end_date < settings.start_date:
        raise ValidationError("La date de fin précède la date de début.")
    before = _settings(campaign)
    place = (settings.forum_place or "").strip() or None
    wanted = {
        "name": settings.name.strip(), "start_date": settings.start_date.isoformat(),
        "end_date": settings.end_date.isoformat() if settings.end_date else None,
        "forum_date": settings.forum_date.isoformat() if settings.forum_date else None,
        "forum_place": place, "default_chapters": chapters,
    }
    if wanted == before:
        return campaign  # saving the form unchanged is not a change: nothing written, nothing journalled
    campaign.name = settings.name.strip()
    campaign.start_date = settings.start_date
    campaign.end_date = settings.end_date
    campaign.forum_date = settings.forum_date
    # An emptied form field means « no place », not an empty name.
    campaign.forum_place = (settings.forum_place or "").strip() or None
    campaign.default_chapters = chapters
    audit.record(
        session, actor=actor, action="campagne.parametres", entity_type="campaign",
        entity_id=campaign.id, summary="Paramètres de campagne modifiés",
        before=before, after=_settings(campaign),
    )
    return campaign


def _settings(campaign: Campaign) -> dict[str, object]:
    return {
        "name": campaign.name,
        "start_date": campaign.start_date.isoformat(),
        "end_date": campaign.end_date.isoformat() if campaign.end_date else None,
        "forum_date": campaign.forum_date.isoformat() if campaign.forum_date else None,
        "forum_place": campaign.forum_place,
        "default_chapters": list(campaign.default_chapters),
    }


MAX_CHARTER_CHARS = 20_000


def publish_charter(session: Session, *, actor: Actor, campaign_id: int, text: str) -> int:
    """A new version of the charter territories sign; signatures keep the version they accepted."""
    require(actor, Role.ADMINISTRATEUR, action="publier la charte")
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    cleaned = text.strip()
    if not cleaned:
        raise ValidationError("Le texte de la charte est vide.")
    if len(cleaned) > MAX_CHARTER_CHARS:
        raise ValidationError(f"Le texte de la charte dépasse {MAX_CHARTER_CHARS} caractères.")
    if cleaned == campaign.charter_text:
        return campaign.charter_version
    campaign.charter_text = cleaned
    campaign.charter_version += 1
    audit.record(session, actor=actor, action="campagne.charte", entity_type="campaign", entity_id=campaign.id,
                 summary=f"Charte publiée (version {campaign.charter_version})",
                 after={"charter_version": campaign.charter_version})
    return campaign.charter_version


def charter(session: Session, campaign_id: int) -> tuple[str, int]:
    """The charter's current text and version (the text is not personal: anyone engaged may read it)."""
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise ValidationError("Cette campagne n'existe pas.")
    return campaign.charter_text, campaign.charter_version
