"""Evaluation (cycles, evaluations, comments, versioned rule sets QĐ 124 / QĐ 366), training (programmes, courses,
tags, enrolments), grassroots-unit ratings (HD 1294), awards and the discipline of organisations, rotation programmes; six indicators become computed (#1, #7, #10, #11, #12, #16).

Revision ID: 0008
Revises: 0007a
Create Date: 2026-12-01 22:28:33.475226
"""
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007c'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


LEVEL_NAMES = {
    "hoan_thanh_xuat_sac": ["Hoàn thành xuất sắc nhiệm vụ", "Excellently completed duties"],
    "hoan_thanh_tot": ["Hoàn thành tốt nhiệm vụ", "Well completed duties"],
    "hoan_thanh": ["Hoàn thành nhiệm vụ", "Completed duties"],
    "khong_hoan_thanh": ["Không hoàn thành nhiệm vụ", "Did not complete duties"],
}
# Criteria and weights are [A] (domain-rulebook §4.1 names the 100-point bands, not the criteria): editable data.
CRITERIA_124 = [
    {"code": "chinh_tri_dao_duc", "name_vi": "Chính trị tư tưởng; đạo đức, lối sống; ý thức tổ chức kỷ luật",
     "name_en": "Political stance, ethics and discipline", "weight": 40},
    {"code": "ket_qua_nhiem_vu", "name_vi": "Kết quả thực hiện chức trách, nhiệm vụ được giao",
     "name_en": "Results of the assigned duties", "weight": 60},
]
CRITERIA_366 = [
    {"code": "pham_chat", "name_vi": "Phẩm chất chính trị, đạo đức, lối sống, ý thức tổ chức kỷ luật",
     "name_en": "Political qualities, ethics, lifestyle and discipline", "weight": 30},
    {"code": "nang_luc", "name_vi": "Năng lực, uy tín, tinh thần đổi mới, dám nghĩ, dám làm",
     "name_en": "Capacity, standing and initiative", "weight": 20},
    {"code": "ket_qua", "name_vi": "Kết quả thực hiện nhiệm vụ được giao (sản phẩm cụ thể)",
     "name_en": "Results of the assigned tasks (concrete outputs)", "weight": 50},
]
# indicator code -> (kind, computation) from this revision on; downgrade restores ("manual", None)
COMPUTED = {
    "key_cadres_briefed": "key_cadres_briefed",
    "part_time_skills_trained": "part_time_skills",
    "nonstate_chairs_law_trained": "nonstate_chairs_law",
    "grassroots_chairs_briefed": "grassroots_chairs_briefed",
    "nonstate_chairs_trained": "nonstate_chairs_trained",
    "nonstate_rated_good": "nonstate_rated_good",
}


