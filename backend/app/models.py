"""Imports every table module so `SQLModel.metadata` is complete (Alembic, tests). It lives beside main.py: core
imports no domain."""

from app.auth import models as auth_models  # noqa: F401
from app.cadres import models as cadre_models  # noqa: F401
from app.committee_changes import models as committee_change_models  # noqa: F401
from app.conduct import models as conduct_models  # noqa: F401
from app.core import (
    access_log,  # noqa: F401
    audit,  # noqa: F401
    jobs,  # noqa: F401
)
from app.evaluations import models as evaluation_models  # noqa: F401
from app.indicators import models as indicator_models  # noqa: F401
from app.integrations import models as integration_models  # noqa: F401
from app.org_units import models as org_unit_models  # noqa: F401
from app.planning import models as planning_models  # noqa: F401
from app.plans import models as plan_models  # noqa: F401
from app.privacy import models as privacy_models  # noqa: F401
from app.ratings import models as rating_models  # noqa: F401
from app.report_requests import models as report_request_models  # noqa: F401
from app.rotations import models as rotation_models  # noqa: F401
from app.rulebook import models as rulebook_models  # noqa: F401
from app.self_declarations import models as self_declaration_models  # noqa: F401
from app.tasks import models as task_models  # noqa: F401
from app.terms import models as term_models  # noqa: F401
from app.training import models as training_models  # noqa: F401
from app.workflows import models as workflow_models  # noqa: F401
