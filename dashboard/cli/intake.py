"""``concertations template [--territory CODE | --all] --out grille.xlsx`` and
``concertations import PATH [--dry-run] [--confirm-removals]``."""

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
    which = template.add_mutually_exclusive_group()
    which.add_argument("--territory", metavar="CODE",
                       help="pré-remplir avec les réponses actuelles de ce territoire (code INSEE, SIREN… ; "
                            "« type:code » si le code est partagé)")
    which.add_argument("--all", action="store_true", help="pré-remplir avec toute la campagne")
    template.set_defaults(handler=_template)
    parser = subparsers.add_parser("import", help="Importer un fichier de grilles (XLSX ou CSV)")
    parser.add_argument("path", metavar="FICHIER", help="modèle rempli (.xlsx) ou export CSV")
    parser.add_argument("--dry-run", action="store_true", help="simuler : montrer ce qui changerait, sans rien écrire")
    parser.add_argument("--report", metavar="RAPPORT", help="écrire aussi le rapport (.csv ou .xlsx)")
    parser.add_argument("--confirm-removals", action="store_true",
                        help="confirmer le retrait des propositions absentes de la nouvelle version d'une grille")
    parser.set_defaults(handler=_import)


def _template(args: argparse.Namespace) -> int:
    if args.territory or args.all:
        return _filled_template(args)
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


def _filled_template(args: argparse.Namespace) -> int:
    """The template holding current answers: correct it, re-import it; unchanged cells change nothing."""
    with store_session() as session:
        campaign = intake.target_campaign(session)
        if campaign is None:
            raise ValidationError("Aucune campagne n'existe encore : rien à pré-remplir.")
        participation_id = intake_template.find_participation(session, campaign.id, args.territory) \
            if args.territory else None
        data = intake_template.export_campaign(session, campaign.id, participation_id)
    out = Path(args.out)
    out.write_bytes(data)
    what = f"le territoire {args.territory}" if args.territory else "toute la campagne"
    print(f"Modèle pré-rempli ({what}) écrit dans {out}.")
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
                                       dry_run=args.dry_run, confirm_removals=args.confirm_removals)
    except intake.RemovalsNotConfirmed as exc:
        # Show what would be withdrawn (a dry run), then refuse: nothing was written.
        with store_session() as session:
            simulated = intake.run_import(session, actor=cli_actor(), data=data, filename=path.name, dry_run=True)
        print_report(simulated)
        print(f"Import refusé : il retirerait {intake.plural(exc.count, 'proposition')} (liste ci-dessus) ; "
              "rien n'a été modifié. Relancez avec --confirm-removals pour confirmer ces retraits.")
        return 1
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
            if plan.action == "inchangé":
                continue
            print(f"  {plan.action} : {plan.entry.label} ({plan.entry.code})")
            for title, lines in (("ajouté", plan.added if plan.action != "création" else plan.changes),
                                 ("modifié", plan.changed), ("remplacé", plan.replaced), ("retiré", plan.withdrawn),
                                 ("éléments du manifeste concernés", plan.manifesto_items)):
                if lines:
                    print(f"      {title} : {' ; '.join(lines)}")
    print(report.summary())
