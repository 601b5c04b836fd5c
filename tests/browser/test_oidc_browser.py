"""A real OIDC sign-in in Chromium against oidc-provider-mock on 127.0.0.1, started by the test.

Flow, for each role: the app (with an [auth] section) shows « Se connecter » → st.login redirects to the mock's
authorisation page → the account is chosen → back in the app with that role's pages only →
« Se déconnecter » → the mock's end-session confirmation → back to « Se connecter ».
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboard.navigation import visible_pages
from data_access.models import ROLE_LABELS, Role
from tests.browser.conftest import (
    BACKENDS,
    OfflinePage,
    ServedApp,
    _free_port,
    start_app,
    stop_app,
    wait_for_app,
)
from tests.support import stores
from tests.support.signin import (
    EDITOR_EMAIL,
    NO_ROLE_EMAIL,
    READER_EMAIL,
    ROLE_EMAILS,
    auth_secrets,
    grant_roles,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def oidc_provider() -> Iterator[str]:
    """oidc-provider-mock served on 127.0.0.1 (a free port) in a thread; yields its base URL."""
    # Flask and the mock provider load only when this browser test runs, not at every collection.
    import werkzeug.serving
    from oidc_provider_mock import User, app

    provider = app(user_claims=[User(sub=email, claims={"email": email, "email_verified": True})
                                for email in ROLE_EMAILS.values()])
    server = werkzeug.serving.make_server("127.0.0.1", _free_port(), provider, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def app_with_oidc(backend: str, oidc_provider: str, tmp_path: Path,
                  request: pytest.FixtureRequest) -> Iterator[ServedApp]:
    demo = request.getfixturevalue("demo_store" if backend == "sqlite" else "postgres_demo_store")
    label = f"oidc_{uuid.uuid4().hex[:8]}"
    store = stores.private_copy(demo, label, tmp_path)
    # The administrator comes from `admins` in the secrets; the others from the database.
    grant_roles(store, {EDITOR_EMAIL: Role.EDITEUR, READER_EMAIL: Role.LECTEUR})
    port = _free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(auth_secrets(
        redirect_uri=f"http://127.0.0.1:{port}/oauth2callback",
        server_metadata_url=f"{oidc_provider}/.well-known/openid-configuration",
    ), encoding="utf-8")
    # Streamlit's st.login reads its own secrets option; the data layer reads CONCERTATIONS_SECRETS_PATH.
    served = start_app(store, secrets_path=secrets, port=port, extra_args=(f"--secrets.files={secrets}",))
    yield served
    stop_app(served)
    if backend == "postgres":
        stores.drop_schema(label)


def _menu(page: Any) -> list[str]:
    links = page.locator("[data-testid='stSidebarNav'] a")
    # Each link reads "<icon ligature>\n\n<title>": keep the title.
    return [text.strip().splitlines()[-1] for text in links.all_inner_texts() if text.strip()]


@pytest.mark.parametrize("role", [Role.EDITEUR, Role.LECTEUR, Role.ADMINISTRATEUR], ids=lambda r: r.value)
def test_signs_in_sees_only_its_pages_and_signs_out(
    app_with_oidc: ServedApp, oidc_provider: str, offline_page: OfflinePage, role: Role
) -> None:
    email = ROLE_EMAILS[role]
    page = offline_page.page
    page.goto(app_with_oidc.url)
    wait_for_app(page)
    page.get_by_role("button", name="Se connecter").wait_for(timeout=30_000)
    assert "Connectez-vous" in page.inner_text("body")
    assert not _menu(page)
    offline_page.screenshot(f"oidc-{role.value}-1-connexion")

    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{oidc_provider}/oauth2/authorize*", timeout=30_000)
    assert "prompt=select_account" in page.url  # what Streamlit sends (ProConnect refuses it)
    offline_page.screenshot(f"oidc-{role.value}-2-fournisseur")
    page.get_by_role("button", name=email).click()

    page.wait_for_url(f"{app_with_oidc.url}/**", timeout=30_000)
    wait_for_app(page)
    page.get_by_role("button", name="Se déconnecter").wait_for(timeout=30_000)
    page.get_by_text("Vue d'ensemble").first.wait_for(timeout=30_000)
    body = page.inner_text("body")
    offline_page.screenshot(f"oidc-{role.value}-3-connecte")
    assert email in body and ROLE_LABELS[role] in body
    assert "Mode local" not in body
    titles = [spec.title for spec in visible_pages(role)]
    # Streamlit hides the menu when a role has a single page.
    assert _menu(page) == (titles if len(titles) > 1 else [])
    for admin_only in ("Administration", "Journal d'audit"):
        assert (admin_only in _menu(page)) is (role is Role.ADMINISTRATEUR)

    page.get_by_role("button", name="Se déconnecter").click()
    # Streamlit also ends the provider's session when it offers an end_session_endpoint (the mock does).
    page.wait_for_url(f"{oidc_provider}/oauth2/end_session*", timeout=30_000)
    offline_page.screenshot(f"oidc-{role.value}-4-fin-de-session")
    page.locator("form button[type='submit']").first.click()
    page.wait_for_url(f"{app_with_oidc.url}/**", timeout=30_000)
    page.get_by_role("button", name="Se connecter").wait_for(timeout=30_000)
    offline_page.screenshot(f"oidc-{role.value}-5-deconnectee")
    assert not _menu(page)
    assert email not in page.inner_text("body")
    assert not offline_page.dialogs
    # Only the mock provider's own stylesheet (a CDN) was blocked; the app asked for nothing outside.
    assert all("cdn.jsdelivr.net/npm/@picocss" in url for url in offline_page.blocked), offline_page.blocked


@pytest.mark.parametrize("backend", BACKENDS)
def test_signed_in_user_without_role_sees_only_the_refusal(
    app_with_oidc: ServedApp, oidc_provider: str, offline_page: OfflinePage
) -> None:
    page = offline_page.page
    page.goto(app_with_oidc.url)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{oidc_provider}/oauth2/authorize*", timeout=30_000)
    page.locator("input[name='sub']").fill(NO_ROLE_EMAIL)  # the mock's e-mail claim is the subject
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app_with_oidc.url}/**", timeout=30_000)
    page.get_by_text("votre compte n'a pas de rôle").wait_for(timeout=30_000)
    page.get_by_role("button", name="Se déconnecter").wait_for(timeout=30_000)
    body = page.inner_text("body")
    offline_page.screenshot("oidc-sans-role")
    assert "votre compte n'a pas de rôle" in body and NO_ROLE_EMAIL in body
    assert "Vue d'ensemble" not in body and "Territoires engagés" not in body
    assert not _menu(page)
