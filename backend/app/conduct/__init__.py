"""Conduct records (khen thưởng, kỷ luật, kết luận tiêu chuẩn chính trị): the owner of `discipline` and
`political_clearance`. Other domains ask `service.active_discipline` / `service.positive_clearance_on`."""
