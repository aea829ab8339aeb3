"""Periodic review report (báo cáo sơ kết / tổng kết): the facts section of the Lai Châu five-year review,
generated for any subtree and period — units and staff as of the period's end, the goals of a plan with their
status, the rotations and transfers made in the period and the training given (lượt, lớp, by subject, organiser
level and programme, and the training budget share of indicator #19). Runs as a job (202 + job resource); the
.docx is the job's file. Narrative sections (assessment, proposals) are left to the authors, as headed blanks."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from app.core import documents, jobs
from app.core.db import table_of
from app.core.scope import ensure_in_scope, subtree_ids
from app.core.security import Principal
from app.org_units.models import OrgUnit, UnitType
from app.reports import service as statistics
from app.reports.documents import TRAINING_HEADER, training_rows
from app.reports.documents import rows as statistics_rows
from app.training.models import TAG_LABELS
from app.workflows.models import PersonnelAction

JOB_KIND = "review_report"
MOVES = {"rotation": "Luân chuyển", "transfer": "Điều động", "secondment": "Biệt phái",
         "appointment": "Bổ nhiệm", "reappointment": "Bổ nhiệm lại"}
actions = table_of(PersonnelAction)
units = table_of(OrgUnit)


async def moves_in_period(session: AsyncSession, unit_id: int, start: date, end: date) -> dict[str, int]:
    """Effective personnel actions of the kinds the review counts, with effective dates inside the period."""
    rows = (await session.execute(
        select(actions.c.type, func.count()).where(
            actions.c.status == "effective", actions.c.effective_date >= start, actions.c.effective_date <= end,
            actions.c.unit_id.in_(subtree_ids([unit_id])), actions.c.type.in_(list(MOVES)))
        .group_by(actions.c.type))).all()
    counts: dict[str, int] = {str(r[0]): int(r[1]) for r in rows}
    return {code: int(counts.get(code, 0)) for code in MOVES}


@documents.template("bao_cao_so_ket")
def build_review_template() -> Any:
    doc = documents.new_document()
    documents.add_header(doc)
    documents.add_title(doc, "BÁO CÁO", "Sơ kết {{ period }} — {{ unit_name }}")
    doc.add_paragraph("I. TÌNH HÌNH TỔ CHỨC VÀ ĐỘI NGŨ CÁN BỘ (tính đến ngày {{ as_of }})").runs[0].bold = True
    table = doc.add_table(rows=3, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("Chỉ tiêu", "Chuyên trách / Số lượng", "Không chuyên trách"),
                          strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for r in facts %}"
    for i, cell in enumerate(table.rows[2].cells):
        cell.text = "{{ r[" + str(i) + "] }}"
    table.add_row().cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU{% if plan_number %} ({{ plan_number }}){% endif %}"
                      ).runs[0].bold = True
    goals = doc.add_table(rows=3, cols=4)
    goals.style = "Table Grid"
    for cell, text in zip(goals.rows[0].cells, ("Chỉ tiêu", "Mục tiêu", "Kết quả", "Đánh giá"), strict=True):
        cell.text = text
    goals.rows[1].cells[0].text = "{%tr for g in goals %}"
    for i, cell in enumerate(goals.rows[2].cells):
        cell.text = "{{ g[" + str(i) + "] }}"
    goals.add_row().cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("III. CÔNG TÁC CÁN BỘ TRONG KỲ").runs[0].bold = True
    doc.add_paragraph("{% for m in moves %}- {{ m[0] }}: {{ m[1] }} lượt.\n{% endfor %}")
    doc.add_paragraph("{% for m in programme_moves %}- {{ m[0] }}: {{ m[1] }}.\n{% endfor %}")
    doc.add_paragraph("IV. CÔNG TÁC ĐÀO TẠO, BỒI DƯỠNG").runs[0].bold = True
    doc.add_paragraph("Trong kỳ đã tổ chức {{ training.classes }} lớp; cán bộ trong đơn vị tham gia "
                      "{{ training.enrolments }} lượt, hoàn thành {{ training.completed }} lượt.")
    doc.add_paragraph("{% for t in training_tags %}- {{ t[0] }}: {{ t[1] }} lượt.\n{% endfor %}")
    counts = doc.add_table(rows=3, cols=3)
    counts.style = "Table Grid"
    for cell, text in zip(counts.rows[0].cells, TRAINING_HEADER, strict=True):
        cell.text = text
    counts.rows[1].cells[0].text = "{%tr for r in training_rows %}"
    for i, cell in enumerate(counts.rows[2].cells):
        cell.text = "{{ r[" + str(i) + "] }}"
    counts.add_row().cells[0].text = "{%tr endfor %}"
    doc.add_paragraph("{% for b in training_budget %}- {{ b[0] }}: {{ b[1] }}.\n{% endfor %}")
    doc.add_paragraph("V. ĐÁNH GIÁ CHUNG VÀ ĐỀ XUẤT, KIẾN NGHỊ").runs[0].bold = True
    doc.add_paragraph("………………………………………………………………………………")
    documents.add_signature(doc)
    return doc


@jobs.register(JOB_KIND, "reports:read")
async def run_review(ctx: jobs.JobContext) -> jobs.Outcome:
    from app.indicators.service import plan_progress

    unit_id, plan_id = ctx.params["unit_id"], ctx.params.get("plan_id")
    start, end = date.fromisoformat(ctx.params["period_start"]), date.fromisoformat(ctx.params["period_end"])
    await ctx.set_progress(0, 3)
    async with ctx.session() as session:
        stats = await statistics.cadre_statistics(session, ctx.principal, unit_id, end)
        labels = dict((await session.execute(select(col(UnitType.code), col(UnitType.name_vi)))).all())
        tables = statistics_rows(stats, labels)
        await ctx.set_progress(1)
        goals: list[tuple[str, str, str, str]] = []
        plan_number = None
        if plan_id is not None:
            progress = await plan_progress(session, ctx.principal, plan_id, as_of=end)
            for item in progress.items:
                shown = "—" if item.value is None else f"{item.value:g}"
                goals.append((item.indicator_code, f"{item.comparator} {item.target:g}", shown, item.label_vi))
            from app.plans.models import Plan

            plan_number = (await session.execute(select(col(Plan.number)).where(col(Plan.id) == plan_id))).scalar()
        await ctx.set_progress(2)
        moved = await moves_in_period(session, unit_id, start, end)
        from app.rotations import service as rotations
        from app.training import service as training

        trained = statistics.training_facts(await training.training_figures(
            session, unit_id=unit_id, period_start=start, period_end=end))
        programme = await rotations.counts(session, unit_id=unit_id, period_start=start, period_end=end)
        unit = (await session.execute(select(units).where(units.c.id == unit_id))).one()
        parent = (await session.execute(select(units.c.name).where(units.c.id == unit.parent_id))).scalar() or ""
    content = documents.render("bao_cao_so_ket", {
        **documents.date_parts(end), "issuer_parent": parent, "issuer": unit.name, "number": "      /BC-LĐLĐ",
        "place": (unit.admin_area or "").removeprefix("Tỉnh "), "unit_name": unit.name,
        "period": f"{start.strftime('%d/%m/%Y')} – {end.strftime('%d/%m/%Y')}", "as_of": end.strftime("%d/%m/%Y"),
        "facts": tables["units"] + tables["staff"], "goals": goals, "plan_number": plan_number,
        "moves": [(MOVES[k], n) for k, n in moved.items()], "recipients": [parent] if parent else [],
        "programme_moves": [("Luân chuyển người đứng đầu (chương trình luân chuyển)", programme.head_rotations),
                            ("Điều động người đứng đầu", programme.head_transfers),
                            ("Tổng số luân chuyển / điều động / biệt phái",
                             f"{programme.rotations} / {programme.transfers} / {programme.secondments}")],
        "training": {"classes": trained.classes, "enrolments": trained.enrolments, "completed": trained.completed},
        "training_tags": [(TAG_LABELS.get(tag, tag), n) for tag, n in sorted(trained.by_tag.items())],
        "training_rows": training_rows(trained)["training"],
        "training_budget": training_rows(trained, text=True)["training_budget"],
        "signer_role": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH", "signer_name": ""})
    await ctx.set_progress(3)
    return jobs.Outcome("succeeded", {"goals": len(goals), "moves": moved, "training": trained.model_dump(
        mode="json", exclude={"period_start", "period_end"}), "staff": {
        k: v.total for k, v in stats.staff.items()}}, file_name=f"so-ket-{unit_id}-{end.isoformat()}.docx",
        file_content_type=documents.DOCX_TYPE, file_bytes=content)


async def submit_review(session: AsyncSession, principal: Principal, *, unit_id: int, period_start: date,
                        period_end: date, plan_id: int | None) -> jobs.JobRead:
    await ensure_in_scope(session, principal, "reports:read", unit_id)
    return await jobs.submit(principal, JOB_KIND, unit_id=unit_id, total=3, params={
        "unit_id": unit_id, "plan_id": plan_id, "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat()}, session=session)
