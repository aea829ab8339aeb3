"""Cadre records, terms, bodies, posts (with reference data) and assignments.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 23:52:21.215870
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('position',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name_vi', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('is_key', sa.Boolean(), nullable=False),
    sa.Column('body_kinds', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_position'))
    )
    op.create_table('cadre',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('family_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('middle_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('given_name', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('sort_key', sa.String(length=800), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=False),
    sa.Column('gender', sqlmodel.sql.sqltypes.AutoString(length=6), nullable=False),
    sa.Column('employment', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('education_level', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('political_theory', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('from_workers', sa.Boolean(), nullable=False),
    sa.Column('phone', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('hometown', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('ethnicity', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('religion', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('party_member', sa.Boolean(), nullable=False),
    sa.Column('party_joined_on', sa.Date(), nullable=True),
    sa.Column('party_official_on', sa.Date(), nullable=True),
    sa.Column('national_id_enc', sa.Text(), nullable=True),
    sa.Column('national_id_hash', sa.String(length=64), nullable=True),
    sa.Column('health', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deleted_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.CheckConstraint("employment IN ('full_time','part_time')", name=op.f('ck_cadre_employment')),
    sa.CheckConstraint("gender IN ('male','female')", name=op.f('ck_cadre_gender')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_cadre_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cadre'))
    )
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.create_index('ix_cadre_name_birth', ['name_key', 'birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_cadre_national_id_hash'), ['national_id_hash'], unique=False)
        batch_op.create_index('ix_cadre_sort', ['sort_key', 'id'], unique=False)
        batch_op.create_index('ix_cadre_unit_sort', ['unit_id', 'sort_key', 'id'], unique=False)

    op.create_table('term',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('congress_date', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('mode', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('end_date > start_date', name=op.f('ck_term_dates')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_term_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_term'))
    )
    with op.batch_alter_table('term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_term_unit_id'), ['unit_id'], unique=False)

    op.create_table('body',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('term_id', sa.Integer(), nullable=True),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['term_id'], ['term.id'], name=op.f('fk_body_term_id_term')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_body_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_body'))
    )
    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_body_term_id'), ['term_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_body_unit_id'), ['unit_id'], unique=False)

    op.create_table('document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('filename', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('content_type', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_document_cadre_id_cadre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_document'))
    )
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('family_member',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('relation', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('full_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('occupation', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('address', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_family_member_cadre_id_cadre')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_member'))
    )
    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_family_member_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('body_id', sa.Integer(), nullable=False),
    sa.Column('position_code', sa.String(length=40), nullable=False),
    sa.Column('basis', sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
    sa.Column('full_time', sa.Boolean(), nullable=False),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('end_reason', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('carried_over', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('to_date IS NULL OR to_date >= from_date', name=op.f('ck_assignment_dates')),
    sa.ForeignKeyConstraint(['body_id'], ['body.id'], name=op.f('fk_assignment_body_id_body')),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_assignment_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['position_code'], ['position.code'], name=op.f('fk_assignment_position_code_position')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_assignment_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment'))
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index('ix_assignment_body_position', ['body_id', 'position_code', 'from_date'], unique=False)
        batch_op.create_index('ix_assignment_cadre', ['cadre_id', 'from_date'], unique=False)
        batch_op.create_index('ix_assignment_unit_open', ['unit_id', 'to_date'], unique=False)

    op.create_table('employment_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('organisation', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('job_position', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('civil_servant_rank', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('salary_grade', sa.Integer(), nullable=True),
    sa.Column('salary_coefficient', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('contract_type', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('from_date', sa.Date(), nullable=False),
    sa.Column('to_date', sa.Date(), nullable=True),
    sa.Column('in_union', sa.Boolean(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_employment_record_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_employment_record_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employment_record'))
    )
    with op.batch_alter_table('employment_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employment_record_cadre_id'), ['cadre_id'], unique=False)

    op.create_table('qualification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cadre_id', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('level', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('major', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('institution', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('awarded_on', sa.Date(), nullable=True),
    sa.Column('document_id', sa.Integer(), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['cadre_id'], ['cadre.id'], name=op.f('fk_qualification_cadre_id_cadre')),
    sa.ForeignKeyConstraint(['document_id'], ['document.id'], name=op.f('fk_qualification_document_id_document')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_qualification'))
    )
    with op.batch_alter_table('qualification', schema=None) as batch_op:
        batch_op.create_index('ix_qualification_cadre_kind', ['cadre_id', 'kind', 'awarded_on'], unique=False)


    position = sa.table("position", sa.column("code"), sa.column("name_vi"), sa.column("name_en"),
                        sa.column("rank"), sa.column("is_key", sa.Boolean), sa.column("body_kinds"))
    op.bulk_insert(position, [dict(code=c, name_vi=v, name_en=e, rank=r, is_key=k, body_kinds=b)
                              for c, v, e, r, k, b in POSITIONS])
    if op.get_bind().dialect.name == "postgresql":
        # Byte order of the Vietnamese sort key must not depend on the database's locale.
        op.execute('ALTER TABLE cadre ALTER COLUMN sort_key TYPE varchar(800) COLLATE "C"')
        op.execute("CREATE INDEX ix_cadre_name_key_trgm ON cadre USING gin (name_key gin_trgm_ops)")


def downgrade() -> None:
    with op.batch_alter_table('qualification', schema=None) as batch_op:
        batch_op.drop_index('ix_qualification_cadre_kind')

    op.drop_table('qualification')
    with op.batch_alter_table('employment_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employment_record_cadre_id'))

    op.drop_table('employment_record')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index('ix_assignment_unit_open')
        batch_op.drop_index('ix_assignment_cadre')
        batch_op.drop_index('ix_assignment_body_position')

    op.drop_table('assignment')
    with op.batch_alter_table('family_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_family_member_cadre_id'))

    op.drop_table('family_member')
    with op.batch_alter_table('document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_cadre_id'))

    op.drop_table('document')
    with op.batch_alter_table('body', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_body_unit_id'))
        batch_op.drop_index(batch_op.f('ix_body_term_id'))

    op.drop_table('body')
    with op.batch_alter_table('term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_term_unit_id'))

    op.drop_table('term')
    with op.batch_alter_table('cadre', schema=None) as batch_op:
        batch_op.drop_index('ix_cadre_unit_sort')
        batch_op.drop_index('ix_cadre_sort')
        batch_op.drop_index(batch_op.f('ix_cadre_national_id_hash'))
        batch_op.drop_index('ix_cadre_name_birth')

    op.drop_table('cadre')
    op.drop_table('position')


# (code, Vietnamese, English, rank — lower is higher, key post, bodies where the post exists)
POSITIONS = [
    ("chu_tich", "Chủ tịch", "Chair", 10, True, "bch btv doan_chu_tich"),
    ("pho_chu_tich", "Phó Chủ tịch", "Vice-chair", 20, True, "bch btv doan_chu_tich"),
    ("uy_vien_btv", "Ủy viên Ban Thường vụ", "Standing committee member", 30, False, "btv doan_chu_tich"),
    ("chu_nhiem_ubkt", "Chủ nhiệm Ủy ban Kiểm tra", "Head of the inspection committee", 35, True, "ubkt"),
    ("truong_ban", "Trưởng ban", "Head of department", 40, True, "apparatus"),
    ("pho_chu_nhiem_ubkt", "Phó Chủ nhiệm Ủy ban Kiểm tra", "Deputy head of the inspection committee", 45, False,
     "ubkt"),
    ("uy_vien_bch", "Ủy viên Ban Chấp hành", "Executive committee member", 50, False, "bch"),
    ("pho_truong_ban", "Phó Trưởng ban", "Deputy head of department", 55, False, "apparatus"),
    ("uy_vien_ubkt", "Ủy viên Ủy ban Kiểm tra", "Inspection committee member", 60, False, "ubkt"),
    ("to_truong", "Tổ trưởng công đoàn", "Union group leader", 70, False, "bch"),
    ("to_pho", "Tổ phó công đoàn", "Union group deputy", 80, False, "bch"),
    ("chuyen_vien", "Chuyên viên", "Officer", 90, False, "apparatus"),
]
