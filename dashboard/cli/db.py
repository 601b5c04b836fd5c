"""``concertations db upgrade|current``: schema migrations."""

from __future__ import annotations

import argparse
from typing import Any

from data_access import migrate
from data_access.db import check_connection, get_engine


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="Base de données : migrations")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION")
    actions.required = True
    upgrade = actions.add_parser("upgrade", help="Mettre le schéma à jour (Alembic)")
    upgrade.set_defaults(handler=_upgrade)
    current = actions.add_parser("current", help="Afficher la version du schéma")
    current.set_defaults(handler=_current)


def _upgrade(_args: argparse.Namespace) -> int:
    engine = get_engine()
    check_connection(engine)
    before = migrate.current_revision(engine)
    migrate.upgrade(engine)
    after = migrate.current_revision(engine)
    if before == after:
        print(f"Schéma déjà à jour (version {after}).")
    else:
        print(f"Schéma mis à jour : {before or 'vide'} → {after}.")
    return 0


def _current(_args: argparse.Namespace) -> int:
    engine = get_engine()
    current, head = migrate.current_revision(engine), migrate.head_revision()
    state = "à jour" if current == head else f"en retard (attendu : {head})"
    print(f"Version du schéma : {current or 'aucune'} — {state}.")
    return 0 if current == head else 1
