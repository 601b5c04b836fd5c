from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest

from dashboard.cli.main import main
from dashboard.text import formatting
from data_access import campaigns, migrate
from data_access.db import get_engine, session_scope
from data_access.filters import Filters
from data_access.monitoring import figures


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    monkeypatch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    yield url
    get_engine.cache_clear()


def test_upgrade_demo_and_figures(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    head = migrate.head_revision()
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"Schéma mis à jour : vide → {head}.\n"
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == f"Schéma déjà à jour (version {head}).\n"
    assert main(["demo", "--if-empty"]) == 0
    generated = capsys.readouterr().out
    with session_scope(get_engine()) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        expected = figures.key_figures(session, Filters(campaign_id=campaign.id))
    assert generated.startswith("Campagne de démonstration générée : "
                                f"{formatting.plural(expected.engaged, 'territoire')}, "
                                f"{formatting.plural(expected.concertations, 'session')}, ")
    assert f"{formatting.plural(expected.proposals, 'proposition')}, " in generated
    assert main(["demo", "--if-empty"]) == 0
    assert capsys.readouterr().out == "La base contient déjà des données : aucune démonstration générée.\n"
    assert main(["figures", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == asdict(expected)


def test_demo_on_a_filled_store_needs_reset(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    main(["db", "upgrade"])
    main(["demo"])
    capsys.readouterr()
    assert main(["demo"]) == 2
    assert "--reset" in capsys.readouterr().err


def test_store_not_migrated_is_explained(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["figures"]) == 2
    err = capsys.readouterr().err
    assert "concertations db upgrade" in err and "Traceback" not in err


def test_bad_arguments_are_explained_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["demo", "--scale", "beaucoup"])
    assert caught.value.code == 2
    assert "arguments invalides" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://personne@127.0.0.1:1/nulle", "Impossible de joindre la base"),
        ("n'importe quoi", "n'est pas valide"),
    ],
)
def test_console_script_reports_store_problems_without_traceback(url: str, expected: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dashboard.cli.main", "db", "upgrade"],
        env={"CONCERTATIONS_DATABASE_URL": url, "PATH": "/usr/bin:/bin",
             "CONCERTATIONS_SECRETS_PATH": str(tmp_path / "none.toml")},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation : concertations")
    assert "afficher cette aide et quitter" in out
    assert "show this help" not in out and "positional arguments" not in out
