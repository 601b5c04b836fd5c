"""Store upkeep after bulk writes: planner statistics on PostgreSQL.

PostgreSQL plans queries from per-table statistics refreshed by autovacuum, which may be off (or
late) on the server: right after the demo or a large import the planner still believes the tables
empty and picks nested loops over thousands of rows (Suivi twice as slow at scale 20). ``ANALYZE``
in the writing transaction counts that transaction's own rows, so the statistics are right as soon
as it commits. SQLite needs nothing (its planner does well without ``sqlite_stat1``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.expression import ClauseElement, Executable

from data_access.models import Base
from data_access.versions import TABLE_AGGREGATES, Aggregate

# Below this many rows (e.g. territories of an import) statistics are not worth a pass: a one-row
# « Saisie » must stay instant, and the planner's estimates barely move.
BULK_ROWS = 20


class Analyze(Executable, ClauseElement):
    """``ANALYZE <table>``, the table name quoted by the dialect (never text built from values)."""

    inherit_cache = False

    def __init__(self, table: Table) -> None:
        self.table = table


@compiles(Analyze)
def _compile_analyze(element: Analyze, compiler: Any, **_kw: Any) -> str:
    return f"ANALYZE {compiler.preparer.format_table(element.table)}"


def analyze(session: Session, *aggregates: Aggregate, rows: int | None = None) -> list[str]:
    """Refresh the statistics of the tables of ``aggregates`` (every table when none is given).

    Returns the tables analysed (none on SQLite, or when ``rows`` is under ``BULK_ROWS``).
    """
    if session.get_bind().dialect.name != "postgresql" or (rows is not None and rows < BULK_ROWS):
        return []
    tables = [table for table in Base.metadata.sorted_tables
              if not aggregates or TABLE_AGGREGATES.get(table.name) in aggregates]
    session.flush()  # ANALYZE samples what the database holds, not pending ORM objects
    for table in tables:
        session.execute(Analyze(table))
    return [table.name for table in tables]
