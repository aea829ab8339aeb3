"""Decision document (quyết định nhân sự) of an approved personnel action, in the Decree 30 format."""

from __future__ import annotations

from typing import Any

from app.core import documents

VERBS = {
    "appointment": ("bổ nhiệm", "Bổ nhiệm"), "reappointment": ("bổ nhiệm lại", "Bổ nhiệm lại"),
    "nomination": ("giới thiệu ứng cử", "Giới thiệu"), "rotation": ("luân chuyển", "Luân chuyển"),
    "transfer": ("điều động", "Điều động"), "secondment": ("biệt phái", "Biệt phái"),
    "dismissal": ("miễn nhiệm", "Miễn nhiệm"), "resignation": ("cho thôi giữ chức vụ", "Cho thôi giữ chức vụ"),
    "retirement": ("nghỉ hưu", "Cho nghỉ hưu"),
}


@documents.template("quyet_dinh_nhan_su")
def build_decision_template() -> Any:
    doc = documents.new_document()
    documents.add_header(doc)
    documents.add_title(doc, "QUYẾT ĐỊNH", "Về việc {{ subject }}")
    p = doc.add_paragraph()
    p.add_run("{{ authority|upper }}").bold = True
    for line in ("Căn cứ Luật Công đoàn năm 2024; Điều lệ Công đoàn Việt Nam;",
                 "Căn cứ quy định về phân cấp quản lý cán bộ công đoàn;",
                 "{% if reason %}Xét {{ reason }};{% endif %}"):
        doc.add_paragraph(line)
    p = doc.add_paragraph()
    p.add_run("QUYẾT ĐỊNH:").bold = True
    p = doc.add_paragraph()
    p.add_run("Điều 1. ").bold = True
    p.add_run("{{ verb }} {{ title }} {{ full_name }}, sinh ngày {{ birth_date }}, {{ assignment }}, "
              "kể từ ngày {{ effective_date }}.")
    p = doc.add_paragraph()
    p.add_run("Điều 2. ").bold = True
    p.add_run("Chế độ, quyền lợi của {{ title }} {{ full_name }} thực hiện theo quy định hiện hành.")
    p = doc.add_paragraph()
    p.add_run("Điều 3. ").bold = True
    p.add_run("Văn phòng, Ban Tổ chức, các đơn vị liên quan và {{ title }} {{ full_name }} căn cứ Quyết định "
              "thi hành./.")
    documents.add_signature(doc)
    return doc


def context(action: Any, cadre: Any, unit: Any, issuer: Any, issuer_parent: str, position_name: str,
            signer_name: str) -> dict[str, Any]:
    lower, upper = VERBS[action.type]
    if action.type in ("dismissal", "resignation", "retirement"):
        assignment = f"thôi giữ chức vụ {position_name}, {unit.name}"
    else:
        assignment = f"giữ chức vụ {position_name}, {unit.name}"
    return {
        **documents.date_parts(action.decided_at.date() if action.decided_at else action.effective_date),
        "issuer_parent": issuer_parent, "issuer": issuer.name, "number": action.decision_no or "      /QĐ",
        "place": (issuer.admin_area or "").removeprefix("Tỉnh ").removeprefix("Xã "),
        "subject": f"{lower} cán bộ", "authority": f"Ban Thường vụ {issuer.name}", "reason": action.reason,
        "verb": upper, "title": "bà" if cadre.gender == "female" else "ông", "full_name": cadre.full_name,
        "birth_date": cadre.birth_date.strftime("%d/%m/%Y"), "assignment": assignment,
        "effective_date": action.effective_date.strftime("%d/%m/%Y"),
        "recipients": ["Như Điều 3", issuer_parent] if issuer_parent else ["Như Điều 3"],
        "signer_role": "TM. BAN THƯỜNG VỤ", "signer_title": "CHỦ TỊCH", "signer_name": signer_name,
    }
