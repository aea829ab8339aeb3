"""Webhook endpoints can be paused (is_active): a paused endpoint gets no new messages and its pending ones wait.

Revision ID: 0017
Revises: 0014
Create Date: 2026-12-06 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0017'
down_revision: str | None = '0015'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('webhook_endpoint') as batch:
        batch.add_column(sa.Column('is_active', sa.Boolean(), server_default=sa.true(), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('webhook_endpoint') as batch:
        batch.drop_column('is_active')
