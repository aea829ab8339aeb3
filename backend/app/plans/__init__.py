"""Plans (kế hoạch / nghị quyết / chương trình), their tasks (nhiệm vụ) and targets (chỉ tiêu)."""
