"""proposal vectors: the meaning vector of each distinct wording, keyed by the normalised text's hash

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposal_vector",
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=120), nullable=False),
        sa.Column("dimension", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("text_hash", name=op.f("pk_proposal_vector")),
    )
    op.create_index(op.f("ix_proposal_vector_model"), "proposal_vector", ["model"])
    table = sa.table("data_version", sa.column("aggregate", sa.String), sa.column("version", sa.Integer))
    op.bulk_insert(table, [{"aggregate": "vectors", "version": 0}])


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM data_version WHERE aggregate = 'vectors'"))
    op.drop_index(op.f("ix_proposal_vector_model"), table_name="proposal_vector")
    op.drop_table("proposal_vector")
