"""An editor, in a real browser (SQLite and PostgreSQL): imports a manifesto plan written elsewhere,
reviews the suggested sections, accepts one, and the Manifeste shows the item with its territories."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from data_access.db import make_engine, session_scope
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    settle,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support.factories.manifesto import scenario

pytestmark = pytest.mark.browser

PLAN = """# IA sociale

## Formation des agents
Former et accompagner le personnel des collectivités aux usages de l'IA.

# IA utile et proportionnée

## Libertés dans l'espace public
Encadrer les caméras et refuser la reconnaissance faciale dans la rue.

## Sobriété énergétique
Limiter la consommation d'électricité et l'empreinte des outils numériques.
"""


@pytest.fixture
def served_scenario(private_store_url: str) -> Iterator[ServedApp]:
    """A small campaign (six proposals from five territories) and no manifesto section yet."""
    engine = make_engine(private_store_url)
    with session_scope(engine) as session:
        scenario(session)
    engine.dispose()
    app = start_app(private_store_url)
    yield app
    stop_app(app)


def _step(page: object, name: str) -> None:
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text=name).first.click()  # type: ignore[attr-defined]
    wait_for_app(page)


@pytest.mark.parametrize("backend", BACKENDS)
def test_editor_imports_a_plan_accepts_a_suggestion_and_reads_the_manifesto(
        served_scenario: ServedApp, offline_page: OfflinePage, tmp_path: Path) -> None:
    page = offline_page.page
    page.goto(f"{served_scenario.url}/atelier")
    wait_for_app(page, timeout_ms=120_000)
    page.get_by_text("Atelier du manifeste").first.wait_for(timeout=120_000)
    page.locator("[data-testid='stButtonGroup'] button").first.wait_for(timeout=60_000)
    _step(page, "Sections")

    plan = tmp_path / "plan-du-manifeste.md"
    plan.write_text(PLAN, encoding="utf-8")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(plan))
    wait_for_app(page)
    page.get_by_role("button", name="Importer le plan").click()
    wait_for_app(page)
    page.get_by_text("Plan importé : 3 sections créées").first.wait_for(timeout=60_000)
    offline_page.screenshot("synthese-plan")

    _step(page, "Suggestions")
    page.get_by_text("Formulations à classer").first.wait_for(timeout=120_000)
    offline_page.screenshot("synthese-suggestions")
    # The bordered block of that proposal, by its key. (Found before as « the nearest ancestor holding
    # an Accepter »: read while the card was still drawing, that was the whole step, and its first
    # list the step's filter.) settle: the step's run has ended, every card is drawn.
    settle(page)
    card = page.locator("[class*='st-key-review-card-']").filter(
        has_text="Refuser la reconnaissance faciale dans l'espace public.").first
    card.wait_for(timeout=60_000)
    # The first suggestion, with its confidence (« 2. Libertés dans l'espace public — 95 % »).
    chosen = card.locator("[data-testid='stSelectbox']").first.evaluate("e => e.innerHTML")
    assert "Libertés dans l'espace public —" in chosen, chosen
    card.get_by_role("button", name="Accepter").click()
    wait_for_app(page)
    page.get_by_text("Proposition placée dans « Libertés dans l'espace public »").first.wait_for(timeout=60_000)
    offline_page.screenshot("synthese-suggestion-acceptee")

    page.goto(f"{served_scenario.url}/manifeste")
    wait_for_app(page, timeout_ms=120_000)
    page.get_by_text("Portée par").first.wait_for(timeout=120_000)
    body = page.inner_text("body")
    assert "Libertés dans l'espace public" in body
    assert "Refuser la reconnaissance faciale dans l'espace public." in body
    assert "Portée par 1 territoire" in body
    offline_page.screenshot("synthese-manifeste")
    assert not offline_page.blocked, offline_page.blocked
