"""AppTest of the entrypoint for each role and page: navigation, refusals, mode local, network guard.

Pages are taken from ``dashboard.navigation.PAGES`` at collection time, so pages added by other
branches are covered as soon as their file exists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.navigation import PAGES, PageSpec, public_pages, visible_pages
from data_access.models import COMMISSION_ROLES, Role
from tests.support.env import ENTRYPOINT
from tests.support.signin import NO_ROLE_EMAIL, ROLE_EMAILS

EXISTING_PAGES = [spec for spec in PAGES if spec.path.is_file()]
PUBLIC = {spec.script for spec in public_pages()}


def _app(email: str | None) -> AppTest:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60)
    # st.user under AppTest comes from at.user (Streamlit's own secrets are not read for it).
    if email is None:
        at.user = {"is_logged_in": False}
    else:
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    return at


def _registered_scripts(at: AppTest) -> set[str]:
    # AppTest keeps what st.navigation registered for this session: the visible menu.
    pages: dict[str, dict[str, Any]] = at._registered_pages
    names = {Path(str(info["script_path"])).name for info in pages.values() if info.get("script_path")}
    return names - {Path(ENTRYPOINT).name}  # without st.navigation only the entrypoint is known


def _texts(at: AppTest) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.error] + [e.value for e in at.markdown]
    return "\n".join(str(part) for part in parts)


@pytest.mark.parametrize("role", COMMISSION_ROLES, ids=lambda r: r.value)
def test_navigation_shows_each_role_only_its_pages(signed_in_store: str, server_address: Any, role: Role) -> None:
    at = _app(ROLE_EMAILS[role]).run()
    assert not at.exception
    expected = {spec.script for spec in visible_pages(role)}
    assert _registered_scripts(at) == expected
    for spec in EXISTING_PAGES:
        if spec.script not in expected:
            with pytest.raises(ValueError):
                at.switch_page(str(spec.path))
    sidebar = " ".join(str(e.value) for e in at.sidebar.caption).replace("\\", "")  # Markdown escapes
    assert ROLE_EMAILS[role] in sidebar
    assert "Se déconnecter" in [b.label for b in at.sidebar.button]
    assert "Mode local" not in _texts(at)


@pytest.mark.parametrize(
    ("role", "spec"),
    [(role, spec) for role in COMMISSION_ROLES for spec in EXISTING_PAGES if spec in visible_pages(role)],
    ids=lambda v: v.value if isinstance(v, Role) else v.script if isinstance(v, PageSpec) else str(v),
)
def test_each_role_opens_each_of_its_pages_without_error(
    signed_in_store: str, server_address: Any, role: Role, spec: PageSpec
) -> None:
    at = _app(ROLE_EMAILS[role]).run()
    at.switch_page(str(spec.path)).run()
    assert not at.exception, at.exception
    assert [e.value for e in at.title], f"{spec.script} n'affiche pas de titre pour {role.value}"
    assert "Accès non autorisé" not in _texts(at)
    assert "Action refusée" not in _texts(at)


def test_signed_in_user_without_role_sees_only_refusal(signed_in_store: str, server_address: Any) -> None:
    at = _app(NO_ROLE_EMAIL).run()
    assert not at.exception
    assert [e.value for e in at.title] == ["Accès non autorisé"]
    assert "Accès non autorisé" in at.error[0].value
    assert _registered_scripts(at) == PUBLIC  # public pages open at their own address, nothing else
    assert not at.sidebar.caption and not at.metric and not at.dataframe
    assert [b.label for b in at.button] == ["Se déconnecter"]
    # A commission page is not even registered: asking for it by its path is refused.
    with pytest.raises(ValueError):
        at.switch_page(str(next(spec.path for spec in EXISTING_PAGES if spec.script == "journal.py")))


def test_unverified_email_is_refused(signed_in_store: str, server_address: Any) -> None:
    at = _app(None)
    at.user = {"is_logged_in": True, "email": ROLE_EMAILS[Role.ADMINISTRATEUR], "email_verified": False}
    at.run()
    assert [e.value for e in at.title] == ["Accès non autorisé"]
    assert "pas vérifiée" in at.error[0].value


def test_signed_out_visitor_sees_only_the_sign_in_button(signed_in_store: str, server_address: Any) -> None:
    at = _app(None).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Se connecter"]
    assert _registered_scripts(at) == PUBLIC
    assert not at.metric and not at.dataframe


def test_bootstrap_admin_from_secrets_reaches_administration(signed_in_store: str, server_address: Any) -> None:
    at = _app(ROLE_EMAILS[Role.ADMINISTRATEUR]).run()
    assert {"administration.py", "journal.py"} <= _registered_scripts(at)


def test_mode_local_on_loopback_is_administrator_with_banner(private_store: str, server_address: Any) -> None:
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    assert not at.exception
    assert _registered_scripts(at) == {spec.script for spec in visible_pages(Role.ADMINISTRATEUR)}
    assert any("Mode local" in w.value for w in at.warning)
    labels = [b.label for b in at.button]
    assert "Se connecter" not in labels and "Se déconnecter" not in labels


@pytest.mark.parametrize("address", ["0.0.0.0", "192.168.1.20", "", "::"])
def test_non_loopback_without_auth_shows_only_the_configuration_error(
    private_store: str, server_address: Any, address: str
) -> None:
    server_address(address or None)
    at = AppTest.from_file(ENTRYPOINT, default_timeout=60).run()
    assert not at.exception
    assert [e.value for e in at.title] == ["Accès non autorisé"]
    assert len(at.error) == 1 and "[auth]" in at.error[0].value and "127.0.0.1" in at.error[0].value
    assert _registered_scripts(at) == set()
    assert not at.metric and not at.dataframe and not at.warning and not at.button


def test_non_loopback_with_auth_asks_to_sign_in(signed_in_store: str, server_address: Any) -> None:
    server_address("0.0.0.0")
    at = _app(None).run()
    assert [b.label for b in at.button] == ["Se connecter"]
