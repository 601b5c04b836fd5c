"""``concertations db backup|restore`` and ``concertations doctor`` from the command line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli import doctor
from dashboard.cli.main import main
from data_access.db import get_engine


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    get_engine.cache_clear()


def test_backup_then_restore_into_an_empty_store_prints_equal_figures(
    cli_store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["db", "upgrade"])
    main(["demo"])
    capsys.readouterr()
    out = tmp_path / "sauvegarde.sqlite3"
    assert main(["db", "backup", "--out", str(out)]) == 0
    saved = capsys.readouterr().out
    assert "Sauvegarde écrite" in saved and "format sqlite" in saved and "territoires engagés" in saved
    assert main(["db", "restore", str(out)]) == 2  # the source store is not empty
    assert "n'est pas vide" in capsys.readouterr().err
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", f"sqlite:///{tmp_path / 'neuve.sqlite3'}")
    get_engine.cache_clear()
    main(["db", "upgrade"])
    capsys.readouterr()
    assert main(["db", "restore", str(out)]) == 0
    restored = capsys.readouterr().out
    assert "Restauration terminée" in restored
    figures = [line for line in saved.splitlines() if line.strip().startswith("campagne")]
    assert figures and all(line in restored for line in figures)


def test_doctor_passes_on_a_migrated_local_store(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["db", "upgrade"])
    capsys.readouterr()
    assert main(["doctor", "--address", "127.0.0.1"]) == 0
    out = capsys.readouterr().out
    assert "✓ Version du schéma" in out and "mode local" in out and "Installation prête" in out


def test_doctor_fails_on_an_old_schema_and_an_open_address(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["doctor", "--address", "0.0.0.0"]) == 1
    out = capsys.readouterr().out
    assert "✗ Version du schéma" in out and "concertations db upgrade" in out
    assert "✗ Connexion des utilisateurs" in out and "127.0.0.1" in out


def test_doctor_reports_an_unreachable_database(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", "postgresql+psycopg://personne@127.0.0.1:1/absente")
    results = {check.name: check for check in doctor.checks("127.0.0.1")}
    assert results["Base de données joignable"].status == "échec"
    assert results["Version du schéma"].detail.startswith("non vérifiée")


def test_doctor_reports_an_incomplete_auth_section(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nredirect_uri = "https://exemple.fr/oauth2callback"\n', encoding="utf-8")
    monkeypatch.setenv("CONCERTATIONS_SECRETS_PATH", str(secrets))
    check = doctor._sign_in("0.0.0.0")
    assert check.status == "échec" and "cookie_secret" in check.detail


def test_doctor_flags_little_free_disk(monkeypatch: pytest.MonkeyPatch, cli_store: str) -> None:
    monkeypatch.setattr(doctor.shutil, "disk_usage", lambda _path: type("U", (), {"free": 50 * 1024 * 1024})())
    assert doctor._free_disk().status == "échec"


def test_doctor_checks_the_public_address_of_personal_links(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Issue 24 item 13: links always read http://localhost:8501; the public address is a checked setting."""
    monkeypatch.setenv("CONCERTATIONS_SECRETS_PATH", str(tmp_path / "absent.toml"))
    monkeypatch.delenv("CONCERTATIONS_PUBLIC_URL", raising=False)
    local = doctor._public_url("127.0.0.1")
    assert local.status == "attention" and "http://localhost:8501" in local.detail
    assert doctor._public_url("0.0.0.0").status == "échec"
    monkeypatch.setenv("CONCERTATIONS_PUBLIC_URL", "http://127.0.0.1:8501")
    assert doctor._public_url("0.0.0.0").status == "échec"
    monkeypatch.setenv("CONCERTATIONS_PUBLIC_URL", "https://observatoire.exemple.fr/")
    check = doctor._public_url("0.0.0.0")
    assert check.status == "ok" and check.detail == "https://observatoire.exemple.fr."
    monkeypatch.setenv("CONCERTATIONS_PUBLIC_URL", "observatoire.exemple.fr")
    assert doctor._public_url("0.0.0.0").status == "échec"
