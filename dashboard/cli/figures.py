"""``concertations figures [--json]``: the campaign's key figures (same functions as the home page)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from dashboard.cli.main import store_session
from dashboard.text import formatting
from data_access import campaigns
from data_access.errors import ConfigurationError
from data_access.filters import Filters
from data_access.monitoring import figures


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("figures", help="Afficher les chiffres clés de la campagne")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    with store_session() as session:
        campaign = campaigns.current_campaign(session)
        if campaign is None:
            raise ConfigurationError("La base ne contient aucune campagne.",
                                     hint="Lancez « concertations demo » ou importez des grilles.")
        values = figures.key_figures(session, Filters(campaign_id=campaign.id))
    if args.json:
        print(json.dumps(asdict(values), ensure_ascii=False))
    else:
        for key, value in asdict(values).items():
            print(f"{figures.FIGURE_LABELS[key].title} : {formatting.number(value)}")
    return 0
