"""Committee change requests: the chair proposes a BCH/BTV/UBKT change, the upper level confirms (issue 12).

Revision ID: 0019
Revises: 0017 (the lead re-chains at merge)
Create Date: 2026-12-06 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (AutoString)
from alembic import op

revision: str = '0019'
down_revision: str | None = '0017'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'committee_change_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', S(length=10), nullable=False),
        sa.Column('cadre_id', sa.Integer(), nullable=False),
        sa.Column('body_id', sa.Integer(), nullable=False),
        sa.Column('position_code', sa.String(length=40), nullable=False),
        sa.Column('basis', S(length=12), nullable=True),
        sa.Column('assignment_id', sa.Integer(), nullable=True),
        sa.Column('effective_date', sa.Date(), nullable=False),
        sa.Column('end_reason', S(length=20), nullable=True),
        sa.Column('reason', S(length=1000), nullable=True),
        sa.Column('decision_no', S(length=100), nullable=True),
        sa.Column('status', S(length=10), nullable=False),
        sa.Column('requested_by', S(length=120), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by', S(length=120), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_note', S(length=1000), nullable=True),
        sa.Column('result_assignment_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("kind IN ('appoint','end')", name=op.f('ck_committee_change_request_kind')),
        sa.CheckConstraint("status IN ('pending','confirmed','rejected')",
                           name=op.f('ck_committee_change_request_status')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_committee_change_request_unit_id_org_unit')),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_committee_change_request_cadre_id_cadre')),
        sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_committee_change_request_body_id_body')),
        sa.ForeignKeyConstraint(['position_code'], ['position.code'],
                                name=op.f('fk_committee_change_request_position_code_position')),
        sa.ForeignKeyConstraint(['assignment_id'], ['assignment.id'],
                                name=op.f('fk_committee_change_request_assignment_id_assignment')),
        sa.ForeignKeyConstraint(['result_assignment_id'], ['assignment.id'],
                                name=op.f('fk_committee_change_request_result_assignment_id_assignment')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_committee_change_request')),
    )
    op.create_index('ix_committee_change_request_unit', 'committee_change_request', ['unit_id', 'status'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_committee_change_request_unit', table_name='committee_change_request')
    op.drop_table('committee_change_request')
