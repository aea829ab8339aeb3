"""Indicator catalogue (danh mục chỉ tiêu), computation, progress and measurements (domain-rulebook §5)."""
