from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from data_access import demo, store_meta
from data_access.errors import PermissionDenied, ValidationError
from data_access.filters import Filters
from data_access.models import Proposal, Territory
from data_access.monitoring.figures import key_figures, stage_counts
from tests.support.factories import ADMIN, EDITOR


def test_scale_one_is_a_believable_campaign(demo_session: Session) -> None:
    values = key_figures(demo_session, Filters())
    assert 140 <= values.engaged <= 170
    assert 1700 <= values.proposals <= 2400
    assert values.concertations > values.grids > 0
    assert all(count > 0 for count in stage_counts(demo_session, Filters()).values())
    kinds = set(demo_session.scalars(select(Territory.kind)).all())
    assert {"commune", "epci", "departement", "region", "international"} <= kinds
    zones = set(demo_session.scalars(select(Territory.zone)).all())
    assert "drom" in zones
    names = set(demo_session.scalars(select(Territory.name).where(Territory.kind == "international")).all())
    assert names == {"Montréal", "Québec", "Abidjan"}
    assert store_meta.is_demo(demo_session)


def test_same_seed_same_campaign(session: Session) -> None:
    demo.generate(session, actor=ADMIN, scale=1, seed=11)
    first = session.scalars(select(Proposal.text).order_by(Proposal.id).limit(20)).all()
    total = key_figures(session, Filters())
    demo.generate(session, actor=ADMIN, scale=1, seed=11, reset=True)
    assert session.scalars(select(Proposal.text).order_by(Proposal.id).limit(20)).all() == first
    assert key_figures(session, Filters()) == total


def test_a_filled_store_is_not_overwritten_without_reset(demo_session: Session) -> None:
    with pytest.raises(ValidationError, match="--reset"):
        demo.generate(demo_session, actor=ADMIN, scale=1)


def test_only_administrators_generate_the_demo(session: Session) -> None:
    with pytest.raises(PermissionDenied):
        demo.generate(session, actor=EDITOR)
