"""``concertations export public --out DOSSIER``: the public page « Territoires engagés » (with the
manifesto's validated commitments) as a static site (``index.html``, ``carte.html``, ``style.css``) that
opens offline, for the associations' websites.

An action of the ``export`` command (see ``dashboard/cli/export.py``, ``ACTION_MODULES``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import time
from pathlib import Path
from typing import Any

from dashboard.cli.main import store_session
from dashboard.text import formatting
from data_access.commitments import public as commitments_public
from data_access.errors import ConfigurationError, ValidationError
from data_access.space import public


def register_action(actions: Any) -> None:
    parser = actions.add_parser("public", help="Page publique des territoires engagés en HTML statique hors ligne")
    parser.add_argument("--out", type=Path, required=True, help="dossier à écrire (créé au besoin)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # The public table's module holds the page's cached reader: without a Streamlit runtime, Streamlit
    # would warn in English on import. Nothing is cached here; the warning is noise for this command.
    from streamlit import logger as streamlit_logger

    streamlit_logger.set_log_level(logging.ERROR)
    # folium takes seconds to import: only this action pays for it.
    from dashboard.space import public_export

    started = time.perf_counter()
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise ValidationError(f"{out} existe et n'est pas un dossier.")
    with store_session() as session:
        campaign_id = public.latest_campaign_id(session)
        if campaign_id is None:
            raise ConfigurationError("La base ne contient aucune campagne.",
                                     hint="Lancez « concertations demo » ou importez des grilles.")
        data = public.summary(session, campaign_id)
        commitments = commitments_public.public_commitments(session, campaign_id)
    try:
        written = public_export.write_site(out, data, data_date=dt.date.today(), commitments=commitments)
    except OSError as exc:
        raise ValidationError(f"Impossible d'écrire dans {out} ({exc.strerror}).") from exc
    size = sum(path.stat().st_size for path in written)
    print(f"Page publique écrite dans {out} : {', '.join(path.name for path in written)} "
          f"({formatting.number(size / 1024, decimals=0)} Ko, "
          f"{formatting.plural(data.engaged, 'territoire engagé', 'territoires engagés')}, "
          f"{formatting.plural(commitments.total, 'engagement validé', 'engagements validés')}, "
          f"{formatting.number(time.perf_counter() - started, decimals=2)} s).")
    print(f"Ouvrez {out / 'index.html'} dans un navigateur, ou copiez le dossier sur votre site.")
    return 0
