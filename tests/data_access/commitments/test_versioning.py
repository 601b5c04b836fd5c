"""History of a commitment: one snapshot per saved version, newest first; authors shown to editors only."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from data_access.commitments import versioning, writes
from tests.support.factories import EDITOR, READER
from tests.support.factories.commitments import commitment_scenario, make_commitment


def test_history_keeps_every_version(session: Session) -> None:
    data = commitment_scenario(session)
    commitment = make_commitment(session, data, title="Former 200 agents")
    writes.update_commitment(session, actor=EDITOR, commitment_id=commitment.id, expected_version=1,
                             data=replace(writes.input_of(session, commitment.id), title="Former 300 agents"))
    writes.set_validated(session, actor=EDITOR, commitment_id=commitment.id, expected_version=2)
    history = versioning.history(session, actor=EDITOR, commitment_id=commitment.id)
    assert [(r.version, r.snapshot["title"], r.snapshot["validated"]) for r in history] == [
        (3, "Former 300 agents", True), (2, "Former 300 agents", False), (1, "Former 200 agents", False)]
    assert history[0].created_by == EDITOR.email
    assert {r.created_by for r in versioning.history(session, actor=READER, commitment_id=commitment.id)} == {
        "un autre utilisateur"}


def test_changes_keep_only_what_changed() -> None:
    assert versioning.changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == ({"b": 2}, {"b": 3})
