"""themes: editors' decisions on the themes found in the proposals (rename, merge, split, reject, section)

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "theme_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("keywords", JSON, nullable=False),
        sa.Column("quote_ids", JSON, nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE",
                                name=op.f("fk_theme_decision_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["section_id"], ["manifesto_section.id"], ondelete="SET NULL",
                                name=op.f("fk_theme_decision_section_id_manifesto_section")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_theme_decision")),
    )
    op.create_index(op.f("ix_theme_decision_campaign_id"), "theme_decision", ["campaign_id"])
    op.create_index(op.f("ix_theme_decision_status"), "theme_decision", ["status"])
    op.create_table(
        "theme_decision_member",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["decision_id"], ["theme_decision.id"], ondelete="CASCADE",
                                name=op.f("fk_theme_decision_member_decision_id_theme_decision")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], ondelete="CASCADE",
                                name=op.f("fk_theme_decision_member_proposal_id_proposal")),
        sa.PrimaryKeyConstraint("decision_id", "proposal_id", name=op.f("pk_theme_decision_member")),
    )
    op.create_index(op.f("ix_theme_decision_member_proposal_id"), "theme_decision_member", ["proposal_id"])


def downgrade() -> None:
    op.drop_table("theme_decision_member")
    op.drop_table("theme_decision")
