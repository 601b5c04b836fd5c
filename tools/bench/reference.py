"""Bench group ``reference``: resolver index load time, peak memory, 10,000 mixed queries.

Measured in a fresh interpreter (``python -m tools.bench.reference``) so that neither the
cached index nor other groups' memory distort the figures. CPU times are reported too: on a
shared machine, wall-clock time mostly measures the neighbours. Targets (issue 3, 2-core machine):
load ≤ 1 s, 10,000 queries ≤ 5 s, peak RSS ≤ 300 MB.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
import unicodedata
from typing import Any

from data_access import french
from data_access.territories import reference, resolver
from tools.bench import BenchContext, Measure, _environ, peak_rss_mb

GROUP = "reference"
QUERIES = 10_000


def _strip_accents(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 6:
        return text
    i = rng.randrange(1, len(text) - 1)
    operation = rng.choice(("drop", "double", "swap"))
    if operation == "drop":
        return text[:i] + text[i + 1:]
    if operation == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i - 1] + text[i] + text[i - 1] + text[i + 1:]


def mixed_queries(count: int = QUERIES, seed: int = 3) -> list[str]:
    """Deterministic mix of what imports meet: names, codes, hints, wording, typos, garbage."""
    rng = random.Random(seed)
    communes = reference.of_kind("commune")
    groups = reference.of_kind("epci") + reference.of_kind("ept")
    deps = reference.of_kind("departement")
    regions = reference.of_kind("region")
    queries: list[str] = []
    while len(queries) < count:
        roll = rng.random()
        commune = rng.choice(communes)
        if roll < 0.25:
            queries.append(commune.name)
        elif roll < 0.35:
            queries.append(_strip_accents(commune.name).upper().replace("SAINT-", "ST "))
        elif roll < 0.45:
            queries.append(f"{commune.name} ({commune.dep_code})")
        elif roll < 0.50:
            queries.append(commune.code if rng.random() < 0.7 else (commune.siren or commune.code))
        elif roll < 0.62:
            group = rng.choice(groups)
            queries.append(rng.choice((group.name, group.long_name or group.name, group.code)))
        elif roll < 0.70:
            dep = rng.choice(deps)
            queries.append(rng.choice((f"Conseil départemental de {dep.name}", f"Département {dep.name}",
                                       f"CD {dep.code}", dep.name)))
        elif roll < 0.74:
            region = rng.choice(regions)
            queries.append(rng.choice((f"Région {region.name}", f"Conseil régional {region.name}", region.name)))
        elif roll < 0.90:
            queries.append(_typo(rng, commune.name))
        elif roll < 0.95:
            queries.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyz -'") for _ in range(rng.randint(3, 25))))
        else:
            queries.append(rng.choice(("", "   ", "'; DROP TABLE territory; --", "<b>Lyon</b>", "x" * 400,
                                       "Montréal", "Abidjan", "N/A", "12345678901234")))
    return queries


def measure_in_process() -> dict[str, Any]:
    """Run in a fresh interpreter by ``run``: load the index, then resolve the mixed queries."""
    cpu, wall = time.process_time(), time.perf_counter()
    reference.all_territories()
    resolver.index()
    load_wall, load_cpu = time.perf_counter() - wall, time.process_time() - cpu
    cpu = time.process_time()
    resolver.resolve("Marseile")  # the first typo builds the fuzzy blocks
    first_typo_cpu = time.process_time() - cpu
    queries = mixed_queries()
    cpu, wall = time.process_time(), time.perf_counter()
    results = resolver.resolve_many(queries)
    resolve_wall, resolve_cpu = time.perf_counter() - wall, time.process_time() - cpu
    statuses = {status: sum(1 for r in results if r.status == status) for status in ("resolved", "ambiguous", "unknown")}
    return {"load_s": load_wall, "load_cpu_s": load_cpu, "resolve_s": resolve_wall, "resolve_cpu_s": resolve_cpu,
            "first_typo_cpu_s": first_typo_cpu,
            "peak_rss_mb": peak_rss_mb(), "statuses": statuses}


def run(context: BenchContext) -> list[Measure]:
    del context  # the reference needs no store
    completed = subprocess.run([sys.executable, "-m", "tools.bench.reference"], check=True, env=_environ(),
                               capture_output=True, text=True)
    figures = json.loads(completed.stdout.strip().splitlines()[-1])
    measures = [
        Measure(GROUP, "chargement de l'index (référentiel + index)", figures["load_s"], "s", target=1.0),
        Measure(GROUP, "chargement de l'index, temps CPU", figures["load_cpu_s"], "s"),
        Measure(GROUP, "première faute corrigée (index flou), temps CPU", figures["first_typo_cpu_s"], "s"),
        Measure(GROUP, f"résolution de {french.number(QUERIES)} requêtes mixtes", figures["resolve_s"], "s",
                target=5.0),
        Measure(GROUP, "résolution des requêtes mixtes, temps CPU", figures["resolve_cpu_s"], "s"),
        Measure(GROUP, "mémoire résidente maximale", figures["peak_rss_mb"], "Mo", target=300.0),
    ]
    for status, count in figures["statuses"].items():
        measures.append(Measure(GROUP, f"requêtes mixtes : {status}", float(count), "requêtes"))
    return measures


if __name__ == "__main__":
    print(json.dumps(measure_in_process()))
