"""An editor, in a real browser: search proposals, put one in a section, then download the DOCX."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from playwright.sync_api import expect

from data_access import demo
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from tests.browser.conftest import (
    ARTIFACTS,
    OfflinePage,
    ServedApp,
    open_offline_page,
    settle,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support import stores

pytestmark = pytest.mark.browser
STORE_OF: dict[str, str] = {}  # served app URL → its store


@pytest.fixture(scope="module")
def atelier_demo(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The demo of seed 5, generated once for the file; each test writes in its own copy."""
    url = stores.migrated_store("atelier-demo", tmp_path_factory.mktemp("atelier"), "sqlite")
    engine = make_engine(url)
    with session_scope(engine) as session:
        demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=5)
    engine.dispose()
    return url


@pytest.fixture
def served_private(atelier_demo: str, tmp_path: Path) -> Iterator[ServedApp]:
    url = stores.copy_sqlite(atelier_demo, tmp_path / "atelier-navigateur.sqlite3")
    app = start_app(url)
    STORE_OF[app.url] = url
    yield app
    stop_app(app)


def test_editor_adds_a_proposal_to_a_section_and_exports(served_private: ServedApp, offline_page: OfflinePage) -> None:
    page = offline_page.page
    page.goto(f"{served_private.url}/atelier")
    wait_for_app(page)
    page.get_by_text("Atelier du manifeste").first.wait_for(timeout=60_000)
    page.get_by_text("Propositions trouvées").first.wait_for(timeout=90_000)  # first run builds the index
    search = page.get_by_role("textbox", name="Rechercher dans les propositions")
    search.fill('"accueil humain"')
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text("Propositions trouvées").first.wait_for()
    # A proposal not yet in the manifesto (those marked « dans 1.x » or « même texte que 1.x » would
    # ask before duplicating); a proposal's checkbox, not the « Répartition des résultats » toggle.
    checkbox = (page.get_by_test_id("stCheckbox").filter(has_text=re.compile("accueil humain", re.IGNORECASE))
                .filter(has_not_text="dans ").filter(has_not_text="même texte").first)
    label = checkbox.inner_text()
    assert "accueil humain" in label.lower()
    checkbox.click()
    wait_for_app(page)
    page.get_by_role("button", name="Ajouter à la section").first.click()
    wait_for_app(page)
    page.get_by_text("1 proposition ajoutée à la section").first.wait_for(timeout=30_000)
    offline_page.screenshot("atelier-ajout")

    page.goto(f"{served_private.url}/manifeste")
    wait_for_app(page)
    page.get_by_text("Télécharger (Word, .docx)").first.wait_for(timeout=60_000)
    # The sections render after the download button: wait for them before reading the page.
    page.get_by_text("Portée par").first.wait_for(timeout=60_000)
    settle(page)  # the page drawn to the end: read at the first « Portée par », the check failed once
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
    # Items are a Word numbered list: the first section (« IA sociale ») now holds five of them.
    first_section = texts[texts.index("1. IA sociale"):texts.index("2. IA ouverte et démocratique")]
    numbered = [p for p in document.paragraphs if p.style is not None and p.style.name == "List Number"
                and p.text in first_section]
    assert len(numbered) == 5
    assert any(t.startswith("Portée par") for t in texts)
    assert "Traceback" not in body
    assert not offline_page.blocked, offline_page.blocked


def _active_step(page: Any) -> str:
    """The selected option of the step control (whatever attribute this Streamlit marks it with)."""
    page.locator("[data-testid='stButtonGroup'] button").first.wait_for(timeout=30_000)
    return str(page.evaluate("""() => {
        const buttons = [...document.querySelectorAll("[data-testid='stButtonGroup'] button")];
        const active = buttons.find(b => b.getAttribute("aria-checked") === "true"
            || b.getAttribute("aria-pressed") === "true" || (b.dataset.testid || "").endsWith("Active"));
        return active ? active.innerText.trim() : buttons.map(b => b.outerHTML.slice(0, 200)).join(" | ");
    }""")).strip()


def _first_source_text(url: str) -> str:
    from data_access import campaigns, manifesto
    from data_access.manifesto import proposals

    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        item = manifesto.list_sections(session, campaign.id)[0].items[0]
        text = proposals.rows_for(session, [item.proposal_ids[0]])[0].text
    engine.dispose()
    return text


def test_editor_stays_on_the_step_after_each_action_and_sees_where_proposals_are(
        served_private: ServedApp, chromium_browser: Any) -> None:
    offline = open_offline_page(chromium_browser, width=1440)
    page = offline.page
    source = _first_source_text(STORE_OF[served_private.url])
    page.goto(f"{served_private.url}/atelier")
    wait_for_app(page, timeout_ms=90_000)
    page.get_by_text("Propositions trouvées").first.wait_for(timeout=90_000)
    assert _active_step(page) == "Explorer"
    search = page.get_by_role("textbox", name="Rechercher dans les propositions")
    search.fill('"' + " ".join(source.split()[:6]).strip(".,;:") + '"')
    search.press("Enter")
    wait_for_app(page)
    page.get_by_text("dans 1.1").first.wait_for(timeout=30_000)
    offline.screenshot("atelier-dans-1-1")
    checkbox = page.get_by_test_id("stCheckbox").filter(has_text="dans 1.1").first
    checkbox.click()
    wait_for_app(page)
    page.get_by_role("button", name="Ajouter à la section").first.click()
    wait_for_app(page)
    page.get_by_text("déjà le manifeste").first.wait_for(timeout=30_000)
    assert _active_step(page) == "Explorer"
    # The question shows where the editor clicked, not above a list of 25 they scrolled past.
    expect(page.get_by_role("button", name="Les garder comme sources de ces éléments")).to_be_in_viewport()
    offline.screenshot("atelier-deja-dans-le-manifeste")
    page.get_by_role("button", name="Les garder comme sources de ces éléments").click()
    wait_for_app(page)
    # The message counts what was done (issue 24 item 14): nothing new, or copies kept with their item.
    page.get_by_text(re.compile(r"Rien n'a changé|rattachées? à l'élément de même texte|laissées? à (sa|leur) place")
                     ).first.wait_for(timeout=30_000)
    assert "Propositions ajoutées, sans doublon" not in page.inner_text("body")
    assert _active_step(page) == "Explorer"

    page.locator("[data-testid='stButtonGroup'] button").filter(has_text="Sections").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Enregistrer la section").wait_for(timeout=30_000)
    page.get_by_role("button", name="Enregistrer la section").click()
    wait_for_app(page)
    page.get_by_text("Section enregistrée.").first.wait_for(timeout=30_000)
    assert _active_step(page) == "Sections"
    assert "Cette section a changé" not in page.inner_text("body")
    offline.screenshot("atelier-sections-apres-enregistrement")

    page.locator("[data-testid='stButtonGroup'] button").filter(has_text="Historique").first.click()
    wait_for_app(page)
    page.get_by_text("Comparer la version").first.wait_for(timeout=30_000)
    assert _active_step(page) == "Historique"
    offline.screenshot("atelier-historique")
    body = page.inner_text("body")
    assert "Traceback" not in body
    assert not offline.blocked, offline.blocked
    page.context.close()
