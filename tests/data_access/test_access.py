"""Every function of data_access that takes an ``actor`` refuses an insufficient role itself.

The generic tests discover those functions (so functions added later by other branches are
covered): each must call ``require(actor, Role.X, ...)`` as its first statement, and a call with a
role below X must raise PermissionDenied and leave the session untouched. Explicit tests then
call the existing write functions with real arguments as a lecteur.
"""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
import pkgutil
import re
import textwrap
from collections.abc import Callable
from types import FunctionType
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import data_access
from data_access import access, campaigns, demo, users
from data_access.access import Actor, require
from data_access.campaigns import CampaignSettings
from data_access.errors import PermissionDenied, ValidationError
from data_access.models import ROLE_LABELS, AppUser, AuditEvent, Base, Role, Stage
from data_access.space import participations
from tests.support.factories import (
    ADMIN,
    EDITOR,
    READER,
    make_campaign,
    make_participation,
    make_territory,
)

# audit.record is called by the write functions after their own check: it is not an entry point.
NOT_ENTRY_POINTS = {"data_access.audit.record"}
KNOWN_WRITES = {
    "data_access.users.set_role", "data_access.users.remove_user",
    "data_access.campaigns.create_campaign", "data_access.campaigns.update_campaign_settings",
    "data_access.space.participations.register", "data_access.space.participations.advance",
    "data_access.space.participations.sign_charter", "data_access.space.participations.add_session",
    "data_access.space.participations.erase_contact", "data_access.demo.builder.generate",
    "data_access.space.outreach.create_reminder_links", "data_access.space.outreach.record_mail_sent",
    # The one public write: it demands Role.VISITEUR, the lowest rank, so only « no actor » is refused.
    "data_access.space.registration.submit_request",
    "data_access.space.registration.validate_request", "data_access.space.registration.refuse_request",
    "data_access.space.sharing.set_choices", "data_access.space.sharing.set_campaign_defaults",
    "data_access.space.filing.save_draft", "data_access.space.filing.restart_draft",
    "data_access.space.filing.file_grid", "data_access.space.filing.validate_filing",
    "data_access.space.filing.return_filing",
}


