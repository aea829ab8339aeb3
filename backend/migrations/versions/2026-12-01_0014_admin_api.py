"""Administration API: OAuth clients get a processing-agreement record (rule 28), a per-client rate limit and a
row version (ETag / If-Match); user accounts get a row version.

Revision ID: 0014
Revises: 0006
Create Date: 2026-12-01 22:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0014'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('oauth_client') as batch:
        batch.add_column(sa.Column('rate_limit_per_minute', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('agreement_no', sa.String(length=80), nullable=True))
        batch.add_column(sa.Column('agreement_signed_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('agreement_purpose', sa.Text(), nullable=True))
        batch.add_column(sa.Column('agreement_data_categories', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('agreement_expires_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.drop_column('version')
    with op.batch_alter_table('oauth_client') as batch:
        for name in ('version', 'agreement_expires_on', 'agreement_data_categories', 'agreement_purpose',
                     'agreement_signed_on', 'agreement_no', 'rate_limit_per_minute'):
            batch.drop_column(name)
