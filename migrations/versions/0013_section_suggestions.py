"""section suggestions: the editors' decisions on the suggested sections of a proposal

Revision ID: 0013
Revises: 0011 (was 0010: rechained after merging « semantic », whose 0011 also follows 0010)
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "section_suggestion_decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=True),
        sa.Column("suggested_section_id", sa.Integer(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"], ondelete="CASCADE",
                                name=op.f("fk_section_suggestion_decision_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["proposal_id"], ["proposal.id"], ondelete="CASCADE",
                                name=op.f("fk_section_suggestion_decision_proposal_id_proposal")),
        sa.ForeignKeyConstraint(["section_id"], ["manifesto_section.id"], ondelete="SET NULL",
                                name=op.f("fk_section_suggestion_decision_section_id_manifesto_section")),
        sa.ForeignKeyConstraint(["suggested_section_id"], ["manifesto_section.id"], ondelete="SET NULL",
                                name=op.f("fk_section_suggestion_decision_suggested_section_id_manifesto_section")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section_suggestion_decision")),
        sa.UniqueConstraint("proposal_id", name="uq_section_suggestion_decision_proposal_id"),
    )
    op.create_index(op.f("ix_section_suggestion_decision_campaign_id"), "section_suggestion_decision",
                    ["campaign_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_section_suggestion_decision_campaign_id"), table_name="section_suggestion_decision")
    op.drop_table("section_suggestion_decision")
