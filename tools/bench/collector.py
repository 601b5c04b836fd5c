"""Python's full garbage collection with the caches warm, without and with the freeze after warm-up
(``dashboard/collector.py``).

In a fresh process on the demo store at the largest scale, AppTest opens every page twice (caches
warm) with the freeze switched off, then: the longest generation-2 pause seen by ``gc.callbacks``
during one more round of the pages, and the median of three explicit full collections. The freeze is
then switched on, each page runs once more (its « first » run freezes), and the same two figures are
taken again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.bench import PROJECT_ROOT, BenchContext, Measure

GROUP = "collector"
PAGES = ("accueil", "carte", "suivi", "enseignements", "fiche_territoire", "bibliotheque", "territoires_engages", "manifeste")
PAUSE_TARGET_S = 0.05

_PROBE = r"""
import gc, json, os, statistics, sys, time
from streamlit.testing.v1 import AppTest
from dashboard import collector

root, pages = sys.argv[1], sys.argv[2].split(",")
pauses, started = [], {}

def watch(phase, info):
    if info["generation"] != 2:
        return
    if phase == "start":
        started["t"] = time.perf_counter()
    else:
        pauses.append(time.perf_counter() - started["t"])

def visit(at):
    for page in pages:
        at.switch_page(os.path.join(root, "pages", page + ".py")).run()

def full():
    times = []
    for _ in range(3):
        start = time.perf_counter()
        gc.collect()
        times.append(time.perf_counter() - start)
    return statistics.median(times)

freezing = collector.after_run
collector.after_run = lambda page: False
at = AppTest.from_file(os.path.join(root, "dashboard", "app.py"), default_timeout=600)
at.run()
visit(at)
visit(at)
gc.callbacks.append(watch)
pauses.clear()
visit(at)
result = {"natural_before": max(pauses, default=0.0), "collections_before": len(pauses),
          "tracked_before": len(gc.get_objects()), "full_before": full()}
collector.after_run = freezing
collector.reset()
visit(at)  # each page's first run with the freeze: collect, then freeze
pauses.clear()
visit(at)
result.update({"natural_after": max(pauses, default=0.0), "collections_after": len(pauses),
               "tracked_after": len(gc.get_objects()), "frozen": gc.get_freeze_count(), "full_after": full(),
               "problems": [str(e.value)[:200] for e in at.exception]})
print(json.dumps(result))
"""


def measure(database_url: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CONCERTATIONS_DATABASE_URL": database_url,
               "CONCERTATIONS_SECRETS_PATH": str(Path(tmp) / "absent.toml")}
        completed = subprocess.run([sys.executable, "-c", _PROBE, str(PROJECT_ROOT), ",".join(PAGES)], env=env,
                                   cwd=PROJECT_ROOT, capture_output=True, text=True, check=False, timeout=1800)
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"Mesure du ramasse-miettes impossible : {completed.stderr[-1500:]}")
    result: dict[str, float] = json.loads(lines[-1])
    return result


def run(context: BenchContext) -> list[Measure]:
    scale = max(context.scales)
    figures = measure(context.store_url(scale))
    if figures.get("problems"):
        print(f"  ! erreurs affichées : {figures['problems']}", flush=True)
    return [
        Measure(GROUP, "collecte complète, caches chauds, sans gel", figures["full_before"], "s", scale),
        Measure(GROUP, "collecte complète, caches chauds, après gel", figures["full_after"], "s", scale,
                PAUSE_TARGET_S),
        Measure(GROUP, "plus longue pause pendant un tour, sans gel", figures["natural_before"], "s", scale),
        Measure(GROUP, "plus longue pause pendant un tour, après gel", figures["natural_after"], "s", scale,
                PAUSE_TARGET_S),
        Measure(GROUP, "collectes complètes pendant un tour, sans gel", figures["collections_before"], "", scale),
        Measure(GROUP, "collectes complètes pendant un tour, après gel", figures["collections_after"], "", scale),
        Measure(GROUP, "objets suivis, sans gel", figures["tracked_before"], "", scale),
        Measure(GROUP, "objets suivis hors gel, après gel", figures["tracked_after"], "", scale),
        Measure(GROUP, "objets gelés", figures["frozen"], "", scale),
    ]
