"""The exports page in a real browser: the download buttons deliver real files, offline."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.browser.conftest import BACKENDS, OfflinePage, ServedApp, wait_for_app

pytestmark = pytest.mark.browser


def _download(page: object, label: str, target: Path) -> bytes:
    with page.expect_download(timeout=60_000) as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name=label, exact=True).click()  # type: ignore[attr-defined]
    info.value.save_as(target)
    return target.read_bytes()


@pytest.mark.parametrize("backend", BACKENDS)
def test_exports_page_downloads(served_any: ServedApp, backend: str, offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    page.goto(f"{served_any.url}/exports")
    wait_for_app(page)
    page.get_by_text("Carte interactive hors ligne").wait_for(timeout=30_000)
    png = _download(page, "Télécharger la carte", tmp_path / "carte.png")
    assert png.startswith(b"\x89PNG")
    html = _download(page, "Télécharger la carte interactive (HTML)", tmp_path / "carte.html")
    assert b"leaflet" in html.lower() and b"legende-carte" in html and b"titre-carte" in html
    assert len(html) < 1024 * 1024
    card = _download(page, "Télécharger les chiffres clés (PNG)", tmp_path / "chiffres.png")
    assert card.startswith(b"\x89PNG")
    _download(page, "Télécharger les données ouvertes (zip)", tmp_path / "donnees.zip")
    assert "datapackage.json" in zipfile.ZipFile(tmp_path / "donnees.zip").namelist()
    page.get_by_text("Afficher un aperçu").click()  # preview
    page.locator("[data-testid='stImage'] img").first.wait_for(timeout=60_000)
    wait_for_app(page)
    offline_page.screenshot(f"exports-{backend}")
    body = page.inner_text("body")
    assert "Traceback" not in body and "Error" not in body
    assert not offline_page.blocked, offline_page.blocked
