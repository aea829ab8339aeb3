"""Self-declarations: a cadre declares a profile section, the officer confirms it section by section (issue 12).

Revision ID: 0020
Revises: 0016 (the head after the domains merge; the lead re-chains at merge)
Create Date: 2026-12-06 21:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (AutoString)
from alembic import op

revision: str = '0020'
down_revision: str | None = '0016'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

S = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        'self_declaration',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cadre_id', sa.Integer(), nullable=False),
        sa.Column('unit_id', sa.Integer(), nullable=False),
        sa.Column('section', sa.String(length=20), nullable=False),
        sa.Column('proposed', sa.JSON(), nullable=False),
        sa.Column('status', S(length=12), nullable=False),
        sa.Column('requested_by', S(length=120), nullable=False),
        sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_by', S(length=120), nullable=True),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('decision_note', S(length=1000), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.CheckConstraint("section IN ('contact','qualifications','employment','family')",
                           name=op.f('ck_self_declaration_section')),
        sa.CheckConstraint("status IN ('pending','confirmed','rejected','superseded')",
                           name=op.f('ck_self_declaration_status')),
        sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_self_declaration_cadre_id_cadre')),
        sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_self_declaration_unit_id_org_unit')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_self_declaration')),
    )
    op.create_index('ix_self_declaration_cadre', 'self_declaration', ['cadre_id', 'section', 'status'], unique=False)
    op.create_index('ix_self_declaration_unit', 'self_declaration', ['unit_id', 'status'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_self_declaration_unit', table_name='self_declaration')
    op.drop_index('ix_self_declaration_cadre', table_name='self_declaration')
    op.drop_table('self_declaration')
