"""Typed application errors and their RFC 9457 problem+json rendering.

Services raise `AppError` subclasses (never `HTTPException`); one set of handlers in `install_error_handlers`
turns every error — ours, FastAPI's validation errors, Starlette's 404/405, and unexpected exceptions —
into `application/problem+json` with a stable `code` and a title in Vietnamese or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger(__name__)

PROBLEM_TYPE_BASE = "https://cadre.congdoan.vn/problems/"

# code -> (vi, en). One catalogue so the SPA and integrators see the same wording everywhere.
MESSAGES: dict[str, tuple[str, str]] = {
    "not_found": ("Không tìm thấy", "Not found"),
    "method_not_allowed": ("Phương thức không được hỗ trợ", "Method not allowed"),
    "validation_error": ("Dữ liệu không hợp lệ", "Invalid input"),
    "conflict": ("Xung đột dữ liệu", "Conflict"),
    "duplicate_code": ("Mã đơn vị đã tồn tại", "Unit code already exists"),
    "invalid_parent_type": (
        "Loại đơn vị không được đặt dưới đơn vị cấp trên này vào ngày hiệu lực",
        "This unit type may not sit under that parent's type on the effective date",
    ),
    "parent_not_active": (
        "Đơn vị cấp trên không còn hoạt động vào ngày hiệu lực",
        "The parent unit is not active on the effective date",
    ),
    "unit_not_active": ("Đơn vị không hoạt động vào ngày hiệu lực", "The unit is not active on the effective date"),
    "unit_cycle": (
        "Không thể chuyển đơn vị vào chính nó hoặc đơn vị trực thuộc của nó",
        "A unit cannot be moved under itself or one of its descendants",
    ),
    "unit_has_live_children": (
        "Đơn vị còn đơn vị trực thuộc đang hoạt động; cần chuyển chúng trong cùng yêu cầu",
        "The unit still has active child units; move them in the same request",
    ),
    "effective_date_before_last_change": (
        "Ngày hiệu lực sớm hơn thay đổi gần nhất của đơn vị",
        "The effective date is before the unit's latest recorded change",
    ),
    "invalid_merge": ("Yêu cầu hợp nhất không hợp lệ", "Invalid merge request"),
    "invalid_split": ("Yêu cầu chia tách không hợp lệ", "Invalid split request"),
    "unknown_unit_type": ("Loại đơn vị không tồn tại", "Unknown unit type"),
    "root_unit_not_allowed": (
        "Chỉ đơn vị cấp cao nhất được phép không có cấp trên", "Only a top-level unit may have no parent"
    ),
    "precondition_required": ("Thiếu tiêu đề If-Match", "The If-Match header is required"),
    "precondition_failed": (
        "Dữ liệu đã bị người khác thay đổi (ETag không khớp)",
        "The resource was changed by someone else (ETag mismatch)",
    ),
    "payload_too_large": ("Dữ liệu gửi lên quá lớn", "Request body too large"),
    "rate_limited": ("Quá nhiều yêu cầu, vui lòng thử lại sau", "Too many requests, please retry later"),
    "unauthorized": ("Chưa xác thực hoặc mã truy cập không hợp lệ", "Missing or invalid access token"),
    "forbidden": ("Không có quyền thực hiện thao tác này", "You are not allowed to do this"),
    "invalid_cursor": ("Con trỏ phân trang không hợp lệ", "Invalid pagination cursor"),
    "idempotency_key_reused": (
        "Idempotency-Key đã được dùng cho một yêu cầu khác",
        "Idempotency-Key was already used for a different request",
    ),
    "service_unavailable": ("Dịch vụ tạm thời không sẵn sàng", "Service temporarily unavailable"),
    "internal_error": ("Lỗi hệ thống", "Internal server error"),
}


def message(code: str, lang: str) -> str:
    vi, en = MESSAGES.get(code, (code, code))
    return en if lang == "en" else vi


def preferred_language(accept_language: str | None) -> str:
    """'vi' unless the client prefers English (the UI's default language is Vietnamese)."""
    if not accept_language:
        return "vi"
    best, best_q = "vi", -1.0
    for part in accept_language.split(","):
        bits = part.strip().split(";")
        tag = bits[0].strip().lower()
        q = 1.0
        for b in bits[1:]:
            if b.strip().startswith("q="):
                try:
                    q = float(b.strip()[2:])
                except ValueError:
                    q = 0.0
        lang = tag.split("-")[0]
        if lang in ("vi", "en") and q > best_q:
            best, best_q = lang, q
    return best


@dataclass
class FieldProblem:
    field: str
    code: str
    message: str


@dataclass
class AppError(Exception):
    code: str = "internal_error"
    status: int = 500
    detail: str | None = None
    errors: list[FieldProblem] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.code}: {self.detail or ''}"


