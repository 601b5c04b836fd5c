"""``concertations publier``: publishes the public page into « courant », refuses a wrong interval in French."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.cli.main import main


def test_one_cycle_publishes_the_public_page(sqlite_demo_store: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "publication"
    assert main(["publier", "--dossier", str(folder), "--une-fois"]) == 0
    out = capsys.readouterr().out
    assert "Page publique publiée dans" in out and "territoires engagés" in out
    assert (folder / "courant").is_symlink()
    assert sorted(p.name for p in (folder / "courant").iterdir() if p.suffix != ".gz") == [
        "carte.html", "engagements-carte.html", "index.html", "style.css"]  # the demo has validated commitments


def test_an_interval_too_long_for_the_60_seconds_promise_is_refused(sqlite_demo_store: str, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["publier", "--dossier", str(tmp_path), "--intervalle", "120", "--une-fois"]) == 2
    assert "--intervalle attend de 1 à 45 secondes" in capsys.readouterr().err
