"""Covering indexes for national statistics (issue 13): post holders of a subtree on a date, and the per-person
columns the statistics report groups by, both answered by index-only scans on PostgreSQL.

Revision ID: 0012
Revises: 0006
Create Date: 2026-12-01 23:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012'
down_revision: str | None = '0010b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copy of app.cadres.models.STATISTICS_COLUMNS at this revision
STATISTICS_COLUMNS = ["employment", "gender", "ethnicity", "party_member", "party_joined_on", "birth_date"]


def upgrade() -> None:
    op.create_index("ix_assignment_unit_holding", "assignment", ["unit_id", "from_date", "to_date"],
                    postgresql_include=["cadre_id"])
    op.create_index("ix_cadre_statistics", "cadre", ["id"], postgresql_include=STATISTICS_COLUMNS,
                    postgresql_where=sa.text("deleted_at IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_cadre_statistics", table_name="cadre")
    op.drop_index("ix_assignment_unit_holding", table_name="assignment")
