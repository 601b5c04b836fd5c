"""The commission reminds a territory from Suivi in a real browser: « Liens de relance (CSV) » creates
its personal link, « Envoyer les relances par e-mail » sends it to an SMTP sink on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from data_access.db import make_engine, session_scope
from data_access.models import Participation, Stage, Territory
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support.smtp import Sink, text_of

pytestmark = pytest.mark.browser


@pytest.fixture
def outreach_app(demo_copy_url: str, smtp_sink: Sink) -> Iterator[tuple[ServedApp, str]]:
    url = demo_copy_url
    app = start_app(url, extra_env=smtp_sink.env())
    yield app, url
    stop_app(app)


def _territory_to_remind(url: str) -> str:
    engine = make_engine(url)
    with session_scope(engine) as session:
        names = session.scalars(
            select(Territory.name).join(Participation)
            .where(Participation.stage == Stage.ENGAGE.value, Participation.contact_email.is_not(None),
                   Territory.kind == "commune").order_by(Territory.name)).all()
    engine.dispose()
    # A name no other territory contains: the search keeps this one row.
    return next(name for name in names if sum(name.casefold() in other.casefold() for other in names) == 1)


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_commission_reminds_a_territory_by_e_mail(outreach_app: tuple[ServedApp, str],
                                                     offline_page: OfflinePage, smtp_sink: Sink) -> None:
    app, url = outreach_app
    name = _territory_to_remind(url)
    page = offline_page.page
    page.goto(f"{app.url}/suivi")
    wait_for_app(page, timeout_ms=90_000)
    search = page.get_by_label("Rechercher un territoire")
    search.fill(name)
    search.press("Enter")
    wait_for_app(page)
    page.get_by_role("button", name="Liens de relance (CSV)").click()
    wait_for_app(page)
    page.get_by_text("1 lien de relance créé, valable jusqu").wait_for()
    page.get_by_role("button", name="Télécharger les liens de relance (CSV)").wait_for()
    page.get_by_role("button", name="Envoyer les relances par e-mail").click()
    wait_for_app(page)
    page.get_by_text("1 relance envoyée par e-mail.").wait_for()
    page.get_by_text("Liens personnels de relance").scroll_into_view_if_needed()
    offline_page.screenshot("suivi-relances-envoyees")
    [message] = smtp_sink.messages()
    assert message["Subject"] == f"Relance : l'espace de {name} vous attend"
    assert f"{app.url}/espace?jeton=" in text_of(message) or "/espace?jeton=" in text_of(message)
    assert not offline_page.blocked, offline_page.blocked
