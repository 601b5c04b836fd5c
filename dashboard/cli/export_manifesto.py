"""``concertations export manifesto --format docx|md --out FICHIER [--campaign ID]``.

The same files as the « Manifeste » page's download buttons (``dashboard.manifesto.rendering``);
an action of the ``export`` command (see ``dashboard/cli/export.py``, ``ACTION_MODULES``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dashboard.cli.main import store_session
from dashboard.manifesto import rendering
from dashboard.text import formatting
from data_access import campaigns, manifesto
from data_access.errors import ConfigurationError, ValidationError

FORMATS = ("docx", "md")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=FORMATS, default="docx", help="docx (Word) ou md (Markdown)")
    parser.add_argument("--out", required=True, help="fichier à écrire")
    parser.add_argument("--campaign", type=int, default=None, help="identifiant de campagne (par défaut la plus récente)")
    parser.set_defaults(handler=run)


def register_action(actions: Any) -> None:
    parser = actions.add_parser("manifesto", help="Manifeste en DOCX (Word) ou Markdown")
    add_arguments(parser)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if out.parent and not out.parent.exists():
        raise ValidationError(f"Le dossier {out.parent} n'existe pas.")
    with store_session() as session:
        if args.campaign is not None:
            campaign = campaigns.get_campaign(session, args.campaign)
            if campaign is None:
                raise ValidationError(f"Aucune campagne ne porte l'identifiant {args.campaign}.")
        else:
            campaign = campaigns.current_campaign(session)
        if campaign is None:
            raise ConfigurationError("La base ne contient aucune campagne.",
                                     hint="Lancez « concertations demo » ou importez des grilles.")
        document = manifesto.export_document(session, campaign.id)
    if args.format == "docx":
        out.write_bytes(rendering.to_docx(document))
    else:
        out.write_text(rendering.to_markdown(document), encoding="utf-8")
    print(f"Manifeste exporté ({args.format}) : {out} — {formatting.plural(len(document.sections), 'section')}, "
          f"{formatting.plural(document.item_count, 'élément')}, "
          f"{formatting.plural(len(document.territories), 'territoire contributeur', 'territoires contributeurs')}.")
    return 0
