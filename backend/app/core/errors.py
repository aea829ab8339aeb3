"""Typed application errors and their RFC 9457 problem+json rendering.

Services raise `AppError` subclasses (never `HTTPException`); one set of handlers in `install_error_handlers`
turns every error — ours, FastAPI's validation errors, Starlette's 404/405, and unexpected exceptions —
into `application/problem+json` with a stable `code` and a title in Vietnamese or English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

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
    "duplicate_cadre": ("Cán bộ đã có trong hệ thống", "This cadre is already registered"),
    "unsupported_document_type": ("Loại tệp không được chấp nhận", "Unsupported document type"),
    "committee_change_pending": (
        "Đã có đề nghị thay đổi về chức vụ này đang chờ cấp trên xác nhận",
        "A change request about this post is already waiting for the upper level",
    ),
    "committee_change_decided": ("Đề nghị này đã được xử lý", "This request has already been decided"),
    "committee_change_reason_required": ("Cần ghi lý do từ chối", "Give the reason for rejecting"),
    "self_declaration_no_cadre": (
        "Tài khoản này chưa gắn với hồ sơ cán bộ nào", "This account is not linked to a cadre's record"),
    "self_declaration_own": (
        "Không tự xác nhận bản kê khai của chính mình", "A declaration is confirmed by someone else"),
    "self_declaration_decided": ("Bản kê khai này đã được xử lý", "This declaration has already been decided"),
    "self_declaration_reason_required": ("Cần ghi lý do từ chối", "Give the reason for rejecting"),
    "chair_already_assigned": ("Cơ quan đã có Chủ tịch trong thời gian này", "The body already has a chair then"),
    "assignment_outside_term": ("Thời gian giữ chức vụ nằm ngoài nhiệm kỳ", "The assignment falls outside the term"),
    "early_end_reason_required": (
        "Kết thúc trước nhiệm kỳ phải có lý do hợp lệ", "Ending before the term ends needs an allowed reason"
    ),
    "assignment_already_ended": ("Chức vụ đã kết thúc", "The assignment has already ended"),
    "invalid_position_for_body": ("Chức vụ không thuộc cơ quan này", "This post does not exist in that body"),
    "term_overlap": ("Nhiệm kỳ trùng thời gian với nhiệm kỳ khác", "The term overlaps another term of the unit"),
    "eligibility_failed": (
        "Chưa đủ điều kiện, tiêu chuẩn; cần lý do phê duyệt vượt điều kiện",
        "Eligibility rules failed; approving needs an override reason",
    ),
    "invalid_transition": ("Không thể chuyển trạng thái theo thứ tự này", "Transition not allowed from this status"),
    "batch_item_invalid": ("Một mục trong lô không hợp lệ; không mục nào được lưu",
                           "An item of the batch is invalid; nothing was saved"),
    "no_body_for_post": ("Đơn vị chưa có nhiệm kỳ/cơ quan có chức vụ này", "The unit has no body with this post then"),
    "planning_blocked": ("Cán bộ đang bị kỷ luật hoặc chưa đạt tiêu chuẩn chính trị",
                         "The person is disciplined or failed political clearance"),
    "planning_not_higher_post": ("Chỉ quy hoạch vào chức danh cao hơn chức vụ hiện giữ",
                                 "Planning targets only a post higher than the current one"),
    "planning_runway": ("Không đủ thời gian công tác một nhiệm kỳ", "Less than one term of working time left"),
    "planning_post_full": ("Chức danh đã đủ số người quy hoạch", "The post already has the maximum of candidates"),
    "planning_person_full": (
        "Cán bộ đã được quy hoạch đủ số chức danh", "The person is planned for the maximum of posts"
    ),
    "planning_shortfall_unacknowledged": (
        "Cơ cấu nữ/trẻ chưa đạt chỉ tiêu: cần xác nhận và nêu lý do khi trình hoặc phê duyệt",
        "Women/young shares are below target: submitting or approving needs an acknowledgement with a reason"),
    "clearance_in_future": ("Ngày kết luận tiêu chuẩn chính trị chưa đến",
                            "A political clearance cannot be dated in the future"),
    "cycle_frozen": ("Quy hoạch đã trình/đã phê duyệt; cần mở rà soát để thay đổi",
                     "The plan is submitted or approved; open a revision to change it"),
    # plans, indicators, report requests (issue 6)
    "unknown_indicator": ("Chỉ tiêu không có trong danh mục", "Unknown indicator"),
    "target_scope_outside_issuer": ("Phạm vi chỉ tiêu phải thuộc đơn vị ban hành kế hoạch",
                                    "A target's scope must lie within the plan issuer's subtree"),
    "unit_outside_target_scope": ("Đơn vị không thuộc phạm vi của chỉ tiêu", "The unit is outside the target's scope"),
    "not_subordinate_unit": ("Đơn vị không trực thuộc đơn vị ban hành", "The unit is not subordinate to the issuer"),
    "manual_indicator": ("Chỉ tiêu nhập thủ công, không có danh sách chi tiết",
                         "A manual indicator has no records behind it"),
    "computed_indicator": ("Chỉ tiêu được tính tự động từ dữ liệu, không nhập số liệu",
                           "This indicator is computed from the data; no figure is entered"),
    "evidence_required": ("Số liệu nhập thủ công cần có minh chứng", "A manual figure needs evidence"),
    "percentage_out_of_range": ("Chỉ tiêu tính theo tỷ lệ phần trăm: giá trị phải từ 0 đến 100 (ví dụ 87,5)",
                                "A percentage indicator takes a value from 0 to 100 (e.g. 87.5)"),
    "self_approval": ("Người nhập số liệu không được tự phê duyệt", "The submitter cannot approve their own figure"),
    "deadline_in_past": ("Hạn báo cáo đã qua", "The deadline is in the past"),
    "deadline_passed": ("Đã quá hạn báo cáo, không thể sửa số liệu", "The deadline has passed; no more corrections"),
    "no_recipients": ("Không có đơn vị nào nhận yêu cầu báo cáo", "The request addresses no unit"),
    "unknown_figure": ("Số liệu không thuộc yêu cầu báo cáo", "A figure is not part of the request"),
    "file_required": ("Yêu cầu báo cáo cần gửi kèm tệp", "The request needs a file"),
    "invalid_file": ("Tệp đính kèm không hợp lệ", "Invalid attached file"),
    # evaluation, training, unit ratings (issue 11)
    "no_evaluation_rule_set": ("Chưa có bộ tiêu chí đánh giá áp dụng", "No evaluation rule set applies"),
    "self_assessment_required": ("Cán bộ chưa tự đánh giá, chưa thể quyết định xếp loại",
                                 "The cadre has not self-assessed yet; no decision can be made"),
    "top_level_share_exceeded": ("Tỷ lệ xếp loại Hoàn thành xuất sắc nhiệm vụ vượt mức tối đa",
                                 "The share rated 'excellent' exceeds the cap"),
    "evaluations_undecided": ("Còn cán bộ chưa có quyết định xếp loại", "Some evaluations have no decision yet"),
    "evaluation_exists": ("Cán bộ đã có trong kỳ đánh giá", "The cadre already has an evaluation in this cycle"),
    "cadre_outside_cycle": ("Cán bộ không thuộc đơn vị của kỳ đánh giá", "The cadre is outside the cycle's unit"),
    "already_enrolled": ("Cán bộ đã đăng ký lớp học này", "The cadre is already enrolled in this course"),
    "unit_not_rateable": ("Đơn vị chưa đủ điều kiện đánh giá, xếp loại",
                          "The unit cannot be rated (not a grassroots union, or not operating long enough)"),
    "rating_exists": ("Đơn vị đã được xếp loại năm này", "The unit is already rated for that year"),
    "unit_rating_below_good": ("Công đoàn cơ sở xếp loại dưới mức Hoàn thành tốt nhiệm vụ: Chủ tịch không được xếp "
                               "loại Hoàn thành xuất sắc nhiệm vụ",
                               "The grassroots union is rated below 'well completed': its chair cannot be rated "
                               "'excellently completed'"),
    # administration (users, role grants, OAuth clients)
    "username_taken": ("Tên đăng nhập đã được sử dụng", "This username is already taken"),
    "finance_year_exists": ("Đã có số liệu kinh phí của đơn vị cho năm này (hãy sửa bản ghi đó)",
                            "The unit's funds for this year are already recorded (correct that record)"),
    "cadre_already_linked": ("Cán bộ này đã gắn với một tài khoản khác", "This cadre is linked to another account"),
    "invalid_validity_period": ("Thời hạn hiệu lực không hợp lệ", "Invalid validity period"),
    "grant_already_ended": ("Quyền đã hết hiệu lực", "The role grant has already ended"),
    "cannot_change_own_account": ("Không thể tự thay đổi tài khoản hoặc quyền của chính mình",
                                  "You cannot change your own account or grants"),
    "scope_not_allowed_for_role": ("Phạm vi truy cập vượt quá vai trò được cấp",
                                   "A requested scope is beyond the client's role"),
    "processing_agreement_required": ("Hệ thống bên ngoài cần có thỏa thuận xử lý dữ liệu cá nhân",
                                      "A third-party system needs a personal-data processing agreement"),
    "client_scope_outside_agreement": ("Phạm vi truy cập vượt quá thỏa thuận xử lý dữ liệu",
                                       "A requested scope is not covered by the processing agreement"),
    "agreement_expired": ("Thỏa thuận xử lý dữ liệu đã hết hạn", "The processing agreement has expired"),
    "public_client_has_no_secret": ("Ứng dụng công khai không có khóa bí mật", "A public client has no secret"),
    "precondition_required": ("Thiếu tiêu đề If-Match", "The If-Match header is required"),
    "precondition_failed": (
        "Dữ liệu đã bị người khác thay đổi (ETag không khớp)",
        "The resource was changed by someone else (ETag mismatch)",
    ),
    "payload_too_large": ("Dữ liệu gửi lên quá lớn", "Request body too large"),
    "unsupported_file_type": ("Loại tệp không được chấp nhận (cần .xlsx)", "Unsupported file type (.xlsx expected)"),
    "invalid_workbook": ("Không đọc được tệp Excel", "The Excel workbook cannot be read"),
    "invalid_template": ("Tệp Excel không đúng mẫu nhập", "The workbook does not follow the import template"),
    "too_many_rows": ("Tệp có quá nhiều dòng", "Too many rows"),
    "pdf_unavailable": ("Chưa thể tạo tệp PDF trên máy chủ", "PDF conversion is not available on the server"),
    "rate_limited": ("Quá nhiều yêu cầu, vui lòng thử lại sau", "Too many requests, please retry later"),
    "unauthorized": ("Chưa xác thực hoặc mã truy cập không hợp lệ", "Missing or invalid access token"),
    "forbidden": ("Không có quyền thực hiện thao tác này", "You are not allowed to do this"),
    "invalid_cursor": ("Con trỏ phân trang không hợp lệ", "Invalid pagination cursor"),
    "idempotency_key_reused": (
        "Idempotency-Key đã được dùng cho một yêu cầu khác",
        "Idempotency-Key was already used for a different request",
    ),
    "idempotency_key_in_progress": (
        "Yêu cầu cùng Idempotency-Key đang được xử lý; vui lòng thử lại sau",
        "A request with this Idempotency-Key is still being processed; retry later",
    ),
    "upsert_field_immutable": (
        "Trường này không đổi được qua cập nhật theo mã hệ thống khác",
        "This field cannot be changed by an upsert from another system",
    ),
    "webhook_target_forbidden": (
        "Địa chỉ nhận webhook không được phép (cần địa chỉ công khai)",
        "The webhook URL is not allowed (a public address is required)",
    ),
    "service_unavailable": ("Dịch vụ tạm thời không sẵn sàng", "Service temporarily unavailable"),
    "database_unavailable": ("Cơ sở dữ liệu tạm thời không sẵn sàng, vui lòng thử lại sau",
                             "The database is temporarily unavailable, please retry later"),
    "database_timeout": ("Cơ sở dữ liệu đang bận (quá thời gian chờ), vui lòng thử lại sau",
                         "The database is busy (timeout), please retry later"),
    "concurrent_update": ("Dữ liệu đang được người khác cập nhật cùng lúc, vui lòng thử lại",
                          "Someone else is updating the same data right now, please retry"),
    "unknown_reference": ("Mã tham chiếu không tồn tại", "The referenced record does not exist"),
    "rule_not_in_force": ("Chưa có quy định áp dụng vào ngày này", "No rule setting is in force on that date"),
    "value_out_of_range": ("Giá trị nằm ngoài phạm vi cho phép", "Value out of the allowed range"),
    "invalid_character": ("Dữ liệu chứa ký tự không hợp lệ", "The input contains an invalid character"),
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
        if any(e.get("type") == "int_parsing" and tuple(e.get("loc", ()))[:1] == ("path",) for e in exc.errors()):
            # `/cadres/import-template` matched `/cadres/{cadre_id}` only because Starlette's default path
            # converter takes any text; by the OpenAPI contract (an integer id) that route does not serve the path.
            # When another route does (with other methods), the answer is its 405; else the id is just malformed.
            allow = allowed_methods(request)
            if allow:
                return problem_response(request, "method_not_allowed", 405, headers={"Allow": allow})
        return problem_response(request, "validation_error", 422, errors=_validation_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400:
            # FastAPI answers 400 for a body it cannot decode at all (not UTF-8); malformed JSON is 422 there, so
            # both are the same documented 422 here.
            return problem_response(request, "validation_error", 422, errors=[
                FieldProblem("body", "json_invalid", "the body is not valid JSON")])
        code = {404: "not_found", 405: "method_not_allowed", 413: "payload_too_large", 401: "unauthorized",
                403: "forbidden", 429: "rate_limited"}.get(exc.status_code, "validation_error"
                                                           if exc.status_code < 500 else "internal_error")
        headers = dict(getattr(exc, "headers", None) or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        # Starlette's own detail strings (e.g. "Not Found") are English boilerplate; only keep ours.
        return problem_response(request, code, exc.status_code, headers=headers or None)

    # Database and resource errors are mapped by `map_exception`, through the same handler whether they are
    # raised by a route (ExceptionMiddleware) or anywhere else (ErrorShieldMiddleware, installed in main.py).
    for exc_class in MAPPED_EXCEPTIONS:
        app.add_exception_handler(exc_class, _mapped)


_INTEGER = re.compile(r"^[+-]?\d+$")


def allowed_methods(request: Request) -> str:
    """Every method some route serves on this path (RFC 9110 §15.5.6). Starlette's router reports only the
    first partially matching route's methods, so a path served by a GET route and a PATCH route said
    `Allow: GET`. The SPA's catch-all GET (a fallback for client-side routes) does not count."""
    from fastapi.routing import iter_route_contexts
    from starlette.routing import compile_path

    from app.core.guards import integer_path_params

    path = request.scope.get("path", "")
    methods: set[str] = set()
    for rc in iter_route_contexts(request.app.routes):
        template = rc.path
        if not template or template == "/{full_path:path}" or not rc.methods:
            continue
        regex, _, _ = compile_path(template)
        match = regex.match(path)
        # a route whose integer id would not parse here does not serve this path (`/cadres/import-template` is
        # not `/cadres/{cadre_id}`)
        if match and all(_INTEGER.match(match.group(name) or "")
                         for name in integer_path_params(rc.original_route) if name in match.groupdict()):
            methods |= set(rc.methods)
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


