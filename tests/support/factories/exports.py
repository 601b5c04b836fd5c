"""Test data for the exports: a small campaign with hostile texts and personal data to keep out."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access.models import Campaign, ConcertationSession, Finding, Participation, Stage
from tests.support.factories import make_campaign, make_participation, make_proposal

HOSTILE = "<img src=x onerror=alert('xss')></script><script>alert(1)</script>"


def make_export_campaign(session: Session) -> tuple[Campaign, list[Participation]]:
    campaign = make_campaign(session, slug="exports")
    rennes = make_participation(session, campaign, code="35238", stage=Stage.GRILLE_DEPOSEE)
    brest = make_participation(session, campaign, code="29019", stage=Stage.CHARTE_SIGNEE)
    region = make_participation(session, campaign, kind="region", code="53", stage=Stage.ENGAGE)
    reunion = make_participation(session, campaign, code="97411", stage=Stage.CONCERTATION_TENUE)
    for participation in (rennes, brest, region, reunion):
        participation.contact_phone = "06 12 34 56 78"
    session.add(ConcertationSession(
        participation_id=rennes.id, held_on=dt.date(2025, 1, 14), format="Atelier", publics=["Élus"],
        participants=40, place="Hôtel de ville", title="=HYPERLINK(\"http://x\";\"clic\")",
    ))
    session.add(Finding(participation_id=rennes.id, category="risque", theme="Travail",
                        text="Contacter jean.dupont@exemple.fr ou le 01 23 45 67 89 pour en savoir plus."))
    make_proposal(session, rennes, text="-2+3 agents formés chaque année")
    make_proposal(session, brest, text="@SUM(A1) " + HOSTILE)
    make_proposal(session, brest, text="\tTabulation en tête")
    session.flush()
    return campaign, [rennes, brest, region, reunion]
