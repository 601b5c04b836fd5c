"""registration: requests filed on the public page « S'inscrire », awaiting validation

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "registration_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("territory_kind", sa.String(length=40), nullable=False),
        sa.Column("territory_code", sa.String(length=60), nullable=False),
        sa.Column("territory_name", sa.String(length=300), nullable=False),
        sa.Column("contact_name", sa.String(length=200), nullable=True),
        sa.Column("contact_role", sa.String(length=200), nullable=True),
        sa.Column("contact_email", sa.String(length=200), nullable=True),
        sa.Column("contact_phone", sa.String(length=50), nullable=True),
        sa.Column("networks", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("consent_at", sa.DateTime(), nullable=False),
        sa.Column("notice_version", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("participation_id", sa.Integer(), nullable=True),
        sa.Column("client_hash", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE",
                                name=op.f("fk_registration_request_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["participation_id"], ["participation.id"], ondelete="SET NULL",
                                name=op.f("fk_registration_request_participation_id_participation")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_registration_request")),
    )
    with op.batch_alter_table("registration_request") as batch_op:
        for column in ("campaign_id", "status", "created_at", "client_hash"):
            batch_op.create_index(batch_op.f(f"ix_registration_request_{column}"), [column])
    op.bulk_insert(sa.table("data_version", sa.column("aggregate", sa.String), sa.column("version", sa.BigInteger)),
                   [{"aggregate": "registrations", "version": 0}])


def downgrade() -> None:
    op.drop_table("registration_request")
    op.execute("DELETE FROM data_version WHERE aggregate = 'registrations'")