def actor_functions() -> dict[str, FunctionType]:
    """Public functions of every data_access module with a keyword-only ``actor`` parameter."""
    found: dict[str, FunctionType] = {}
    for info in pkgutil.walk_packages(data_access.__path__, "data_access."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(obj) or obj.__module__ != module.__name__:
                continue
            parameter = inspect.signature(obj).parameters.get("actor")
            if parameter is not None and parameter.kind is inspect.Parameter.KEYWORD_ONLY:
                found[f"{module.__name__}.{name}"] = obj
    return {key: fn for key, fn in found.items() if key not in NOT_ENTRY_POINTS}


FUNCTIONS = actor_functions()


def first_require(function: FunctionType) -> Role:
    """The role demanded by the function's first statement, which must be ``require(actor, Role.X, …)``."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    assert isinstance(definition, ast.FunctionDef)
    body = definition.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # docstring
    statement = body[0] if body else None
    call = statement.value if isinstance(statement, (ast.Expr, ast.Assign)) else None
    assert isinstance(call, ast.Call), f"{function.__qualname__} ne commence pas par require(...)"
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    assert name == "require", f"{function.__qualname__} ne commence pas par require(...)"
    assert isinstance(call.args[0], ast.Name) and call.args[0].id == "actor"
    role = call.args[1]
    assert isinstance(role, ast.Attribute) and isinstance(role.value, ast.Name) and role.value.id == "Role"
    return Role[role.attr]


def _below(minimum: Role) -> Actor | None:
    lower = [role for role in Role if role.rank < minimum.rank]
    return Actor(email="trop-bas@exemple.fr", role=lower[-1]) if lower else None


def _row_counts(session: Session) -> dict[str, int]:
    return {table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables}


def test_discovery_finds_every_known_write_function() -> None:
    assert set(FUNCTIONS) >= KNOWN_WRITES, KNOWN_WRITES - set(FUNCTIONS)


@pytest.mark.parametrize("qualified", sorted(FUNCTIONS))
def test_every_actor_function_checks_the_role_first(qualified: str) -> None:
    source = inspect.getsource(FUNCTIONS[qualified])
    assert "require(" in source
    first_require(FUNCTIONS[qualified])


@pytest.mark.parametrize("qualified", sorted(FUNCTIONS))
def test_every_actor_function_refuses_a_lower_role_and_writes_nothing(session: Session, qualified: str) -> None:
    function = FUNCTIONS[qualified]
    minimum = first_require(function)
    campaign = make_campaign(session)
    make_participation(session, campaign)
    session.flush()
    before = _row_counts(session)
    kwargs: dict[str, Any] = {}
    for name, parameter in inspect.signature(function).parameters.items():
        if name == "session":
            kwargs[name] = session
        elif name == "actor":
            kwargs[name] = _below(minimum)
        elif parameter.default is inspect.Parameter.empty:
            kwargs[name] = None  # never reached: the role check comes first
    parameters = inspect.signature(function).parameters
    positional = ([kwargs.pop("session")] if "session" in parameters
                  and parameters["session"].kind is not inspect.Parameter.KEYWORD_ONLY else [])
    with pytest.raises(PermissionDenied) as refusal:
        function(*positional, **kwargs)
    below = _below(minimum)
    reason = ("aucun utilisateur identifié" if below is None else
              f"le rôle « {ROLE_LABELS[below.role]} » ne le permet pas ; il faut être au moins « {ROLE_LABELS[minimum]} »")
    assert re.fullmatch(rf"Action refusée \(.+\) : {re.escape(reason)}\.", str(refusal.value)), refusal.value
    assert not session.new and not session.dirty and not session.deleted
    session.flush()
    assert _row_counts(session) == before


def test_require_refuses_no_actor_and_lower_roles() -> None:
    with pytest.raises(PermissionDenied, match="aucun utilisateur"):
        require(None, Role.LECTEUR, action="lire")
    with pytest.raises(PermissionDenied, match="Lecteur"):
        require(READER, Role.EDITEUR, action="écrire")
    assert require(EDITOR, Role.EDITEUR, action="écrire") is EDITOR
    assert access.LOCAL_ACTOR.is_admin and not READER.sees_personal_data and EDITOR.sees_personal_data


def _refused_for_reader(session: Session, call: Callable[[], object]) -> None:
    session.flush()
    before = _row_counts(session)
    with pytest.raises(PermissionDenied):
        call()
    session.flush()
    assert _row_counts(session) == before


def test_reader_cannot_call_any_existing_write(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    users.set_role(session, actor=ADMIN, email="quelquun@exemple.fr", role=Role.EDITEUR)
    paris = make_territory(session, "commune", "75056")
    today = dt.date(2025, 1, 10)
    calls: list[Callable[[], object]] = [
        lambda: users.set_role(session, actor=READER, email=READER.email, role=Role.ADMINISTRATEUR),
        lambda: users.remove_user(session, actor=READER, email="quelquun@exemple.fr"),
        lambda: users.list_users(session, actor=READER),
        lambda: campaigns.create_campaign(session, actor=READER, slug="x", name="X", start_date=today),
        lambda: campaigns.update_campaign_settings(
            session, actor=READER, campaign_id=campaign.id, settings=CampaignSettings(
                name="Piratée", start_date=today, end_date=None, forum_date=None, forum_place=None,
                default_chapters=["A"])),
        lambda: participations.register(
            session, actor=READER, campaign_id=campaign.id, territory=paris, engaged_on=today),
        lambda: participations.advance(session, actor=READER, participation=participation,
                                       stage=Stage.CHARTE_SIGNEE, occurred_on=today),
        lambda: participations.sign_charter(session, actor=READER, participation=participation, signed_on=today),
        lambda: participations.add_session(session, actor=READER, participation=participation, held_on=today,
                                           format="atelier", publics=["agents"], participants=10),
        lambda: participations.erase_contact(session, actor=READER, participation_id=participation.id),
        lambda: participations.contact_of(session, actor=READER, participation_id=participation.id),
        lambda: participations.contacts_of_campaign(session, actor=READER, campaign_id=campaign.id),
        lambda: demo.generate(session, actor=READER, scale=1, reset=True),
    ]
    for call in calls:
        _refused_for_reader(session, call)
    assert participation.contact_email == "camille.martin@exemple.fr"
    assert campaign.name == "Campagne test"


def test_editor_is_refused_administrator_writes(session: Session) -> None:
    campaign = make_campaign(session)
    participation = make_participation(session, campaign)
    for call in (
        lambda: users.set_role(session, actor=EDITOR, email=EDITOR.email, role=Role.ADMINISTRATEUR),
        lambda: participations.erase_contact(session, actor=EDITOR, participation_id=participation.id),
        lambda: campaigns.update_campaign_settings(
            session, actor=EDITOR, campaign_id=campaign.id, settings=CampaignSettings(
                name="X", start_date=dt.date(2024, 9, 1), end_date=None, forum_date=None, forum_place=None,
                default_chapters=["A"])),
    ):
        _refused_for_reader(session, call)


def test_set_role_is_audited_with_before_and_after(session: Session) -> None:
    users.set_role(session, actor=ADMIN, email=" Alice@Exemple.fr ", role=Role.LECTEUR)
    users.set_role(session, actor=ADMIN, email="alice@exemple.fr", role=Role.EDITEUR)
    assert users.role_of(session, "ALICE@exemple.fr") is Role.EDITEUR
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "role.attribution")
                             .order_by(AuditEvent.id)).all()
    assert [e.after for e in events] == [{"role": "lecteur"}, {"role": "editeur"}]
    assert events[1].before == {"role": "lecteur"} and events[1].actor == ADMIN.email
    users.remove_user(session, actor=ADMIN, email="alice@exemple.fr")
    assert users.role_of(session, "alice@exemple.fr") is None
    assert session.scalar(select(func.count()).select_from(AppUser)) == 0


def test_admin_cannot_demote_or_remove_themself(session: Session) -> None:
    me = Actor(email="moi@exemple.fr", role=Role.ADMINISTRATEUR)
    users.set_role(session, actor=ADMIN, email=me.email, role=Role.ADMINISTRATEUR)
    with pytest.raises(ValidationError):
        users.set_role(session, actor=me, email=me.email, role=Role.LECTEUR)
    with pytest.raises(ValidationError):
        users.remove_user(session, actor=me, email=me.email)
    with pytest.raises(ValidationError):
        users.set_role(session, actor=me, email="pas une adresse", role=Role.LECTEUR)


# An audit event is a row too: a function that only logs (an e-mail sent) is a write.
WRITE_MARKERS = ("session.add", "session.delete", "insert(", "update(", "delete(", "session.merge", "audit.record(")
# "participation.stage = …", "campaign.name = …": changing a loaded row is a write too.
ATTRIBUTE_WRITE = re.compile(r"^\s+[a-z_]+\.[a-z_]+\s*[+-]?=[^=]", re.MULTILINE)


def _writes(source: str) -> bool:
    return any(marker in source for marker in WRITE_MARKERS) or bool(ATTRIBUTE_WRITE.search(source))


# Functions whose only store writes go through another audited actor function (named here).
# Their own attribute assignments touch in-memory reports, not rows.
DELEGATED_AUDIT = {
    "data_access.intake.applying.submit_entry": "data_access.intake.applying.apply",
    "data_access.manifesto.sections.move_section": "data_access.manifesto.sections.reorder_sections",
    "data_access.manifesto.items.shift_item": "data_access.manifesto.items.reorder_items",
    # Checked by the commission's function or by the territory's own (sign_own_charter), then recorded once.
    "data_access.space.participations.advance": "data_access.space.participations._record_stage",
    "data_access.space.participations.sign_charter": "data_access.space.participations._record_charter",
}


def _function(qualified: str) -> FunctionType:
    if qualified in FUNCTIONS:
        return FUNCTIONS[qualified]
    module, name = qualified.rsplit(".", 1)
    found = getattr(importlib.import_module(module), name)
    assert isinstance(found, FunctionType)
    return found


@pytest.mark.parametrize("qualified", sorted(FUNCTIONS))
def test_every_actor_function_that_writes_records_an_audit_event(qualified: str) -> None:
    source = inspect.getsource(FUNCTIONS[qualified])
    body = source.split(":", 1)[1] if source.startswith("def") else source
    if qualified in DELEGATED_AUDIT:
        callee = DELEGATED_AUDIT[qualified]
        assert f"{callee.rsplit('.', 1)[1]}(session, actor=actor" in body
        assert "audit.record(" in inspect.getsource(_function(callee))
        # No row written here directly (list.insert is fine): the callee does it, audited.
        assert not any(marker in body for marker in ("session.add", "session.delete", "session.merge",
                                                     "session.execute", "update(", "delete("))
        return
    if _writes(body):
        assert "audit.record(" in body, f"{qualified} écrit sans audit.record(...)"


def test_write_detection_sees_the_known_writes() -> None:
    writes = {q for q in FUNCTIONS if _writes(inspect.getsource(_function(DELEGATED_AUDIT.get(q, q))))}
    assert writes >= KNOWN_WRITES, KNOWN_WRITES - writes
    assert not writes & {"data_access.users.list_users", "data_access.audit.list_events",
                         "data_access.space.participations.contact_of"}
