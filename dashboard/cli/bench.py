"""``concertations bench [--scales 1,20] [--only GROUP] [--out FILE]``: speed and memory figures.

``--users 1,5,10,20`` runs the load group (simultaneous sessions against a served app) alone,
unless ``--only`` says otherwise; ``--processes`` and ``--option`` shape the served app.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dashboard.text import formatting

if TYPE_CHECKING:
    from tools.bench import Measure

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("bench", help="Mesurer les performances (temps, mémoire, tailles)")
    parser.add_argument("--scales", default="1,20", help="échelles de démonstration, séparées par des virgules")
    parser.add_argument("--only", action="append", default=[], help="ne lancer que ce groupe (répétable)")
    parser.add_argument("--out", default="bench-results/bench.json", help="fichier JSON des résultats")
    parser.add_argument("--users", default=None,
                        help="charge : nombres d'utilisateurs simultanés, séparés par des virgules (ex. 1,5,10,20)")
    parser.add_argument("--processes", type=int, default=1, help="charge : nombre de processus de l'application")
    parser.add_argument("--option", action="append", default=[], metavar="CLÉ=VALEUR",
                        help="charge : option passée à « streamlit run » (ex. runner.postScriptGC=false ; répétable)")
    parser.set_defaults(handler=_run)


def _integers(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part.strip())


def _run(args: argparse.Namespace) -> int:
    try:
        scales = _integers(args.scales)
        users = _integers(args.users) if args.users else (1, 5, 10, 20)
    except ValueError:
        print("Erreur : --scales et --users attendent des entiers séparés par des virgules (ex. 1,20).")
        return 2
    if not users or min(users) < 1 or max(users) > 200 or not 1 <= args.processes <= 8:
        print("Erreur : --users attend de 1 à 200 utilisateurs et --processes de 1 à 8 processus.")
        return 2
    if args.users and not args.only:
        args.only = ["load"]
    # The benchmark is a developer tool kept outside the shipped packages, next to them in a checkout.
    if not (PROJECT_ROOT / "tools" / "bench").is_dir():
        print("Erreur : le banc d'essai n'est disponible que depuis une copie du dépôt (dossier tools/bench).")
        return 2
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    # Importable only now that tools/ is on sys.path.
    from tools.bench import BENCH_MODULES, BenchContext

    context = BenchContext(scales=scales, users=users, processes=args.processes,
                           streamlit_options=tuple(args.option))
    measures: list[Measure] = []
    for module_name in BENCH_MODULES:
        group = module_name.rsplit(".", 1)[-1]
        if args.only and group not in args.only:
            continue
        print(f"… {group}", flush=True)
        measures.extend(importlib.import_module(module_name).run(context))
    _print_table(measures)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps([m.as_dict() for m in measures], ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Résultats écrits dans {out}")
    return 0 if all(m.ok is not False for m in measures) else 1


def _print_table(measures: list[Measure]) -> None:
    header = f"{'groupe':<14} {'mesure':<52} {'échelle':>7} {'valeur':>12} {'cible':>10}  état"
    print(header)
    print("-" * len(header))
    for m in measures:
        decimals = 0 if m.unit in {"o", "Ko"} or m.value >= 100 else 2
        value = f"{formatting.number(m.value, decimals=decimals)} {m.unit}"
        target = "" if m.target is None else f"≤ {formatting.number(m.target, decimals=0 if m.target >= 10 else 2)}"
        status = {True: "ok", False: "DÉPASSÉ", None: ""}[m.ok]
        scale = "" if m.scale is None else str(m.scale)
        print(f"{m.group:<14} {m.name:<52} {scale:>7} {value:>12} {target:>10}  {status}")
