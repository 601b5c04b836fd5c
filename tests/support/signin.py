"""Sign-in helpers and fixtures (a pytest plugin): roles in a private store, secrets with [auth].

Users: the administrator comes from ``admins`` in the secrets, the others from the database.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from data_access import users
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.models import Role
from tests.support import stores
from tests.support.env import APP_DB_URL

ADMIN_EMAIL = "admin@exemple.fr"
EDITOR_EMAIL = "editrice@exemple.fr"
READER_EMAIL = "lecteur@exemple.fr"
NO_ROLE_EMAIL = "inconnu@exemple.fr"
ROLE_EMAILS = {Role.ADMINISTRATEUR: ADMIN_EMAIL, Role.EDITEUR: EDITOR_EMAIL, Role.LECTEUR: READER_EMAIL}
# Only ever a test value; tests/test_secrets.py lists it as allowed.
TEST_COOKIE_SECRET = "test-only-cookie-secret-not-a-real-one-0123456789"
_copies = itertools.count()


def auth_secrets(
    *, redirect_uri: str = "http://127.0.0.1:8501/oauth2callback",
    server_metadata_url: str = "http://127.0.0.1:9/.well-known/openid-configuration",
    admins: tuple[str, ...] = (ADMIN_EMAIL,),
) -> str:
    admin_list = ", ".join(f'"{email}"' for email in admins)
    return (
        f"admins = [{admin_list}]\n\n[auth]\n"
        f'redirect_uri = "{redirect_uri}"\n'
        f'cookie_secret = "{TEST_COOKIE_SECRET}"\n'
        'client_id = "observatoire-tests"\n'
        'client_secret = "test-only-client-secret"\n'
        f'server_metadata_url = "{server_metadata_url}"\n'
    )


def grant_roles(url: str, roles: dict[str, Role]) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        for email, role in roles.items():
            users.set_role(session, actor=SYSTEM_ACTOR, email=email, role=role)
    engine.dispose()


@pytest.fixture
def private_store(demo_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The demo campaign in a store of this test's own (same backend as ``demo_store``), used by
    the app under AppTest."""
    label = f"private_{next(_copies)}"
    url = stores.private_copy(demo_store, label, tmp_path)
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    stores.use_store(url)
    yield url
    stores.use_store(APP_DB_URL)
    if stores.backend_of(url) == "postgres":
        stores.drop_schema(label)


@pytest.fixture
def signed_in_store(private_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Private store with an editor and a reader in the database, admin bootstrapped from secrets."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(auth_secrets(), encoding="utf-8")
    monkeypatch.setenv("CONCERTATIONS_SECRETS_PATH", str(secrets))
    grant_roles(private_store, {EDITOR_EMAIL: Role.EDITEUR, READER_EMAIL: Role.LECTEUR})
    return private_store


@pytest.fixture
def server_address() -> Iterator[Callable[[str | None], None]]:
    """Set ``server.address`` in this process (what AppTest's script reads), restored afterwards."""
    from streamlit import config

    previous = config.get_option("server.address")

    def set_address(value: str | None) -> None:
        config.set_option("server.address", value)

    set_address("127.0.0.1")
    yield set_address
    config.set_option("server.address", previous)
