"""A parent's progress is the mean of its sub-commitments unless set by hand; withdrawn ones do not count."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy.orm import Session

from data_access.commitments import progress, writes
from data_access.commitments.models import Commitment
from data_access.commitments.progress import Node
from data_access.errors import ValidationError
from tests.support.factories import EDITOR
from tests.support.factories.commitments import commitment_scenario, make_commitment


def _progress(session: Session, commitment: Commitment) -> int:
    session.expire(commitment)
    return commitment.progress


def test_derived_is_the_mean_of_children_at_every_level() -> None:
    nodes = [Node(1, None, 0, False, False, 0), Node(2, 1, 20, True, False, 0), Node(3, 1, 0, False, False, 50),
             Node(4, 3, 100, True, False, 0), Node(5, 3, 0, True, True, 0), Node(6, None, 35, True, False, 0)]
    assert progress.derived(nodes) == {1: 60, 2: 20, 3: 100, 4: 100, 5: 0, 6: 35}


def test_a_cycle_never_loops() -> None:
    nodes = [Node(1, 2, 0, False, False, 10), Node(2, 1, 0, False, False, 30)]
    assert set(progress.derived(nodes)) == {1, 2}


def test_parent_progress_is_the_mean_of_its_children(session: Session) -> None:
    data = commitment_scenario(session)
    parent = make_commitment(session, data, title="Former 200 agents d'ici juin 2027", status="en cours")
    assert _progress(session, parent) == 50  # no child yet: the status's default
    first = make_commitment(session, data, parent=parent, title="Former les encadrants", progress=20)
    second = make_commitment(session, data, parent=parent, title="Former les agents d'accueil", status="réalisé")
    assert first.item_id == second.item_id == parent.item_id  # inherited
    assert _progress(session, parent) == 60
    writes.report_progress(session, actor=EDITOR, commitment_id=first.id, expected_version=1,
                           status_id=data.status_ids["en cours"], progress=80)
    assert _progress(session, parent) == 90
    writes.set_withdrawn(session, actor=EDITOR, commitment_id=second.id, expected_version=1)
    assert _progress(session, parent) == 80
    assert parent.version == 1  # derived: no one typed it, no new version


def test_progress_set_by_hand_stays(session: Session) -> None:
    data = commitment_scenario(session)
    parent = make_commitment(session, data, progress=10)
    make_commitment(session, data, parent=parent, status="réalisé")
    assert _progress(session, parent) == 10
    writes.report_progress(session, actor=EDITOR, commitment_id=parent.id, expected_version=1,
                           status_id=data.status_ids["prévu"], progress=None)
    assert _progress(session, parent) == 100 and not parent.progress_set_by_hand


def test_a_commitment_cannot_go_under_its_own_child(session: Session) -> None:
    data = commitment_scenario(session)
    parent = make_commitment(session, data)
    child = make_commitment(session, data, parent=parent)
    form = writes.input_of(session, parent.id)
    with pytest.raises(ValidationError, match="sous lui-même"):
        writes.update_commitment(session, actor=EDITOR, commitment_id=parent.id, expected_version=1,
                                 data=replace(form, parent_id=child.id))
