from __future__ import annotations

from pathlib import Path

import pytest

from data_access import config
from data_access.errors import ConfigurationError


@pytest.fixture
def secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "secrets.toml"
    monkeypatch.setenv(config.SECRETS_PATH_ENV, str(path))
    return path


def test_environment_wins_over_secrets(secrets_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets_file.write_text('database_url = "sqlite:////tmp/from-secrets.sqlite3"\n', encoding="utf-8")
    monkeypatch.setenv(config.DATABASE_URL_ENV, "sqlite:////tmp/from-env.sqlite3")
    assert config.database_url() == "sqlite:////tmp/from-env.sqlite3"


def test_secrets_used_without_environment(secrets_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets_file.write_text('database_url = "sqlite:////tmp/from-secrets.sqlite3"\n', encoding="utf-8")
    monkeypatch.delenv(config.DATABASE_URL_ENV)
    assert config.database_url() == "sqlite:////tmp/from-secrets.sqlite3"


def test_default_is_an_absolute_sqlite_file_under_data(secrets_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(config.DATABASE_URL_ENV)
    url = config.database_url()
    assert url == f"sqlite:///{config.PROJECT_ROOT / 'data' / 'concertations.sqlite3'}"


def test_relative_sqlite_path_is_resolved_from_the_project(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.DATABASE_URL_ENV, "sqlite:///data/autre.sqlite3")
    assert config.database_url() == f"sqlite:///{config.PROJECT_ROOT / 'data' / 'autre.sqlite3'}"


def test_bare_postgresql_url_uses_psycopg3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.DATABASE_URL_ENV, "postgresql://u:p@db:5432/x")
    assert config.database_url() == "postgresql+psycopg://u:p@db:5432/x"


@pytest.mark.parametrize("raw", ["pas une url", "mysql://u@h/db", "://"])
def test_unusable_url_gets_a_french_message(raw: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.DATABASE_URL_ENV, raw)
    with pytest.raises(ConfigurationError) as caught:
        config.database_url()
    assert "base" in str(caught.value)


def test_broken_secrets_file_is_reported_in_french(secrets_file: Path) -> None:
    secrets_file.write_text("database_url = [non fermé\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="illisible"):
        config.read_secrets()


def test_auth_and_bootstrap_admins_come_from_secrets(secrets_file: Path) -> None:
    assert not config.auth_configured()
    secrets_file.write_text('admins = [" Admin@Exemple.fr "]\n[auth]\nclient_id = "x"\n', encoding="utf-8")
    assert config.auth_configured()
    assert config.bootstrap_admins() == ["admin@exemple.fr"]
