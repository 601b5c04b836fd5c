"""Queries on JSON columns (DISTINCT, GROUP BY, containment) give the same answers on both backends.

PostgreSQL refuses DISTINCT / GROUP BY / ``=`` on ``json``; the models declare ``jsonb`` there.
Labels with accents matter: their JSON text form differs between backends (escaped or not).
"""

from __future__ import annotations

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from data_access import monitoring
from data_access.filters import Filters
from data_access.manifesto import proposals
from data_access.manifesto.proposals import ProposalQuery
from data_access.models import Base
from tests.support.factories.manifesto import scenario
from tests.support.factories.monitoring import make_monitoring_data


def test_every_json_column_is_jsonb_on_postgresql(session: Session) -> None:
    bind = session.get_bind()
    inspector = inspect(bind)
    expected = "JSONB" if bind.dialect.name == "postgresql" else "JSON"
    json_columns = {
        (table.name, column["name"]): type(column["type"]).__name__
        for table in Base.metadata.sorted_tables
        for column in inspector.get_columns(table.name)
        if type(column["type"]).__name__ in {"JSON", "JSONB"}
    }
    # incl. registration_request (networks), grid_filing.answers, theme_decision (keywords, members),
    # commitment_revision.snapshot
    assert len(json_columns) == 15
    assert set(json_columns.values()) == {expected}


def test_filter_options_lists_distinct_themes(session: Session) -> None:
    data = scenario(session)
    assert proposals.filter_options(session, data.campaign.id) == {
        "chapters": ["Gouvernance partagée et territoriale", "IA sociale", "IA utile et proportionnée"],
        "themes": ["Emploi et formation", "Environnement et énergie"],
        "criteria": [],
    }


def test_accented_theme_filter(session: Session) -> None:
    data = scenario(session)
    index = proposals.build_index(session, data.campaign.id)
    query = ProposalQuery(campaign_id=data.campaign.id, themes=("Environnement et énergie",))
    assert proposals.search(session, index, query).total == 3


def test_accented_network_filter(session: Session) -> None:
    data = make_monitoring_data(session)
    filters = Filters(campaign_id=data.campaign.id, networks=("Les Interconnectés",))
    assert sorted(row.name for row in monitoring.progress_rows(session, filters)) == sorted(
        [data.rennes.territory.name, data.region.territory.name, data.hostile.territory.name])


def test_sessions_grouped_by_accented_publics(session: Session) -> None:
    data = make_monitoring_data(session)
    rows = monitoring.sessions_by_publics(session, Filters(campaign_id=data.campaign.id))
    assert rows == [("citoyens", 2, 65), ("élus", 1, 25)]
