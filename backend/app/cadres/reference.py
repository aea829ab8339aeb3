"""Reference code lists of cadre records (codes are ASCII snake_case; labels in Vietnamese and English)."""

from __future__ import annotations

# The 54 ethnic groups of Viet Nam (danh mục các dân tộc Việt Nam, Tổng cục Thống kê). Minority = not `kinh`.
ETHNICITIES: dict[str, str] = {
    "kinh": "Kinh", "tay": "Tày", "thai": "Thái", "hoa": "Hoa", "khmer": "Khơ-me", "muong": "Mường",
    "nung": "Nùng", "hmong": "Mông", "dao": "Dao", "gia_rai": "Gia-rai", "ngai": "Ngái", "e_de": "Ê-đê",
    "ba_na": "Ba-na", "xo_dang": "Xơ-đăng", "san_chay": "Sán Chay", "co_ho": "Cơ-ho", "cham": "Chăm",
    "san_diu": "Sán Dìu", "hre": "Hrê", "mnong": "Mnông", "ra_glai": "Ra-glai", "xtieng": "Xtiêng",
    "bru_van_kieu": "Bru-Vân Kiều", "tho": "Thổ", "giay": "Giáy", "co_tu": "Cơ-tu", "gie_trieng": "Giẻ-Triêng",
    "ma": "Mạ", "kho_mu": "Khơ-mú", "co": "Co", "ta_oi": "Tà-ôi", "cho_ro": "Chơ-ro", "khang": "Kháng",
    "xinh_mun": "Xinh-mun", "ha_nhi": "Hà Nhì", "chu_ru": "Chu-ru", "lao": "Lào", "la_chi": "La Chí",
    "la_ha": "La Ha", "phu_la": "Phù Lá", "la_hu": "La Hủ", "lu": "Lự", "lo_lo": "Lô Lô", "chut": "Chứt",
    "mang": "Mảng", "pa_then": "Pà Thẻn", "co_lao": "Cơ Lao", "cong": "Cống", "bo_y": "Bố Y", "si_la": "Si La",
    "pu_peo": "Pu Péo", "brau": "Brâu", "o_du": "Ơ Đu", "ro_mam": "Rơ-măm",
}
assert len(ETHNICITIES) == 54

RELIGIONS: dict[str, tuple[str, str]] = {
    "none": ("Không", "None"), "phat_giao": ("Phật giáo", "Buddhism"), "cong_giao": ("Công giáo", "Catholicism"),
    "tin_lanh": ("Tin lành", "Protestantism"), "cao_dai": ("Cao Đài", "Cao Dai"), "hoa_hao": ("Phật giáo Hòa Hảo",
                                                                                             "Hoa Hao Buddhism"),
    "hoi_giao": ("Hồi giáo", "Islam"), "other": ("Khác", "Other"),
}

EDUCATION_LABELS: dict[str, tuple[str, str]] = {
    "none": ("Chưa qua đào tạo", "None"), "so_cap_nghe": ("Sơ cấp nghề", "Vocational (elementary)"),
    "cnkt": ("Công nhân kỹ thuật", "Technical worker"), "trung_cap": ("Trung cấp", "Intermediate"),
    "cao_dang": ("Cao đẳng", "College"), "dai_hoc": ("Đại học", "University"), "thac_si": ("Thạc sĩ", "Master"),
    "tien_si": ("Tiến sĩ", "Doctorate"),
}
POLITICAL_THEORY_LABELS: dict[str, tuple[str, str]] = {
    "none": ("Chưa qua đào tạo", "None"), "so_cap": ("Sơ cấp", "Elementary"),
    "trung_cap": ("Trung cấp", "Intermediate"), "cao_cap": ("Cao cấp", "Advanced"), "cu_nhan": ("Cử nhân", "Bachelor"),
}
