"""Mẫu 2C résumé (sơ yếu lý lịch cán bộ, structure of 2C-BNV/2008), generated from the cadre's history rows.

Rendered with docxtpl from `templates/mau_2c.docx` (A4, Times New Roman 13 pt, Decree 30 margins) with
`autoescape=True`, so values containing `<`, `&` or `{{` appear literally. Sensitive items (ethnicity,
religion, party dates, national ID, health, family) are shown only with `cadres:read_sensitive` over the
cadre's unit, else "—". Every download writes one access_log row (category export). PDF is converted from the
DOCX by LibreOffice headless when it is installed; otherwise 503 `pdf_unavailable`.
"""

from __future__ import annotations

import asyncio
import io
from datetime import date
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.cadres import service
from app.cadres.models import STATE_MANAGEMENT, FamilyMember
from app.cadres.reference import EDUCATION_LABELS, ETHNICITIES, POLITICAL_THEORY_LABELS, RELIGIONS
from app.core import crypto, documents
from app.core.access_log import log_access
from app.core.db import table_of, today
from app.core.errors import AppError
from app.core.scope import in_scope
from app.core.security import Principal
from app.org_units.models import OrgUnit
from app.terms import service as terms_service
from app.terms.models import Position

TEMPLATE = Path(__file__).with_name("templates") / "mau_2c.docx"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HIDDEN = "—"

_KINDS = {"education": "Chuyên môn", "political_theory": "Lý luận chính trị", "state_management": "Quản lý nhà nước",
          "union_certificate": "Nghiệp vụ công đoàn", "language": "Ngoại ngữ", "it": "Tin học"}
_STATE_MANAGEMENT = dict(zip(STATE_MANAGEMENT, ("Chuyên viên", "Chuyên viên chính", "Chuyên viên cao cấp"),
                             strict=True))
_BODIES = {"bch": "Ban Chấp hành", "btv": "Ban Thường vụ", "ubkt": "Ủy ban Kiểm tra", "doan_chu_tich": "Đoàn Chủ tịch",
           "apparatus": "Cơ quan chuyên trách"}
_RELATIONS = {"father": "Bố", "mother": "Mẹ", "spouse": "Vợ/Chồng", "child": "Con", "sibling": "Anh/Chị/Em",
              "father_in_law": "Bố vợ/chồng", "mother_in_law": "Mẹ vợ/chồng", "other": "Khác"}


