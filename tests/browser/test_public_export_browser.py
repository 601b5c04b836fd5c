"""The static public page (``concertations export public``) opened from disk in headless Chromium,
every network request blocked: key figures, the map in its frame, the list; French, no person."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.space import public_export
from data_access.db import make_engine, session_scope
from data_access.models import Stage
from data_access.space import public
from tests.browser.conftest import OfflinePage, painted
from tests.support import stores
from tests.support.factories import make_campaign, make_participation

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>Ville"


def _site(tmp_path: Path) -> Path:
    url = stores.migrated_store("public", tmp_path, "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = make_campaign(session)
        make_participation(session, campaign, stage=Stage.GRILLE_DEPOSEE)  # Rennes
        make_participation(session, campaign, code="29019", stage=Stage.CHARTE_SIGNEE)  # Brest
        make_participation(session, campaign, code="75056")  # Paris
        lyon = make_participation(session, campaign, code="69123")
        lyon.territory.name = HOSTILE
        session.flush()
        campaign_id = public.latest_campaign_id(session)
        assert campaign_id is not None
        data = public.summary(session, campaign_id)
    engine.dispose()
    out = tmp_path / "site"
    public_export.write_site(out, data, data_date=dt.date(2025, 3, 5))
    return out


def test_the_static_public_page_opens_offline_with_its_map(offline_page: OfflinePage, tmp_path: Path) -> None:
    site = _site(tmp_path)
    page = offline_page.page
    page.route("file://**", lambda route: route.continue_())  # the files of the folder; the network stays blocked
    page.goto((site / "index.html").as_uri(), wait_until="load")
    assert page.locator("h1").inner_text() == "Les territoires engagés"
    figures = page.locator(".chiffres").inner_text()
    assert "4\nTerritoires engagés" in figures and "2\nChartes signées" in figures and "1\nGrilles déposées" in figures
    rows = page.locator("tbody tr")
    assert rows.count() == 4
    assert HOSTILE in page.locator("table").inner_text()  # shown as text, never as markup
    assert page.locator("table img").count() == 0
    # The map, in its frame, drawn from the inlined Leaflet: régions and markers.
    frame = page.frame_locator("iframe.carte")
    frame.locator(".leaflet-container").wait_for(timeout=15_000)
    assert "Territoires engagés dans les concertations sur l'IA" in frame.locator(".titre-carte").inner_text()
    legend = frame.locator(".legende-carte").inner_text()
    assert "Étape du territoire" in legend and "Territoires engagés par région" in legend
    assert "données au 5 mars 2025" in legend
    painted(page)
    offline_page.screenshot("page-publique-hors-ligne")
    text = page.locator("body").inner_text()
    assert "@" not in text and "aucune donnée personnelle" in text
    assert not offline_page.dialogs
    assert not offline_page.blocked, offline_page.blocked
    assert not [e for e in offline_page.console_errors if "favicon" not in e], offline_page.console_errors