async def _mapped(request: Request, exc: Exception) -> JSONResponse:
    return problem_from_exception(request, exc)


# --- Mapping unexpected exceptions (database, resources) to problems ------------------------------------------

RETRY_AFTER_SECONDS = "2"


@dataclass(frozen=True)
class MappedError:
    status: int
    code: str
    errors: tuple[FieldProblem, ...] = ()
    retry_after: str | None = None


_UNAVAILABLE = MappedError(503, "database_unavailable", retry_after=RETRY_AFTER_SECONDS)
_TIMEOUT = MappedError(503, "database_timeout", retry_after=RETRY_AFTER_SECONDS)
_FK_DETAIL = re.compile(r"Key \((?P<cols>[^)]+)\)=")
_INSERT_COLUMNS = re.compile(r"^\s*INSERT\s+INTO\s+\S+\s*\(([^)]*)\)", re.IGNORECASE)
_SET_COLUMNS = re.compile(r"\"?(\w+)\"?\s*=\s*\?")
_TABLE_OF_STATEMENT = re.compile(r"^\s*(?:INSERT\s+INTO|UPDATE)\s+\"?(?P<table>\w+)\"?", re.IGNORECASE)


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, the DBAPI error SQLAlchemy wraps (`orig`) and their causes, outermost first."""
    out: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or any(e is seen for seen in out) or len(out) > 8:
            continue
        out.append(e)
        todo.extend([getattr(e, "orig", None), e.__cause__])
    return out


def _sqlstate(chain: list[BaseException]) -> str | None:
    for e in chain:
        state = getattr(e, "sqlstate", None) or getattr(e, "pgcode", None)
        if isinstance(state, str) and len(state) == 5:
            return state
    return None


def _fk_fields(exc: BaseException, chain: list[BaseException]) -> tuple[FieldProblem, ...]:
    """Name the field whose foreign id does not exist: PostgreSQL says it in the error detail; SQLite does not,
    so the candidates are the statement's foreign-key columns that were given a value."""
    for e in chain:
        detail = getattr(e, "detail", None)
        if isinstance(detail, str) and (m := _FK_DETAIL.search(detail)):
            cols = [c.strip() for c in m.group("cols").split(",")]
            return tuple(FieldProblem(c, "unknown_reference", "referenced record does not exist") for c in cols)
    statement = getattr(exc, "statement", None) or ""
    params = getattr(exc, "params", None)
    m = _TABLE_OF_STATEMENT.match(statement)
    if m and isinstance(params, (list, tuple)):  # positional (SQLite's qmark style): pair them with the columns
        if (cols_m := _INSERT_COLUMNS.search(statement)) is not None:
            names = [c.strip().strip('"') for c in cols_m.group(1).split(",")]
        else:
            names = _SET_COLUMNS.findall(statement)
        flat = params[0] if params and isinstance(params[0], (list, tuple)) else params
        params = dict(zip(names, flat, strict=False))
    if m and isinstance(params, dict):
        from app.core.db import metadata  # lazily: core.db imports this module's neighbours

        table = metadata.tables.get(m.group("table"))
        if table is not None:
            cols = [fk.parent.name for fk in table.foreign_keys if params.get(fk.parent.name) is not None]
            return tuple(FieldProblem(c, "unknown_reference", "referenced record may not exist") for c in cols)
    return ()


