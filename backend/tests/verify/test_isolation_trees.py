"""Criterion 4 at full strength (make verify): no unit list leaves the grant's subtree across 200 random trees.
`make test` runs the same property over ISOLATION_TREES (default 25) trees (tests/auth/test_isolation.py)."""

from __future__ import annotations

import pytest

from tests.auth.test_isolation import lists_never_leave_property

test_lists_never_leave_the_grant_subtree_200_trees = pytest.mark.verify(lists_never_leave_property(200))
