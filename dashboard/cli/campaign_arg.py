"""The ``--campaign ID`` option shared by commands that work on one campaign's manifesto."""

from __future__ import annotations

import argparse

from sqlalchemy.orm import Session

from data_access import campaigns
from data_access.errors import ConfigurationError, ValidationError


def add_campaign_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--campaign", type=int, default=None,
                        help="identifiant de campagne (par défaut la plus récente)")


def campaign_id(session: Session, args: argparse.Namespace) -> int:
    """The campaign named by ``--campaign``, else the most recent one; refused in French otherwise."""
    if args.campaign is not None:
        campaign = campaigns.get_campaign(session, args.campaign)
        if campaign is None:
            raise ValidationError(f"Aucune campagne ne porte l'identifiant {args.campaign}.")
    else:
        campaign = campaigns.current_campaign(session)
    if campaign is None:
        raise ConfigurationError("La base ne contient aucune campagne.",
                                 hint="Lancez « concertations demo » ou importez des grilles.")
    return int(campaign.id)
