"""Personnel actions, planning, discipline and political clearance; versioned thresholds, title standards and
approval authority (seeded).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22 00:06:22.252215
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from datetime import date

from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('approval_authority',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('position_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('unit_level', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('levels_above', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval_authority'))
    )
    op.create_table('rule_setting',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rule_setting'))
    )
    with op.batch_alter_table('rule_setting', schema=None) as batch_op:
        batch_op.create_index('ix_rule_setting_code_from', ['code', 'valid_from'], unique=False)

    op.create_table('title_standard',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_code', sa.String(length=40), nullable=False),
    sa.Column('unit_level', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('min_education', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('min_political_theory', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('requires_union_certificate', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['position_code'], ['position.code'], name=op.f('fk_title_standard_position_code_position')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_title_standard'))
    )
    op.create_table('planning_cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('end_year', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('revision_of', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft','submitted','approved','superseded')", name=op.f('ck_planning_cycle_status')),
    sa.ForeignKeyConstraint(['revision_of'], ['planning_cycle.id'], name=op.f('fk_planning_cycle_revision_of_planning_cycle')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_planning_cycle_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_cycle'))
    )
    with op.batch_alter_table('planning_cycle', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_planning_cycle_unit_id'), ['unit_id'], unique=False)

    op.create_table('discipline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("form IN ('khien_trach','canh_cao','cach_chuc','khai_tru')", name=op.f('ck_discipline_form')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_discipline_cadre_id_cadre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discipline'))
    )
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.create_index('ix_discipline_cadre', ['cadre_id', 'effective_from'], unique=False)

    op.create_table('personnel_action',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('from_unit_id', sa.Integer(), nullable=True),
    sa.Column('position_code', sa.String(length=40), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('dossier_date', sa.Date(), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('eligibility', sa.JSON(), nullable=False),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('batch_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('submitted_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('applied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('draft','submitted','approved','rejected','withdrawn','effective')", name=op.f('ck_personnel_action_status')),
    sa.CheckConstraint("type IN ('appointment','reappointment','nomination','rotation','transfer','secondment','dismissal','resignation','retirement')", name=op.f('ck_personnel_action_type')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_personnel_action_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['from_unit_id'], ['org_unit.id'], name=op.f('fk_personnel_action_from_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['position_code'], ['position.code'], name=op.f('fk_personnel_action_position_code_position')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_personnel_action_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_personnel_action'))
    )
    with op.batch_alter_table('personnel_action', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_personnel_action_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index('ix_personnel_action_cadre', ['cadre_id', 'created_at'], unique=False)
        batch_op.create_index('ix_personnel_action_status_unit', ['status', 'unit_id'], unique=False)

    op.create_table('planning_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('position_code', sa.String(length=40), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.Column('added_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('removed_on', sa.Date(), nullable=True),
    sa.Column('removed_reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_planning_entry_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['cycle_id'], ['planning_cycle.id'], name=op.f('fk_planning_entry_cycle_id_planning_cycle')),
    sa.ForeignKeyConstraint(['position_code'], ['position.code'], name=op.f('fk_planning_entry_position_code_position')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_planning_entry'))
    )
    with op.batch_alter_table('planning_entry', schema=None) as batch_op:
        batch_op.create_index('ix_planning_entry_cadre', ['cadre_id'], unique=False)
        batch_op.create_index('ix_planning_entry_cycle_post', ['cycle_id', 'position_code'], unique=False)

    op.create_table('political_clearance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('positive', sa.Boolean(), nullable=False),
    sa.Column('concluded_on', sa.Date(), nullable=False),
    sa.Column('concluded_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_political_clearance_cadre_id_cadre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_political_clearance'))
    )
    with op.batch_alter_table('political_clearance', schema=None) as batch_op:
        batch_op.create_index('ix_political_clearance_cadre', ['cadre_id', 'concluded_on'], unique=False)


    setting = sa.table("rule_setting", sa.column("code"), sa.column("value", sa.Float), sa.column("valid_from", sa.Date),
                       sa.column("source"))
    op.bulk_insert(setting, [dict(code=c, value=v, valid_from=date(2000, 1, 1), source=src) for c, v, src in SETTINGS])
    standard = sa.table("title_standard", sa.column("position_code"), sa.column("unit_level"),
                        sa.column("min_education"), sa.column("min_political_theory"),
                        sa.column("requires_union_certificate", sa.Boolean))
    op.bulk_insert(standard, [dict(position_code=p, unit_level=lv, min_education=e, min_political_theory=t,
                                   requires_union_certificate=c) for p, lv, e, t, c in TITLE_STANDARDS])
    authority = sa.table("approval_authority", sa.column("action_type"), sa.column("position_code"),
                         sa.column("unit_level"), sa.column("levels_above"))
    op.bulk_insert(authority, [dict(action_type=a, position_code=p, unit_level=lv, levels_above=n)
                               for a, p, lv, n in APPROVAL_AUTHORITY])


def downgrade() -> None:
    with op.batch_alter_table('political_clearance', schema=None) as batch_op:
        batch_op.drop_index('ix_political_clearance_cadre')

    op.drop_table('political_clearance')
    with op.batch_alter_table('planning_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_planning_entry_cycle_post')
        batch_op.drop_index('ix_planning_entry_cadre')

    op.drop_table('planning_entry')
    with op.batch_alter_table('personnel_action', schema=None) as batch_op:
        batch_op.drop_index('ix_personnel_action_status_unit')
        batch_op.drop_index('ix_personnel_action_cadre')
        batch_op.drop_index(batch_op.f('ix_personnel_action_batch_id'))

    op.drop_table('personnel_action')
    with op.batch_alter_table('discipline', schema=None) as batch_op:
        batch_op.drop_index('ix_discipline_cadre')

    op.drop_table('discipline')
    with op.batch_alter_table('planning_cycle', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_planning_cycle_unit_id'))

    op.drop_table('planning_cycle')
    op.drop_table('title_standard')
    with op.batch_alter_table('rule_setting', schema=None) as batch_op:
        batch_op.drop_index('ix_rule_setting_code_from')

    op.drop_table('rule_setting')
    op.drop_table('approval_authority')


SETTINGS = [
    ("min_months_appointment", 60, "KL 08-KL/TW, HD 06-HD/BTCTW: ≥ 60 months before retirement"),
    ("min_months_first_election", 60, "CT 45-CT/TW: one full term at the congress date"),
    ("min_months_reelection", 48, "CT 45-CT/TW: ≥ 48 months for re-election"),
    ("min_months_in_post", 24, "≥ 24 months in the current or an equivalent post"),
    ("planning_max_per_post", 3, "QĐ 50-QĐ/TW; QĐ 15-QĐ/TU Nghệ An: at most 3 per post"),
    ("planning_max_posts_per_person", 3, "at most 3 posts per person at the same level"),
    ("planning_min_women_share", 0.25, "QĐ 50-QĐ/TW: women ≥ 25 %"),
    ("planning_min_young_share", 0.15, "QĐ 50-QĐ/TW: young ≥ 15 %"),
    ("planning_min_months_left", 60, "at least one term of working time left"),
    ("young_age_under", 40, "QĐ 50-QĐ/TW: young = under 40 at provincial/district level"),
]

# (post, level of the unit or None for every level, min education, min political theory, union certificate)
TITLE_STANDARDS = [
    ("chu_tich", "cap_tinh_nganh", "dai_hoc", "cao_cap", True),
    ("pho_chu_tich", "cap_tinh_nganh", "dai_hoc", "cao_cap", False),
    ("chu_nhiem_ubkt", "cap_tinh_nganh", "dai_hoc", "trung_cap", False),
    ("chu_tich", "cap_tren_co_so", "dai_hoc", "trung_cap", True),
    ("pho_chu_tich", "cap_tren_co_so", "dai_hoc", "trung_cap", False),
    ("truong_ban", None, "dai_hoc", "trung_cap", False),
    ("pho_truong_ban", None, "dai_hoc", None, False),
]

# (action type, post, level of the target unit, levels above the unit that decide); most specific row wins
APPROVAL_AUTHORITY = [
    (None, None, None, 1),  # by default the upper level decides
    (None, "truong_ban", None, 0),  # the unit's own standing committee appoints its apparatus
    (None, "pho_truong_ban", None, 0),
    (None, "chuyen_vien", None, 0),
]
