"""The import page in a real browser: template download, upload, column mapping, ambiguous
territory, report download, import — on a private store (this test writes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from data_access.db import make_engine, session_scope
from data_access.models import Participation, Territory
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support.factories import make_campaign

pytestmark = pytest.mark.browser

FORM_EXPORT = (
    "Horodateur;Votre collectivité;Thèmes abordés;<img src=x onerror=alert(1)>\r\n"
    "05/01/2025;Sainte-Colombe;Mobilités;<script>alert(2)</script>\r\n"
    "06/01/2025;Brest;Éducation et jeunesse;\r\n"
)


@pytest.fixture
def import_app(private_store_url: str) -> Iterator[tuple[ServedApp, str]]:
    url = private_store_url
    engine = make_engine(url)
    with session_scope(engine) as session:
        make_campaign(session, slug="import-navigateur")
    engine.dispose()
    app = start_app(url)
    yield app, url
    stop_app(app)


def _pick(page: Any, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.keyboard.type(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    wait_for_app(page)


@pytest.mark.parametrize("backend", BACKENDS)
def test_import_page_end_to_end(import_app: tuple[ServedApp, str], offline_page: OfflinePage,
                                tmp_path: Path) -> None:
    app, url = import_app
    page = offline_page.page
    page.goto(f"{app.url}/import")
    wait_for_app(page)
    offline_page.screenshot("import-page")
    page.get_by_role("heading", name="Import des grilles").wait_for()

    with page.expect_download() as template:
        page.get_by_role("button", name="Télécharger le modèle XLSX").click()
    assert template.value.suggested_filename.endswith(".xlsx")

    export = tmp_path / "formulaire.csv"
    export.write_bytes(FORM_EXPORT.encode("cp1252"))
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(export))
    wait_for_app(page)
    page.get_by_text("Correspondance des colonnes").wait_for()
    _pick(page, "Votre collectivité", "Nom de la collectivité")
    offline_page.screenshot("import-mapping")

    # Sainte-Colombe is a homonym: the page asks which one (radio or select box).
    page.get_by_text("Territoires à préciser").wait_for()
    radios = page.locator("[data-testid='stRadio']").filter(has_text="Sainte-Colombe")
    if radios.count():
        radios.first.locator("label").first.click()
        wait_for_app(page)
    else:
        box = page.locator("[data-testid='stSelectbox']").filter(has_text="Sainte-Colombe").first
        box.scroll_into_view_if_needed()
        box.locator("input").click()
        offline_page.screenshot("import-ambigu")
        page.get_by_role("option").first.click()
        wait_for_app(page)
    page.get_by_text("Simulation (rien n'est encore enregistré)").wait_for()
    offline_page.screenshot("import-simulation")

    with page.expect_download() as report:
        page.get_by_role("button", name="Télécharger le rapport (CSV)").first.click()
    report_path = tmp_path / "rapport.csv"
    report.value.save_as(report_path)
    assert "Horodateur" in report_path.read_text(encoding="utf-8-sig")  # the ignored column is reported

    page.get_by_label("Nom de la correspondance").fill("Formulaire des communes")
    page.get_by_role("button", name="Enregistrer la correspondance").click()
    wait_for_app(page)
    page.get_by_text("Correspondance « Formulaire des communes » enregistrée.").wait_for()

    page.get_by_role("button", name="Importer", exact=True).click()
    wait_for_app(page)
    page.get_by_text("Import effectué.").wait_for()
    offline_page.screenshot("import-effectue")
    assert not offline_page.blocked
    assert not offline_page.dialogs  # hostile header and cell stayed text

    engine = make_engine(url)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(Participation)) == 2
        assert sorted(session.scalars(select(Territory.name))) == ["Brest", "Sainte-Colombe"]
    engine.dispose()
