"""``concertations db upgrade|current|backup|restore``: schema migrations, backups and restores."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from data_access import backup, migrate
from data_access.db import check_connection, get_engine
from data_access.monitoring.figures import FIGURE_LABELS

FORMAT_CHOICES = ("sqlite", "pg_dump", "portable")
COUNT_LABELS = {"territory": "territoires", "participation": "participations",
                "grid_response": "grilles", "proposal": "propositions", "manifesto_item": "éléments du manifeste",
                "audit_event": "événements du journal"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="Base de données : migrations, sauvegardes, restaurations")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION")
    actions.required = True
    upgrade = actions.add_parser("upgrade", help="Mettre le schéma à jour (Alembic)")
    upgrade.set_defaults(handler=_upgrade)
    current = actions.add_parser("current", help="Afficher la version du schéma")
    current.set_defaults(handler=_current)
    save = actions.add_parser("backup", help="Sauvegarder la base dans un fichier (vérifié)")
    save.add_argument("--out", required=True, help="fichier de sauvegarde à créer (jamais écrasé)")
    save.add_argument("--format", choices=FORMAT_CHOICES, default=None,
                      help="sqlite (base SQLite), pg_dump (PostgreSQL, si pg_dump est installé) ou portable "
                           "(JSON compressé, toute base) ; par défaut selon la base")
    save.set_defaults(handler=_backup)
    load = actions.add_parser("restore", help="Restaurer une sauvegarde dans une base vide (vérifié)")
    load.add_argument("file", help="fichier de sauvegarde")
    load.set_defaults(handler=_restore)


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


def _print_summary(summary: backup.Summary) -> None:
    from dashboard.text import formatting

    total = sum(summary.counts.values())
    print(f"  {formatting.number(total)} lignes dans {len(summary.counts)} tables, dont :")
    for table, label in COUNT_LABELS.items():
        print(f"    {label} : {formatting.number(summary.counts.get(table, 0))}")
    for slug, figures in summary.figures.items():
        shown = ", ".join(f"{FIGURE_LABELS[k].counted if k in FIGURE_LABELS else k} {formatting.number(v)}" for k, v in figures.items())
        print(f"  campagne {slug} : {shown}")


def _backup(args: argparse.Namespace) -> int:
    from dashboard.cli.main import cli_actor

    engine = get_engine()
    check_connection(engine)
    fmt = args.format or backup.default_format(engine)
    out = Path(args.out)
    summary = backup.backup(engine, out, actor=cli_actor(), fmt=fmt)
    size = out.stat().st_size / 1024 / 1024
    from dashboard.text import formatting

    print(f"Sauvegarde écrite : {out} (format {fmt}, {formatting.number(size, decimals=1)} Mo), vérifiée :")
    _print_summary(summary)
    return 0


def _restore(args: argparse.Namespace) -> int:
    from dashboard.cli.main import cli_actor

    engine = get_engine()
    check_connection(engine)
    path = Path(args.file)
    if not path.is_file():
        print(f"Erreur : le fichier {path} n'existe pas.")
        return 2
    expected, restored = backup.restore(engine, path, actor=cli_actor())
    print(f"Restauration terminée depuis {path} ; nombres de lignes identiques à la sauvegarde :")
    _print_summary(expected)
    versions = ", ".join(f"{name} {value}" for name, value in sorted(restored.versions.items()))
    print(f"  versions des données relevées (aucun cache ne resservira d'anciennes entrées) : {versions}")
    print("  le journal d'audit compte une ligne de plus : la restauration elle-même.")
    return 0
