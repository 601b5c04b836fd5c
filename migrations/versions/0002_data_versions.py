"""data versions: one counter per aggregate, bumped by every write

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here (not imported): a migration must mean the same thing whatever the code becomes.
AGGREGATES = ("campaigns", "territories", "participations", "submissions", "groupings", "manifesto",
              "users", "presets", "audit", "store")


def upgrade() -> None:
    table = op.create_table(
        "data_version",
        sa.Column("aggregate", sa.String(length=40), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("aggregate", name=op.f("pk_data_version")),
    )
    op.bulk_insert(table, [{"aggregate": name, "version": 0} for name in AGGREGATES])


def downgrade() -> None:
    op.drop_table("data_version")
