"""proposal withdrawal: a proposal absent from a later grid version is withdrawn, never deleted

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("withdrawn_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("withdrawn_by_response_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_proposal_withdrawn_by_response_id_grid_response"), "grid_response",
                                 ["withdrawn_by_response_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.drop_constraint(op.f("fk_proposal_withdrawn_by_response_id_grid_response"), type_="foreignkey")
        batch.drop_column("withdrawn_by_response_id")
        batch.drop_column("withdrawn_on")
