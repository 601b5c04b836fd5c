"""``concertations template --out grille.xlsx`` and ``concertations import PATH [--dry-run]``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dashboard.cli.main import cli_actor, store_session
from dashboard.text import formatting
from data_access import intake
from data_access.errors import ValidationError
from data_access.intake import template as intake_template
from data_access.intake.grid import DEFAULT_CHAPTERS, load_definition

MAX_PRINTED_ISSUES = 200


def register(subparsers: Any) -> None:
    template = subparsers.add_parser("template", help="Générer le modèle XLSX de la grille d'information")
    template.add_argument("--out", default="grille.xlsx", help="fichier XLSX à écrire (défaut : grille.xlsx)")
    template.set_defaults(handler=_template)
    parser = subparsers.add_parser("import", help="Importer un fichier de grilles (XLSX ou CSV)")
    parser.add_argument("path", metavar="FICHIER", help="modèle rempli (.xlsx) ou export CSV")
    parser.add_argument("--dry-run", action="store_true", help="simuler : montrer ce qui changerait, sans rien écrire")
    parser.add_argument("--report", metavar="RAPPORT", help="écrire aussi le rapport (.csv ou .xlsx)")
    parser.set_defaults(handler=_import)


def _template(args: argparse.Namespace) -> int:
    chapters: list[str] = list(DEFAULT_CHAPTERS)
    try:
        with store_session() as session:
            campaign = intake.target_campaign(session)
            if campaign is not None and campaign.default_chapters:
                chapters = list(campaign.default_chapters)
    except Exception:  # no store yet: the template still uses the default chapters
        pass
    out = Path(args.out)
    out.write_bytes(intake_template.build_template(load_definition(), chapters))
    print(f"Modèle écrit dans {out} (grille version {load_definition().version}).")
    return 0


def _import(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        print(f"Erreur : le fichier {path} n'existe pas.")
        return 2
    data = path.read_bytes()
    try:
        with store_session() as session:
            report = intake.run_import(session, actor=cli_actor(), data=data, filename=path.name,
                                       dry_run=args.dry_run)
    except ValidationError as exc:
        report = intake.refused_report(path.name, data, exc)
    print_report(report)
    if args.report:
        out = Path(args.report)
        content = intake_template.report_xlsx(report) if out.suffix.lower() == ".xlsx" else intake_template.report_csv(report)
        out.write_bytes(content)
        print(f"Rapport écrit dans {out}.")
    return 0 if report.ok else 1


def print_report(report: intake.ImportReport) -> None:
    print(f"Fichier : {report.filename} (sha256 {report.sha256})")
    if report.campaign_name:
        print(f"Campagne : {report.campaign_name}")
    for issue in report.issues[:MAX_PRINTED_ISSUES]:
        where = " ".join(part for part in (
            f"[{issue.sheet}]" if issue.sheet else "",
            f"ligne {issue.row}" if issue.row else "",
            f"colonne « {issue.column} »" if issue.column else "",
            f"({issue.territory})" if issue.territory else "",
        ) if part)
        label = "ERREUR" if issue.level == intake.ERROR else "avertissement"
        print(f"  {label} {where} : {issue.message}" if where else f"  {label} : {issue.message}")
    if len(report.issues) > MAX_PRINTED_ISSUES:
        print(f"  … et {formatting.plural(len(report.issues) - MAX_PRINTED_ISSUES, 'autre')} ; "
              "--report FICHIER pour tout écrire.")
    if report.ok:
        for plan in report.plans:
            if plan.action != "inchangé":
                print(f"  {plan.action} : {plan.entry.label} ({plan.entry.code}) — {' ; '.join(plan.changes)}")
    print(report.summary())
