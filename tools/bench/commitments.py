"""Bench group « engagements »: the « Suivi des engagements » page cold and warm at each scale (as
``tools.bench.pages`` measures pages), and the import of a 5,000-row commitments CSV.

The file is the demo's own export, its rows repeated without identifiers (so every row creates a
commitment, sub-commitments detached from their parents): the realistic mix of committers,
statuses, dates and links, at the size the issue names. Dry run and import each run in their own
process, on a copy of the demo store.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.bench import BACKEND_LABELS, Backend, BenchContext, Measure, _environ
from tools.bench.pages import RUNS, measure_page

GROUP = "engagements"
PAGE = "engagements"
COLD_TARGET_S = 1.5
WARM_TARGET_S = 0.3
IMPORT_ROWS = 5000
IMPORT_TARGET_S = 10.0


def run(context: BenchContext) -> list[Measure]:
    measures: list[Measure] = []
    for backend in context.backends:
        measures.extend(_page(context, backend))
    measures.extend(_import(context))
    return measures


def _page(context: BenchContext, backend: Backend) -> list[Measure]:
    suffix = "" if backend == "sqlite" else f" [{BACKEND_LABELS[backend]}]"
    measures: list[Measure] = []
    for scale in context.scales:
        runs = [measure_page(context.store_url(scale, backend), PAGE) for _ in range(RUNS)]
        for result in runs:
            if result["problems"]:
                print(f"  ! {PAGE} (échelle {scale}{suffix}) : {result['problems']}", flush=True)
        cold = min(float(str(r["cold"])) for r in runs)
        warm = min(float(str(r["warm"])) for r in runs)
        measures.append(Measure(GROUP, f"Suivi des engagements : premier affichage (froid){suffix}", cold, "s", scale,
                                COLD_TARGET_S if scale >= 20 else None))
        measures.append(Measure(GROUP, f"Suivi des engagements : réaffichage (chaud){suffix}", warm, "s", scale,
                                WARM_TARGET_S if scale >= 20 else None))
        problems = max(len(r["problems"]) for r in runs)  # type: ignore[arg-type]
        measures.append(Measure(GROUP, f"Suivi des engagements : erreurs affichées{suffix}", problems, "", scale, 0))
    return measures


def _import(context: BenchContext) -> list[Measure]:
    scale = min(context.scales)
    source = Path(context.store_url(scale).removeprefix("sqlite:///"))
    measures: list[Measure] = []
    for mode, label in (("dry-run", "simulation"), ("import", "import")):
        copy = context.workdir / f"engagements-{mode}-{scale}.sqlite3"
        shutil.copyfile(source, copy)
        result = _worker([mode, f"sqlite:///{copy}", str(IMPORT_ROWS)])
        if result.get("errors"):
            print(f"  ! import d'engagements ({mode}) : {result['errors']}", flush=True)
        measures.append(Measure(GROUP, f"{label} de {IMPORT_ROWS:,} lignes d'engagements".replace(",", "\u202f"),
                                result["seconds"], "s", scale, IMPORT_TARGET_S))
        measures.append(Measure(GROUP, f"{label} : erreurs du rapport", result.get("errors", 0), "", scale, 0))
    return measures


def _worker(args: list[str]) -> dict[str, float]:
    completed = subprocess.run([sys.executable, "-m", "tools.bench.commitments", *args], check=True,
                               capture_output=True, text=True, env=_environ())
    lines = completed.stdout.strip().splitlines()
    return dict(json.loads(lines[-1])) if lines else {}


def big_file(exported: bytes, rows: int) -> bytes:
    """``rows`` rows of new commitments made from an export (identifiers and parents emptied)."""
    from data_access.commitments import csv_format

    source = list(csv.DictReader(io.StringIO(exported.decode("utf-8-sig")), delimiter=";"))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(csv_format.COLUMNS), delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for index in range(rows):
        row = dict(source[index % len(source)])
        row[csv_format.ID] = ""
        row[csv_format.PARENT] = ""
        row[csv_format.VERSION] = ""
        row[csv_format.TITLE] = f"{row[csv_format.TITLE]} ({index + 1})"[:300]
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8-sig")


def _main(argv: list[str]) -> None:
    from data_access import campaigns
    from data_access.access import SYSTEM_ACTOR
    from data_access.commitments import csv_format, csv_import
    from data_access.db import make_engine, session_scope

    mode, url, rows = argv
    engine = make_engine(url)
    with session_scope(engine) as session:
        campaign = campaigns.current_campaign(session)
        assert campaign is not None
        campaign_id = campaign.id
        data = big_file(csv_format.export_csv(session, actor=SYSTEM_ACTOR, campaign_id=campaign_id), int(rows))
    started = time.perf_counter()
    with session_scope(engine) as session:
        report = csv_import.import_csv(session, actor=SYSTEM_ACTOR, campaign_id=campaign_id, data=data,
                                       filename="engagements.csv", dry_run=mode == "dry-run")
    seconds = time.perf_counter() - started
    engine.dispose()
    print(json.dumps({"seconds": seconds, "errors": len(report.errors), "created": report.counts()["création"]}))


if __name__ == "__main__":
    _main(sys.argv[1:])
