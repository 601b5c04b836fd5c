"""Every write bumps the data version of what it changed, in its own transaction; reads bump nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from data_access import versions
from data_access.db import make_engine, session_scope
from data_access.models import Base, Campaign, Proposal
from data_access.space import participations
from tests.support.factories import ADMIN, make_campaign, make_participation, make_territory


def _versions(engine: Engine) -> dict[str, int]:
    with session_scope(engine) as session:
        return versions.current(session)


def test_every_table_belongs_to_an_aggregate() -> None:
    tables = {table.name for table in Base.metadata.sorted_tables} - {"data_version"}
    assert tables == set(versions.TABLE_AGGREGATES)
    assert set(versions.TABLE_AGGREGATES.values()) <= set(versions.AGGREGATES)


def test_an_orm_write_bumps_its_aggregates_once_per_transaction(engine: Engine) -> None:
    before = _versions(engine)
    with session_scope(engine) as session:
        campaign = make_campaign(session)
        make_participation(session, campaign)
    after = _versions(engine)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"campaigns", "territories", "participations", "audit"}
    assert all(after[name] == before[name] + 1 for name in changed)


def test_a_core_insert_bumps_its_aggregate(engine: Engine) -> None:
    with session_scope(engine) as session:
        participation_id = make_participation(session, make_campaign(session)).id
    before = _versions(engine)
    with session_scope(engine) as session:
        session.execute(insert(Proposal), [{"participation_id": participation_id, "text": "Former les agents",
                                            "chapter": "IA sociale", "themes": [], "criteria": []}])
    after = _versions(engine)
    assert after["submissions"] == before["submissions"] + 1
    assert after["participations"] == before["participations"]


def test_reading_and_rolling_back_bump_nothing(engine: Engine) -> None:
    with session_scope(engine) as session:
        make_campaign(session)
    before = _versions(engine)
    with session_scope(engine) as session:
        session.scalars(select(Campaign)).all()
    with Session(engine) as session:
        campaign = make_campaign(session, slug="annulee")
        participations.register(session, actor=ADMIN, campaign_id=campaign.id,
                                territory=make_territory(session, code="35238"), engaged_on=dt.date(2024, 11, 1))
        session.rollback()
    assert _versions(engine) == before


def test_another_engine_sees_the_bump_at_once(engine: Engine) -> None:
    """Another process (the CLI, a replica) has its own connections: the counter lives in the store."""
    second = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        before = _versions(second)
        with session_scope(engine) as session:
            make_campaign(session, slug="autre")
        assert _versions(second)["campaigns"] == before["campaigns"] + 1
    finally:
        second.dispose()
