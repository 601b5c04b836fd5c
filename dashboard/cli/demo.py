"""``concertations demo [--scale N] [--seed S] [--reset] [--if-empty]``."""

from __future__ import annotations

import argparse
from typing import Any

from dashboard.cli.main import cli_actor, store_session
from dashboard.text import formatting
from data_access import demo, store_meta


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("demo", help="Générer la campagne de démonstration")
    parser.add_argument("--scale", type=int, default=1, help="échelle (1 ≈ 150 territoires ; 20 ≈ 3 000)")
    parser.add_argument("--seed", type=int, default=2025, help="graine (même graine, même campagne)")
    parser.add_argument("--reset", action="store_true", help="effacer toute la base avant de générer")
    parser.add_argument("--if-empty", action="store_true", help="ne rien faire si la base contient déjà des données")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    with store_session() as session:
        if args.if_empty and not store_meta.is_empty(session):
            print("La base contient déjà des données : aucune démonstration générée.")
            return 0
        summary = demo.generate(session, actor=cli_actor(), scale=args.scale, seed=args.seed, reset=args.reset)
    print(
        f"Campagne de démonstration générée : {formatting.plural(summary.territories, 'territoire')}, "
        f"{formatting.plural(summary.sessions, 'session')}, {formatting.plural(summary.responses, 'grille')}, "
        f"{formatting.plural(summary.proposals, 'proposition')}, "
        f"{formatting.plural(summary.findings, 'enseignement')}."
    )
    return 0
