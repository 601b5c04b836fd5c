"""Search and filter inputs reach the database as bound parameters: SQL fragments are plain text."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data_access import users
from data_access.filters import Filters
from data_access.models import Participation, Territory
from data_access.monitoring import figures
from tests.data_access.test_audit import SQL_FRAGMENTS
from tests.support.env import PROJECT_ROOT
from tests.support.factories import make_campaign, make_participation


@pytest.mark.parametrize("fragment", SQL_FRAGMENTS)
def test_shared_filters_treat_sql_fragments_as_values(session: Session, fragment: str) -> None:
    campaign = make_campaign(session)
    make_participation(session, campaign)
    session.flush()
    assert figures.engaged_territories(session, Filters(campaign_id=campaign.id)) == 1
    for hostile in (Filters(campaign_id=campaign.id, reg_codes=(fragment,)),
                    Filters(campaign_id=campaign.id, dep_codes=(fragment,)),
                    Filters(campaign_id=campaign.id, kinds=(fragment,)),
                    Filters(campaign_id=campaign.id, stages=(fragment,)),
                    Filters(campaign_id=campaign.id, networks=(fragment,))):
        assert figures.key_figures(session, hostile).engaged == 0
    assert session.scalar(select(func.count()).select_from(Participation)) == 1
    assert session.scalar(select(func.count()).select_from(Territory)) == 1


@pytest.mark.parametrize("fragment", SQL_FRAGMENTS)
def test_role_lookup_treats_sql_fragments_as_values(session: Session, fragment: str) -> None:
    assert users.role_of(session, fragment) is None


def _interpolated_sql(path: Path) -> list[str]:
    """text(f"…"), text("…" + x), text("…".format()), exec_driver_sql(f"…"): SQL built from values."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if callee not in {"text", "exec_driver_sql", "execute"}:
            continue
        argument = node.args[0]
        if isinstance(argument, ast.JoinedStr) and all(
            isinstance(part, ast.Constant)
            or (isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name) and part.value.id.isupper())
            for part in argument.values
        ):
            continue  # only module constants (e.g. PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS})
        if isinstance(argument, (ast.JoinedStr, ast.BinOp)) or (
            isinstance(argument, ast.Call) and getattr(argument.func, "attr", "") == "format"
        ):
            found.append(ast.unparse(node))
    return found


@pytest.mark.parametrize("folder", ["data_access", "dashboard", "pages"])
def test_no_sql_is_built_by_string_interpolation(folder: str) -> None:
    offenders = {str(path.relative_to(PROJECT_ROOT)): hits for path in sorted((PROJECT_ROOT / folder).rglob("*.py"))
                 if (hits := _interpolated_sql(path))}
    assert not offenders, offenders
