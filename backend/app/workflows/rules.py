"""Eligibility rules (điều kiện, tiêu chuẩn) of personnel actions, as pure functions over facts.

Each rule returns `{rule, passed, blocking, message}` with a message naming the numbers
("còn 54 tháng công tác, cần ≥ 60"). Thresholds come from versioned settings (`RuleSettings`), never constants.
The facts are gathered by the service; keeping the rules pure makes their boundaries easy to test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.core.dates import months_between
from app.core.text import nfc
from app.rulebook.retirement import retirement_date


@dataclass(frozen=True)
class RuleResult:
    rule: str
    passed: bool
    blocking: bool
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "passed": self.passed, "blocking": self.blocking, "message": nfc(self.message)}


def retirement_runway(*, birth: date, gender: str, on: date, required_months: int, purpose: str) -> RuleResult:
    """Rule 8/9: working time left before the statutory retirement date must be ≥ the threshold."""
    retire = retirement_date(birth, gender)
    left = months_between(on, retire)
    ok = left >= required_months
    return RuleResult("retirement_runway", ok, True,
                      f"còn {max(left, 0)} tháng công tác đến {retire.strftime('%d/%m/%Y')} "
                      f"({purpose}: cần ≥ {required_months})")


# D2 (API.md, rule 11's "special case"): the only rule an authorised approver may override, with a written reason.
# Every other blocking failure (discipline, clearance, retirement runway…) is 422 whatever the approver sends.
OVERRIDABLE = frozenset({"in_plan"})


def in_plan(*, post: str, planned: bool, planned_posts: list[str]) -> RuleResult:
    """Rule 11 / D7: the person must be in an approved plan (quy hoạch) of the unit for an equal post; the message
    names the post(s) actually planned."""
    if planned:
        return RuleResult("in_plan", True, True, f"có trong quy hoạch chức danh {post}")
    if planned_posts:
        return RuleResult("in_plan", False, True, f"chưa có trong quy hoạch chức danh {post} "
                                                  f"(đang được quy hoạch chức danh {', '.join(planned_posts)})")
    return RuleResult("in_plan", False, True, f"chưa có trong quy hoạch chức danh {post}")


def political_clearance(*, concluded_on: date | None, positive: bool | None, before: date) -> RuleResult:
    """Rule 10: a positive conclusion on political standard dated before the decision."""
    if concluded_on is None:
        return RuleResult("political_clearance", False, True, "chưa có kết luận tiêu chuẩn chính trị")
    when = concluded_on.strftime("%d/%m/%Y")
    if not positive:
        return RuleResult("political_clearance", False, True, f"kết luận tiêu chuẩn chính trị ngày {when}: không đạt")
    ok = concluded_on <= before
    return RuleResult("political_clearance", ok, True,
                      f"đã có kết luận tiêu chuẩn chính trị ngày {when}" if ok
                      else f"kết luận ngày {when} sau ngày quyết định {before.strftime('%d/%m/%Y')}")


def no_active_discipline(*, active_form: str | None, until: date | None) -> RuleResult:
    """Rule 12: no appointment while a discipline is in effect."""
    if active_form is None:
        return RuleResult("no_active_discipline", True, True, "không đang chịu kỷ luật")
    tail = f" đến {until.strftime('%d/%m/%Y')}" if until else ""
    return RuleResult("no_active_discipline", False, True, f"đang chịu kỷ luật {active_form}{tail}")


def months_in_current_post(*, months_held: int | None, required_months: int) -> RuleResult:
    """≥ 24 months in the current or an equivalent post, cumulative (rulebook §4.4), except on a first
    appointment (`months_held` None: holds no post)."""
    if months_held is None:
        return RuleResult("months_in_current_post", True, True, "bổ nhiệm lần đầu: không áp dụng")
    return RuleResult("months_in_current_post", months_held >= required_months, True,
                      f"giữ chức vụ hiện tại và tương đương {months_held} tháng, cần ≥ {required_months}")


def consecutive_terms(*, held: int, limit: int) -> RuleResult:
    """NĐ 138/2020 Điều 41: a post is held for at most `limit` (2) consecutive terms; reappointment after that
    is refused."""
    return RuleResult("max_consecutive_terms", held < limit, True,
                      f"đã giữ chức vụ {held} nhiệm kỳ liên tiếp, tối đa {limit}")


def title_standard(*, missing: list[str]) -> RuleResult:
    """The post's title standard (tiêu chuẩn chức danh): required education, political theory, certificates."""
    if not missing:
        return RuleResult("title_standard", True, True, "đáp ứng tiêu chuẩn chức danh")
    return RuleResult("title_standard", False, True, "chưa đạt tiêu chuẩn chức danh: " + "; ".join(missing))


def latest_evaluation(*, year: int | None, level: str | None, level_name: str | None) -> RuleResult:
    """The latest annual evaluation before the decision (read through the evaluations service): shown to the
    approver, non-blocking; `khong_hoan_thanh` fails it (QĐ 80 expects completed duties) [A]."""
    if year is None or level is None:
        return RuleResult("latest_evaluation", True, False, "chưa có kết quả đánh giá, xếp loại hằng năm")
    return RuleResult("latest_evaluation", level != "khong_hoan_thanh", False,
                      f"kết quả đánh giá năm {year}: {level_name or level}")