def map_exception(exc: BaseException) -> MappedError | None:
    """The problem an unexpected exception stands for, or None for a genuine server error (500).

    - database unreachable, connection lost, server shutting down, too many connections, pool timeout → 503
    - statement timeout (57014), lock timeout (55P03) → 503 with Retry-After
    - serialization failure / deadlock (40001, 40P01): the caller collided with a concurrent writer → 409
    - bad values the database refused (class 22: out of range, NUL bytes, bad dates), Python overflow → 422
    - a foreign id that does not exist (23503) → 422 naming the field; a unique violation (23505) → 409
    """
    import sqlite3

    from sqlalchemy.exc import DBAPIError
    from sqlalchemy.exc import TimeoutError as PoolTimeout

    chain = _chain(exc)
    if any(isinstance(e, PoolTimeout) for e in chain):
        return _UNAVAILABLE
    state = _sqlstate(chain)
    if state is not None:
        if state[:2] in ("08", "53") or state in ("57P01", "57P02", "57P03"):
            return _UNAVAILABLE
        if state in ("57014", "55P03", "25P03"):
            return _TIMEOUT
        if state in ("40001", "40P01"):
            return MappedError(409, "concurrent_update", retry_after="1")
        if state == "23503":
            return MappedError(422, "unknown_reference", _fk_fields(exc, chain))
        if state == "23505":
            return MappedError(409, "conflict")
        if state[:2] == "23":
            return MappedError(422, "validation_error")
        if state in ("22021", "22P05"):
            return MappedError(422, "invalid_character")
        if state[:2] == "22":
            return MappedError(422, "value_out_of_range")
    for e in chain:
        name = type(e).__name__
        if name == "DataError" and type(e).__module__.startswith("asyncpg"):
            return MappedError(422, "value_out_of_range")  # asyncpg refused a parameter (e.g. past int32)
        if isinstance(e, sqlite3.OperationalError) and ("locked" in str(e) or "busy" in str(e)):
            return _TIMEOUT
        if isinstance(e, sqlite3.IntegrityError):
            text = str(e)
            if "FOREIGN KEY" in text:
                return MappedError(422, "unknown_reference", _fk_fields(exc, chain))
            if "UNIQUE" in text:
                return MappedError(409, "conflict")
            return MappedError(422, "validation_error")
        if isinstance(e, OverflowError):
            return MappedError(422, "value_out_of_range")
        if isinstance(e, (ConnectionError, TimeoutError)) or name in (
                "ConnectionDoesNotExistError", "InterfaceError") and type(e).__module__.startswith("asyncpg"):
            return _UNAVAILABLE
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return _UNAVAILABLE
    return None


