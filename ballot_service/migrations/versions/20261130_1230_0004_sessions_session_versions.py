"""session versions and first-login password change

Revision ID: 0004_sessions
Revises: 0003_committee_moves
Create Date: 2026-11-30 12:30:00

users.session_version: a login session carries the version it was made with; logging out,
deactivating the account or changing its password raises it, so every older session ends.
users.must_change_password: an account made by someone else sets its own password at first login.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sessions"
down_revision = "0003_committee_moves"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("session_version")
