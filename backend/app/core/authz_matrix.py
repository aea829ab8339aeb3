"""The authorization matrix (ma trận phân quyền): for every route, what a caller needs to reach it.

Function level (ASVS 8.2.1): each (method, path template) needs one of
- PUBLIC: nothing (health, discovery, the sign-in page, the SPA's static files);
- CLIENT: the OAuth client authenticates itself at the endpoint (RFC 6749 §2.3), no bearer token;
- AUTHENTICATED: any valid access token;
- a permission such as "units:write": the access token must carry that OAuth scope AND the caller must hold a
  role granting it (`core.security.ROLE_PERMISSIONS`), on some unit.
Data level (ASVS 8.2.2, 8.4.1): every permission applies only within the subtrees of the units where the role
is granted (`core.scope`); an object outside them answers 404 exactly like a missing one.

`tests/test_authz_matrix.py` walks every route of the app and fails when a route has no entry here, when an
entry disagrees with the route's `requires(...)`, or when any role's observed status differs from this table.
"""

from __future__ import annotations

from app.core.security import ROLE_PERMISSIONS, ROLES

PUBLIC = "public"
CLIENT = "client"
AUTHENTICATED = "authenticated"

MATRIX: dict[tuple[str, str], str] = {
    # platform
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/readyz"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,  # no personal data; restrict at the ingress in production (docs/operations.md)
    ("GET", "/api/v1/openapi.json"): PUBLIC,
    ("GET", "/api/docs"): PUBLIC,
    ("GET", "/api/docs/oauth2-redirect"): PUBLIC,
    ("GET", "/api/docs/assets/{name}"): PUBLIC,  # Swagger UI's own files, served locally (offline docs)
    ("GET", "/{full_path:path}"): PUBLIC,  # the SPA shell (embedded mode, when the frontend is built)
    ("GET", "/assets/{asset_path:path}"): PUBLIC,  # the SPA's hashed static files, precompressed
    # authorization server (embedded mode only)
    ("GET", "/.well-known/openid-configuration"): PUBLIC,
    ("GET", "/.well-known/oauth-authorization-server"): PUBLIC,
    ("GET", "/.well-known/jwks.json"): PUBLIC,
    ("GET", "/oauth/authorize"): PUBLIC,  # the sign-in page
    ("POST", "/oauth/authorize"): PUBLIC,  # the user authenticates with the form
    ("POST", "/oauth/token"): CLIENT,
    ("POST", "/oauth/revoke"): CLIENT,
    ("POST", "/oauth/introspect"): CLIENT,
    # identity
    ("GET", "/api/v1/me"): AUTHENTICATED,
    # units
    ("GET", "/api/v1/unit-types"): "units:read",
    ("GET", "/api/v1/units"): "units:read",
    ("POST", "/api/v1/units"): "units:write",
    ("GET", "/api/v1/units/{unit_id}"): "units:read",
    ("PATCH", "/api/v1/units/{unit_id}"): "units:write",
    ("POST", "/api/v1/units/{unit_id}/move"): "units:write",
    ("POST", "/api/v1/units/{unit_id}/rename"): "units:write",
    ("POST", "/api/v1/units/merge"): "units:write",
    ("POST", "/api/v1/units/{unit_id}/split"): "units:write",
    ("POST", "/api/v1/units/{unit_id}/dissolve"): "units:write",
    ("GET", "/api/v1/units/{unit_id}/history"): "units:read",
    ("GET", "/api/v1/units/{unit_id}/finances"): "units:read",
    ("GET", "/api/v1/units/{unit_id}/finances/{year}"): "units:read",
    # units:write over the unit, or units:facts on it (a chair's own unit): decided by the service, else 404
    ("POST", "/api/v1/units/{unit_id}/finances"): AUTHENTICATED,
    ("PATCH", "/api/v1/units/{unit_id}/finances/{year}"): AUTHENTICATED,
    ("GET", "/api/v1/data-quality/abolished-unit-types"): "units:read",
    # administration: accounts, role grants, OAuth clients (within the admin's own subtrees)
    ("GET", "/api/v1/admin/users"): "admin",
    ("POST", "/api/v1/admin/users"): "admin",
    ("GET", "/api/v1/admin/users/{user_id}"): "admin",
    ("PATCH", "/api/v1/admin/users/{user_id}"): "admin",
    ("POST", "/api/v1/admin/users/{user_id}/disable"): "admin",
    ("POST", "/api/v1/admin/users/{user_id}/enable"): "admin",
    ("POST", "/api/v1/admin/users/{user_id}/reset-password"): "admin",
    ("POST", "/api/v1/admin/users/{user_id}/revoke-sessions"): "admin",
    ("GET", "/api/v1/admin/role-grants"): "admin",
    ("POST", "/api/v1/admin/role-grants"): "admin",
    ("POST", "/api/v1/admin/role-grants/{grant_id}/end"): "admin",
    ("GET", "/api/v1/admin/clients"): "admin",
    ("POST", "/api/v1/admin/clients"): "admin",
    ("GET", "/api/v1/admin/clients/{client_id}"): "admin",
    ("PATCH", "/api/v1/admin/clients/{client_id}"): "admin",
    ("POST", "/api/v1/admin/clients/{client_id}/rotate-secret"): "admin",
    ("POST", "/api/v1/admin/clients/{client_id}/disable"): "admin",
    ("POST", "/api/v1/admin/clients/{client_id}/enable"): "admin",
    # integration (issue 15)
    ("PUT", "/api/v1/units/by-external-id/{system}/{external_id}"): "units:write",
    ("GET", "/api/v1/units/by-external-id/{system}/{external_id}"): "units:read",
    ("PUT", "/api/v1/cadres/by-external-id/{system}/{external_id}"): "cadres:write",
    ("GET", "/api/v1/cadres/by-external-id/{system}/{external_id}"): "cadres:read",
    ("POST", "/api/v1/cadres/bulk-upsert"): "cadres:write",
    ("GET", "/api/v1/changes"): "units:read",
    ("POST", "/api/v1/webhook-endpoints"): "webhooks:manage",
    ("GET", "/api/v1/webhook-endpoints"): "webhooks:manage",
    ("GET", "/api/v1/webhook-endpoints/{endpoint_id}"): "webhooks:manage",
    ("PATCH", "/api/v1/webhook-endpoints/{endpoint_id}"): "webhooks:manage",
    ("DELETE", "/api/v1/webhook-endpoints/{endpoint_id}"): "webhooks:manage",
    ("POST", "/api/v1/webhook-endpoints/{endpoint_id}/rotate-secret"): "webhooks:manage",
    ("GET", "/api/v1/webhook-endpoints/{endpoint_id}/deliveries"): "webhooks:manage",
    ("POST", "/api/v1/webhook-endpoints/{endpoint_id}/deliveries/{delivery_id}/retry"): "webhooks:manage",
    # the grassroots chair's phone client
    ("GET", "/api/v1/chair/overview"): "units:read",
    ("PATCH", "/api/v1/chair/units/{unit_id}/facts"): "units:facts",
    ("GET", "/api/v1/chair/sync-estimate"): "units:read",
    # audit trail and access log
    ("GET", "/api/v1/audit-log"): "audit:read",
    ("GET", "/api/v1/access-log"): "access_log:read",
    # personal data (privacy/)
    ("POST", "/api/v1/data-subject-requests"): "cadres:write",
    ("GET", "/api/v1/data-subject-requests"): "cadres:read",
    ("GET", "/api/v1/data-subject-requests/{request_id}"): "cadres:read",
    ("POST", "/api/v1/data-subject-requests/{request_id}/acknowledge"): "cadres:write",
    ("POST", "/api/v1/data-subject-requests/{request_id}/complete"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/personal-data-export"): "cadres:read_sensitive",
    # cadres
    ("GET", "/api/v1/cadres"): "cadres:read",
    ("POST", "/api/v1/cadres"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}"): "cadres:read",
    ("PATCH", "/api/v1/cadres/{cadre_id}"): "cadres:write",
    ("DELETE", "/api/v1/cadres/{cadre_id}"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/qualifications"): "cadres:read",
    ("POST", "/api/v1/cadres/{cadre_id}/qualifications"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/employment"): "cadres:read",
    ("POST", "/api/v1/cadres/{cadre_id}/employment"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/family"): "cadres:read",
    ("POST", "/api/v1/cadres/{cadre_id}/family"): "cadres:write",
    ("POST", "/api/v1/cadres/{cadre_id}/documents"): "cadres:write",
    ("GET", "/api/v1/documents/{document_id}"): "cadres:read",
    ("GET", "/api/v1/cadres/{cadre_id}/assignments"): "cadres:read",
    # cadre Excel and documents; jobs (readable by their creator or within the job unit's scope)
    ("GET", "/api/v1/cadres/import-template"): "cadres:write",
    ("POST", "/api/v1/cadres/imports"): "cadres:write",
    ("GET", "/api/v1/cadres/export.xlsx"): "cadres:read",
    ("POST", "/api/v1/cadres/exports"): "cadres:read",
    ("GET", "/api/v1/cadres/{cadre_id}/resume.docx"): "cadres:read",
    ("GET", "/api/v1/cadres/{cadre_id}/resume.pdf"): "cadres:read",
    ("GET", "/api/v1/jobs"): AUTHENTICATED,  # the caller's own jobs only
    ("GET", "/api/v1/jobs/{job_id}"): AUTHENTICATED,
    ("GET", "/api/v1/jobs/{job_id}/file"): AUTHENTICATED,
    # terms, bodies, posts, assignments
    ("GET", "/api/v1/positions"): "cadres:read",
    ("GET", "/api/v1/terms"): "cadres:read",
    ("POST", "/api/v1/terms"): "cadres:write",
    ("GET", "/api/v1/terms/{term_id}"): "cadres:read",
    ("POST", "/api/v1/bodies"): "cadres:write",
    ("GET", "/api/v1/bodies/{body_id}/composition"): "cadres:read",
    ("POST", "/api/v1/assignments"): "cadres:write",
    ("POST", "/api/v1/assignments/{assignment_id}/end"): "cadres:write",
    ("GET", "/api/v1/assignments/expiring"): "cadres:read",
    # personnel actions, conduct records, rule configuration
    ("GET", "/api/v1/personnel-actions"): "actions:write",
    ("POST", "/api/v1/personnel-actions"): "actions:write",
    ("POST", "/api/v1/personnel-actions/batch"): "actions:write",
    ("POST", "/api/v1/personnel-actions/eligibility-preview"): "actions:write",
    ("GET", "/api/v1/personnel-actions/{action_id}"): "actions:write",
    ("PATCH", "/api/v1/personnel-actions/{action_id}"): "actions:write",
    ("POST", "/api/v1/personnel-actions/{action_id}/submit"): "actions:write",
    ("POST", "/api/v1/personnel-actions/{action_id}/withdraw"): "actions:write",
    ("POST", "/api/v1/personnel-actions/{action_id}/approve"): "actions:approve",
    ("POST", "/api/v1/personnel-actions/{action_id}/reject"): "actions:approve",
    ("GET", "/api/v1/personnel-actions/{action_id}/decision.docx"): "actions:write",
    ("POST", "/api/v1/cadres/{cadre_id}/disciplines"): "cadres:write",
    ("POST", "/api/v1/cadres/{cadre_id}/political-clearances"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/conduct"): "cadres:read_sensitive",
    ("GET", "/api/v1/rule-settings"): AUTHENTICATED,
    ("POST", "/api/v1/rule-settings"): "admin",
    ("GET", "/api/v1/title-standards"): AUTHENTICATED,
    ("PUT", "/api/v1/title-standards"): "admin",
    ("GET", "/api/v1/approval-authority"): AUTHENTICATED,
    ("PUT", "/api/v1/approval-authority"): "admin",
    # planning (quy hoạch)
    ("GET", "/api/v1/planning-cycles"): "cadres:read",
    ("POST", "/api/v1/planning-cycles"): "actions:write",
    ("GET", "/api/v1/planning-cycles/{cycle_id}"): "cadres:read",
    ("GET", "/api/v1/planning-cycles/{cycle_id}/candidates"): "cadres:read",
    ("POST", "/api/v1/planning-cycles/{cycle_id}/candidates"): "actions:write",
    ("POST", "/api/v1/planning-candidates/{entry_id}/remove"): "actions:write",
    ("GET", "/api/v1/planning-cycles/{cycle_id}/structure"): "cadres:read",
    ("POST", "/api/v1/planning-cycles/{cycle_id}/submit"): "actions:write",
    ("POST", "/api/v1/planning-cycles/{cycle_id}/approve"): "actions:approve",
    ("POST", "/api/v1/planning-cycles/{cycle_id}/revisions"): "actions:write",
    ("GET", "/api/v1/planning-cycles/{cycle_id}/list.{fmt}"): "reports:read",
    # reports
    ("GET", "/api/v1/reports/cadre-statistics"): "reports:read",
    ("POST", "/api/v1/reports/cadre-statistics/files"): "reports:read",
    ("POST", "/api/v1/reports/review"): "reports:read",
    # plans, targets, progress and drill-down (issue 6)
    ("GET", "/api/v1/plans"): "reports:read",
    ("POST", "/api/v1/plans"): "units:write",
    ("GET", "/api/v1/plans/{plan_id}"): "reports:read",
    ("PATCH", "/api/v1/plans/{plan_id}"): "units:write",
    ("POST", "/api/v1/plans/{plan_id}/targets"): "units:write",
    ("POST", "/api/v1/plans/{plan_id}/tasks"): "units:write",
    ("PATCH", "/api/v1/plan-tasks/{task_id}"): "units:write",
    ("POST", "/api/v1/plans/{plan_id}/cascade"): "units:write",
    ("GET", "/api/v1/plans/{plan_id}/progress"): "reports:read",
    ("GET", "/api/v1/targets/{target_id}/progress"): "reports:read",
    ("GET", "/api/v1/targets/{target_id}/records"): "reports:read",  # records filtered by cadres:read scope
    # indicator catalogue and measurements (manual figures: entered with cadres:write, approved by an approver)
    ("GET", "/api/v1/indicators"): "reports:read",
    ("GET", "/api/v1/measurements"): "reports:read",
    ("POST", "/api/v1/measurements"): "cadres:write",
    ("GET", "/api/v1/measurements/{measurement_id}"): "reports:read",
    ("GET", "/api/v1/measurements/{measurement_id}/check"): "reports:read",
    ("POST", "/api/v1/measurements/{measurement_id}/decision"): "actions:approve",
    # report requests (sent with units:write; the addressed unit submits with cadres:write) and notifications
    ("POST", "/api/v1/report-requests"): "units:write",
    ("GET", "/api/v1/report-requests"): "reports:read",
    ("GET", "/api/v1/report-requests/{request_id}"): "reports:read",
    ("POST", "/api/v1/report-requests/{request_id}/submissions"): "cadres:write",
    ("GET", "/api/v1/report-requests/{request_id}/tracking"): "reports:read",
    ("POST", "/api/v1/report-requests/{request_id}/remind"): "units:write",
    # evaluation (issue 11): steps by the unit with cadres:write, decision and publication by an approver
    ("GET", "/api/v1/evaluation-rule-sets"): AUTHENTICATED,
    ("GET", "/api/v1/evaluation-cycles"): "cadres:read",
    ("POST", "/api/v1/evaluation-cycles"): "cadres:write",
    ("GET", "/api/v1/evaluation-cycles/{cycle_id}"): "cadres:read",
    ("POST", "/api/v1/evaluation-cycles/{cycle_id}/finalize"): "actions:approve",
    ("GET", "/api/v1/evaluation-cycles/{cycle_id}/evaluations"): "cadres:read",
    ("POST", "/api/v1/evaluation-cycles/{cycle_id}/evaluations"): "cadres:write",
    # the cadre's own account reaches their own evaluation (404 for any other); others need cadres:read/write
    ("GET", "/api/v1/evaluations/{evaluation_id}"): AUTHENTICATED,
    ("POST", "/api/v1/evaluations/{evaluation_id}/self-assessment"): AUTHENTICATED,
    ("GET", "/api/v1/me/evaluations"): AUTHENTICATED,
    ("GET", "/api/v1/committee-change-requests"): "cadres:read",
    ("GET", "/api/v1/committee-change-requests/{request_id}"): "cadres:read",
    ("POST", "/api/v1/committee-change-requests"): "units:facts",
    ("POST", "/api/v1/committee-change-requests/{request_id}/confirm"): "cadres:write",
    ("POST", "/api/v1/committee-change-requests/{request_id}/reject"): "cadres:write",
    ("GET", "/api/v1/me/self-declarations"): "cadres:read",
    ("POST", "/api/v1/me/self-declarations"): "cadres:read",
    ("GET", "/api/v1/self-declarations"): "cadres:read",
    ("GET", "/api/v1/self-declarations/{declaration_id}"): "cadres:read",
    ("POST", "/api/v1/self-declarations/{declaration_id}/confirm"): "cadres:write",
    ("POST", "/api/v1/self-declarations/{declaration_id}/reject"): "cadres:write",
    ("POST", "/api/v1/evaluations/{evaluation_id}/collective-comment"): "cadres:write",
    ("POST", "/api/v1/evaluations/{evaluation_id}/proposal"): "cadres:write",
    ("POST", "/api/v1/evaluations/{evaluation_id}/decision"): "actions:approve",
    ("POST", "/api/v1/evaluations/{evaluation_id}/publish"): "actions:approve",
    ("GET", "/api/v1/evaluations/{evaluation_id}/comments"): "cadres:read",
    ("POST", "/api/v1/evaluations/{evaluation_id}/comments"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/evaluations"): "cadres:read",
    # training
    ("GET", "/api/v1/training-programmes"): "cadres:read",
    ("POST", "/api/v1/training-programmes"): "cadres:write",
    ("GET", "/api/v1/training-courses"): "cadres:read",
    ("POST", "/api/v1/training-courses"): "cadres:write",
    ("GET", "/api/v1/training-courses/{course_id}"): "cadres:read",
    ("GET", "/api/v1/training-courses/{course_id}/enrolments"): "cadres:read",
    ("POST", "/api/v1/training-courses/{course_id}/enrolments"): "cadres:write",
    ("GET", "/api/v1/enrolments/{enrolment_id}"): "cadres:read",
    ("POST", "/api/v1/enrolments/{enrolment_id}/complete"): "cadres:write",
    ("GET", "/api/v1/cadres/{cadre_id}/enrolments"): "cadres:read",
    ("GET", "/api/v1/training/coverage-gaps"): "cadres:read",
    ("GET", "/api/v1/training/statistics"): "reports:read",
    # grassroots-unit ratings (HD 1294)
    ("GET", "/api/v1/unit-ratings"): "units:read",
    ("POST", "/api/v1/unit-ratings"): "units:write",
    ("GET", "/api/v1/unit-ratings/{rating_id}"): "units:read",
    ("PATCH", "/api/v1/unit-ratings/{rating_id}"): "units:write",
    # rotation programmes (luân chuyển, điều động, biệt phái)
    ("GET", "/api/v1/rotations"): "cadres:read",
    ("POST", "/api/v1/rotations"): "actions:write",
    ("GET", "/api/v1/rotations/statistics"): "reports:read",
    ("GET", "/api/v1/rotations/{rotation_id}"): "cadres:read",
    ("POST", "/api/v1/rotations/{rotation_id}/return"): "actions:write",
    # awards and discipline (conduct/, issue 11)
    ("GET", "/api/v1/cadres/{cadre_id}/disciplines"): "cadres:read",
    ("GET", "/api/v1/cadres/{cadre_id}/awards"): "cadres:read",
    ("POST", "/api/v1/cadres/{cadre_id}/awards"): "cadres:write",
    ("GET", "/api/v1/units/{unit_id}/awards"): "units:read",
    ("POST", "/api/v1/units/{unit_id}/awards"): "units:write",
    ("GET", "/api/v1/units/{unit_id}/disciplines"): "units:read",
    ("POST", "/api/v1/units/{unit_id}/disciplines"): "units:write",
    # tasks raised by the rules (visibility per kind: actions:write or cadres:write scope over the task's unit)
    ("GET", "/api/v1/tasks"): AUTHENTICATED,
    ("GET", "/api/v1/tasks/{task_id}"): AUTHENTICATED,
    ("POST", "/api/v1/tasks/{task_id}/resolve"): AUTHENTICATED,
    ("GET", "/api/v1/notifications"): AUTHENTICATED,
    ("POST", "/api/v1/notifications/{notification_id}/read"): AUTHENTICATED,
}

# Present only in some configurations: the SPA when the frontend is built, docs outside production, the AS in
# embedded mode. Absence of these from an app is not a stale entry.
CONDITIONAL: frozenset[tuple[str, str]] = frozenset({
    ("GET", "/{full_path:path}"), ("GET", "/assets/{asset_path:path}"), ("GET", "/api/docs"),
    ("GET", "/api/docs/oauth2-redirect"), ("GET", "/api/docs/assets/{name}"),
})

SPECIAL = (PUBLIC, CLIENT, AUTHENTICATED)


def requirement(method: str, path: str) -> str | None:
    return MATRIX.get((method.upper(), path))


def roles_allowed(need: str) -> frozenset[str]:
    """The roles whose grants let a caller (with the scope in its token) pass the route's permission check."""
    if need in SPECIAL:
        return frozenset(ROLES)
    return frozenset(role for role in ROLES if need in ROLE_PERMISSIONS[role])
