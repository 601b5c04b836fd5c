"""``concertations``: the command line for every operation (store, demo, reference, import, exports, bench).

Each subcommand lives in ``dashboard/cli/<name>.py`` and exposes ``register(subparsers)``;
add new ones to ``COMMAND_MODULES``. Errors reach the user as French sentences, never tracebacks.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy.orm import Session

from data_access import migrate
from data_access.access import Actor
from data_access.db import get_engine, session_scope
from data_access.errors import UserFacingError
from data_access.models import Role

COMMAND_MODULES = (
    "dashboard.cli.db",
    "dashboard.cli.demo",
    "dashboard.cli.figures",
    "dashboard.cli.bench",
    "dashboard.cli.resolve",
    "dashboard.cli.intake",
    "dashboard.cli.export",
    "dashboard.cli.publish",
    "dashboard.cli.invite",
    "dashboard.cli.doctor",
    "dashboard.cli.manifeste",
    "dashboard.cli.synthese",
    "dashboard.cli.engagements",
)


# argparse's own words (usage, help, errors) are English; administrators read French.
_ARGPARSE_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "expected one argument": "une valeur est attendue",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "argument %(argument_name)s: %(message)s": "option %(argument_name)s : %(message)s",
}


def _french(message: str) -> str:
    return _ARGPARSE_FRENCH.get(message, message)


argparse._ = _french  # type: ignore[attr-defined]


class FrenchArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"Erreur : arguments invalides ({message}). Voir « {self.prog} --help ».\n")


def cli_actor() -> Actor:
    """Whoever runs the command line on the server already has the store: administrator."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "inconnu"
    return Actor(email=f"ligne-de-commande:{user}", role=Role.ADMINISTRATEUR)


@contextmanager
def store_session() -> Iterator[Session]:
    """One transaction on the configured store; refused in French when its schema is behind."""
    engine = get_engine()
    migrate.ensure_current(engine)
    with session_scope(engine) as session:
        yield session


def build_parser() -> argparse.ArgumentParser:
    parser = FrenchArgumentParser(
        prog="concertations",
        description="Observatoire des concertations territoriales de l'IA — ligne de commande.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=FrenchArgumentParser)
    subparsers.required = True
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result = args.handler(args)
    except UserFacingError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130
    except Exception as exc:  # a user never sees a traceback; developers can ask for one
        if os.environ.get("CONCERTATIONS_DEBUG"):
            raise
        print(
            f"Erreur inattendue ({type(exc).__name__}). Relancez avec CONCERTATIONS_DEBUG=1 "
            "pour le détail technique.",
            file=sys.stderr,
        )
        return 1
    return int(result or 0)


if __name__ == "__main__":
    sys.exit(main())
