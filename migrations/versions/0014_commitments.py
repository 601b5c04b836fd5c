"""commitments: the manifesto's « engagements », their statuses, timeline, history and links

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
AGGREGATE = "commitments"


def _fk(table: str, column: str, target: str, ondelete: str | None = None, **options: str | bool
        ) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], ondelete=ondelete,
                                   name=op.f(f"fk_{table}_{column}_{target}"), **options)


def upgrade() -> None:
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.add_column(sa.Column("commitment_news_months", sa.Integer(), nullable=False,
                                      server_default=sa.text("6")))
    op.create_table(
        "commitment_status",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=80), nullable=False),
        sa.Column("default_progress", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("default_progress BETWEEN 0 AND 100",
                           name=op.f("ck_commitment_status_default_progress_range")),
        _fk("commitment_status", "campaign_id", "campaign", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_status")),
        sa.UniqueConstraint("campaign_id", "label", name="uq_commitment_status_campaign_label"),
    )
    op.create_index(op.f("ix_commitment_status_campaign_id"), "commitment_status", ["campaign_id"])
    op.create_table(
        "commitment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=40), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("committer_kind", sa.String(length=20), nullable=False),
        sa.Column("committer_name", sa.String(length=200), nullable=True),
        sa.Column("participation_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("status_id", sa.Integer(), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("progress_set_by_hand", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("validated", sa.Boolean(), nullable=False),
        sa.Column("validated_at", sa.DateTime(), nullable=True),
        sa.Column("validated_by", sa.String(length=200), nullable=True),
        sa.Column("withdrawn", sa.Boolean(), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name=op.f("ck_commitment_progress_range")),
        _fk("commitment", "campaign_id", "campaign", "CASCADE"),
        _fk("commitment", "item_id", "manifesto_item", "SET NULL"),
        _fk("commitment", "parent_id", "commitment", "SET NULL", deferrable=True, initially="DEFERRED"),
        _fk("commitment", "participation_id", "participation", "CASCADE"),
        _fk("commitment", "status_id", "commitment_status"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
        sa.UniqueConstraint("public_id", name=op.f("uq_commitment_public_id")),
    )
    for column in ("campaign_id", "item_id", "parent_id", "participation_id", "status_id", "validated",
                   "withdrawn"):
        op.create_index(op.f(f"ix_commitment_{column}"), "commitment", [column])
    op.create_table(
        "commitment_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        _fk("commitment_entry", "commitment_id", "commitment", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_entry")),
    )
    op.create_index(op.f("ix_commitment_entry_commitment_id"), "commitment_entry", ["commitment_id"])
    op.create_table(
        "commitment_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("snapshot", JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        _fk("commitment_revision", "commitment_id", "commitment", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment_revision")),
    )
    op.create_index(op.f("ix_commitment_revision_commitment_id"), "commitment_revision", ["commitment_id"])
    for table, column, target in (("commitment_proposal", "proposal_id", "proposal"),
                                  ("commitment_territory", "participation_id", "participation")):
        op.create_table(
            table,
            sa.Column("commitment_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            _fk(table, "commitment_id", "commitment", "CASCADE"),
            _fk(table, column, target, "CASCADE"),
            sa.PrimaryKeyConstraint("commitment_id", column, name=op.f(f"pk_{table}")),
        )
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])
    op.bulk_insert(sa.table("data_version", sa.column("aggregate", sa.String), sa.column("version", sa.BigInteger)),
                   [{"aggregate": AGGREGATE, "version": 0}])


def downgrade() -> None:
    for table in ("commitment_territory", "commitment_proposal", "commitment_revision", "commitment_entry",
                  "commitment", "commitment_status"):
        op.drop_table(table)
    with op.batch_alter_table("campaign") as batch_op:
        batch_op.drop_column("commitment_news_months")
    op.execute(sa.text(f"DELETE FROM data_version WHERE aggregate = '{AGGREGATE}'"))
