"""JSONB for every JSON column on PostgreSQL

PostgreSQL's ``json`` type has no equality operator: ``SELECT DISTINCT``, ``GROUP BY`` and ``=``
on it fail (« could not identify an equality operator for type json »). ``jsonb`` has them, and is
what the models now declare there. SQLite stores JSON as text whatever the type: nothing to do.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here (not imported): (table, column, nullable) of every JSON column at revision 0002.
JSON_COLUMNS = (
    ("audit_event", "before", True),
    ("audit_event", "after", True),
    ("campaign", "default_chapters", False),
    ("import_preset", "mapping", False),
    ("participation", "networks", False),
    ("concertation_session", "publics", False),
    ("grid_response", "answers", False),
    ("manifesto_section_revision", "snapshot", False),
    ("proposal", "themes", False),
    ("proposal", "criteria", False),
)


def _convert(to_jsonb: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    new_type, old_type = (JSONB(), sa.JSON()) if to_jsonb else (sa.JSON(), JSONB())
    target = "jsonb" if to_jsonb else "json"
    for table, column, nullable in JSON_COLUMNS:
        op.alter_column(table, column, type_=new_type, existing_type=old_type,
                        existing_nullable=nullable, postgresql_using=f'"{column}"::{target}')


def upgrade() -> None:
    _convert(to_jsonb=True)


def downgrade() -> None:
    _convert(to_jsonb=False)
