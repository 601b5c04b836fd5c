"""An editor re-imports a territory whose proposals are in the manifesto: the simulation names the
items concerned, the import waits for an explicit confirmation, and the manifesto still counts the
territory, its withdrawn proposal marked « retirée par le territoire » in the Atelier and on the
Fiche territoire (issue 12)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access import intake, manifesto
from data_access.db import make_engine, session_scope
from data_access.models import Proposal
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support.factories import EDITOR, make_campaign
from tests.support.factories.intake import proposal_row, session_row, territory_row, workbook

pytestmark = pytest.mark.browser

KEPT = "Former tous les agents à l'IA."
WITHDRAWN = "Ouvrir les données publiques des algorithmes."


@pytest.fixture
def reimport_app(private_store_url: str) -> Iterator[tuple[ServedApp, str]]:
    url = private_store_url
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = make_campaign(session, slug="reimport")
        report = intake.run_import(session, actor=EDITOR, data=workbook(
            [territory_row()], [session_row()], [proposal_row(), proposal_row(**{"propositions.texte": WITHDRAWN})]),
            filename="rennes-v1.xlsx")
        assert report.ok
        section = manifesto.create_section(session, actor=EDITOR, campaign_id=campaign.id, title="IA sociale")
        ids = dict(session.execute(select(Proposal.text, Proposal.id)).all())
        manifesto.add_proposals(session, actor=EDITOR, section_id=section.id, proposal_ids=[ids[KEPT], ids[WITHDRAWN]])
    engine.dispose()
    app = start_app(url)
    yield app, url
    stop_app(app)


@pytest.mark.parametrize("backend", BACKENDS)
def test_reimport_names_the_manifesto_items_and_keeps_the_territory(
        reimport_app: tuple[ServedApp, str], offline_page: OfflinePage, tmp_path: Path) -> None:
    app, url = reimport_app
    page = offline_page.page
    newer = tmp_path / "rennes-v2.xlsx"
    newer.write_bytes(workbook([territory_row(opportunites="Réponse révisée.")], [session_row()], [proposal_row()]))

    page.goto(f"{app.url}/import")
    wait_for_app(page)
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(newer))
    wait_for_app(page)
    page.get_by_text("Simulation (rien n'est encore enregistré)").wait_for()
    page.get_by_text("Cet import retirerait 1 proposition").wait_for()
    page.get_by_text(f"« 1.2 {WITHDRAWN} »").wait_for()  # the manifesto item concerned, by its number
    assert page.get_by_text("3. Simulation").count() == 1  # steps numbered 1, 2, 3
    importer = page.get_by_role("button", name="Importer", exact=True)
    assert importer.is_disabled()  # nothing happens before the explicit confirmation
    importer.scroll_into_view_if_needed()
    offline_page.screenshot("reimport-simulation")

    page.get_by_text("Je confirme le retrait de 1 proposition").click()
    wait_for_app(page)
    page.get_by_role("button", name="Importer", exact=True).click()
    wait_for_app(page)
    page.get_by_text("Import effectué.").wait_for()
    assert page.get_by_text("Simulation (rien n'est encore enregistré)").count() == 0  # the result replaces it
    offline_page.screenshot("reimport-effectue")

    page.goto(f"{app.url}/atelier")
    wait_for_app(page, timeout_ms=60_000)
    page.locator("[data-testid='stButtonGroup'] button").filter(has_text="Sections").first.click()
    wait_for_app(page)
    page.get_by_text("Portée par 1 territoire").first.wait_for()
    assert page.get_by_text("Portée par 1 territoire").count() == 2  # both items still count Rennes
    toggles = page.get_by_text("Textes d'origine")
    toggles.nth(1).wait_for()  # both items drawn before they are counted (a count of 0 skipped the loop)
    for index in range(toggles.count()):
        shown = page.locator("blockquote").count()
        toggles.nth(index).click()  # a toggle: the step reruns alone
        # Its source shows before the next click: a click made during the previous rerun can be lost.
        page.wait_for_function("n => document.querySelectorAll('blockquote').length > n", arg=shown)
        wait_for_app(page)
    page.get_by_text("retirée par le territoire le").first.wait_for()
    offline_page.screenshot("reimport-atelier")

    page.goto(f"{app.url}/fiche_territoire")  # Rennes, the only territory, is shown first
    wait_for_app(page, timeout_ms=60_000)
    page.get_by_text("1 proposition retirée par le territoire").wait_for()
    page.get_by_role("heading", name="Propositions").scroll_into_view_if_needed()
    offline_page.screenshot("reimport-fiche")
    assert not offline_page.blocked

    engine = make_engine(url)
    with session_scope(engine) as session:
        withdrawn = session.scalars(select(Proposal).where(Proposal.text == WITHDRAWN)).one()
        assert withdrawn.withdrawn_on is not None
    engine.dispose()
