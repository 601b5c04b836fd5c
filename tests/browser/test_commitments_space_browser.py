"""A territory's commitments in a real browser: its agent opens the personal link, adds a commitment
under a manifesto item and reports its progress; a commission member validates it on Suivi des
engagements; the public page shows it, with the map of the share done per territory."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from data_access import demo
from data_access.access import SYSTEM_ACTOR
from data_access.commitments.models import Commitment
from data_access.db import make_engine, session_scope
from data_access.models import Participation, Territory
from data_access.space import personal_links
from tests.browser.conftest import (
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
TITLE = "Former 80 agents aux usages de l'IA générative"
NEWS = "Première session de formation tenue à la médiathèque"


@pytest.fixture(scope="module")
def served_commitments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServedApp, str]]:
    """The demo in a copy of the migrated template store, served for this file."""
    folder = tmp_path_factory.mktemp("engagements")
    template = stores.migrated_store("engagements-demo", folder, "sqlite")
    engine = make_engine(template)
    with session_scope(engine) as session:
        demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=5)
    engine.dispose()
    url = stores.copy_sqlite(template, folder / "engagements-navigateur.sqlite3")
    app = start_app(url)
    yield app, url
    stop_app(app)


def _invite(url: str) -> tuple[str, int, str]:
    """A territory without commitments yet, and its personal link's token."""
    engine = make_engine(url)
    with session_scope(engine) as session:
        carrying = select(Commitment.participation_id).where(Commitment.participation_id.is_not(None))
        pid, name = session.execute(select(Participation.id, Territory.name).join(Territory)
                                    .where(Participation.id.not_in(carrying), Territory.kind == "commune")
                                    .order_by(Territory.name)).first() or (0, "")
        token = personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=pid,
                                        email="mairie@exemple.fr").token
    engine.dispose()
    return token, pid, name


def _public_id(url: str, participation_id: int) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        public_id = session.scalars(select(Commitment.public_id)
                                    .where(Commitment.participation_id == participation_id)).one()
    engine.dispose()
    return str(public_id)


def _validate_on_the_commission_page(page: Any, app: ServedApp, public_id: str) -> None:
    """A commission member (the local mode's administrator) opens Suivi des engagements, the list,
    the territory's commitment, and clicks « Valider »."""
    page.goto(f"{app.url}/engagements")
    wait_for_app(page, timeout_ms=90_000)
    page.get_by_role("heading", name="Suivi des engagements").wait_for()
    settle(page)
    page.locator("[data-testid='stButtonGroup']").first.get_by_text("Engagements", exact=True).click()
    settle(page)
    # The list holds every commitment of the demo and draws only the options in view: type to find it.
    box = page.locator("[data-testid='stSelectbox']").filter(has_text="Engagement à consulter").first
    box.click()
    page.keyboard.type(public_id)
    page.get_by_role("option").filter(has_text=public_id).first.click()
    settle(page)
    page.get_by_role("button", name="Valider", exact=True).click()
    settle(page)
    page.get_by_text(f"Engagement « {TITLE} » validé : il est public.").wait_for()


def _choose(page: object, label: str, option: str | None = None) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first  # type: ignore[attr-defined]
    box.click()
    options = page.get_by_role("option")  # type: ignore[attr-defined]
    (options.filter(has_text=option) if option else options).first.click()


def test_a_territory_adds_and_reports_a_commitment_that_becomes_public(
        served_commitments: tuple[ServedApp, str], offline_page: OfflinePage) -> None:
    app, url = served_commitments
    token, participation_id, name = _invite(url)
    page = offline_page.page
    page.goto(f"{app.url}/espace?jeton={token}")
    wait_for_app(page, timeout_ms=90_000)
    page.get_by_role("heading", name=f"Espace territoire — {name}").wait_for()
    page.get_by_role("heading", name="Nos engagements").wait_for()
    settle(page)

    page.get_by_text("Ajouter un engagement").click()
    _choose(page, "Élément du manifeste")
    settle(page)
    page.get_by_label("Titre de l'engagement").fill(TITLE)
    page.get_by_role("button", name="Ajouter l'engagement").click()
    settle(page)
    page.get_by_text(f"Engagement « {TITLE} » ajouté").wait_for()
    expect(page.get_by_text("En attente de validation par la commission").first).to_be_visible()
    offline_page.screenshot("engagements-espace-ajout")

    page.get_by_text("Indiquer l'avancement").first.click()
    settle(page)
    _choose(page, "Statut", "En cours")
    settle(page)
    page.get_by_label("Actualité (facultatif)").fill(NEWS)
    page.get_by_role("button", name="Enregistrer l'avancement").click()
    settle(page)
    page.get_by_text("Avancement enregistré et l'actualité ajoutée").wait_for()
    expect(page.locator("[data-testid='stMain']")).to_contain_text(NEWS)
    expect(page.locator("[data-testid='stMain']")).to_contain_text("Avancement : 50")
    offline_page.screenshot("engagements-espace-avancement")

    commission = open_offline_page(page.context.browser)  # another person, at the commission
    _validate_on_the_commission_page(commission.page, app, _public_id(url, participation_id))
    commission.screenshot("engagements-validation-commission")
    commission.page.context.close()
    page.reload()
    wait_for_app(page)
    settle(page)
    expect(page.get_by_text("Validé par la commission").first).to_be_visible()

    visitor = open_offline_page(page.context.browser)  # anyone, not signed in
    public = visitor.page
    public.goto(f"{app.url}/territoires-engages")
    wait_for_app(public, timeout_ms=90_000)
    public.get_by_role("heading", name="Ce que deviennent les engagements du manifeste").wait_for()
    settle(public)
    # Items are folded: open the first one, the item the territory chose (the summary's text starts with
    # its icon's name, « keyboard_arrow_right1.1 … »: no « ^ »).
    public.locator("[data-testid='stExpander'] summary").filter(has_text=re.compile(r"(?<!\d)1\.1 ")).first.click()
    settle(public)
    main = public.locator("[data-testid='stMain']")
    expect(main).to_contain_text(TITLE)
    expect(main).to_contain_text("En cours · 50")
    expect(main).to_contain_text(NEWS)
    expect(main).to_contain_text("Avancement par territoire")
    # The map of the share done per territory (its own iframe, after the stages' map).
    expect(public.locator("iframe")).to_have_count(2)
    visitor.screenshot("engagements-page-publique")
    public.context.close()
    assert not offline_page.blocked and not visitor.blocked and not commission.blocked
