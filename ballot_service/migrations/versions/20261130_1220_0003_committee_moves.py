"""committee moves: the chair, or a member with a second member's confirmation (issue 10.3)

Revision ID: 0003_committee_moves
Revises: 0002_one_account_per_delegate
Create Date: 2026-11-30 12:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_committee_moves"
down_revision = "0002_one_account_per_delegate"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "polls",
        sa.Column(
            "second_member_confirms", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )
    op.create_table(
        "pending_moves",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("poll_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=16), nullable=False),
        sa.Column("to_state", sa.String(length=16), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmer_id", sa.Integer(), nullable=True),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["polls.id"],
            name=op.f("fk_pending_moves_poll_id_polls"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["users.id"],
            name=op.f("fk_pending_moves_requester_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["confirmer_id"],
            ["users.id"],
            name=op.f("fk_pending_moves_confirmer_id_users"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_moves")),
    )
    op.create_index(op.f("ix_pending_moves_poll_id"), "pending_moves", ["poll_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_pending_moves_poll_id"), table_name="pending_moves")
    op.drop_table("pending_moves")
    with op.batch_alter_table("polls") as batch_op:
        batch_op.drop_column("second_member_confirms")
