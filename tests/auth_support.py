"""Shared helpers for the access-control tests: a private copy of the demo store, secrets with [auth]."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from data_access import users
from data_access.access import SYSTEM_ACTOR
from data_access.db import get_engine, make_engine, session_scope
from data_access.models import Role

ADMIN_EMAIL = "admin@exemple.fr"
EDITOR_EMAIL = "editrice@exemple.fr"
READER_EMAIL = "lecteur@exemple.fr"
NO_ROLE_EMAIL = "inconnu@exemple.fr"
ROLE_EMAILS = {Role.ADMINISTRATEUR: ADMIN_EMAIL, Role.EDITEUR: EDITOR_EMAIL, Role.LECTEUR: READER_EMAIL}
# Only ever a test value; tests/test_secrets.py lists it as allowed.
TEST_COOKIE_SECRET = "test-only-cookie-secret-not-a-real-one-0123456789"


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


def clear_streamlit_caches() -> None:
    import streamlit as st

    st.cache_data.clear()


def copy_store(source_url: str, target: Path) -> str:
    """A private copy of a SQLite store: tests that write never touch the shared demo store."""
    source = make_url(source_url).database
    assert source is not None
    # SQLite's backup API: consistent even if the source is open in WAL mode elsewhere.
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    return f"sqlite:///{target}"


def grant_roles(url: str, roles: dict[str, Role]) -> None:
    engine = make_engine(url)
    with session_scope(engine) as session:
        for email, role in roles.items():
            users.set_role(session, actor=SYSTEM_ACTOR, email=email, role=role)
    engine.dispose()


@pytest.fixture
def private_store(demo_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The demo campaign in a store of this test's own, used by the app under AppTest."""
    url = copy_store(demo_store, tmp_path / "store.sqlite3")
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    clear_streamlit_caches()
    yield url
    get_engine.cache_clear()
    clear_streamlit_caches()


@pytest.fixture
def signed_in_store(private_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Private store with an editor and a reader in the database, admin bootstrapped from secrets."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(auth_secrets(), encoding="utf-8")
    monkeypatch.setenv("CONCERTATIONS_SECRETS_PATH", str(secrets))
    grant_roles(private_store, {EDITOR_EMAIL: Role.EDITEUR, READER_EMAIL: Role.LECTEUR})
    return private_store


@pytest.fixture
def server_address() -> Iterator[object]:
    """Set ``server.address`` in this process (what AppTest's script reads), restored afterwards."""
    from streamlit import config

    previous = config.get_option("server.address")

    def set_address(value: str | None) -> None:
        config.set_option("server.address", value)

    set_address("127.0.0.1")
    yield set_address
    config.set_option("server.address", previous)
