"""The statistics report reads the cadre's current education and political-theory levels (issue 13): both join the
covering index ix_cadre_statistics, so the national report stays on index-only scans.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07 04:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0021'
down_revision: str | None = '0020'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# frozen copies of app.cadres.models.STATISTICS_COLUMNS before and at this revision
BEFORE = ["employment", "gender", "ethnicity", "party_member", "party_joined_on", "birth_date"]
AFTER = BEFORE + ["education_level", "political_theory"]


def _index(columns: list[str]) -> None:
    op.create_index("ix_cadre_statistics", "cadre", ["id"], postgresql_include=columns,
                    postgresql_where=sa.text("deleted_at IS NULL"))


def upgrade() -> None:
    op.drop_index("ix_cadre_statistics", table_name="cadre")
    _index(AFTER)


def downgrade() -> None:
    op.drop_index("ix_cadre_statistics", table_name="cadre")
    _index(BEFORE)
