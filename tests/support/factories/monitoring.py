"""Test data for the monitoring pages: a small campaign with a hostile territory name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert
from sqlalchemy.orm import Session

from data_access.intake.grid import completion, load_definition
from data_access.models import (
    Campaign,
    Finding,
    GridResponse,
    ManifestoItem,
    ManifestoItemSource,
    ManifestoSection,
    Participation,
    Stage,
    Territory,
)
from data_access.space import participations
from tests.support.factories import ADMIN, make_campaign, make_participation, make_proposal

HOSTILE_NAME = "<script>alert('xss')</script><img src=x onerror=alert(1)>{{ 7*7 }} Ville"
HOSTILE_TEXT = "<b>gras</b> =HYPERLINK(\"http://exemple.invalid\") [lien](javascript:alert(1))"


@dataclass
class MonitoringData:
    campaign: Campaign
    rennes: Participation
    nantes: Participation
    region: Participation
    hostile: Participation
    section_title: str
    item_wording: str


def add_grid(session: Session, participation: Participation, answers: dict[str, object]) -> GridResponse:
    definition = load_definition()
    share = completion(answers, definition)
    response = GridResponse(participation_id=participation.id, version=1, grid_version=definition.version,
                            answers=answers, completion=share, is_current=True,
                            submitted_on=dt.date(2024, 12, 1), created_by=ADMIN.email)
    session.add(response)
    participation.grid_completion = share
    session.flush()
    return response


def make_monitoring_data(session: Session) -> MonitoringData:
    """Four participations: two communes (Bretagne, Pays de la Loire), a région, a hostile city abroad."""
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign, code="35238", stage=Stage.GRILLE_DEPOSEE,
                                engaged_on=dt.date(2024, 10, 1))
    nantes = make_participation(session, campaign, code="44109", stage=Stage.CHARTE_SIGNEE,
                                engaged_on=dt.date(2024, 10, 5), networks=("France urbaine",))
    participations.sign_charter(session, actor=ADMIN, participation=nantes, signed_on=dt.date(2024, 10, 15))
    region = make_participation(session, campaign, kind="region", code="53", stage=Stage.ENGAGE,
                                engaged_on=dt.date(2024, 11, 1))
    territory = Territory(kind="international", code="ville-hostile", name=HOSTILE_NAME, country="Canada",
                          zone="international", lat=45.5017, lon=-73.5673)
    session.add(territory)
    session.flush()
    hostile = participations.register(session, actor=ADMIN, campaign_id=campaign.id, territory=territory,
                                      engaged_on=dt.date(2024, 10, 2), networks=("Les Interconnectés",),
                                      contact_name="=cmd|' /C calc'!A0", contact_email="x@exemple.fr")
    participations.advance(session, actor=ADMIN, participation=hostile, stage=Stage.GRILLE_VALIDEE,
                           occurred_on=dt.date(2024, 12, 20))
    participations.add_session(session, actor=ADMIN, participation=rennes, held_on=dt.date(2024, 11, 10),
                               format="atelier", publics=["élus", "citoyens"], participants=25)
    participations.add_session(session, actor=ADMIN, participation=hostile, held_on=dt.date(2024, 12, 3),
                               format="réunion publique", publics=["citoyens"], participants=40)
    rennes_grid = add_grid(session, rennes, {"territoire": "Rennes", "opportunites": "Gagner du temps.",
                                             "risques": "", "themes": [], "reseaux": ["Les Interconnectés"]})
    hostile_grid = add_grid(session, hostile, {"territoire": HOSTILE_NAME, "opportunites": HOSTILE_TEXT,
                                               "risques": "Biais.", "themes": ["Mobilités"]})
    session.execute(insert(Finding), [
        {"participation_id": rennes.id, "response_id": rennes_grid.id, "category": "opportunite",
         "theme": "Mobilités", "text": "Gagner du temps."},
        {"participation_id": hostile.id, "response_id": hostile_grid.id, "category": "risque",
         "theme": "Mobilités", "text": HOSTILE_TEXT},
        {"participation_id": hostile.id, "response_id": hostile_grid.id, "category": "opportunite",
         "theme": "Emploi et formation", "text": "Former."},
    ])
    used = make_proposal(session, hostile, text=HOSTILE_TEXT)
    make_proposal(session, rennes, text="Ouvrir les données.")
    section = ManifestoSection(campaign_id=campaign.id, title="IA sociale", position=0, updated_by=ADMIN.email)
    session.add(section)
    session.flush()
    item = ManifestoItem(section_id=section.id, position=0, wording="Former tous les agents.",
                         updated_by=ADMIN.email)
    session.add(item)
    session.flush()
    session.add(ManifestoItemSource(item_id=item.id, proposal_id=used.id))
    session.flush()
    return MonitoringData(campaign=campaign, rennes=rennes, nantes=nantes, region=region, hostile=hostile,
                          section_title=section.title, item_wording=item.wording)


def monitoring_store(tmp_path: Path, *, postgres_schema: str | None = None) -> tuple[str, MonitoringData]:
    """A separate, migrated store holding ``make_monitoring_data`` (committed): a SQLite file, or the
    PostgreSQL schema labelled ``postgres_schema`` (the caller drops it)."""
    from data_access.db import make_engine, session_scope
    from tests.support import stores

    url = (stores.migrated_store(postgres_schema, tmp_path, "postgres") if postgres_schema
           else stores.migrated_store("monitoring", tmp_path, "sqlite"))
    engine = make_engine(url)
    with session_scope(engine) as session:
        data = make_monitoring_data(session)
    engine.dispose()
    return url, data