def upgrade() -> None:
    op.create_table('evaluation_rule_set',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('band_excellent', sa.Float(), nullable=False),
    sa.Column('band_good', sa.Float(), nullable=False),
    sa.Column('band_pass', sa.Float(), nullable=False),
    sa.Column('max_top_share', sa.Float(), nullable=False),
    sa.Column('level_names', sa.JSON(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_rule_set')),
    sa.UniqueConstraint('code', name=op.f('uq_evaluation_rule_set_code'))
    )
    op.create_table('evaluation_cycle',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('period', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('rule_set_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('anonymous_comments', sa.Boolean(), nullable=False),
    sa.Column('max_top_share', sa.Float(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finalized_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finalized_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('annual','quarterly','monthly','ad_hoc')", name=op.f('ck_evaluation_cycle_kind')),
    sa.CheckConstraint("status IN ('open','finalized')", name=op.f('ck_evaluation_cycle_status')),
    sa.ForeignKeyConstraint(['rule_set_id'], ['evaluation_rule_set.id'], name=op.f('fk_evaluation_cycle_rule_set_id_evaluation_rule_set')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_evaluation_cycle_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_cycle'))
    )
    with op.batch_alter_table('evaluation_cycle', schema=None) as batch_op:
        batch_op.create_index('ix_evaluation_cycle_unit', ['unit_id', 'starts_on'], unique=False)

    op.create_table('training_programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('organiser_unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=16, scale=0), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organiser_unit_id'], ['org_unit.id'], name=op.f('fk_training_programme_organiser_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_programme'))
    )
    with op.batch_alter_table('training_programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_training_programme_organiser_unit_id'), ['organiser_unit_id'], unique=False)

    op.create_table('unit_rating',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('representation', sa.Float(), nullable=True),
    sa.Column('organisation', sa.Float(), nullable=True),
    sa.Column('communication', sa.Float(), nullable=True),
    sa.Column('bonus', sa.Float(), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("level IN ('hoan_thanh_xuat_sac','hoan_thanh_tot','hoan_thanh','khong_hoan_thanh')", name=op.f('ck_unit_rating_level')),
    sa.CheckConstraint('score >= 0 AND score <= 100', name=op.f('ck_unit_rating_score')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_unit_rating_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_rating')),
    sa.UniqueConstraint('unit_id', 'year', name='uq_unit_rating_unit_year')
    )
    with op.batch_alter_table('unit_rating', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_rating_unit_id'), ['unit_id'], unique=False)

    op.create_table('evaluation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
    sa.Column('self_score', sa.Float(), nullable=True),
    sa.Column('self_text', sa.Text(), nullable=True),
    sa.Column('criteria_scores', sa.JSON(), nullable=True),
    sa.Column('self_level', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
    sa.Column('self_assessed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('self_assessed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('collective_comment', sa.Text(), nullable=True),
    sa.Column('commented_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('commented_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('proposed_score', sa.Float(), nullable=True),
    sa.Column('proposed_level', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('proposed_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=True),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('published_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('pending','self_assessed','commented','proposed','decided','published')", name=op.f('ck_evaluation_status')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_evaluation_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['cycle_id'], ['evaluation_cycle.id'], name=op.f('fk_evaluation_cycle_id_evaluation_cycle')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_evaluation_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation')),
    sa.UniqueConstraint('cycle_id', 'cadre_id', name='uq_evaluation_cycle_cadre')
    )
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.create_index('ix_evaluation_cadre', ['cadre_id', 'cycle_id'], unique=False)

    op.create_table('training_course',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('organiser_unit_id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=True),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('budget', sa.Numeric(precision=16, scale=0), nullable=True),
    sa.Column('location', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('qualification_kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('qualification_level', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("mode IN ('in_class','online')", name=op.f('ck_training_course_mode')),
    sa.ForeignKeyConstraint(['organiser_unit_id'], ['org_unit.id'], name=op.f('fk_training_course_organiser_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['programme_id'], ['training_programme.id'], name=op.f('fk_training_course_programme_id_training_programme')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_training_course'))
    )
    with op.batch_alter_table('training_course', schema=None) as batch_op:
        batch_op.create_index('ix_training_course_organiser', ['organiser_unit_id', 'starts_on'], unique=False)

    op.create_table('evaluation_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('evaluation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('anonymous', sa.Boolean(), nullable=False),
    sa.Column('author', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('peer','subordinate')", name=op.f('ck_evaluation_comment_kind')),
    sa.ForeignKeyConstraint(['evaluation_id'], ['evaluation.id'], name=op.f('fk_evaluation_comment_evaluation_id_evaluation')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evaluation_comment'))
    )
    with op.batch_alter_table('evaluation_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evaluation_comment_evaluation_id'), ['evaluation_id'], unique=False)

    op.create_table('training_course_tag',
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('tag', sa.String(length=30), nullable=False),
    sa.ForeignKeyConstraint(['course_id'], ['training_course.id'], name=op.f('fk_training_course_tag_course_id_training_course')),
    sa.PrimaryKeyConstraint('course_id', 'tag', name=op.f('pk_training_course_tag'))
    )
    with op.batch_alter_table('training_course_tag', schema=None) as batch_op:
        batch_op.create_index('ix_training_course_tag_tag', ['tag', 'course_id'], unique=False)

    op.create_table('enrolment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('course_id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('attendance_pct', sa.Integer(), nullable=True),
    sa.Column('result', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
    sa.Column('certificate_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('qualification_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("result IS NULL OR result IN ('passed','failed')", name=op.f('ck_enrolment_result')),
    sa.CheckConstraint("status IN ('enrolled','completed','withdrawn')", name=op.f('ck_enrolment_status')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_enrolment_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['course_id'], ['training_course.id'], name=op.f('fk_enrolment_course_id_training_course')),
    sa.ForeignKeyConstraint(['qualification_id'], ['qualification.id'], name=op.f('fk_enrolment_qualification_id_qualification')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_enrolment_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolment')),
    sa.UniqueConstraint('course_id', 'cadre_id', name='uq_enrolment_course_cadre')
    )
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.create_index('ix_enrolment_cadre', ['cadre_id', 'course_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrolment_unit_id'), ['unit_id'], unique=False)

    op.create_table('unit_discipline',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('form', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('effective_to', sa.Date(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("form IN ('khien_trach','canh_cao','giai_tan')", name=op.f('ck_unit_discipline_form')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_unit_discipline_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_discipline'))
    )
    with op.batch_alter_table('unit_discipline', schema=None) as batch_op:
        batch_op.create_index('ix_unit_discipline_unit', ['unit_id', 'effective_from'], unique=False)

    op.create_table('award',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('issuer', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('awarded_on', sa.Date(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('reason', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('bang_khen_tld','bang_khen_tinh','bang_lao_dong_sang_tao','ky_niem_chuong','giay_khen','cdcs_vung_manh')", name=op.f('ck_award_kind')),
    sa.CheckConstraint('(cadre_id IS NULL) <> (unit_id IS NULL)', name=op.f('ck_award_subject')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_award_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_award_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_award'))
    )
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.create_index('ix_award_cadre', ['cadre_id', 'awarded_on'], unique=False)
        batch_op.create_index('ix_award_unit', ['unit_id', 'awarded_on'], unique=False)

    op.create_table('rotation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('from_unit_id', sa.Integer(), nullable=False),
    sa.Column('to_unit_id', sa.Integer(), nullable=False),
    sa.Column('position_code', sa.String(length=40), nullable=True),
    sa.Column('head_of_unit', sa.Boolean(), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('planned_months', sa.Integer(), nullable=True),
    sa.Column('planned_end_on', sa.Date(), nullable=True),
    sa.Column('returned_on', sa.Date(), nullable=True),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('rotation','transfer','secondment')", name=op.f('ck_rotation_kind')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_rotation_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['from_unit_id'], ['org_unit.id'], name=op.f('fk_rotation_from_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['position_code'], ['position.code'], name=op.f('fk_rotation_position_code_position')),
    sa.ForeignKeyConstraint(['to_unit_id'], ['org_unit.id'], name=op.f('fk_rotation_to_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rotation'))
    )
    with op.batch_alter_table('rotation', schema=None) as batch_op:
        batch_op.create_index('ix_rotation_cadre', ['cadre_id', 'starts_on'], unique=False)
        batch_op.create_index('ix_rotation_from_unit', ['from_unit_id', 'starts_on'], unique=False)
        batch_op.create_index('ix_rotation_to_unit', ['to_unit_id', 'starts_on'], unique=False)

    rule_set = sa.table("evaluation_rule_set", sa.column("code"), sa.column("name"), sa.column("valid_from", sa.Date),
                        sa.column("valid_to", sa.Date), sa.column("band_excellent", sa.Float),
                        sa.column("band_good", sa.Float), sa.column("band_pass", sa.Float),
                        sa.column("max_top_share", sa.Float), sa.column("level_names", sa.JSON),
                        sa.column("criteria", sa.JSON))
    op.bulk_insert(rule_set, [
        dict(code="qd124_2023", name="Quy định 124-QĐ/TW ngày 04/10/2023", valid_from=date(2023, 10, 4),
             valid_to=date(2025, 8, 30), band_excellent=90.0, band_good=70.0, band_pass=50.0, max_top_share=20.0,
             level_names=LEVEL_NAMES, criteria=CRITERIA_124),
        dict(code="qd366_2025", name="Quy định 366-QĐ/TW (thang điểm 100), từ 9/2025", valid_from=date(2025, 8, 30),
             valid_to=None, band_excellent=90.0, band_good=70.0, band_pass=50.0, max_top_share=20.0,
             level_names=LEVEL_NAMES, criteria=CRITERIA_366),
    ])
    indicator = sa.table("indicator", sa.column("code"), sa.column("kind"), sa.column("computation"))
    for code, computation in COMPUTED.items():
        op.execute(indicator.update().where(indicator.c.code == code).values(kind="ratio", computation=computation))



def downgrade() -> None:
    with op.batch_alter_table('rotation', schema=None) as batch_op:
        batch_op.drop_index('ix_rotation_to_unit')
        batch_op.drop_index('ix_rotation_from_unit')
        batch_op.drop_index('ix_rotation_cadre')

    op.drop_table('rotation')
    with op.batch_alter_table('award', schema=None) as batch_op:
        batch_op.drop_index('ix_award_unit')
        batch_op.drop_index('ix_award_cadre')
    op.drop_table('award')
    with op.batch_alter_table('unit_discipline', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_discipline_unit')
    op.drop_table('unit_discipline')
    indicator = sa.table("indicator", sa.column("code"), sa.column("kind"), sa.column("computation"))
    op.execute(indicator.update().where(indicator.c.code.in_(list(COMPUTED))).values(kind="manual", computation=None))
    with op.batch_alter_table('enrolment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrolment_unit_id'))
        batch_op.drop_index('ix_enrolment_cadre')

    op.drop_table('enrolment')
    with op.batch_alter_table('training_course_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_training_course_tag_tag')

    op.drop_table('training_course_tag')
    with op.batch_alter_table('evaluation_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evaluation_comment_evaluation_id'))

    op.drop_table('evaluation_comment')
    with op.batch_alter_table('training_course', schema=None) as batch_op:
        batch_op.drop_index('ix_training_course_organiser')

    op.drop_table('training_course')
    with op.batch_alter_table('evaluation', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_cadre')

    op.drop_table('evaluation')
    with op.batch_alter_table('unit_rating', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_rating_unit_id'))

    op.drop_table('unit_rating')
    with op.batch_alter_table('training_programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_training_programme_organiser_unit_id'))

    op.drop_table('training_programme')
    with op.batch_alter_table('evaluation_cycle', schema=None) as batch_op:
        batch_op.drop_index('ix_evaluation_cycle_unit')

    op.drop_table('evaluation_cycle')
    op.drop_table('evaluation_rule_set')
