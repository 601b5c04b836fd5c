"""``concertations synthese …``: the synthesis of the campaign's proposals, for scripts and checks.

One command group; each subcommand registers itself on ``group`` in ``register`` (``themes`` here).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from dashboard.cli.main import FrenchArgumentParser, store_session
from dashboard.text import formatting
from data_access import campaigns
from data_access.errors import ConfigurationError
from data_access.manifesto import themes


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("synthese", help="Synthèse des propositions (thèmes…)")
    group = parser.add_subparsers(dest="synthese_command", metavar="SOUS-COMMANDE", parser_class=FrenchArgumentParser)
    group.required = True
    themes_parser = group.add_parser(
        "themes", help="Les thèmes trouvés dans les propositions, avec les décisions des éditeurs")
    themes_parser.add_argument("--json", action="store_true", help="sortie JSON")
    themes_parser.set_defaults(handler=_themes)


def themes_payload(found: themes.Themes) -> dict[str, Any]:
    return {
        "proposals": found.proposals,
        "unthemed": found.unthemed,
        "themes": [
            {"label": t.label, "keywords": list(t.keywords), "status": t.status, "covered": t.covered,
             "proposals": len(t.proposal_ids), "territories": t.territories, "regions": t.regions,
             "proposal_ids": list(t.proposal_ids),
             "quotes": [{"proposal_id": q.proposal_id, "text": q.text, "territories": list(q.territories)}
                        for q in t.quotes]}
            for t in found.shown],
        "rejected": [{"label": t.label, "proposal_ids": list(t.proposal_ids)} for t in found.rejected],
    }


def _themes(args: argparse.Namespace) -> int:
    with store_session() as session:
        campaign = campaigns.current_campaign(session)
        if campaign is None:
            raise ConfigurationError("La base ne contient aucune campagne.",
                                     hint="Lancez « concertations demo » ou importez des grilles.")
        found = themes.view(session, campaign.id, themes.compute(session, campaign.id))
    if args.json:
        print(json.dumps(themes_payload(found), ensure_ascii=False))
        return 0
    share = formatting.percent(found.unthemed / found.proposals) if found.proposals else "—"
    print(f"{formatting.plural(len(found.shown), 'thème')} pour {formatting.plural(found.proposals, 'proposition')} "
          f"({share} sans thème).")
    for theme in found.shown:
        print(f"- {theme.label} : {formatting.plural(len(theme.proposal_ids), 'proposition')}, "
              f"{formatting.plural(theme.territories, 'territoire')}, {formatting.plural(theme.regions, 'région')} "
              f"— mots clés : {', '.join(theme.keywords)}")
    return 0
