from __future__ import annotations

from sqlalchemy.orm import Session

from data_access import audit
from tests.factories import ADMIN


def test_personal_data_never_reaches_the_log(session: Session) -> None:
    event = audit.record(
        session, actor=ADMIN, action="test", entity_type="participation",
        before={"contact_email": "a@b.fr", "stage": "engage"},
        after={"contact_phone": "06 00 00 00 00", "contact_name": None},
    )
    assert event.before == {"contact_email": "[donnée personnelle]", "stage": "engage"}
    assert event.after == {"contact_phone": "[donnée personnelle]", "contact_name": None}


def test_events_are_listed_newest_first_and_filtered(session: Session) -> None:
    for action in ("a", "b", "a"):
        audit.record(session, actor=ADMIN, action=action, entity_type="x")
    session.flush()
    assert [e.action for e in audit.list_events(session, actor=ADMIN)] == ["a", "b", "a"]
    assert len(audit.list_events(session, actor=ADMIN, action="a")) == 2
