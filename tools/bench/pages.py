"""Page timings (AppTest) and map payload at each demo scale.

For each scale and page, a fresh Python process with empty caches imports the app's modules
and runs a trivial Streamlit script (as a running server has, once; that warm-up time is
reported separately, « mise en route du processus »), then runs the app
under AppTest: the entrypoint's first run (home page), then the page. ``froid`` is that page's
first run (for the home page, the entrypoint's first run), ``chaud`` the median of three
reruns. Each page is measured in two processes and the faster kept (shared, noisy machine). The carte page also reports the size of the map sent
to the browser (the streamlit-folium component's arguments: script, HTML and header).
With ``CONCERTATIONS_BENCH_POSTGRES_URL`` set, every figure is taken again on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.bench import BACKEND_LABELS, Backend, BenchContext, Measure

GROUP = "pages"
PAGES = ("accueil", "carte", "suivi", "enseignements", "fiche_territoire", "saisie", "bibliotheque",
         "territoires_engages")
COLD_TARGET_S = 1.5
WARM_TARGET_S = 0.3
RATIO_TARGET = 3.0
MAP_TARGET_KO = 1.5 * 1024
RUNS = 2
PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent

_PROBE = r"""
import json, os, statistics, sys, time
from streamlit.testing.v1 import AppTest

root, page = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if sys.argv[3] == "imports":
    # A running server has imported these once, before any user: « froid » is about empty caches.
    import altair, folium, openpyxl, pandas, sqlalchemy, streamlit_folium  # noqa: F401
    import dashboard.monitoring.charts, dashboard.monitoring.maps, dashboard.monitoring.layout, dashboard.monitoring.progress_table  # noqa: F401
    import dashboard.monitoring.readers, dashboard.ui.widgets, data_access.monitoring  # noqa: F401
    data_access_reference = __import__("data_access.territories.reference", fromlist=["x"])
    data_access_reference.all_territories()
    # Streamlit's own first run (lazy imports, element machinery), on a script that reads nothing.
    AppTest.from_string("import streamlit as st\nst.title('x')\nst.dataframe({'a': [1]})\nst.metric('a', 1)").run()
imports = time.perf_counter() - start
at = AppTest.from_file(os.path.join(root, "dashboard", "app.py"), default_timeout=300)
start = time.perf_counter()
at.run()
cold = time.perf_counter() - start
if page != "accueil":
    start = time.perf_counter()
    at.switch_page(os.path.join(root, "pages", page + ".py")).run()
    cold = time.perf_counter() - start
warm = []
for _ in range(3):
    start = time.perf_counter()
    at.run()
    warm.append(time.perf_counter() - start)
problems = [str(e.value)[:200] for e in at.exception] + [str(e.value)[:200] for e in at.error]
payload = None
components = at.get("component_instance")
if components:
    payload = len(components[0].proto.json_args.encode("utf-8"))
print(json.dumps({"cold": cold, "warm": statistics.median(warm), "payload": payload, "problems": problems,
                  "imports": imports}))
"""


def measure_page(database_url: str, page: str, *, preload: bool = True) -> dict[str, object]:
    """Run one page in a fresh process; returns cold/warm seconds, map payload bytes, problems."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "CONCERTATIONS_DATABASE_URL": database_url,
               # No secrets: mode local (administrator), the widest view of the data.
               "CONCERTATIONS_SECRETS_PATH": str(Path(tmp) / "absent.toml")}
        completed = subprocess.run(
            [sys.executable, "-c", _PROBE, str(PROJECT_ROOT), page, "imports" if preload else "none"], env=env, cwd=PROJECT_ROOT,
            capture_output=True, text=True, check=False, timeout=900,
        )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("{")]
    if completed.returncode != 0 or not lines:
        raise RuntimeError(f"Mesure de la page {page} impossible : {completed.stderr[-1500:]}")
    result: dict[str, object] = json.loads(lines[-1])
    return result


def run(context: BenchContext) -> list[Measure]:
    measures: list[Measure] = []
    for backend in context.backends:
        measures.extend(_run_backend(context, backend))
    return measures


def _run_backend(context: BenchContext, backend: Backend) -> list[Measure]:
    measures: list[Measure] = []
    results: dict[tuple[int, str], dict[str, float]] = {}
    # SQLite keeps the historical names; other backends say which they are.
    suffix = "" if backend == "sqlite" else f" [{BACKEND_LABELS[backend]}]"
    for scale in context.scales:
        url = context.store_url(scale, backend)
        imports: list[float] = []
        for page in PAGES:
            # Two fresh processes per page; the faster one is kept (the machine is shared and noisy).
            runs = [measure_page(url, page) for _ in range(RUNS)]
            for result in runs:
                if result["problems"]:
                    print(f"  ! {page} (échelle {scale}{suffix}) : {result['problems']}", flush=True)
            cold = min(float(str(r["cold"])) for r in runs)
            warm = min(float(str(r["warm"])) for r in runs)
            imports.extend(float(str(r["imports"])) for r in runs)
            results[(scale, page)] = {"cold": cold, "warm": warm}
            measures.append(Measure(GROUP, f"{page} : premier affichage (froid){suffix}", cold, "s", scale,
                                    COLD_TARGET_S))
            measures.append(Measure(GROUP, f"{page} : réaffichage (chaud){suffix}", warm, "s", scale, WARM_TARGET_S))
            payloads = [int(str(r["payload"])) for r in runs if r["payload"] is not None]
            if payloads:
                measures.append(Measure(GROUP, f"{page} : HTML de la carte envoyé{suffix}", max(payloads) / 1024,
                                        "Ko", scale, MAP_TARGET_KO))
            problems = max(len(r["problems"]) for r in runs)  # type: ignore[arg-type]
            measures.append(Measure(GROUP, f"{page} : erreurs affichées{suffix}", problems, "", scale, 0))
        # Reported, not targeted: what a brand-new server process pays once before its first page.
        measures.append(Measure(GROUP, f"mise en route du processus (imports){suffix}", min(imports), "s", scale))
    low, high = min(context.scales), max(context.scales)
    if low != high:
        for page in PAGES:
            for key, label in (("warm", "chaud"), ("cold", "froid")):
                base, top = results[(low, page)][key], results[(high, page)][key]
                measures.append(Measure(GROUP, f"{page} : rapport {label} {high}/{low}{suffix}",
                                        top / base if base else 0.0, "×", None, RATIO_TARGET))
    return measures
