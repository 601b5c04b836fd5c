"""Bench group « intake »: a demo campaign exported as the XLSX template, imported into an empty store.

Each import runs in its own process so its peak memory (RSS) is its own.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from data_access import campaigns, intake, migrate
from data_access.access import SYSTEM_ACTOR
from data_access.db import make_engine, session_scope
from data_access.intake import template as intake_template
from tools.bench import BenchContext, Measure, _environ

GROUP = "intake"
IMPORT_TARGET_SECONDS = 60.0
MEMORY_TARGET_MB = 1024.0


def run(context: BenchContext) -> list[Measure]:
    measures: list[Measure] = []
    for scale in context.scales:
        source = context.store_url(scale)
        workbook = context.workdir / f"campagne-{scale}.xlsx"
        started = time.perf_counter()
        _worker(["export", source, str(workbook)])
        export_seconds = time.perf_counter() - started
        big = scale >= 20
        measures.append(Measure(GROUP, "export de la campagne au format du modèle", export_seconds, "s", scale))
        measures.append(Measure(GROUP, "taille du classeur XLSX", workbook.stat().st_size / 1_048_576, "Mo", scale))
        for mode, label in (("dry-run", "simulation (dry run)"), ("import", "import dans une base vide")):
            target = context.workdir / f"import-{scale}-{mode}.sqlite3"
            target.unlink(missing_ok=True)
            result = _worker([mode, f"sqlite:///{target}", str(workbook)])
            measures.append(Measure(GROUP, label, result["seconds"], "s", scale,
                                    IMPORT_TARGET_SECONDS if big else None))
            # CPU time tells the code's cost apart from waiting for a shared machine's cores.
            measures.append(Measure(GROUP, f"temps CPU, {label}", result["cpu_seconds"], "s", scale))
            measures.append(Measure(GROUP, f"mémoire max, {label}", result["peak_rss_mb"], "Mo", scale,
                                    MEMORY_TARGET_MB if big else None))
    return measures


def _worker(args: list[str]) -> dict[str, float]:
    completed = subprocess.run([sys.executable, "-m", "tools.bench.intake", *args], check=True,
                               capture_output=True, text=True, env=_environ())
    lines = completed.stdout.strip().splitlines()
    return dict(json.loads(lines[-1])) if lines else {}


def _main(argv: list[str]) -> None:
    mode, url, path = argv
    engine = make_engine(url)
    if mode == "export":
        with session_scope(engine) as session:
            campaign = campaigns.current_campaign(session)
            assert campaign is not None
            Path(path).write_bytes(intake_template.export_campaign(session, campaign.id))
        print(json.dumps({}))
        return
    migrate.upgrade(engine)
    data = Path(path).read_bytes()
    started, cpu_started = time.perf_counter(), time.process_time()
    with session_scope(engine) as session:
        report = intake.run_import(session, actor=SYSTEM_ACTOR, data=data, filename=Path(path).name,
                                   dry_run=mode == "dry-run")
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    if not report.ok:
        raise SystemExit(f"import refusé : {report.errors[:3]}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mb": peak}))


if __name__ == "__main__":
    _main(sys.argv[1:])
