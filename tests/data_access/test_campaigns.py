from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import campaigns
from data_access.campaigns import CampaignSettings
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import AuditEvent
from tests.support.factories import ADMIN, EDITOR, make_campaign


def test_current_campaign_is_the_latest(session: Session) -> None:
    assert campaigns.current_campaign(session) is None
    make_campaign(session, slug="a")
    later = campaigns.create_campaign(session, actor=ADMIN, slug="b", name="Suivante",
                                      start_date=dt.date(2026, 1, 1))
    assert campaigns.current_campaign(session) == later


def test_settings_are_data_and_validated(session: Session) -> None:
    campaign = make_campaign(session)
    updated = campaigns.update_campaign_settings(
        session, actor=ADMIN, campaign_id=campaign.id, settings=CampaignSettings(
            name="Campagne 2026", start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 6, 1),
            forum_date=dt.date(2026, 6, 20), forum_place=" Lyon ", default_chapters=["IA sociale", " ", "IA frugale"]),
    )
    assert updated.default_chapters == ["IA sociale", "IA frugale"] and updated.forum_place == "Lyon"
    with pytest.raises(ValidationError, match="chapitre"):
        campaigns.update_campaign_settings(session, actor=ADMIN, campaign_id=campaign.id, settings=CampaignSettings(
            name="x", start_date=dt.date(2026, 1, 5), end_date=None, forum_date=None, forum_place=None,
            default_chapters=[]))
    with pytest.raises(PermissionDenied):
        campaigns.update_campaign_settings(session, actor=EDITOR, campaign_id=campaign.id, settings=CampaignSettings(
            name="x", start_date=dt.date(2026, 1, 5), end_date=None, forum_date=None, forum_place=None,
            default_chapters=["a"]))


def test_saving_unchanged_settings_journals_nothing(session: Session) -> None:
    campaign = make_campaign(session)
    settings = CampaignSettings(
        name="Campagne 2026", start_date=dt.date(2026, 1, 5), end_date=None, forum_date=dt.date(2026, 6, 20),
        forum_place="Lyon", default_chapters=["IA sociale"])
    campaigns.update_campaign_settings(session, actor=ADMIN, campaign_id=campaign.id, settings=settings)
    session.flush()
    campaigns.update_campaign_settings(session, actor=ADMIN, campaign_id=campaign.id, settings=CampaignSettings(
        name=" Campagne 2026 ", start_date=dt.date(2026, 1, 5), end_date=None, forum_date=dt.date(2026, 6, 20),
        forum_place="Lyon ", default_chapters=["IA sociale", " "]))
    session.flush()
    logged = session.scalars(select(AuditEvent.action).where(AuditEvent.action == "campagne.parametres")).all()
    assert logged == ["campagne.parametres"]
