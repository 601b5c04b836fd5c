"""territory space: personal links, versioned charter, signatory of a charter

Revision ID: 0006
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "territory_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("email", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["participation_id"], ["participation.id"], ondelete="CASCADE",
                                name=op.f("fk_territory_link_participation_id_participation")),
        sa.ForeignKeyConstraint(["invitation_id"], ["territory_link.id"], ondelete="SET NULL",
                                name=op.f("fk_territory_link_invitation_id_territory_link")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_territory_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_territory_link_token_hash")),
    )
    with op.batch_alter_table("territory_link") as batch_op:
        batch_op.create_index(batch_op.f("ix_territory_link_participation_id"), ["participation_id"])
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.add_column(sa.Column("charter_text", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("charter_version", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("charter_signature") as batch_op:
        batch_op.add_column(sa.Column("signatory_name", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("charter_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("signed_by", sa.String(length=200), nullable=True))
    op.bulk_insert(sa.table("data_version", sa.column("aggregate", sa.String), sa.column("version", sa.BigInteger)),
                   [{"aggregate": "links", "version": 0}])


def downgrade() -> None:
    with op.batch_alter_table("charter_signature") as batch_op:
        batch_op.drop_column("signed_by")
        batch_op.drop_column("charter_version")
        batch_op.drop_column("signatory_name")
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.drop_column("charter_version")
        batch_op.drop_column("charter_text")
    op.drop_table("territory_link")
    op.execute("DELETE FROM data_version WHERE aggregate = 'links'")
