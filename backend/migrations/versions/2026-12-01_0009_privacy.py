"""Personal-data duties: data-subject requests and processing restrictions (issue 14, rule 27).

Revision ID: 0009
Revises: 0007c (branch hardening merged rules' 0007a–c; the integrator re-chains)
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'data_subject_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cadre_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('received_on', sa.Date(), nullable=False),
        sa.Column('ack_due', sa.Date(), nullable=False),
        sa.Column('complete_due', sa.Date(), nullable=False),
        sa.Column('acknowledged_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('completed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('note', sa.Text(), nullable=True),
        sa.Column('outcome', sa.Text(), nullable=True),
        sa.Column('created_by', sa.String(length=120), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name='fk_data_subject_request_cadre_id_cadre'),
        sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name='fk_data_subject_request_unit_id_org_unit'),
        sa.PrimaryKeyConstraint('id', name='pk_data_subject_request'),
        sa.CheckConstraint("kind IN ('access','correction','deletion','restriction','objection')",
                           name='ck_data_subject_request_kind'),
    )
    with op.batch_alter_table('data_subject_request', schema=None) as batch_op:
        batch_op.create_index('ix_data_subject_request_cadre_id', ['cadre_id'], unique=False)
        batch_op.create_index('ix_data_subject_request_unit_id', ['unit_id'], unique=False)
        batch_op.create_index('ix_data_subject_request_status', ['status'], unique=False)
        batch_op.create_index('ix_data_subject_request_complete_due', ['complete_due'], unique=False)
    op.create_table(
        'processing_restriction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cadre_id', sa.Integer(), nullable=False),
        sa.Column('request_id', sa.Integer(), nullable=True),
        sa.Column('since', sa.DateTime(timezone=True), nullable=False),
        sa.Column('lifted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name='fk_processing_restriction_cadre_id_cadre'),
        sa.ForeignKeyConstraint(['request_id'], ['data_subject_request.id'],
                                name='fk_processing_restriction_request_id_data_subject_request'),
        sa.PrimaryKeyConstraint('id', name='pk_processing_restriction'),
    )
    with op.batch_alter_table('processing_restriction', schema=None) as batch_op:
        batch_op.create_index('ix_processing_restriction_cadre_id', ['cadre_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('processing_restriction', schema=None) as batch_op:
        batch_op.drop_index('ix_processing_restriction_cadre_id')
    op.drop_table('processing_restriction')
    with op.batch_alter_table('data_subject_request', schema=None) as batch_op:
        batch_op.drop_index('ix_data_subject_request_complete_due')
        batch_op.drop_index('ix_data_subject_request_status')
        batch_op.drop_index('ix_data_subject_request_unit_id')
        batch_op.drop_index('ix_data_subject_request_cadre_id')
    op.drop_table('data_subject_request')
