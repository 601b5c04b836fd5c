"""OIDC sign-in of a territory in Chromium (oidc-provider-mock on 127.0.0.1): the commission
invites an e-mail; the person signs in with that account and lands in that territory's space
only, then signs out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import Participation, Stage
from data_access.space import personal_links
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    _free_port,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.browser.test_oidc_browser import oidc_provider as oidc_provider  # the same mock provider
from tests.support.signin import auth_secrets

pytestmark = pytest.mark.browser
INVITED = "agent.numerique@mairie-exemple.fr"


@pytest.fixture
def invited_app(demo_copy_url: str, oidc_provider: str, tmp_path: Path) -> Iterator[tuple[ServedApp, str]]:
    store = demo_copy_url
    engine = make_engine(store)
    with session_scope(engine) as session:
        participation = session.scalars(select(Participation).where(Participation.stage == Stage.ENGAGE.value)
                                        .order_by(Participation.id)).first()
        assert participation is not None
        personal_links.create_invitation(session, actor=SYSTEM_ACTOR, participation_id=participation.id, email=INVITED)
        name = participation.territory.name
    engine.dispose()
    port = _free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(auth_secrets(redirect_uri=f"http://127.0.0.1:{port}/oauth2callback",
                                    server_metadata_url=f"{oidc_provider}/.well-known/openid-configuration"),
                       encoding="utf-8")
    served = start_app(store, secrets_path=secrets, port=port, extra_args=(f"--secrets.files={secrets}",))
    yield served, name
    stop_app(served)


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_invited_account_signs_in_to_its_territory_space(
        invited_app: tuple[ServedApp, str], oidc_provider: str, offline_page: OfflinePage) -> None:
    app, name = invited_app
    page = offline_page.page
    page.goto(app.url)
    wait_for_app(page)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{oidc_provider}/oauth2/authorize*", timeout=30_000)
    page.locator("input[name='sub']").fill(INVITED)  # the mock's e-mail claim is the subject
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app.url}/**", timeout=30_000)
    page.get_by_role("heading", name=f"Espace territoire — {name}").wait_for(timeout=30_000)
    wait_for_app(page)
    body = page.inner_text("body")
    offline_page.screenshot("oidc-territoire-espace")
    assert INVITED in body and "Territoire" in body
    assert not any(title in body for title in ("Vue d'ensemble", "Atelier du manifeste", "Journal d'audit",
                                               "Administration"))
    page.get_by_role("button", name="Se déconnecter").wait_for()
    assert all("cdn.jsdelivr.net/npm/@picocss" in url for url in offline_page.blocked), offline_page.blocked
