"""``concertations manifeste plan --depuis FICHIER.md [--campaign ID]``: the manifesto's sections from
a Markdown outline written elsewhere (``data_access.manifesto.plan``).

Subcommands of the ``manifeste`` group are registered in ``SUBCOMMANDS`` (one function each)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.cli.campaign_arg import add_campaign_argument, campaign_id
from dashboard.cli.main import cli_actor, store_session
from data_access.errors import ValidationError
from data_access.manifesto import plan


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("manifeste", help="Le manifeste : plan des sections")
    actions = parser.add_subparsers(dest="manifeste_action", metavar="ACTION")
    actions.required = True
    for register_subcommand in SUBCOMMANDS:
        register_subcommand(actions)


def _register_plan(actions: Any) -> None:
    parser = actions.add_parser(
        "plan", help="Créer les sections d'un plan Markdown (# chapitre, ## section, texte = introduction)")
    parser.add_argument("--depuis", required=True, type=Path, metavar="FICHIER.md", help="le plan en Markdown")
    add_campaign_argument(parser)
    parser.set_defaults(handler=_plan)


def _plan(args: argparse.Namespace) -> int:
    path: Path = args.depuis
    if not path.is_file():
        raise ValidationError(f"Le fichier {path} n'existe pas.")
    text = plan.decode(path.read_bytes())
    plan.parse(text)  # a bad outline is refused before the store is opened
    with store_session() as session:
        report = plan.import_plan(session, actor=cli_actor(), campaign_id=campaign_id(session, args), text=text)
    print("\n".join(report.lines()))
    return 0


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (_register_plan,)
