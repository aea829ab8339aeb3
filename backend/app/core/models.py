"""Imports every table module so `SQLModel.metadata` is complete (Alembic, tests)."""

from app.auth import models as auth_models  # noqa: F401
from app.core import audit  # noqa: F401
from app.org_units import models as org_unit_models  # noqa: F401
