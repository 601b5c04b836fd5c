"""ANALYZE after bulk writes: PostgreSQL's planner statistics are right as soon as the demo commits."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from data_access import demo, intake, maintenance
from data_access.access import SYSTEM_ACTOR
from data_access.territories import reference
from tests.support.factories import EDITOR, make_campaign
from tests.support.factories.intake import territory_row, workbook


def _analysed_rows(session: Session, table: str) -> int | None:
    # reltuples is -1 (PostgreSQL 14+) or 0 until the table is analysed or vacuumed.
    return session.scalar(text("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:t)"), {"t": table})


def test_demo_leaves_fresh_statistics_on_postgresql(session: Session) -> None:
    demo.generate(session, actor=SYSTEM_ACTOR, scale=1, seed=7)
    if session.get_bind().dialect.name != "postgresql":
        assert maintenance.analyze(session) == []  # nothing to do on SQLite
        return
    session.commit()
    proposals = session.scalar(text("SELECT count(*) FROM proposal"))
    assert proposals and _analysed_rows(session, "proposal") == proposals


def test_small_writes_are_not_analysed(session: Session) -> None:
    assert maintenance.analyze(session, "participations", rows=maintenance.BULK_ROWS - 1) == []


def test_tables_of_the_named_aggregates(session: Session) -> None:
    tables = maintenance.analyze(session, "submissions", rows=maintenance.BULK_ROWS)
    if session.get_bind().dialect.name == "postgresql":
        assert sorted(tables) == ["finding", "grid_response", "proposal"]
    else:
        assert tables == []


def test_import_of_many_territories_leaves_fresh_statistics(session: Session) -> None:
    make_campaign(session)
    communes = [t for t in reference.of_kind("commune") if t.dep_code == "35"][:maintenance.BULK_ROWS]
    rows = [territory_row({"type_collectivite": "Commune", "territoire": t.name, "territoire_code": t.code})
            for t in communes]
    report = intake.run_import(session, actor=EDITOR, data=workbook(rows), filename="grille.xlsx")
    assert report.applied and report.counts()["création"] == maintenance.BULK_ROWS
    session.commit()
    if session.get_bind().dialect.name == "postgresql":
        assert _analysed_rows(session, "participation") == maintenance.BULK_ROWS
