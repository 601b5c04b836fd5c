"""The home page in a real browser: French key figures on the demo campaign, no network."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import BACKENDS, OfflinePage, ServedApp, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("backend", BACKENDS)
def test_home_shows_key_figures_in_french(served_any: ServedApp, backend: str, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(served_any.url)
    wait_for_app(page)
    page.get_by_text("Territoires engagés").first.wait_for(timeout=30_000)
    # The first run of a cold server can still be drawing (the home page also draws charts):
    # wait for the last tile and for the script to finish before reading the page.
    page.get_by_text("Propositions", exact=True).first.wait_for(timeout=30_000)
    wait_for_app(page)
    body = page.inner_text("body")
    offline_page.screenshot(f"accueil-{backend}")
    for label in ("Vue d'ensemble", "Territoires engagés", "Chartes signées", "Grilles déposées",
                  "Séances de concertation", "Participants", "Propositions", "Données de démonstration"):
        assert label in body
    assert re.search(r"s'est tenu le 10 mars 2025|dans \d", body)
    assert "Traceback" not in body
    assert not offline_page.dialogs
    assert not offline_page.blocked, offline_page.blocked
