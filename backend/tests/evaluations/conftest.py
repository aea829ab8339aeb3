"""Fixtures shared by the evaluation tests."""

from tests.evaluations.test_evaluations import ctx  # noqa: F401  (the cycle, people and principals of a district)
