"""A user account may belong to a cadre (`user_account.cadre_id`: their own self-assessment); a unit's regular
operating funds per fiscal year (`org_unit_finance`), so indicator #19 (training budget share) is computed.

Revision ID: 0016
Revises: 0014
Create Date: 2026-12-06 20:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op

revision: str = '0016'
down_revision: str | None = '0019'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('user_account') as batch:
        batch.add_column(sa.Column('cadre_id', sa.Integer(), nullable=True))
        batch.create_unique_constraint(op.f('uq_user_account_cadre_id'), ['cadre_id'])
        batch.create_foreign_key(op.f('fk_user_account_cadre_id_cadre'), 'cadre', ['cadre_id'], ['id'])
    op.create_table(
        'org_unit_finance',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('regular_funds', sa.BigInteger(), nullable=False),
        sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column('recorded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.CheckConstraint('regular_funds >= 0', name=op.f('ck_org_unit_finance_regular_funds')),
        sa.CheckConstraint('year BETWEEN 1900 AND 2999', name=op.f('ck_org_unit_finance_year')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_org_unit_finance_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit_finance')),
        sa.UniqueConstraint('unit_id', 'year', name=op.f('uq_org_unit_finance_unit_year')),
    )
    indicator = sa.table("indicator", sa.column("code"), sa.column("kind"), sa.column("computation"))
    op.execute(indicator.update().where(indicator.c.code == "training_budget_share")
               .values(kind="ratio", computation="training_budget_share"))


def downgrade() -> None:
    indicator = sa.table("indicator", sa.column("code"), sa.column("kind"), sa.column("computation"))
    op.execute(indicator.update().where(indicator.c.code == "training_budget_share")
               .values(kind="manual", computation=None))
    op.drop_table('org_unit_finance')
    with op.batch_alter_table('user_account') as batch:
        batch.drop_constraint(op.f('fk_user_account_cadre_id_cadre'), type_='foreignkey')
        batch.drop_constraint(op.f('uq_user_account_cadre_id'), type_='unique')
        batch.drop_column('cadre_id')
