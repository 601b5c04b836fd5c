"""The offline HTML export in headless Chromium with every network request blocked."""

from __future__ import annotations

import html

import pytest

from dashboard.exports.html_map import build_export_map
from dashboard.exports.offline_html import offline_html
from data_access.exports.export_maps import EngagedPoint
from data_access.models import Stage
from tests.browser.conftest import OfflinePage
from tests.dashboard.exports.test_offline_html import HOSTILE, build_test_map

pytestmark = pytest.mark.browser


def test_offline_map_renders_with_network_blocked_and_popups_escaped(offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.set_content(offline_html(build_test_map()), wait_until="load")
    page.wait_for_selector(".leaflet-container", timeout=15_000)
    page.wait_for_selector(".leaflet-marker-icon", timeout=15_000)
    assert page.locator(".marker-cluster").count() >= 1  # markercluster ran
    assert page.locator("path.leaflet-interactive").count() >= 1  # the GeoJson polygon
    assert page.locator("img.leaflet-marker-icon").count() >= 1  # default icon from a data URI
    assert page.locator(".offline-pin").count() == 1  # folium.Icon through the shim
    icon_src = page.locator("img.leaflet-marker-icon").first.get_attribute("src") or ""
    assert icon_src.startswith("data:image/png")
    page.locator("img.leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    assert HOSTILE in popup.inner_text()  # shown as text…
    assert page.locator(".leaflet-popup-content img").count() == 0  # …never as markup
    page.wait_for_timeout(300)
    offline_page.screenshot("export-carte-hors-ligne")
    assert not offline_page.dialogs
    assert not offline_page.blocked, offline_page.blocked
    assert not [e for e in offline_page.console_errors if "favicon" not in e], offline_page.console_errors
    assert html.escape(HOSTILE) not in popup.inner_text()  # escaped once, not twice


def test_export_map_popups_show_hostile_names_as_text(offline_page: OfflinePage) -> None:
    point = EngagedPoint(HOSTILE, "international", "x-ville", None, None, 46.5, 2.5, Stage.CHARTE_SIGNEE)
    document = offline_html(build_export_map([point]))
    assert HOSTILE not in document
    page = offline_page.page
    page.set_content(document, wait_until="load")
    marker = page.locator("path.territoire-engage")
    marker.wait_for(timeout=15_000)
    marker.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    text = popup.inner_text()
    assert HOSTILE in text and "Étape : Charte signée" in text and "International (x-ville)" in text
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    offline_page.screenshot("export-carte-html-popup")
    assert not offline_page.dialogs
    assert not offline_page.blocked, offline_page.blocked
    assert not offline_page.console_errors, offline_page.console_errors
