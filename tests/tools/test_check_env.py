"""``make check-env`` names what is missing in French, fails only in CI, and passes when all is there."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tools import check_env


def _nothing_installed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CONCERTATIONS_CHROMIUM", str(tmp_path / "chromium"))
    monkeypatch.delenv(check_env.POSTGRES_URL_ENV, raising=False)
    monkeypatch.setattr(check_env, "AXE", tmp_path / "axe.min.js")


def test_each_missing_piece_is_named_in_french_with_its_fix(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    _nothing_installed(monkeypatch, tmp_path)
    monkeypatch.setenv("CI", "false")
    assert check_env.main() == 0  # a workstation: the tests that need them are skipped
    errors = capsys.readouterr().err
    for name in ("Chromium", "PostgreSQL", "npm", "LibreOffice", "pdftoppm"):
        assert f"✗ {name}" in errors
    assert "apt-get install -y chromium" in errors and "ignorés" in errors


def test_in_ci_a_missing_piece_stops_the_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _nothing_installed(monkeypatch, tmp_path)
    monkeypatch.setenv("CI", "true")
    assert check_env.main() == 1
    assert "arrêt avant la longue série de tests" in capsys.readouterr().err


def test_a_postgres_url_with_no_server_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(check_env.POSTGRES_URL_ENV, "postgresql+psycopg://postgres@127.0.0.1:9/test")
    finding = check_env.findings()[1]
    assert finding.missing == "aucun serveur ne répond sur 127.0.0.1:9"


def test_a_complete_machine_passes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    chromium = tmp_path / "chromium"
    chromium.touch()
    monkeypatch.setenv("CONCERTATIONS_CHROMIUM", str(chromium))
    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(check_env, "_postgres", lambda: check_env.Finding("PostgreSQL", ""))
    monkeypatch.setenv("CI", "true")
    assert check_env.main() == 0
