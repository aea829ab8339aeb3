"""Requests for returns (yêu cầu báo cáo) from an upper unit to its subordinate units; notifications."""
