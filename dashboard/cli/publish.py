"""``concertations publier --dossier DOSSIER [--intervalle 15] [--une-fois]``: keep the public page's
static files up to date, for nginx to serve (deploy/systemd/concertations-publication.service).

Every ``--intervalle`` seconds, one small query reads the data versions the public page depends on;
the files are rewritten (``dashboard.space.publication``) only when they moved: a change shows at the
public address within an interval plus the time of one publication (a few seconds at scale 20).
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path
from typing import Any

from dashboard.cli.main import store_session
from dashboard.text import formatting
from data_access.errors import ValidationError

MIN_INTERVAL_S = 1.0
MAX_INTERVAL_S = 45.0  # regenerated within 60 s of a write: interval + one publication


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "publier", help="Publier la page publique en fichiers statiques (servis par nginx) et la tenir à jour")
    parser.add_argument("--dossier", type=Path, required=True,
                        help="dossier de publication ; nginx sert son sous-dossier « courant »")
    parser.add_argument("--intervalle", type=float, default=15.0,
                        help="secondes entre deux vérifications des données (15 par défaut)")
    parser.add_argument("--une-fois", action="store_true", dest="once",
                        help="une seule vérification (publie si besoin), puis s'arrête")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # Without a Streamlit runtime, importing the cached readers makes Streamlit warn in English.
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level(logging.ERROR)
    from dashboard.space import publication

    if not MIN_INTERVAL_S <= args.intervalle <= MAX_INTERVAL_S:
        raise ValidationError(f"--intervalle attend de {formatting.number(MIN_INTERVAL_S, decimals=0)} à "
                              f"{formatting.number(MAX_INTERVAL_S, decimals=0)} secondes.")
    folder: Path = args.dossier
    last: publication.Stamp | None = None
    while True:
        try:
            with store_session() as session:
                result = publication.cycle(session, folder, last)
        except OSError as exc:
            raise ValidationError(f"Impossible d'écrire dans {folder} ({exc.strerror}).") from exc
        if result.published:
            print(f"Page publique publiée dans {publication.current_folder(folder)} : "
                  f"{formatting.plural(result.territories, 'territoire engagé', 'territoires engagés')}, "
                  f"{formatting.number(result.seconds, decimals=2)} s.", flush=True)
        last = result.stamp
        if args.once:
            return 0
        time.sleep(args.intervalle)
