"""The built-in indicators (domain-rulebook §5; seeds NQ03, Gia Lâm 364/444, Dương Minh Châu, Lai Châu).

Computed where the registry's data supports it (`computation` names a function in `compute.REGISTRY`); the
others are `manual`: units submit the figure with evidence and someone else approves it. Migration 0006 holds a
copy of this list as reference data (a migration must not import code that may change later).
"""

from __future__ import annotations

# (code, number, name_vi, name_en, kind, source, unit_label, computation)
BUILT_IN: list[tuple[str, int, str, str, str, str, str, str | None]] = [
    ("key_cadres_briefed", 1, "Cán bộ chủ chốt được quán triệt, bồi dưỡng", "Key cadres briefed",
     "ratio", "NQ03/NQ-TLĐ mục tiêu 1; KH Gia Lâm", "%", "key_cadres_briefed"),
    ("full_time_standardised", 2, "Cán bộ chuyên trách đạt chuẩn theo vị trí việc làm",
     "Full-time cadres meeting the job-position standards", "manual", "NQ03/NQ-TLĐ mục tiêu 2; KH Gia Lâm", "%",
     None),
    ("upper_staff_degree", 3, "Cán bộ chuyên trách công đoàn cấp trên có trình độ đại học trở lên",
     "Full-time staff at upper levels with a university degree", "ratio", "NQ03/NQ-TLĐ mục tiêu 2", "%",
     "upper_staff_degree"),
    ("title_standards_issued", 4, "Ban hành tiêu chuẩn chức danh cán bộ công đoàn",
     "Title standards and criteria issued", "manual", "NQ03/NQ-TLĐ mục tiêu 3", "", None),
    ("nq03_goal_4", 5, "Mục tiêu 4 Nghị quyết 03 (cấp Tổng Liên đoàn)", "NQ03 goal 4 (confederation level)",
     "manual", "NQ03/NQ-TLĐ mục tiêu 4", "", None),
    ("full_time_union_certificate", 6, "Cán bộ chuyên trách có chứng chỉ nghiệp vụ công đoàn",
     "Full-time cadres with the union certificate", "ratio", "NQ03/NQ-TLĐ mục tiêu 5; KH Gia Lâm", "%",
     "full_time_union_certificate"),
    ("part_time_skills_trained", 7, "Cán bộ không chuyên trách được tập huấn nghiệp vụ",
     "Part-time cadres who attended a skills programme", "ratio", "NQ03/NQ-TLĐ mục tiêu 5; KH Gia Lâm", "%",
     "part_time_skills"),
    ("provincial_leaders_language", 8, "Lãnh đạo LĐLĐ tỉnh có trình độ ngoại ngữ đáp ứng yêu cầu",
     "Provincial leaders with an adequate foreign language", "ratio", "NQ03/NQ-TLĐ mục tiêu 6", "%",
     "provincial_leaders_language"),
    ("bch_btv_women_share", 9, "Tỷ lệ nữ trong BCH, BTV", "Women's share of BCH/BTV seats", "ratio",
     "KH Gia Lâm", "%", "bch_btv_women_share"),
    ("bch_btv_young_share", 9, "Tỷ lệ cán bộ trẻ (dưới 40 tuổi) trong BCH, BTV",
     "Young (under 40) share of BCH/BTV seats", "ratio", "KH Gia Lâm", "%", "bch_btv_young_share"),
    ("nonstate_chairs_law_trained", 10,
     "Chủ tịch CĐCS khu vực ngoài nhà nước (doanh nghiệp ≥500 lao động) được bồi dưỡng pháp luật",
     "Chairs of non-state CĐCS in enterprises of ≥500 workers trained in law", "ratio", "KH Gia Lâm", "%",
     "nonstate_chairs_law"),
    ("grassroots_chairs_briefed", 11, "Chủ tịch CĐCS được quán triệt, bồi dưỡng", "CĐCS chairs briefed",
     "ratio", "KH Dương Minh Châu", "%", "grassroots_chairs_briefed"),
    ("nonstate_chairs_trained", 12, "Chủ tịch CĐCS khu vực ngoài nhà nước được tập huấn",
     "Chairs of non-state CĐCS trained", "ratio", "KH Dương Minh Châu", "%", "nonstate_chairs_trained"),
    ("new_nonstate_grassroots", 13, "Số CĐCS doanh nghiệp ngoài nhà nước thành lập mới",
     "New non-state enterprise CĐCS", "count", "KH 444 Gia Lâm", "CĐCS", "new_nonstate_grassroots"),
    ("members", 14, "Số đoàn viên công đoàn", "Union members", "count", "KH 444 Gia Lâm", "đoàn viên", "members"),
    ("enterprises_with_grassroots", 15, "Doanh nghiệp từ 25 lao động trở lên có tổ chức công đoàn",
     "Enterprises with ≥25 workers that have a CĐCS", "manual", "KH 444 Gia Lâm", "%", None),
    ("nonstate_rated_good", 16, "CĐCS ngoài nhà nước xếp loại hoàn thành tốt nhiệm vụ trở lên",
     "Non-state CĐCS rated good or better", "ratio", "KH 444 Gia Lâm", "%", "nonstate_rated_good"),
    ("party_introductions_per_grassroots", 17, "Số đoàn viên ưu tú giới thiệu cho Đảng bình quân mỗi CĐCS",
     "Members introduced to the Party per CĐCS", "manual", "KH 444 Gia Lâm", "người/CĐCS", None),
    ("electronic_documents", 18, "Văn bản trao đổi dưới dạng điện tử", "Documents exchanged electronically",
     "manual", "KH 444 Gia Lâm", "%", None),
    ("training_budget_share", 19, "Tỷ lệ kinh phí dành cho đào tạo, bồi dưỡng", "Training budget share",
     "ratio", "KH 364 Gia Lâm", "%", "training_budget_share"),
]
