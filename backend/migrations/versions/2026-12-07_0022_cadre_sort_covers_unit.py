"""The cadre name-order index covers the unit and leaves deleted rows out (issue 13): a province's first page walks
it in name order and tests each entry's unit against the subtree without reading the row (13.7 → 6.6 ms on the
national dataset).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-07 07:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0022'
down_revision: str | None = '0021'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_cadre_sort", table_name="cadre")
    op.create_index("ix_cadre_sort", "cadre", ["sort_key", "id"], postgresql_include=["unit_id"],
                    postgresql_where=sa.text("deleted_at IS NULL"))


def downgrade() -> None:
    op.drop_index("ix_cadre_sort", table_name="cadre")
    op.create_index("ix_cadre_sort", "cadre", ["sort_key", "id"])
