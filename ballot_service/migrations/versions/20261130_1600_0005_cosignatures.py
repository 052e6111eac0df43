"""witness cosignatures of checkpoints

Revision ID: 0005_cosignatures
Revises: 0004_sessions
Create Date: 2026-11-30 16:00:00

cosignatures: one tlog-cosignature/v1 per (checkpoint, witness name), append-only like the
checkpoints it belongs to (docs/LOG.md §5).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_cosignatures"
down_revision = "0004_sessions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "cosignatures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("checkpoint_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("key_id", sa.LargeBinary(length=4), nullable=False),
        sa.Column("timestamp", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.LargeBinary(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["checkpoint_id"],
            ["checkpoints.id"],
            name=op.f("fk_cosignatures_checkpoint_id_checkpoints"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cosignatures")),
        sa.UniqueConstraint("checkpoint_id", "name", name="checkpoint_name"),
    )
    with op.batch_alter_table("cosignatures", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cosignatures_checkpoint_id"), ["checkpoint_id"], unique=False
        )
    dialect = op.get_bind().dialect.name
    for action in ("UPDATE", "DELETE"):
        name = f"cosignatures_no_{action.lower()}"
        if dialect == "postgresql":  # refuse_change() comes with the initial schema
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {action} ON cosignatures "
                "FOR EACH ROW EXECUTE FUNCTION refuse_change()"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {name} BEFORE {action} ON cosignatures BEGIN "
                f"SELECT RAISE(ABORT, 'append-only table cosignatures: {action} refused'); END"
            )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for action in ("update", "delete"):
        op.execute(
            f"DROP TRIGGER IF EXISTS cosignatures_no_{action}"
            + (" ON cosignatures" if postgres else "")
        )
    with op.batch_alter_table("cosignatures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cosignatures_checkpoint_id"))
    op.drop_table("cosignatures")
