"""``concertations invite``: personal links for territories (create, list, revoke).

``concertations invite --territory CODE [--kind KIND] --email E [--expires-days 30] [--send]`` prints the
link once: only its digest is stored, so it cannot be shown again (create another if lost); with
``--send`` it is e-mailed to E instead (SMTP settings).
"""

from __future__ import annotations

import argparse
from typing import Any

from dashboard.cli.main import cli_actor
from dashboard.space import links, mail
from dashboard.text import formatting
from data_access import labels, migrate
from data_access.db import get_engine, session_scope
from data_access.errors import ValidationError
from data_access.intake import target_campaign
from data_access.space import personal_links


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("invite", help="Créer, lister ou révoquer les liens personnels des territoires")
    parser.add_argument("--territory", metavar="CODE", help="code officiel du territoire engagé (INSEE, SIREN…)")
    parser.add_argument("--kind", help="type de collectivité, si le code est ambigu (commune, departement…)")
    parser.add_argument("--email", help="adresse de la personne invitée")
    parser.add_argument("--expires-days", type=int, default=personal_links.DEFAULT_EXPIRY_DAYS,
                        help=f"durée de validité en jours (par défaut {personal_links.DEFAULT_EXPIRY_DAYS})")
    parser.add_argument("--list", action="store_true", help="lister les liens existants")
    parser.add_argument("--revoke", type=int, metavar="N", help="révoquer le lien n° N")
    parser.add_argument("--send", action="store_true",
                        help="envoyer aussi le lien par courriel (section [smtp] des secrets)")
    parser.set_defaults(handler=_run)


def _participation_id(code: str, kind: str | None) -> int:
    with session_scope() as session:
        campaign = target_campaign(session)
        if campaign is None:
            raise ValidationError("Aucune campagne dans la base.")
        matches = personal_links.participations_by_code(session, campaign_id=campaign.id, code=code, kind=kind)
    if not matches:
        raise ValidationError(f"Aucun territoire engagé de code « {code} » dans la campagne.")
    if len(matches) > 1:
        kinds = ", ".join(sorted(kind for _, kind in matches))
        raise ValidationError(f"Le code « {code} » désigne plusieurs territoires ({kinds}) : précisez --kind.")
    return matches[0][0]


def _run(args: argparse.Namespace) -> int:
    migrate.ensure_current(get_engine())
    actor = cli_actor()
    if args.revoke is not None:
        links.revoke(actor, args.revoke)
        print(f"Lien n° {args.revoke} révoqué.")
        return 0
    if args.list:
        rows = links.links(actor)
        if not rows:
            print("Aucun lien personnel.")
        for row in rows:
            print(f"n° {row.id} · {row.territory_name} · {row.email} · {labels.link_kind_label(row.kind)} · "
                  f"{labels.link_status_label(row.status).lower()} · expire le {formatting.date(row.expires_at.date())}")
        return 0
    if not args.territory or not args.email:
        print("Erreur : indiquez --territory CODE et --email ADRESSE (ou --list, --revoke N).")
        return 2
    if args.send and mail.settings() is None:
        # Checked before creating anything: no link is left unsent by a missing setting.
        print(f"Erreur : {mail.NOT_CONFIGURED} Relancez sans --send pour afficher le lien.")
        return 2
    participation_id = _participation_id(args.territory, args.kind)
    if args.send:
        outcome = links.invite_by_mail(actor, participation_id, args.email, args.expires_days)
        print(f"Invitation n° {outcome.issued.link_id} créée, valable jusqu'au "
              f"{formatting.date(outcome.issued.expires_at.date())}.")
        if outcome.mail_error:
            print(f"Erreur : {outcome.mail_error}")
            print("Lien à transmettre vous-même (il ne sera plus affiché ; à usage unique) :")
            print(outcome.url)
            return 1
        print(f"Courriel d'invitation envoyé à {outcome.sent_to}.")
        return 0
    issued, url = links.invite(actor, participation_id, args.email, args.expires_days)
    print(f"Invitation n° {issued.link_id} créée, valable jusqu'au {formatting.date(issued.expires_at.date())}.")
    print("Lien à transmettre (il ne sera plus affiché ; à usage unique) :")
    print(url)
    return 0
