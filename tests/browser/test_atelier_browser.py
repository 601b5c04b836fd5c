"""An editor, in a real browser: search proposals, put one in a section, then download the DOCX."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from docx import Document

from tests.browser.conftest import (
    ARTIFACTS,
    BACKENDS,
    OfflinePage,
    ServedApp,
    start_app,
    stop_app,
    wait_for_app,
    warm_up,
)
from tests.support import stores

pytestmark = pytest.mark.browser


@pytest.fixture
def served_private(private_store_url: str, backend: str, chromium_browser: Any) -> Iterator[ServedApp]:
    url = stores.fill_demo(private_store_url, seed=5)
    app = start_app(url)
    if backend == "postgres":
        warm_up(app, chromium_browser)
    yield app
    stop_app(app)


@pytest.mark.parametrize("backend", BACKENDS)
def test_editor_adds_a_proposal_to_a_section_and_exports(served_private: ServedApp, offline_page: OfflinePage,
                                                         backend: str) -> None:
    page = offline_page.page
    page.goto(f"{served_private.url}/atelier")
    wait_for_app(page)
    page.get_by_text("Atelier du manifeste").first.wait_for(timeout=60_000)
    search = page.get_by_role("textbox", name="Rechercher dans les propositions")
    search.fill('"accueil humain"')
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text("Propositions trouvées").first.wait_for()
    checkbox = page.get_by_test_id("stCheckbox").first
    label = checkbox.inner_text()
    assert "accueil humain" in label.lower()
    checkbox.click()
    wait_for_app(page)
    page.get_by_role("button", name="Ajouter à la section").first.click()
    wait_for_app(page)
    page.get_by_text("proposition(s) ajoutée(s) à la section").first.wait_for(timeout=30_000)
    offline_page.screenshot("atelier-ajout")

    page.goto(f"{served_private.url}/manifeste")
    wait_for_app(page)
    page.get_by_text("Télécharger (Word, .docx)").first.wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "Portée par" in body and "1.5" in body  # the fifth item of « IA sociale » is the one just added
    offline_page.screenshot("manifeste")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Télécharger (Word, .docx)").click()
    target = ARTIFACTS / "manifeste-navigateur.docx"
    ARTIFACTS.mkdir(exist_ok=True)
    download_info.value.save_as(str(target))
    document = Document(str(target))
    headings = [p.text for p in document.paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:4] == ["1. IA sociale", "2. IA ouverte et démocratique", "3. IA utile et proportionnée",
                            "4. Gouvernance partagée et territoriale"]
    texts = [p.text for p in document.paragraphs]
    assert any(t.startswith("1.5") for t in texts)
    assert any(t.startswith("Portée par") for t in texts)
    assert "Traceback" not in body
    assert not offline_page.blocked, offline_page.blocked