def _d(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _level(kind: str, level: str) -> str:
    if kind == "education":
        return EDUCATION_LABELS.get(level, (level,))[0]
    if kind == "political_theory":
        return POLITICAL_THEORY_LABELS.get(level, (level,))[0]
    if kind == "state_management":
        return _STATE_MANAGEMENT.get(level, level)
    return level


async def build_context(session: AsyncSession, principal: Principal, cadre_id: int) -> dict[str, Any]:
    row = await service.visible_cadre(session, principal, cadre_id)
    sensitive = await in_scope(session, principal, service.SENSITIVE, row.unit_id)
    units = table_of(OrgUnit)
    unit = (await session.execute(select(units.c.name, units.c.parent_id).where(units.c.id == row.unit_id))).one()
    parent = None
    if unit.parent_id is not None:
        parent = (await session.execute(select(units.c.name).where(units.c.id == unit.parent_id))).scalar()
    quals = (await service.list_qualifications(session, principal, cadre_id)).items
    work = (await service.list_employment(session, principal, cadre_id)).items
    posts = (await terms_service.cadre_assignments(session, principal, cadre_id)).items
    position_names = dict((await session.execute(select(col(Position.code), col(Position.name_vi)))).all())
    on = today()

    def best(kind: str) -> str:
        found = [q for q in quals if q.kind == kind]
        return "; ".join(_level(kind, q.level) + (f" ({q.major})" if q.major else "") for q in found) or ""

    current = [f"{position_names.get(a.position_code, a.position_code)} — {_BODIES.get(a.body, a.body)}"
               for a in posts if a.from_date <= on and (a.to_date is None or a.to_date > on)]
    ctx: dict[str, Any] = {
        "managing_unit": parent or unit.name, "unit_name": unit.name, "cadre_no": str(row.id),
        "full_name_upper": row.full_name.upper(), "full_name": row.full_name, "other_names": "",
        "birth_date": _d(row.birth_date), "gender": "Nam" if row.gender == "male" else "Nữ", "birthplace": "",
        "hometown": row.hometown or "", "phone": row.phone or "", "email": row.email or "",
        "current_posts": "; ".join(current),
        "employment": "Chuyên trách" if row.employment == "full_time" else "Không chuyên trách",
        "from_workers": "Có" if row.from_workers else "Không", "general_education": "",
        "education": EDUCATION_LABELS.get(row.education_level, (row.education_level,))[0],
        "political_theory": POLITICAL_THEORY_LABELS.get(row.political_theory, (row.political_theory,))[0],
        "state_management": best("state_management"), "languages": best("language"), "it": best("it"),
        "union_certificate": best("union_certificate"),
        "qualifications": [{"kind": _KINDS.get(q.kind, q.kind), "level": _level(q.kind, q.level),
                            "major": q.major or "", "institution": q.institution or "",
                            "awarded_on": _d(q.awarded_on)} for q in quals],
        "work": [{"period": f"{_d(w.from_date)} – {_d(w.to_date) or 'nay'}",
                  "text": ", ".join(p for p in (w.job_position, w.organisation) if p)} for w in work],
        "posts": [{"period": f"{_d(a.from_date)} – {_d(a.to_date) or 'nay'}",
                   "position": position_names.get(a.position_code, a.position_code),
                   "body": _BODIES.get(a.body, a.body), "decision_no": a.decision_no or ""} for a in posts],
        "place": "", "day": f"{on.day:02d}", "month": f"{on.month:02d}", "year": str(on.year),
    }
    if sensitive:
        table = table_of(FamilyMember)
        family = (await session.execute(select(table).where(table.c.cadre_id == cadre_id)
                                        .order_by(table.c.id))).all()
        ctx.update({
            "ethnicity": ETHNICITIES.get(row.ethnicity or "", row.ethnicity or ""),
            "religion": RELIGIONS.get(row.religion or "", (row.religion or "",))[0],
            "party_joined_on": _d(row.party_joined_on), "party_official_on": _d(row.party_official_on),
            "national_id": crypto.decrypt(row.national_id_enc) if row.national_id_enc else "",
            "health": row.health or "", "family_note": "",
            "family": [{"relation": _RELATIONS.get(f.relation, f.relation), "full_name": f.full_name,
                        "birth_year": str(f.birth_year or ""),
                        "details": ", ".join(p for p in (f.occupation, f.address) if p)} for f in family],
        })
    else:
        ctx.update({k: HIDDEN for k in ("ethnicity", "religion", "party_joined_on", "party_official_on",
                                         "national_id", "health", "family_note")})
        ctx["family"] = []
    ctx.update(await _conduct_training_evaluations(session, principal, cadre_id))
    ctx["_unit_id"] = row.unit_id
    ctx["_sensitive"] = sensitive
    return ctx


_AWARDS = {"bang_khen_tld": "Bằng khen của Tổng Liên đoàn", "bang_khen_tinh": "Bằng khen cấp tỉnh",
           "bang_lao_dong_sang_tao": "Bằng Lao động sáng tạo", "ky_niem_chuong": "Kỷ niệm chương",
           "giay_khen": "Giấy khen", "cdcs_vung_manh": "CĐCS vững mạnh"}
_DISCIPLINES = {"khien_trach": "Khiển trách", "canh_cao": "Cảnh cáo", "cach_chuc": "Cách chức", "khai_tru": "Khai trừ"}


async def _conduct_training_evaluations(session: AsyncSession, principal: Principal, cadre_id: int) -> dict[str, Any]:
    """Courses attended, awards, disciplines and evaluation results, read through their owners' services."""
    from app.conduct import service as conduct
    from app.evaluations import service as evaluations
    from app.training import service as training

    courses = await training.completed_courses(session, cadre_id)
    awards = (await conduct.list_awards(session, principal, cadre_id)).items
    disciplines = (await conduct.list_disciplines(session, principal, cadre_id)).items
    results = (await evaluations.cadre_results(session, principal, cadre_id)).items
    return {
        "courses": [{"period": f"{_d(c['starts_on'])} – {_d(c['ends_on'])}", "name": c["name"],
                     "organiser": c["organiser_name"],
                     "result": {"passed": "Đạt", "failed": "Không đạt"}.get(c["result"] or "", "")} for c in courses],
        "awards": [{"awarded_on": _d(a.awarded_on), "kind": _AWARDS.get(a.kind, a.kind), "issuer": a.issuer,
                    "decision_no": a.decision_no or ""} for a in awards],
        "disciplines": [{"period": f"{_d(d.effective_from)} – {_d(d.effective_to) or 'nay'}",
                         "form": _DISCIPLINES.get(d.form, d.form), "issuer": d.issuer or "",
                         "decision_no": d.decision_no or ""} for d in disciplines],
        "evaluations": [{"period": e.period, "level": e.level_name,
                         "decided_on": _d(e.decided_at.date()) if e.decided_at else ""} for e in results],
    }


def render_docx(ctx: dict[str, Any]) -> bytes:
    tpl = DocxTemplate(str(TEMPLATE))
    tpl.render({k: v for k, v in ctx.items() if not k.startswith("_")}, autoescape=True)
    buf = io.BytesIO()
    tpl.save(buf)
    return buf.getvalue()


async def resume_docx(session: AsyncSession, principal: Principal, cadre_id: int) -> bytes:
    ctx = await build_context(session, principal, cadre_id)
    content = await asyncio.to_thread(render_docx, ctx)
    await _log_export(session, principal, cadre_id, ctx, "docx")
    return content


async def _log_export(session: AsyncSession, principal: Principal, cadre_id: int, ctx: dict[str, Any],
                      fmt: str) -> None:
    """Once the file exists, still in the request's transaction: on SQLite the INSERT takes the database's write
    lock until the commit, and a PDF takes LibreOffice seconds — other writers waited, some past the busy timeout
    (503 `database_timeout` in the browser tests)."""
    await log_access(session, actor=principal.subject, subject_type="cadre", subject_ids=[cadre_id],
                     category="export", purpose=f"Mẫu 2C ({fmt})" + (" (sensitive)" if ctx["_sensitive"] else ""),
                     unit_id=ctx["_unit_id"])


# --- PDF -------------------------------------------------------------------------------------------------

def find_converter() -> str | None:
    return documents.soffice()


async def convert_to_pdf(docx: bytes) -> bytes:
    return await documents.docx_to_pdf(docx)


async def resume_pdf(session: AsyncSession, principal: Principal, cadre_id: int) -> bytes:
    if find_converter() is None:  # before any work: say so plainly (the cadre is still checked first)
        await service.visible_cadre(session, principal, cadre_id)
        raise AppError("pdf_unavailable", 503, "no DOCX→PDF converter (LibreOffice) is installed on the server")
    ctx = await build_context(session, principal, cadre_id)
    pdf = await convert_to_pdf(await asyncio.to_thread(render_docx, ctx))
    await _log_export(session, principal, cadre_id, ctx, "pdf")
    return pdf
