"""sharing between territories: the charter's defaults on the campaign, each territory's choices

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DEFAULTS = ("share_methods_default", "share_findings_default", "share_proposals_default")


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch_op:
        for column in DEFAULTS:
            # The call to territories asks them to « mettre en commun les résultats »: shared by default.
            batch_op.add_column(sa.Column(column, sa.Boolean(), nullable=False, server_default=sa.true()))
    op.create_table(
        "sharing_choice",
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("methods", sa.Boolean(), nullable=False),
        sa.Column("findings", sa.Boolean(), nullable=False),
        sa.Column("proposals", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["participation_id"], ["participation.id"], ondelete="CASCADE",
                                name=op.f("fk_sharing_choice_participation_id_participation")),
        sa.PrimaryKeyConstraint("participation_id", name=op.f("pk_sharing_choice")),
    )


def downgrade() -> None:
    op.drop_table("sharing_choice")
    with op.batch_alter_table("campaign") as batch_op:
        for column in reversed(DEFAULTS):
            batch_op.drop_column(column)
