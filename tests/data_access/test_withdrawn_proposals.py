"""A proposal its territory withdrew (absent from its latest grid) stays in the store for the items
that cite it and on its territory's sheet (marked), but no figure, search or open-data file counts it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from data_access.access import SYSTEM_ACTOR
from data_access.exports import opendata
from data_access.filters import Filters
from data_access.manifesto import proposals
from data_access.monitoring import figures
from data_access.monitoring.territory_sheet import territory_sheet
from tests.support.factories import make_campaign, make_participation, make_proposal


def test_withdrawn_proposal_is_kept_but_no_longer_counted_or_offered(session: Session) -> None:
    campaign = make_campaign(session)
    rennes = make_participation(session, campaign)
    kept = make_proposal(session, rennes, text="Former les agents à l'IA.")
    withdrawn = make_proposal(session, rennes, text="Ouvrir un laboratoire citoyen de l'algorithme.")
    withdrawn.withdrawn_on = dt.date(2025, 2, 1)
    session.flush()

    assert figures.proposals_count(session, Filters(campaign_id=campaign.id)) == 1
    index = proposals.build_index(session, campaign.id)
    found = proposals.search(session, index, proposals.ProposalQuery(campaign_id=campaign.id, text="laboratoire"))
    assert found.total == 0
    everything = proposals.search(session, index, proposals.ProposalQuery(campaign_id=campaign.id))
    assert [row.id for row in everything.rows] == [kept.id]
    sheet = territory_sheet(session, rennes.id)  # the sheet lists both, the page marks the withdrawn one
    assert sheet is not None and [p[0] for p in sheet.proposals] == [kept.id, withdrawn.id]
    data = opendata.build(session, actor=SYSTEM_ACTOR, campaign_id=campaign.id)
    assert [row["id_proposition"] for row in data.tables["propositions"].rows] == [kept.id]
    assert data.tables["participations"].rows[0]["nombre_propositions"] == 1
    assert session.get(type(withdrawn), withdrawn.id) is not None  # never deleted
