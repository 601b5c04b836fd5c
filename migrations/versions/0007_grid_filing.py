"""grid filed online by a territory: drafts, filed versions, the commission's review

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "grid_filing",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("grid_version", sa.String(length=40), nullable=False),
        sa.Column("answers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("base_response_id", sa.Integer(), nullable=True),
        sa.Column("response_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=True),
        sa.Column("submitted_by", sa.String(length=200), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(), nullable=True),
        sa.Column("reviewed_by", sa.String(length=200), nullable=True),
        sa.Column("review_comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["participation_id"], ["participation.id"], ondelete="CASCADE",
                                name=op.f("fk_grid_filing_participation_id_participation")),
        sa.ForeignKeyConstraint(["base_response_id"], ["grid_response.id"], ondelete="SET NULL",
                                name=op.f("fk_grid_filing_base_response_id_grid_response")),
        sa.ForeignKeyConstraint(["response_id"], ["grid_response.id"], ondelete="SET NULL",
                                name=op.f("fk_grid_filing_response_id_grid_response")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grid_filing")),
        sa.UniqueConstraint("participation_id", "version", name="uq_grid_filing_participation_version"),
    )
    with op.batch_alter_table("grid_filing") as batch_op:
        batch_op.create_index(batch_op.f("ix_grid_filing_participation_id"), ["participation_id"])
        batch_op.create_index(batch_op.f("ix_grid_filing_status"), ["status"])
    op.bulk_insert(sa.table("data_version", sa.column("aggregate", sa.String), sa.column("version", sa.BigInteger)),
                   [{"aggregate": "filings", "version": 0}])


def downgrade() -> None:
    op.drop_table("grid_filing")
    op.execute("DELETE FROM data_version WHERE aggregate = 'filings'")
