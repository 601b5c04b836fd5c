"""The offline HTML export in headless Chromium with every network request blocked."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from dashboard.exports.offline_html import offline_html
from tests.browser.conftest import OfflinePage, painted
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
    painted(page)
    offline_page.screenshot("export-carte-hors-ligne")
    assert not offline_page.dialogs
    assert not offline_page.blocked, offline_page.blocked
    assert not [e for e in offline_page.console_errors if "favicon" not in e], offline_page.console_errors
    assert html.escape(HOSTILE) not in popup.inner_text()  # escaped once, not twice


def test_offline_export_is_the_carte_map_with_title_legend_and_source(offline_page: OfflinePage,
                                                                        tmp_path: Path) -> None:
    """The file a user downloads, opened from disk (file://) with the network blocked."""
    import datetime as dt

    from dashboard.exports.html_map import build_offline_map
    from dashboard.ui import palette
    from data_access.monitoring import AreaCount, MapPoint

    points = [
        MapPoint(1, HOSTILE, "commune", "charte_signee", 48.11, -1.68, None, 0.5),
        MapPoint(2, "Montréal", "international", "engage", 45.5, -73.57, None, 0.0),
    ]
    areas = [AreaCount("35", 1, 1)]
    document = offline_html(build_offline_map(points, areas, data_date=dt.date(2025, 3, 5)))
    assert HOSTILE not in document
    assert len(document.encode("utf-8")) < 1024 * 1024
    path = tmp_path / "carte.html"
    path.write_text(document, encoding="utf-8")
    page = offline_page.page
    page.route("file://**", lambda route: route.continue_())  # the file itself; everything else stays blocked
    page.goto(path.as_uri(), wait_until="load")
    page.wait_for_selector(".leaflet-container", timeout=15_000)
    title = page.locator(".titre-carte")
    assert "Territoires engagés dans les concertations sur l'IA" in title.inner_text()
    legend = page.locator(".legende-carte").inner_text()
    assert "Étape du territoire" in legend and "Aucun territoire engagé" in legend
    assert "International" in legend and "Montréal" in legend
    assert "Source : Observatoire des concertations territoriales de l'IA, données au 5 mars 2025" in legend
    scale = page.locator(".leaflet-control-scale-line")
    assert scale.count() == 1 and scale.first.inner_text().strip().endswith(("km", "m"))
    # Choropleth (drawn on the canvas): 101 départements, coloured from the palette's classes.
    fills = page.evaluate("""() => { const out = []; for (const k in window) { if (k.startsWith('map_') &&
        window[k] instanceof L.Map) { window[k].eachLayer(l => { if (l.feature && l.options.fillColor)
        out.push(l.options.fillColor); }); } } return out; }""")
    assert len(fills) >= 101
    assert palette.NO_DATA in fills and set(fills) & set(palette.COUNTS)
    # Markers are drawn on a canvas: click where Rennes is.
    point = page.evaluate("""() => { for (const k in window) { if (k.startsWith('map_') && window[k] instanceof L.Map) {
        const m = window[k]; m.setView([48.11, -1.68], 9, {animate: false}); const p = m.latLngToContainerPoint([48.11, -1.68]);
        const r = m.getContainer().getBoundingClientRect(); return [r.left + p.x, r.top + p.y]; } } return null; }""")
    assert point is not None
    page.wait_for_timeout(500)
    page.mouse.click(point[0], point[1])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=5_000)
    text = popup.inner_text()
    assert HOSTILE in text and "Étape : Charte signée" in text
    assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
    offline_page.screenshot("export-carte-html-hors-ligne")
    assert not offline_page.dialogs
    assert not offline_page.blocked, offline_page.blocked
    assert not [e for e in offline_page.console_errors if "favicon" not in e], offline_page.console_errors
