"""OAuth authorization server state, login throttling, access log, and append-only audit tables.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 23:44:39.954466

On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of `audit_log` and `access_log`; on SQLite a trigger
refuses UPDATE and DELETE (SQLite has no TRUNCATE). Together with running the application as a role that only
has INSERT/SELECT on these tables (docs/operations.md), only the table owner can alter history, and the hash
chain still shows where (`python -m app.cli verify-audit`).
"""
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # noqa: F401  (autogenerate emits sqlmodel.sql.sqltypes.AutoString)
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('access_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('subject_type', sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
    sa.Column('subject_ids', sa.JSON(), nullable=False),
    sa.Column('category', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('purpose', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_log'))
    )
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_access_log_actor'), ['actor'], unique=False)
        batch_op.create_index('ix_access_log_occurred_at', ['occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_subject_type'), ['subject_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_access_log_unit_id'), ['unit_id'], unique=False)

    op.create_table('login_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('ip', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.Column('totp_step', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempt'))
    )
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.create_index('ix_login_attempt_ip_at', ['ip', 'occurred_at'], unique=False)
        batch_op.create_index('ix_login_attempt_username_at', ['username', 'occurred_at'], unique=False)

    op.create_table('oauth_revoked_token',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('jti', name=op.f('pk_oauth_revoked_token'))
    )
    with op.batch_alter_table('oauth_revoked_token', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_revoked_token_expires_at'), ['expires_at'], unique=False)

    op.create_table('oauth_authorization_code',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('redirect_uri', sa.Text(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('code_challenge', sqlmodel.sql.sqltypes.AutoString(length=128), nullable=False),
    sa.Column('code_challenge_method', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('family_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
    sa.Column('access_jti', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('access_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oauth_authorization_code_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_authorization_code')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_oauth_authorization_code_code_hash'))
    )
    with op.batch_alter_table('oauth_authorization_code', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_oauth_authorization_code_expires_at'), ['expires_at'], unique=False)

    op.create_table('oauth_refresh_token',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('family_id', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rotated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('access_jti', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('access_expires_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_oauth_refresh_token_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_oauth_refresh_token')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_oauth_refresh_token_token_hash'))
    )
    with op.batch_alter_table('oauth_refresh_token', schema=None) as batch_op:
        batch_op.create_index('ix_oauth_refresh_token_family_id', ['family_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_oauth_refresh_token_expires_at'), ['expires_at'], unique=False)

    _create_append_only_guards()


def downgrade() -> None:
    _drop_append_only_guards()
    with op.batch_alter_table('oauth_refresh_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_refresh_token_expires_at'))
        batch_op.drop_index('ix_oauth_refresh_token_family_id')

    op.drop_table('oauth_refresh_token')
    with op.batch_alter_table('oauth_authorization_code', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_authorization_code_expires_at'))

    op.drop_table('oauth_authorization_code')
    with op.batch_alter_table('oauth_revoked_token', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_oauth_revoked_token_expires_at'))

    op.drop_table('oauth_revoked_token')
    with op.batch_alter_table('login_attempt', schema=None) as batch_op:
        batch_op.drop_index('ix_login_attempt_username_at')
        batch_op.drop_index('ix_login_attempt_ip_at')

    op.drop_table('login_attempt')
    with op.batch_alter_table('access_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_access_log_unit_id'))
        batch_op.drop_index(batch_op.f('ix_access_log_subject_type'))
        batch_op.drop_index('ix_access_log_occurred_at')
        batch_op.drop_index(batch_op.f('ix_access_log_actor'))

    op.drop_table('access_log')


APPEND_ONLY_TABLES = ("audit_log", "access_log")

PG_GUARD_FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_append_only_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$
"""


def _create_append_only_guards() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute(PG_GUARD_FUNCTION)
    for table in APPEND_ONLY_TABLES:
        if postgres:
            op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION refuse_append_only_change()")
            op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                       "FOR EACH STATEMENT EXECUTE FUNCTION refuse_append_only_change()")
        else:
            for verb in ("UPDATE", "DELETE"):
                op.execute(f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                           f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {verb} refused'); END")


def _drop_append_only_guards() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in APPEND_ONLY_TABLES:
        if postgres:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        else:
            for verb in ("update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS refuse_append_only_change()")