class NotFound(AppError):
    def __init__(self, detail: str | None = None) -> None:
        super().__init__("not_found", 404, detail)


class Conflict(AppError):
    def __init__(self, code: str = "conflict", detail: str | None = None, **extra: Any) -> None:
        super().__init__(code, 409, detail, extra=extra)


class RuleViolation(AppError):
    """A business rule refused the request (422)."""

    def __init__(self, code: str, detail: str | None = None, errors: list[FieldProblem] | None = None,
                 **extra: Any) -> None:
        super().__init__(code, 422, detail, errors or [], extra=extra)


class PreconditionRequired(AppError):
    def __init__(self) -> None:
        super().__init__("precondition_required", 428)


class PreconditionFailed(AppError):
    def __init__(self, current_etag: str | None = None) -> None:
        super().__init__("precondition_failed", 412, extra={"current_etag": current_etag} if current_etag else {})


class Unauthorized(AppError):
    def __init__(self, detail: str | None = None, error: str = "invalid_token") -> None:
        hdr = f'Bearer error="{error}"' if detail else "Bearer"
        super().__init__("unauthorized", 401, detail, headers={"WWW-Authenticate": hdr})


class Forbidden(AppError):
    def __init__(self, detail: str | None = None) -> None:
        super().__init__("forbidden", 403, detail)


class Problem(BaseModel):
    """RFC 9457 problem details, as documented in OpenAPI for every error response."""

    type: str
    title: str
    status: int
    code: str
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, str]] | None = None


def problem_response(request: Request, code: str, status: int, detail: str | None = None,
                     errors: list[FieldProblem] | None = None, extra: dict[str, Any] | None = None,
                     headers: dict[str, str] | None = None) -> JSONResponse:
    lang = preferred_language(request.headers.get("accept-language"))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_BASE + code,
        "title": message(code, lang),
        "status": status,
        "code": code,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = [{"field": e.field, "code": e.code, "message": e.message} for e in errors]
    if extra:
        body.update(extra)
    hdrs = {"Content-Language": lang, **(headers or {})}
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=hdrs)


_PYDANTIC_CODES = {
    "missing": "required",
    "extra_forbidden": "unknown_field",
}


def _validation_errors(exc: RequestValidationError) -> list[FieldProblem]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        fld = ".".join(loc) or "body"
        kind = err.get("type", "invalid")
        out.append(FieldProblem(field=fld, code=_PYDANTIC_CODES.get(kind, kind), message=str(err.get("msg", ""))))
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> JSONResponse:
        return problem_response(request, exc.code, exc.status, exc.detail, exc.errors, exc.extra, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return problem_response(request, "validation_error", 422, errors=_validation_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large", 401: "unauthorized",
                403: "forbidden", 429: "rate_limited"}.get(exc.status_code, "validation_error"
                                                           if exc.status_code < 500 else "internal_error")
        # Starlette's own detail strings (e.g. "Not Found") are English boilerplate; only keep ours.
        return problem_response(request, code, exc.status_code, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        from sqlalchemy.exc import DBAPIError, OperationalError
        from sqlalchemy.exc import TimeoutError as PoolTimeout

        if isinstance(exc, (PoolTimeout,)) or (isinstance(exc, (OperationalError, DBAPIError))
                                               and getattr(exc, "connection_invalidated", False)):
            return problem_response(request, "service_unavailable", 503, headers={"Retry-After": "2"})
        log.exception("unhandled_error", path=request.url.path)
        return problem_response(request, "internal_error", 500)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error statuses."""
    descs = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found or outside the caller's scope",
             409: "Conflict", 412: "Precondition failed (stale ETag)", 413: "Payload too large",
             422: "Validation or rule failure", 428: "If-Match required", 429: "Too many requests"}
    return {s: {"model": Problem, "content": {"application/problem+json": {}}, "description": descs.get(s, "Error")}
            for s in statuses}
