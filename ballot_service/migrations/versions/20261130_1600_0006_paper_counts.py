"""paper counts: a confidence poll or vote counted on paper (issue 15.6)

Revision ID: 0006_paper_counts
Revises: 0005_cosignatures
Create Date: 2026-11-30 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_paper_counts"
down_revision = "0005_cosignatures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "paper_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("session_name", sa.String(length=300), nullable=False),
        sa.Column("meeting_date", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=300), nullable=False),
        sa.Column("denominator", sa.String(length=24), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counted_by_id", sa.Integer(), nullable=True),
        sa.Column("counted_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("kind IN ('poll', 'vote')", name=op.f("ck_paper_counts_kind")),
        sa.CheckConstraint(
            "denominator IN ('ballots_collected', 'total_delegates')",
            name=op.f("ck_paper_counts_denominator"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_paper_counts_council_id_councils"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_paper_counts_created_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["counted_by_id"],
            ["users.id"],
            name=op.f("fk_paper_counts_counted_by_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paper_counts")),
    )
    op.create_index(
        op.f("ix_paper_counts_council_id"), "paper_counts", ["council_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_paper_counts_council_id"), table_name="paper_counts")
    op.drop_table("paper_counts")
