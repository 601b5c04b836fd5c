"""A territory's journey in a real browser: the commission invites it from the command line, the
territory opens its personal link, signs the charter, and the commission's Suivi shows it at once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from data_access.db import make_engine, session_scope
from data_access.models import Participation, Stage, Territory
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    settle,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support.env import PROJECT_ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def space_app(demo_copy_url: str) -> Iterator[tuple[ServedApp, str]]:
    url = demo_copy_url
    app = start_app(url)
    yield app, url
    stop_app(app)


def _engaged_territory(url: str) -> tuple[str, str, str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        row = session.execute(
            select(Territory.code, Territory.kind, Territory.name).join(Participation)
            .where(Participation.stage == Stage.ENGAGE.value, Territory.kind == "commune")
            .order_by(Territory.name)).first()
    engine.dispose()
    assert row is not None
    return str(row[0]), str(row[1]), str(row[2])


@pytest.mark.parametrize("backend", BACKENDS)
def test_invited_territory_signs_the_charter_and_the_commission_sees_it(
        space_app: tuple[ServedApp, str], offline_page: OfflinePage) -> None:
    app, url = space_app
    code, kind, name = _engaged_territory(url)
    cli = subprocess.run(
        [sys.executable, "-m", "dashboard.cli", "invite", "--territory", code, "--kind", kind,
         "--email", "mairie@exemple.fr", "--expires-days", "10"],
        cwd=PROJECT_ROOT, env={**os.environ, "CONCERTATIONS_DATABASE_URL": url, "CONCERTATIONS_PUBLIC_URL": app.url},
        capture_output=True, text=True, check=True)
    link = re.search(r"http://\S+/espace\?jeton=\S+", cli.stdout)
    assert link, cli.stdout
    page = offline_page.page
    page.goto(link.group(0))
    wait_for_app(page)
    page.get_by_role("heading", name=f"Espace territoire — {name}").wait_for()
    assert "jeton=" not in page.url and "acces=" in page.url
    body = page.locator("body").inner_text()
    assert not any(title in body for title in ("Vue d'ensemble", "Atelier du manifeste", "Journal d'audit"))
    offline_page.screenshot("espace-charte-a-signer")
    page.get_by_label("Nom et prénom de la personne qui signe").fill("Camille Martin")
    page.get_by_label("Qualité", exact=True).fill("Maire")
    page.get_by_text(f"J'ai lu la charte et je l'accepte au nom de {name}.").click()
    page.get_by_role("button", name="Signer la charte").click()
    wait_for_app(page)
    page.get_by_text("Charte signée le").first.wait_for()
    offline_page.screenshot("espace-charte-signee")

    # Reloading the address kept in the bar stays in the space (the access link, not the spent invitation).
    page.reload()
    wait_for_app(page)
    page.get_by_text("Charte signée le").first.wait_for()

    # The commission (mode local on this machine) sees the new stage on the territory's sheet.
    commission = offline_page.page.context.new_page()
    commission.goto(f"{app.url}/fiche_territoire")
    wait_for_app(commission)
    box = commission.locator("[data-testid='stSelectbox']").filter(has_text="Territoire").first
    box.click()
    commission.keyboard.type(name)
    commission.get_by_role("option").filter(has_text=name).first.click()
    # The choice reruns the page: wait for that run (wait_for_app alone returned before it started
    # once, under load, and read the sheet drawn before the choice), then for the chosen sheet.
    settle(commission)
    expect(commission.locator("[data-testid='stMain']")).to_contain_text("Charte signée", timeout=30_000)
    commission.screenshot(path=str(offline_page.screenshot("espace-fiche-commission")))
    assert not offline_page.blocked



def test_a_territory_link_on_a_commission_address_says_so_without_a_page_not_found_modal(
        space_app: tuple[ServedApp, str], offline_page: OfflinePage) -> None:
    """Issue 24 item 11: Streamlit's « page introuvable » modal covered the app's own French message."""
    from data_access.access import SYSTEM_ACTOR
    from data_access.space import personal_links

    app, url = space_app
    engine = make_engine(url)
    with session_scope(engine) as session:
        pid = session.scalar(select(Participation.id).where(Participation.stage == Stage.ENGAGE.value).limit(1))
        assert pid is not None
        token = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=pid,
                                        email="mairie@exemple.fr").token
    engine.dispose()
    page = offline_page.page
    page.goto(f"{app.url}/espace?jeton={token}")
    wait_for_app(page, timeout_ms=90_000)
    page.get_by_role("heading", name=re.compile("^Espace territoire — ")).wait_for(timeout=60_000)
    page.wait_for_function("() => location.search.includes('acces=')", timeout=30_000)
    access = re.search(r"acces=([^&]+)", page.url)
    assert access, page.url
    page.goto(f"{app.url}/suivi?acces={access.group(1)}")
    wait_for_app(page, timeout_ms=90_000)
    page.get_by_role("heading", name="Page réservée à la commission").wait_for(timeout=30_000)
    page.wait_for_timeout(1000)
    assert page.locator("[role='dialog']").count() == 0
    offline_page.screenshot("lien-territoire-page-commission")
