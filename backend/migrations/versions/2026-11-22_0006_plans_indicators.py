"""Plans, tasks and targets; the indicator catalogue (the 19 built-in indicators of domain-rulebook §5 as
reference data) and measurements; report requests, submissions, notifications and the e-mail outbox.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 00:18:32.236639
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# (code, number, name_vi, name_en, kind, source, unit_label, computation) — a frozen copy of
# app/indicators/catalogue.py at this revision.
INDICATORS = [
    ('key_cadres_briefed', 1, 'Cán bộ chủ chốt được quán triệt, bồi dưỡng', 'Key cadres briefed', 'manual', 'NQ03/NQ-TLĐ mục tiêu 1; KH Gia Lâm', '%', None),
    ('full_time_standardised', 2, 'Cán bộ chuyên trách đạt chuẩn theo vị trí việc làm', 'Full-time cadres meeting the job-position standards', 'manual', 'NQ03/NQ-TLĐ mục tiêu 2; KH Gia Lâm', '%', None),
    ('upper_staff_degree', 3, 'Cán bộ chuyên trách công đoàn cấp trên có trình độ đại học trở lên', 'Full-time staff at upper levels with a university degree', 'ratio', 'NQ03/NQ-TLĐ mục tiêu 2', '%', 'upper_staff_degree'),
    ('title_standards_issued', 4, 'Ban hành tiêu chuẩn chức danh cán bộ công đoàn', 'Title standards and criteria issued', 'manual', 'NQ03/NQ-TLĐ mục tiêu 3', '', None),
    ('nq03_goal_4', 5, 'Mục tiêu 4 Nghị quyết 03 (cấp Tổng Liên đoàn)', 'NQ03 goal 4 (confederation level)', 'manual', 'NQ03/NQ-TLĐ mục tiêu 4', '', None),
    ('full_time_union_certificate', 6, 'Cán bộ chuyên trách có chứng chỉ nghiệp vụ công đoàn', 'Full-time cadres with the union certificate', 'ratio', 'NQ03/NQ-TLĐ mục tiêu 5; KH Gia Lâm', '%', 'full_time_union_certificate'),
    ('part_time_skills_trained', 7, 'Cán bộ không chuyên trách được tập huấn nghiệp vụ', 'Part-time cadres who attended a skills programme', 'manual', 'NQ03/NQ-TLĐ mục tiêu 5; KH Gia Lâm', '%', None),
    ('provincial_leaders_language', 8, 'Lãnh đạo LĐLĐ tỉnh có trình độ ngoại ngữ đáp ứng yêu cầu', 'Provincial leaders with an adequate foreign language', 'ratio', 'NQ03/NQ-TLĐ mục tiêu 6', '%', 'provincial_leaders_language'),
    ('bch_btv_women_share', 9, 'Tỷ lệ nữ trong BCH, BTV', "Women's share of BCH/BTV seats", 'ratio', 'KH Gia Lâm', '%', 'bch_btv_women_share'),
    ('bch_btv_young_share', 9, 'Tỷ lệ cán bộ trẻ (dưới 40 tuổi) trong BCH, BTV', 'Young (under 40) share of BCH/BTV seats', 'ratio', 'KH Gia Lâm', '%', 'bch_btv_young_share'),
    ('nonstate_chairs_law_trained', 10, 'Chủ tịch CĐCS khu vực ngoài nhà nước (doanh nghiệp ≥500 lao động) được bồi dưỡng pháp luật', 'Chairs of non-state CĐCS in enterprises of ≥500 workers trained in law', 'manual', 'KH Gia Lâm', '%', None),
    ('grassroots_chairs_briefed', 11, 'Chủ tịch CĐCS được quán triệt, bồi dưỡng', 'CĐCS chairs briefed', 'manual', 'KH Dương Minh Châu', '%', None),
    ('nonstate_chairs_trained', 12, 'Chủ tịch CĐCS khu vực ngoài nhà nước được tập huấn', 'Chairs of non-state CĐCS trained', 'manual', 'KH Dương Minh Châu', '%', None),
    ('new_nonstate_grassroots', 13, 'Số CĐCS doanh nghiệp ngoài nhà nước thành lập mới', 'New non-state enterprise CĐCS', 'count', 'KH 444 Gia Lâm', 'CĐCS', 'new_nonstate_grassroots'),
    ('members', 14, 'Số đoàn viên công đoàn', 'Union members', 'count', 'KH 444 Gia Lâm', 'đoàn viên', 'members'),
    ('enterprises_with_grassroots', 15, 'Doanh nghiệp từ 25 lao động trở lên có tổ chức công đoàn', 'Enterprises with ≥25 workers that have a CĐCS', 'manual', 'KH 444 Gia Lâm', '%', None),
    ('nonstate_rated_good', 16, 'CĐCS ngoài nhà nước xếp loại hoàn thành tốt nhiệm vụ trở lên', 'Non-state CĐCS rated good or better', 'manual', 'KH 444 Gia Lâm', '%', None),
    ('party_introductions_per_grassroots', 17, 'Số đoàn viên ưu tú giới thiệu cho Đảng bình quân mỗi CĐCS', 'Members introduced to the Party per CĐCS', 'manual', 'KH 444 Gia Lâm', 'người/CĐCS', None),
    ('electronic_documents', 18, 'Văn bản trao đổi dưới dạng điện tử', 'Documents exchanged electronically', 'manual', 'KH 444 Gia Lâm', '%', None),
    ('training_budget_share', 19, 'Tỷ lệ kinh phí dành cho đào tạo, bồi dưỡng', 'Training budget share', 'manual', 'KH 364 Gia Lâm', '%', None),
]


def upgrade() -> None:
    op.create_table('email_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('to_addr', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('subject', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_email_outbox'))
    )
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_email_outbox_pending', ['sent_at', 'id'], unique=False)

    op.create_table('indicator',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('name_vi', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('unit_label', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('computation', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.CheckConstraint("kind IN ('ratio','count','average','manual')", name=op.f('ck_indicator_kind')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_indicator'))
    )
    op.create_table('attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_attachment_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachment'))
    )
    op.create_table('notification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_user_id', sa.Integer(), nullable=True),
    sa.Column('recipient_unit_id', sa.Integer(), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('link', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('dedupe_key', sa.String(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['recipient_unit_id'], ['org_unit.id'], name=op.f('fk_notification_recipient_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['recipient_user_id'], ['user_account.id'], name=op.f('fk_notification_recipient_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notification')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notification_dedupe_key'))
    )
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.create_index('ix_notification_unit', ['recipient_unit_id', 'id'], unique=False)
        batch_op.create_index('ix_notification_user', ['recipient_user_id', 'id'], unique=False)

    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('number', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('issuer_unit_id', sa.Integer(), nullable=False),
    sa.Column('issued_on', sa.Date(), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('parent_plan_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('ke_hoach','nghi_quyet','chuong_trinh')", name=op.f('ck_plan_kind')),
    sa.CheckConstraint("status IN ('draft','issued')", name=op.f('ck_plan_status')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_plan_period')),
    sa.ForeignKeyConstraint(['issuer_unit_id'], ['org_unit.id'], name=op.f('fk_plan_issuer_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['parent_plan_id'], ['plan.id'], name=op.f('fk_plan_parent_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan')),
    sa.UniqueConstraint('parent_plan_id', 'issuer_unit_id', name='uq_plan_parent_issuer')
    )
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.create_index('ix_plan_issuer', ['issuer_unit_id', 'id'], unique=False)

    op.create_table('measurement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('indicator_version', sa.Integer(), nullable=False),
    sa.Column('scope_unit_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Float(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('evidence_text', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint("status IN ('computed','submitted','approved','rejected')", name=op.f('ck_measurement_status')),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_measurement_attachment_id_attachment')),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicator.code'], name=op.f('fk_measurement_indicator_code_indicator')),
    sa.ForeignKeyConstraint(['scope_unit_id'], ['org_unit.id'], name=op.f('fk_measurement_scope_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_measurement'))
    )
    with op.batch_alter_table('measurement', schema=None) as batch_op:
        batch_op.create_index('ix_measurement_lookup', ['indicator_code', 'scope_unit_id', 'as_of'], unique=False)

    op.create_table('plan_task',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('responsible_unit_id', sa.Integer(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.CheckConstraint("status IN ('open','in_progress','done','cancelled')", name=op.f('ck_plan_task_status')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_plan_task_plan_id_plan')),
    sa.ForeignKeyConstraint(['responsible_unit_id'], ['org_unit.id'], name=op.f('fk_plan_task_responsible_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_task'))
    )
    with op.batch_alter_table('plan_task', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_task_plan_id'), ['plan_id'], unique=False)

    op.create_table('report_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('issuer_unit_id', sa.Integer(), nullable=False),
    sa.Column('audience', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('indicator_codes', sa.JSON(), nullable=False),
    sa.Column('requires_file', sa.Boolean(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('plan_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("audience IN ('direct_children','grassroots','explicit')", name=op.f('ck_report_request_audience')),
    sa.ForeignKeyConstraint(['issuer_unit_id'], ['org_unit.id'], name=op.f('fk_report_request_issuer_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_report_request_plan_id_plan')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_request'))
    )
    with op.batch_alter_table('report_request', schema=None) as batch_op:
        batch_op.create_index('ix_report_request_issuer', ['issuer_unit_id', 'id'], unique=False)

    op.create_table('target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('indicator_code', sa.String(length=40), nullable=False),
    sa.Column('scope_unit_id', sa.Integer(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('target_value', sa.Float(), nullable=False),
    sa.Column('comparator', sqlmodel.sql.sqltypes.AutoString(length=2), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('copied_from_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("comparator IN ('ge','le','eq')", name=op.f('ck_target_comparator')),
    sa.CheckConstraint('period_end >= period_start', name=op.f('ck_target_period')),
    sa.ForeignKeyConstraint(['copied_from_id'], ['target.id'], name=op.f('fk_target_copied_from_id_target')),
    sa.ForeignKeyConstraint(['indicator_code'], ['indicator.code'], name=op.f('fk_target_indicator_code_indicator')),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_target_plan_id_plan')),
    sa.ForeignKeyConstraint(['scope_unit_id'], ['org_unit.id'], name=op.f('fk_target_scope_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target'))
    )
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_plan_id'), ['plan_id'], unique=False)

    op.create_table('report_recipient',
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['request_id'], ['report_request.id'], name=op.f('fk_report_recipient_request_id_report_request')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_report_recipient_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('request_id', 'unit_id', name=op.f('pk_report_recipient'))
    )
    with op.batch_alter_table('report_recipient', schema=None) as batch_op:
        batch_op.create_index('ix_report_recipient_unit', ['unit_id', 'request_id'], unique=False)

    op.create_table('report_submission',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('figures', sa.JSON(), nullable=False),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('submitted_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('first_submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_on', sa.Date(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachment.id'], name=op.f('fk_report_submission_attachment_id_attachment')),
    sa.ForeignKeyConstraint(['request_id'], ['report_request.id'], name=op.f('fk_report_submission_request_id_report_request')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_report_submission_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_submission'))
    )
    with op.batch_alter_table('report_submission', schema=None) as batch_op:
        batch_op.create_index('uq_report_submission_request_unit', ['request_id', 'unit_id'], unique=True)


    indicator = sa.table("indicator", sa.column("code"), sa.column("number", sa.Integer), sa.column("name_vi"),
                         sa.column("name_en"), sa.column("kind"), sa.column("source"),
                         sa.column("version", sa.Integer), sa.column("unit_label"), sa.column("computation"))
    op.bulk_insert(indicator, [dict(code=c, number=n, name_vi=vi, name_en=en, kind=k, source=src, version=1,
                                    unit_label=lbl, computation=comp)
                               for c, n, vi, en, k, src, lbl, comp in INDICATORS])


def downgrade() -> None:
    with op.batch_alter_table('report_submission', schema=None) as batch_op:
        batch_op.drop_index('uq_report_submission_request_unit')

    op.drop_table('report_submission')
    with op.batch_alter_table('report_recipient', schema=None) as batch_op:
        batch_op.drop_index('ix_report_recipient_unit')

    op.drop_table('report_recipient')
    with op.batch_alter_table('target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_plan_id'))

    op.drop_table('target')
    with op.batch_alter_table('report_request', schema=None) as batch_op:
        batch_op.drop_index('ix_report_request_issuer')

    op.drop_table('report_request')
    with op.batch_alter_table('plan_task', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_task_plan_id'))

    op.drop_table('plan_task')
    with op.batch_alter_table('measurement', schema=None) as batch_op:
        batch_op.drop_index('ix_measurement_lookup')

    op.drop_table('measurement')
    with op.batch_alter_table('plan', schema=None) as batch_op:
        batch_op.drop_index('ix_plan_issuer')

    op.drop_table('plan')
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_index('ix_notification_user')
        batch_op.drop_index('ix_notification_unit')

    op.drop_table('notification')
    op.drop_table('attachment')
    op.drop_table('indicator')
    with op.batch_alter_table('email_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_email_outbox_pending')

    op.drop_table('email_outbox')
