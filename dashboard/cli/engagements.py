"""``concertations engagements export --out FICHIER.csv`` and ``concertations engagements import
FICHIER.csv [--dry-run] [--report RAPPORT.csv]``: the manifesto's commitments in one CSV format,
the same both ways (``data_access.commitments.csv_format``).

The import is all or nothing: one error (named by row and column) and nothing is written; the exit
code is then 1. A missing file or campaign exits with 2, as every command's French errors do."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dashboard.cli.campaign_arg import add_campaign_argument, campaign_id
from dashboard.cli.main import cli_actor, store_session
from dashboard.text import formatting
from data_access.commitments import csv_format, csv_import
from data_access.commitments.csv_report import CommitmentImportReport
from data_access.errors import ValidationError
from data_access.intake.fields import ERROR

MAX_PRINTED_ISSUES = 200


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("engagements", help="Les engagements du manifeste : export et import CSV")
    actions = parser.add_subparsers(dest="engagements_action", metavar="ACTION")
    actions.required = True
    for register_subcommand in SUBCOMMANDS:
        register_subcommand(actions)


def _register_export(actions: Any) -> None:
    parser = actions.add_parser("export", help="Écrire tous les engagements dans un fichier CSV (à réimporter)")
    parser.add_argument("--out", required=True, type=Path, metavar="FICHIER.csv", help="fichier CSV à écrire")
    add_campaign_argument(parser)
    parser.set_defaults(handler=_export)


def _register_import(actions: Any) -> None:
    parser = actions.add_parser("import", help="Importer un fichier d'engagements (même format que l'export)")
    parser.add_argument("path", type=Path, metavar="FICHIER.csv", help="fichier CSV (ou XLSX) d'engagements")
    parser.add_argument("--dry-run", action="store_true", help="simuler : montrer ce qui changerait, sans rien écrire")
    parser.add_argument("--report", type=Path, metavar="RAPPORT.csv", help="écrire aussi le rapport (CSV)")
    add_campaign_argument(parser)
    parser.set_defaults(handler=_import)


def _export(args: argparse.Namespace) -> int:
    with store_session() as session:
        data, count = csv_format.export_file(session, actor=cli_actor(), campaign_id=campaign_id(session, args))
    out: Path = args.out
    out.write_bytes(data)
    print(f"{formatting.plural(count, 'engagement écrit', 'engagements écrits')} dans {out}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.is_file():
        raise ValidationError(f"Le fichier {path} n'existe pas.")
    data = path.read_bytes()
    with store_session() as session:
        report = csv_import.import_csv(session, actor=cli_actor(), campaign_id=campaign_id(session, args), data=data,
                                       filename=path.name, dry_run=args.dry_run)
    print_report(report)
    if args.report:
        out: Path = args.report
        out.write_bytes(report.report_csv())
        print(f"Rapport écrit dans {out}.")
    return 0 if report.ok else 1


def print_report(report: CommitmentImportReport) -> None:
    print(f"Fichier : {report.filename} (sha256 {report.sha256})")
    for issue in report.issues[:MAX_PRINTED_ISSUES]:
        where = " ".join(part for part in (f"ligne {issue.row}" if issue.row else "",
                                           f"colonne « {issue.column} »" if issue.column else "") if part)
        label = "ERREUR" if issue.level == ERROR else "avertissement"
        print(f"  {label} {where} : {issue.message}" if where else f"  {label} : {issue.message}")
    if len(report.issues) > MAX_PRINTED_ISSUES:
        print(f"  … et {formatting.plural(len(report.issues) - MAX_PRINTED_ISSUES, 'autre')} ; "
              "--report RAPPORT.csv pour tout écrire.")
    if report.ok:
        for outcome in report.outcomes:
            if outcome.action == "inchangé":
                continue
            changed = f" ({', '.join(outcome.changed)})" if outcome.changed else ""
            print(f"  ligne {outcome.row} : {outcome.action} de {outcome.public_id} « {outcome.title} »{changed}")
    print(report.summary())


SUBCOMMANDS: tuple[Callable[[Any], None], ...] = (_register_export, _register_import)
