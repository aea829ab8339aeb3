"""Initial schema: unit hierarchy with reference data, identity, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-21 23:33:44.408774
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op
from datetime import date


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('action', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('entity_type', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('entity_id', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('request_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('seq', name=op.f('uq_audit_log_seq'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_entity_id'), ['entity_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_entity_type'), ['entity_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_unit_id'), ['unit_id'], unique=False)

    op.create_table('oauth_client',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('client_secret_hash', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('redirect_uris', sa.JSON(), nullable=False),
    sa.Column('grant_types', sa.JSON(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('token_endpoint_auth_method', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_client')),
    sa.UniqueConstraint('client_id', name=op.f('uq_oauth_client_client_id'))
    )
    op.create_table('org_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_type', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('decision_no', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
    sa.Column('note', sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("event_type IN ('establish','rename','move','merge','split','dissolve')", name=op.f('ck_org_event_event_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_event'))
    )
    with op.batch_alter_table('org_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_event_effective_date'), ['effective_date'], unique=False)

    op.create_table('signing_key',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('private_jwk', sa.Text(), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('retired_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signing_key')),
    sa.UniqueConstraint('kid', name=op.f('uq_signing_key_kid'))
    )
    op.create_table('unit_level',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('name_vi', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_unit_level'))
    )
    op.create_table('user_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('password_hash', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('locale', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('totp_secret', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('unit_type',
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('level_code', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('name_vi', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('name_en', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('is_grassroots', sa.Boolean(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['level_code'], ['unit_level.code'], name=op.f('fk_unit_type_level_code_unit_level')),
    sa.PrimaryKeyConstraint('code', name=op.f('pk_unit_type'))
    )
    op.create_table('org_unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('name_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('unit_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('path', sa.String(length=400), nullable=False),
    sa.Column('depth', sa.Integer(), nullable=False),
    sa.Column('sector', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('member_count', sa.Integer(), nullable=True),
    sa.Column('workforce', sa.Integer(), nullable=True),
    sa.Column('admin_area', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('established_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("sector IS NULL OR sector IN ('state','non_state','public','admin')", name=op.f('ck_org_unit_sector')),
    sa.CheckConstraint('member_count IS NULL OR member_count >= 0', name=op.f('ck_org_unit_member_count')),
    sa.CheckConstraint('workforce IS NULL OR workforce >= 0', name=op.f('ck_org_unit_workforce')),
    sa.ForeignKeyConstraint(['parent_id'], ['org_unit.id'], name=op.f('fk_org_unit_parent_id_org_unit')),
    sa.ForeignKeyConstraint(['unit_type'], ['unit_type.code'], name=op.f('fk_org_unit_unit_type_unit_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit')),
    sa.UniqueConstraint('code', name=op.f('uq_org_unit_code'))
    )
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_unit_name_key'), ['name_key'], unique=False)
        batch_op.create_index('ix_org_unit_parent_id_path', ['parent_id', 'path'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_unit_path'), ['path'], unique=False)
        batch_op.create_index(batch_op.f('ix_org_unit_unit_type'), ['unit_type'], unique=False)

    op.create_table('unit_type_rule',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('child_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('parent_type', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['child_type'], ['unit_type.code'], name=op.f('fk_unit_type_rule_child_type_unit_type')),
    sa.ForeignKeyConstraint(['parent_type'], ['unit_type.code'], name=op.f('fk_unit_type_rule_parent_type_unit_type')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_type_rule'))
    )
    with op.batch_alter_table('unit_type_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_type_rule_child_type'), ['child_type'], unique=False)

    op.create_table('org_event_unit',
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['org_event.id'], name=op.f('fk_org_event_unit_event_id_org_event')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_org_event_unit_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('event_id', 'unit_id', 'role', name=op.f('pk_org_event_unit'))
    )
    with op.batch_alter_table('org_event_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_org_event_unit_unit_id'), ['unit_id'], unique=False)

    op.create_table('org_unit_closure',
    sa.Column('ancestor_id', sa.Integer(), nullable=False),
    sa.Column('descendant_id', sa.Integer(), nullable=False),
    sa.Column('depth', sa.SmallInteger(), nullable=False),
    sa.ForeignKeyConstraint(['ancestor_id'], ['org_unit.id'], name=op.f('fk_org_unit_closure_ancestor_id_org_unit')),
    sa.ForeignKeyConstraint(['descendant_id'], ['org_unit.id'], name=op.f('fk_org_unit_closure_descendant_id_org_unit')),
    sa.PrimaryKeyConstraint('ancestor_id', 'descendant_id', name=op.f('pk_org_unit_closure'))
    )
    with op.batch_alter_table('org_unit_closure', schema=None) as batch_op:
        batch_op.create_index('ix_org_unit_closure_descendant', ['descendant_id', 'ancestor_id'], unique=False)

    op.create_table('org_unit_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=False),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['org_unit.id'], name=op.f('fk_org_unit_state_parent_id_org_unit')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_org_unit_state_unit_id_org_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_org_unit_state'))
    )
    with op.batch_alter_table('org_unit_state', schema=None) as batch_op:
        batch_op.create_index('ix_org_unit_state_parent', ['parent_id'], unique=False)
        batch_op.create_index('ix_org_unit_state_unit_from', ['unit_id', 'valid_from'], unique=False)

    op.create_table('role_grant',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('client_pk', sa.Integer(), nullable=True),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("role IN ('system_admin','org_officer','approver','grassroots_chair','viewer','integration')", name=op.f('ck_role_grant_role')),
    sa.CheckConstraint('(user_id IS NULL) <> (client_pk IS NULL)', name=op.f('ck_role_grant_one_principal')),
    sa.ForeignKeyConstraint(['client_pk'], ['oauth_client.id'], name=op.f('fk_role_grant_client_pk_oauth_client')),
    sa.ForeignKeyConstraint(['unit_id'], ['org_unit.id'], name=op.f('fk_role_grant_unit_id_org_unit')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_role_grant_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grant'))
    )
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grant_client_pk'), ['client_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_role_grant_user_id'), ['user_id'], unique=False)


    _reference_data()
    op.execute("INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '" + "0" * 64 + "')")
    if op.get_bind().dialect.name == "postgresql":
        # Accent-folded substring search (`q`) uses a trigram index on PostgreSQL.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_org_unit_name_key_trgm ON org_unit USING gin (name_key gin_trgm_ops)")


def downgrade() -> None:
    with op.batch_alter_table('role_grant', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grant_user_id'))
        batch_op.drop_index(batch_op.f('ix_role_grant_client_pk'))

    op.drop_table('role_grant')
    with op.batch_alter_table('org_unit_state', schema=None) as batch_op:
        batch_op.drop_index('ix_org_unit_state_unit_from')
        batch_op.drop_index('ix_org_unit_state_parent')

    op.drop_table('org_unit_state')
    with op.batch_alter_table('org_unit_closure', schema=None) as batch_op:
        batch_op.drop_index('ix_org_unit_closure_descendant')

    op.drop_table('org_unit_closure')
    with op.batch_alter_table('org_event_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_event_unit_unit_id'))

    op.drop_table('org_event_unit')
    with op.batch_alter_table('unit_type_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_type_rule_child_type'))

    op.drop_table('unit_type_rule')
    with op.batch_alter_table('org_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_unit_unit_type'))
        batch_op.drop_index(batch_op.f('ix_org_unit_path'))
        batch_op.drop_index('ix_org_unit_parent_id_path')
        batch_op.drop_index(batch_op.f('ix_org_unit_name_key'))

    op.drop_table('org_unit')
    op.drop_table('unit_type')
    op.drop_table('user_account')
    op.drop_table('unit_level')
    op.drop_table('signing_key')
    with op.batch_alter_table('org_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_org_event_effective_date'))

    op.drop_table('org_event')
    op.drop_table('oauth_client')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_unit_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_entity_type'))
        batch_op.drop_index(batch_op.f('ix_audit_log_entity_id'))
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('audit_head')


REFORM = date(2025, 7, 1)  # Luật 97/2025/QH15: 4 levels become 3; district unions end

LEVELS = [
    ("trung_uong", 1, "Cấp Trung ương", "Central"),
    ("cap_tinh_nganh", 2, "Cấp tỉnh, ngành trung ương", "Province / central sector"),
    ("cap_tren_co_so", 3, "Công đoàn cấp trên trực tiếp cơ sở", "Upper level directly above grassroots"),
    ("co_so", 4, "Công đoàn cơ sở", "Grassroots"),
    ("duoi_co_so", 5, "Dưới cơ sở", "Below grassroots"),
]

TYPES = [
    ("tong_lien_doan", "trung_uong", "Tổng Liên đoàn Lao động Việt Nam", "Vietnam General Confederation of Labour", False),
    ("ldld_tinh", "cap_tinh_nganh", "Liên đoàn Lao động tỉnh, thành phố", "Provincial Federation of Labour", False),
    ("cong_doan_nganh_tw", "cap_tinh_nganh", "Công đoàn ngành trung ương", "Central sector union", False),
    ("cong_doan_tong_cong_ty", "cap_tinh_nganh", "Công đoàn tập đoàn, tổng công ty",
     "Corporate group union", False),
    ("ldld_huyen", "cap_tren_co_so", "Liên đoàn Lao động quận, huyện, thị xã", "District Federation of Labour", False),
    ("cong_doan_nganh_dia_phuong", "cap_tren_co_so", "Công đoàn ngành địa phương", "Local sector union", False),
    ("cong_doan_kcn", "cap_tren_co_so", "Công đoàn các khu công nghiệp, khu kinh tế",
     "Industrial zone union", False),
    ("cong_doan_vien_chuc", "cap_tren_co_so", "Công đoàn Viên chức tỉnh, thành phố",
     "Provincial civil servants' union", False),
    ("cong_doan_xa_phuong", "cap_tren_co_so", "Công đoàn xã, phường, đặc khu",
     "Commune / ward / special-zone union", False),
    ("cong_doan_co_so", "co_so", "Công đoàn cơ sở", "Grassroots union", True),
    ("nghiep_doan_co_so", "co_so", "Nghiệp đoàn cơ sở", "Grassroots trade syndicate", True),
    ("cong_doan_bo_phan", "duoi_co_so", "Công đoàn bộ phận", "Union section", False),
    ("to_cong_doan", "duoi_co_so", "Tổ công đoàn", "Union group", False),
]


def _rules() -> list[tuple[str, str, date | None, date | None]]:
    rules: list[tuple[str, str, date | None, date | None]] = [
        ("ldld_tinh", "tong_lien_doan", None, None),
        ("cong_doan_nganh_tw", "tong_lien_doan", None, None),
        ("cong_doan_tong_cong_ty", "tong_lien_doan", None, None),
        ("cong_doan_tong_cong_ty", "cong_doan_nganh_tw", None, None),
        ("ldld_huyen", "ldld_tinh", None, REFORM),
        ("cong_doan_nganh_dia_phuong", "ldld_tinh", None, REFORM),
        ("cong_doan_kcn", "ldld_tinh", None, None),
        ("cong_doan_vien_chuc", "ldld_tinh", None, None),
        ("cong_doan_xa_phuong", "ldld_tinh", REFORM, None),
        ("cong_doan_bo_phan", "cong_doan_co_so", None, None),
        ("to_cong_doan", "cong_doan_co_so", None, None),
        ("to_cong_doan", "nghiep_doan_co_so", None, None),
        ("to_cong_doan", "cong_doan_bo_phan", None, None),
    ]
    for grassroots in ("cong_doan_co_so", "nghiep_doan_co_so"):
        for parent in ("ldld_tinh", "cong_doan_nganh_tw", "cong_doan_tong_cong_ty", "cong_doan_kcn",
                       "cong_doan_vien_chuc"):
            rules.append((grassroots, parent, None, None))
        rules.append((grassroots, "ldld_huyen", None, REFORM))
        rules.append((grassroots, "cong_doan_nganh_dia_phuong", None, REFORM))
        rules.append((grassroots, "cong_doan_xa_phuong", REFORM, None))
    return rules


def _reference_data() -> None:
    level = sa.table("unit_level", sa.column("code"), sa.column("rank"), sa.column("name_vi"), sa.column("name_en"))
    op.bulk_insert(level, [dict(code=c, rank=r, name_vi=v, name_en=e) for c, r, v, e in LEVELS])
    unit_type = sa.table("unit_type", sa.column("code"), sa.column("level_code"), sa.column("name_vi"),
                         sa.column("name_en"), sa.column("is_grassroots", sa.Boolean), sa.column("sort_order"))
    op.bulk_insert(unit_type, [dict(code=c, level_code=lv, name_vi=v, name_en=e, is_grassroots=g, sort_order=i)
                               for i, (c, lv, v, e, g) in enumerate(TYPES)])
    rule = sa.table("unit_type_rule", sa.column("child_type"), sa.column("parent_type"),
                    sa.column("valid_from", sa.Date), sa.column("valid_to", sa.Date))
    op.bulk_insert(rule, [dict(child_type=c, parent_type=p, valid_from=f, valid_to=t) for c, p, f, t in _rules()])
