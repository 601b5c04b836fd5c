"""Registration in a real browser: a visitor (not signed in, on a deployment with [auth]) files
the form « S'inscrire »; an administrator validates it in Administration and creates the personal
link at once; the territory then appears on the public page « Territoires engagés ».

Two servers share one store: the public one with an [auth] section (the visitor sees only public
pages) and the commission's, in mode local on this machine.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from data_access.db import make_engine, session_scope
from data_access.models import Participation, Territory
from tests.browser.conftest import (
    ARTIFACTS,
    BACKENDS,
    OfflinePage,
    ServedApp,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support import stores
from tests.support.signin import auth_secrets

pytestmark = pytest.mark.browser
CANDIDATES = (("29189", "Plougastel-Daoulas"), ("35360", "Vitré"), ("35288", "Saint-Malo"))


@pytest.fixture
def two_apps(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[ServedApp, ServedApp, str]]:
    demo = request.getfixturevalue("demo_store" if backend == "sqlite" else "postgres_demo_store")
    label = f"inscription_{uuid.uuid4().hex[:8]}"
    url = stores.private_copy(demo, label, tmp_path)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(auth_secrets(), encoding="utf-8")
    public = start_app(url, secrets_path=secrets, extra_args=(f"--secrets.files={secrets}",))
    commission = start_app(url)
    yield public, commission, url
    stop_app(public)
    stop_app(commission)
    if backend == "postgres":
        stores.drop_schema(label)


def _not_engaged(url: str) -> tuple[str, str]:
    engine = make_engine(url)
    with session_scope(engine) as session:
        held = set(session.scalars(select(Territory.code).join(Participation)))
    engine.dispose()
    return next(candidate for candidate in CANDIDATES if candidate[0] not in held)


def _engaged_count(page: Any, base: str) -> int:
    page.goto(f"{base}/territoires-engages")
    wait_for_app(page)
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Territoires engagés").first
    metric.wait_for()
    value = metric.locator("[data-testid='stMetricValue']").inner_text()
    return int("".join(ch for ch in value if ch.isdigit()))


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_visitor_registers_the_admin_validates_and_the_territory_becomes_public(
        two_apps: tuple[ServedApp, ServedApp, str], offline_page: OfflinePage) -> None:
    public, commission, url = two_apps
    code, name = _not_engaged(url)
    page = offline_page.page
    before = _engaged_count(page, public.url)

    page.goto(f"{public.url}/inscription")
    wait_for_app(page)
    page.get_by_role("heading", name="Inscrire votre territoire").wait_for()
    assert not page.locator("[data-testid='stSidebarNav']").count()  # a visitor: no menu, no commission page
    page.get_by_label("Votre collectivité", exact=True).fill(code)
    page.keyboard.press("Enter")
    wait_for_app(page)
    page.get_by_text("Territoire reconnu").wait_for()
    offline_page.screenshot("inscription-territoire")
    assert page.get_by_label("Site web (laissez ce champ vide)", exact=True).is_hidden()  # the honeypot
    page.get_by_label("Nom et prénom de la personne à contacter", exact=True).fill("Camille Martin")
    page.get_by_label("Fonction", exact=True).fill("Chargée de mission numérique")
    page.get_by_label("Adresse électronique", exact=True).fill("camille.martin@mairie.fr")
    page.get_by_label("Téléphone (facultatif)", exact=True).fill("02 98 00 00 00")
    page.locator("[data-testid='stMultiSelect']").first.click()
    page.get_by_role("option", name="Les Interconnectés").click()
    page.keyboard.press("Escape")
    page.get_by_text("Protection de vos données personnelles").click()
    page.get_by_text("Qui traite vos données ?").wait_for()
    page.get_by_text("J'ai lu la notice sur les données personnelles").click()
    offline_page.screenshot("inscription-formulaire")
    page.get_by_role("button", name="Envoyer la demande").click()
    wait_for_app(page)
    page.get_by_text("est bien reçue").wait_for()
    offline_page.screenshot("inscription-merci")
    # Nothing public before validation.
    assert _engaged_count(page, public.url) == before

    admin = page.context.new_page()
    admin.goto(f"{commission.url}/administration")
    wait_for_app(admin)
    admin.get_by_text("1 demande d'inscription en attente").wait_for()
    admin.get_by_role("tab", name="Espace des territoires").click()
    box = admin.locator("[data-testid='stSelectbox']").filter(has_text="Demande à traiter").first
    box.wait_for()
    # Typed, then chosen with the keyboard: a click on the list raced its opening animation in CI.
    box.locator("input").click()
    admin.keyboard.type(name)
    admin.get_by_role("option").filter(has_text=name).first.wait_for()
    admin.keyboard.press("Enter")
    wait_for_app(admin)
    admin.get_by_role("button", name="Valider l'inscription").wait_for()
    admin.screenshot(path=str(ARTIFACTS / "inscription-file-attente.png"), full_page=True)
    admin.get_by_role("button", name="Valider l'inscription").click()
    wait_for_app(admin)
    admin.get_by_text(f"Inscription de {name} validée").wait_for()
    admin.get_by_role("button", name="Créer le lien personnel").click()
    wait_for_app(admin)
    admin.get_by_text("/espace?jeton=").first.wait_for()
    admin.screenshot(path=str(ARTIFACTS / "inscription-validee.png"), full_page=True)

    assert _engaged_count(page, public.url) == before + 1
    engine = make_engine(url)
    with session_scope(engine) as session:
        engaged = session.scalar(select(Participation).join(Territory).where(Territory.code == code))
        assert engaged is not None and engaged.contact_email == "camille.martin@mairie.fr"
    engine.dispose()
    offline_page.screenshot("inscription-territoires-engages")
    assert not offline_page.blocked, offline_page.blocked
