"""docs/architecture.md "Who owns which table" names the owner of every table (issue 10, "Done when")."""

from __future__ import annotations

import re
from pathlib import Path

from sqlmodel import SQLModel

import app.main  # noqa: F401  (every router, so every table any module defines)
import app.models  # noqa: F401  (every table in the metadata)

DOC = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"


def test_architecture_doc_names_the_owner_of_every_table():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Who owns which table"):]
    section = section[:section.index("\n## ", 5)]
    owned: dict[str, list[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`") and cells[0].endswith("/`"):
            for table in re.findall(r"`([a-z_0-9]+)`", cells[1]):
                owned.setdefault(table, []).append(cells[0])
    tables = set(SQLModel.metadata.tables)
    assert sorted(tables - set(owned)) == []
    assert {t: o for t, o in owned.items() if t in tables and len(o) > 1} == {}  # one owner per table
