from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access.filters import Filters
from data_access.models import Stage
from data_access.monitoring import figures
from data_access.space import participations
from tests.support.factories import ADMIN, make_campaign, make_participation, make_proposal


def _small_campaign(session: Session) -> int:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign, kind="commune", code="35238", stage=Stage.GRILLE_DEPOSEE,
                                networks=("France urbaine",))
    make_participation(session, campaign, kind="departement", code="33", stage=Stage.CHARTE_SIGNEE)
    make_participation(session, campaign, kind="commune", code="13055", stage=Stage.ENGAGE)
    for participants in (20, 35):
        participations.add_session(session, actor=ADMIN, participation=rennes, held_on=dt.date(2024, 11, 5),
                                   format="atelier", publics=["citoyens"], participants=participants)
    make_proposal(session, rennes)
    make_proposal(session, rennes, text="Publier les algorithmes.", chapter="IA ouverte et démocratique")
    return campaign.id


def test_key_figures_on_a_known_campaign(session: Session) -> None:
    campaign_id = _small_campaign(session)
    values = figures.key_figures(session, Filters(campaign_id=campaign_id))
    assert values == figures.KeyFigures(engaged=3, charters=2, grids=1, concertations=2, participants=55,
                                        proposals=2)


def test_filters_restrict_every_figure(session: Session) -> None:
    campaign_id = _small_campaign(session)
    bretagne = Filters(campaign_id=campaign_id, reg_codes=("53",))
    assert figures.key_figures(session, bretagne) == figures.KeyFigures(1, 1, 1, 2, 55, 2)
    departements = Filters(campaign_id=campaign_id, kinds=("departement",))
    assert figures.engaged_territories(session, departements) == 1
    assert figures.proposals_count(session, departements) == 0
    urbaine = Filters(campaign_id=campaign_id, networks=("France urbaine",))
    assert figures.engaged_territories(session, urbaine) == 1
    engaged_only = Filters(campaign_id=campaign_id, stages=(Stage.ENGAGE.value,))
    assert figures.charters_signed(session, engaged_only) == 0


def test_stage_counts_cover_every_stage(session: Session) -> None:
    campaign_id = _small_campaign(session)
    counts = figures.stage_counts(session, Filters(campaign_id=campaign_id))
    assert set(counts) == set(Stage)
    assert counts[Stage.ENGAGE] == 1 and counts[Stage.GRILLE_VALIDEE] == 0
    assert sum(counts.values()) == 3