MAPPED_EXCEPTIONS: tuple[type[Exception], ...] = (SQLAlchemyError, OverflowError, ConnectionError, TimeoutError)


def problem_from_exception(request: Request, exc: BaseException) -> JSONResponse:
    """problem+json for any exception that is not an AppError: mapped (4xx/503) or a logged, generic 500."""
    mapped = map_exception(exc)
    if mapped is None:
        log.error("unhandled_error", path=request.url.path, exc_info=exc)
        return problem_response(request, "internal_error", 500)
    if mapped.status >= 500:
        log.warning("database_unavailable", path=request.url.path, code=mapped.code, error=type(exc).__name__)
    headers = {"Retry-After": mapped.retry_after} if mapped.retry_after else None
    return problem_response(request, mapped.code, mapped.status, errors=list(mapped.errors), headers=headers)


class ErrorShieldMiddleware:
    """The last line: any exception that escaped the route handlers becomes a problem response instead of
    propagating to the server. Starlette's ServerErrorMiddleware re-raises after its 500, and uvicorn then
    drops the keep-alive connection without `Connection: close` — the next request on it fails."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception as exc:  # noqa: BLE001 - the point of this middleware
            if started:  # a streamed body broke mid-way: nothing valid can follow; the server closes it
                log.error("error_after_response_started", path=scope.get("path"), exc_info=exc)
                raise
            await problem_from_exception(Request(scope), exc)(scope, receive, send)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the given error statuses."""
    descs = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found or outside the caller's scope",
             409: "Conflict", 412: "Precondition failed (stale ETag)", 413: "Payload too large",
             422: "Validation or rule failure", 428: "If-Match required", 429: "Too many requests"}
    return {s: {"model": Problem, "content": {"application/problem+json": {}}, "description": descs.get(s, "Error")}
            for s in statuses}
