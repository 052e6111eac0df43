"""one account per delegate (issue 10.2)

A committee account links to at most one delegate (one column) and a delegate to at most one
account (this unique index), so one person cannot hold several seats of a counting committee.
A unique index rather than a table constraint: SQLite adds it without rebuilding the table.

Revision ID: 0002_one_account_per_delegate
Revises: 0001
Create Date: 2026-11-30 12:15:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_one_account_per_delegate"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    shared = op.get_bind().execute(
        sa.text(
            "SELECT delegate_id, COUNT(*) FROM users WHERE delegate_id IS NOT NULL "
            "GROUP BY delegate_id HAVING COUNT(*) > 1"
        )
    ).all()
    if shared:
        listed = ", ".join(f"delegate {row[0]} ({row[1]} accounts)" for row in shared)
        raise RuntimeError(
            f"several accounts are linked to one delegate: {listed}; keep one account per "
            "delegate (unlink or remove the others) and run the upgrade again"
        )
    op.create_index("uq_users_delegate_id", "users", ["delegate_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_users_delegate_id", table_name="users")
