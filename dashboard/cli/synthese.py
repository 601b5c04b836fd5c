"""``concertations synthese ACTION``: the synthesis of the proposals, for scripts and checks.

- ``classer --json``: for each proposal not in the manifesto, up to three suggested sections with
  their confidence (``data_access.manifesto.suggestions``).

Each action is one ``_register_<action>(actions)`` function listed in ``SUBCOMMANDS``; another
action (e.g. ``themes``) adds its own function there.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from dashboard.cli.campaign_arg import add_campaign_argument, campaign_id
from dashboard.cli.main import store_session
from dashboard.text import formatting
from data_access.manifesto import suggestions


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("synthese", help="Synthèse des propositions (sections suggérées…)")
    actions = parser.add_subparsers(dest="synthese_action", metavar="ACTION")
    actions.required = True
    for register_subcommand in SUBCOMMANDS:
        register_subcommand(actions)


def _register_classer(actions: Any) -> None:
    parser = actions.add_parser(
        "classer", help="Pour chaque proposition hors du manifeste : jusqu'à 3 sections suggérées et leur confiance")
    parser.add_argument("--json", action="store_true", help="sortie JSON (sinon un tableau lisible)")
    parser.add_argument("--limite", type=int, default=None, help="nombre de propositions au plus (les plus sûres)")
    add_campaign_argument(parser)
    parser.set_defaults(handler=_classer)


def _classer(args: argparse.Namespace) -> int:
    with store_session() as session:
        queue = suggestions.pending(session, campaign_id(session, args))
    entries = queue.entries[: args.limite] if args.limite else queue.entries
    if args.json:
        payload = [
            {"proposition": pid, "texte": entry.text,
             "sections": [{"id": sid, "titre": queue.sections[sid], "confiance": confidence}
                          for sid, confidence in entry.choices]}
            for entry in entries for pid in entry.proposal_ids
        ]
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    if not queue.sections:
        print("Le manifeste n'a encore aucune section : rien à suggérer. Importez un plan "
              "(« concertations manifeste plan --depuis plan.md »).")
        return 0
    print(f"{formatting.plural(queue.proposals, 'proposition')} hors du manifeste, "
          f"{formatting.plural(len(queue.entries), 'formulation distincte', 'formulations distinctes')}.")
    for entry in entries:
        choices = " ; ".join(f"{queue.sections[sid]} ({formatting.percent(c)})" for sid, c in entry.choices)
        print(f"- {entry.text[:90]} → {choices}")
    return 0


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (_register_classer,)
