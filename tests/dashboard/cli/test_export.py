"""``concertations export`` end to end on a scale-1 demo store of its own."""

from __future__ import annotations

import argparse
import struct
import sys
import types
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.cli import export
from dashboard.cli.main import main
from data_access.db import get_engine


@pytest.fixture(scope="module")
def export_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('export') / 'cli.sqlite3'}"
    patch = pytest.MonkeyPatch()
    patch.setenv("CONCERTATIONS_DATABASE_URL", url)
    get_engine.cache_clear()
    assert main(["db", "upgrade"]) == 0
    assert main(["demo"]) == 0
    yield url
    patch.undo()
    get_engine.cache_clear()


def test_export_map_png_defaults_to_departements_for_print(export_store: str, tmp_path: Path) -> None:
    out = tmp_path / "carte.png"
    assert main(["export", "map", "--format", "png", "--preset", "wide", "--out", str(out)]) == 0
    assert struct.unpack(">II", out.read_bytes()[16:24]) == (1200, 675)


@pytest.mark.parametrize(("fmt", "magic"), [("svg", b"<svg"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")])
def test_export_map_other_formats(export_store: str, tmp_path: Path, fmt: str, magic: bytes) -> None:
    out = tmp_path / f"carte.{fmt}"
    assert main(["export", "map", "--format", fmt, "--layer", "territoires", "--preset", "square",
                 "--out", str(out)]) == 0
    assert out.read_bytes().lstrip().startswith(magic)


def test_export_opendata_zip(export_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "donnees.zip"
    assert main(["export", "opendata", "--out", str(out)]) == 0
    assert "Fichier écrit" in capsys.readouterr().out
    assert "datapackage.json" in zipfile.ZipFile(out).namelist()


def test_bad_arguments_answer_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["export", "map", "--format", "gif", "--out", "x.gif"])
    assert "arguments invalides" in capsys.readouterr().err


def test_extra_export_actions_can_be_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("tests_fake_manifesto_action")

    def register_action(actions: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
        actions.add_parser("manifesto").set_defaults(handler=lambda _args: 0)

    module.register_action = register_action  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(export, "ACTION_MODULES", (module.__name__,))
    assert main(["export", "manifesto"]) == 0
