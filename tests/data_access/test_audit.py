"""The audit log: records who/what/before/after, masks personal data, filters with bound
parameters, and offers no way to edit or delete a row."""

from __future__ import annotations

import ast
import datetime as dt
import inspect
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from data_access import audit
from data_access.errors import PermissionDenied
from data_access.models import AuditEvent
from data_access.space import participations
from data_access.space.participations import Contact
from tests.support.env import PROJECT_ROOT
from tests.support.factories import ADMIN, EDITOR, READER, make_campaign, make_participation

SQL_FRAGMENTS = (
    "' OR '1'='1", "x' OR 1=1 --", "'; DROP TABLE audit_event; --", '" OR ""="', "%", "_",
    "admin@exemple.fr' UNION SELECT actor FROM audit_event --", "\\' OR 1=1 #",
)


def test_record_masks_personal_data(session: Session) -> None:
    event = audit.record(
        session, actor=EDITOR, action="test", entity_type="participation", entity_id=1,
        before={"contact_email": "camille@exemple.fr", "stage": "engage"},
        after={"contact_name": "Camille", "contact_phone": None},
    )
    assert event.before == {"contact_email": "[donnée personnelle]", "stage": "engage"}
    assert event.after == {"contact_name": "[donnée personnelle]", "contact_phone": None}


def test_erasing_a_contact_keeps_the_participation_and_logs_no_personal_data(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    participations.erase_contact(session, actor=ADMIN, participation_id=participation.id)
    session.flush()
    assert participations.contact_of(session, actor=EDITOR, participation_id=participation.id) == Contact(
        participation_id=participation.id, territory_name="Rennes", name=None, email=None, phone=None)
    logged = " ".join(f"{e.summary} {e.before} {e.after}" for e in session.scalars(select(AuditEvent)))
    assert "camille" not in logged.lower() and "Camille" not in logged
    assert session.scalars(select(AuditEvent.action).where(AuditEvent.action == "contact.effacement")).all() == [
        "contact.effacement"]


def test_contacts_are_for_editors_and_admins_only(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    contacts = participations.contacts_of_campaign(session, actor=EDITOR, campaign_id=campaign.id)
    assert [c.email for c in contacts] == ["camille.martin@exemple.fr"]
    assert participations.contact_of(session, actor=ADMIN, participation_id=participation.id) == Contact(
        participation_id=participation.id, territory_name="Rennes", name="Camille Martin",
        email="camille.martin@exemple.fr", phone=None)
    with pytest.raises(PermissionDenied):
        participations.contact_of(session, actor=READER, participation_id=participation.id)


def test_list_events_filters_by_user_action_and_dates(session: Session) -> None:
    old = audit.record(session, actor=EDITOR, action="manifeste.section", entity_type="x")
    old.occurred_at = dt.datetime(2025, 1, 5, 10, 0)
    audit.record(session, actor=ADMIN, action="role.attribution", entity_type="x")
    session.flush()
    assert [e.actor for e in audit.list_events(session, actor=ADMIN, user=EDITOR.email)] == [EDITOR.email]
    assert len(audit.list_events(session, actor=ADMIN, action="role.attribution")) == 1
    in_january = audit.list_events(session, actor=ADMIN, since=dt.date(2025, 1, 1), until=dt.date(2025, 1, 31))
    assert [e.action for e in in_january] == ["manifeste.section"]
    assert audit.distinct_actors(session, actor=ADMIN) == sorted([EDITOR.email, ADMIN.email])
    with pytest.raises(PermissionDenied):
        audit.list_events(session, actor=EDITOR)


@pytest.mark.parametrize("fragment", SQL_FRAGMENTS)
def test_sql_fragments_in_filters_are_plain_values(session: Session, fragment: str) -> None:
    audit.record(session, actor=EDITOR, action="test", entity_type="x")
    session.flush()
    assert audit.list_events(session, actor=ADMIN, user=fragment) == []
    assert audit.list_events(session, actor=ADMIN, action=fragment) == []
    assert session.scalar(select(func.count()).select_from(AuditEvent)) == 1
    assert "audit_event" in sa_inspect(session.connection()).get_table_names()


def test_the_audit_module_offers_no_update_or_delete() -> None:
    public = {name for name, obj in vars(audit).items() if inspect.isfunction(obj) and obj.__module__ == audit.__name__
              and not name.startswith("_")}
    assert public == {"record", "list_events", "distinct_actors", "distinct_actions"}


def _mutations_of_audit_rows(path: Path) -> list[str]:
    """update(AuditEvent…), delete(AuditEvent…), session.delete(<event>), raw SQL on audit_event."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            text = ast.unparse(node)
            if callee in {"update", "delete"} and "AuditEvent" in text:
                found.append(text)
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            lowered = node.value.lower()
            if "audit_event" in lowered and any(verb in lowered for verb in ("update ", "delete ", "truncate ")):
                found.append(node.value)
    return found


@pytest.mark.parametrize("folder", ["data_access", "dashboard", "pages"])
def test_no_code_in_the_app_edits_or_deletes_audit_rows(folder: str) -> None:
    offenders = {str(path.relative_to(PROJECT_ROOT)): hits for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
                 if (hits := _mutations_of_audit_rows(path))}
    assert not offenders, offenders


@pytest.mark.parametrize("folder", ["dashboard", "pages"])
def test_the_ui_never_touches_audit_rows_directly(folder: str) -> None:
    # Pages and readers only read the log through data_access.audit, which has no write but record().
    for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
        assert "AuditEvent" not in path.read_text(encoding="utf-8"), path.name

# From the foundation's tests (main).


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


def test_personal_data_is_masked_at_any_depth(session: Session) -> None:
    """An import records the contact it changed as a nested « contact » dict: masked there too."""
    event = audit.record(
        session, actor=ADMIN, action="test", entity_type="participation",
        after={"contact": {"contact_email": "camille@exemple.fr", "contact_name": "Camille"},
               "rows": [{"contact_nom": "Camille", "lieu": "Mairie"}]},
    )
    assert event.after == {"contact": {"contact_email": "[donnée personnelle]", "contact_name": "[donnée personnelle]"},
                           "rows": [{"contact_nom": "[donnée personnelle]", "lieu": "Mairie"}]}
