"""Architecture rules of issue 10, as tests that fail when the structure slips back:

- `core/` imports no domain package (the composition root, `main.py`/`cli.py`, wires domains into it);
- one writer of a cadre's home unit: `cadres.service.set_home_unit` (transfers, rotations, corrections and the
  carry-over when a unit ends all call it; nothing outside `cadres/` updates the cadre table);
- `/api/v1/jobs` is mounted once.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import select

from app.cadres import service as cadres_service
from app.core.audit import AuditLog
from tests.factories import Tree

APP = Path(__file__).resolve().parents[1] / "app"


def _modules(root: Path) -> dict[str, ast.Module]:
    return {str(p.relative_to(APP.parent)): ast.parse(p.read_text(encoding="utf-8"))
            for p in sorted(root.rglob("*.py"))}


def _imported_modules(tree: ast.Module, package: str) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth (function-level imports included); relative imports resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                found.append((node.lineno, f"{base}.{node.module}" if node.module else base))
            elif node.module:
                found.append((node.lineno, node.module))
    return found


def _core_domain_imports(modules: dict[str, ast.Module]) -> list[str]:
    return [f"{name}:{line} imports {module}" for name, tree in modules.items()
            for line, module in _imported_modules(tree, "app.core")
            if (module == "app" or module.startswith("app.")) and not (module == "app.core"
                                                                     or module.startswith("app.core."))]


def test_rule_core_imports_no_domain_package():
    modules = _modules(APP / "core")
    assert "app/core/scheduler.py" in modules and "app/core/jobs.py" in modules
    # the check finds a domain import, even one inside a function …
    planted = ast.parse("def tasks():\n    from app.workflows.service import apply_due_actions\n")
    assert _core_domain_imports({"app/core/x.py": planted}) == [
        "app/core/x.py:2 imports app.workflows.service"]
    # … and core has none
    assert _core_domain_imports(modules) == []


# --- one writer of the cadre's home unit ------------------------------------------------------------------

_RAW_UPDATE = re.compile(r"\bupdate\s+\"?cadre\"?\s+set\b", re.IGNORECASE)


def _cadre_table_names(tree: ast.Module) -> set[str]:
    """Names a module binds to the cadre table: `x = table_of(Cadre)`, `x = Cadre.__table__`."""
    names = {"Cadre"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            v = node.value
            if (isinstance(v, ast.Call) and getattr(v.func, "id", getattr(v.func, "attr", None)) == "table_of"
                    and v.args and getattr(v.args[0], "id", None) == "Cadre") or (
                    isinstance(v, ast.Attribute) and v.attr == "__table__" and getattr(v.value, "id", None) == "Cadre"):
                names.add(node.targets[0].id)
    return names


def _home_unit_writes(name: str, tree: ast.Module) -> list[str]:
    """UPDATEs of the cadre table, `<cadre>.unit_id = …` and `setattr(<x>, "unit_id", …)` in one module."""
    table = _cadre_table_names(tree)
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            callee = getattr(func, "id", getattr(func, "attr", None))
            if callee == "update" and node.args and getattr(node.args[0], "id", None) in table:
                found.append(f"{name}:{node.lineno} update({getattr(node.args[0], 'id', '')})")
            elif (callee == "update" and isinstance(func, ast.Attribute) and not node.args
                  and getattr(func.value, "id", None) in table):
                found.append(f"{name}:{node.lineno} {getattr(func.value, 'id', '')}.update()")
            elif (callee == "setattr" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
                  and node.args[1].value == "unit_id" and "cadre" in ast.unparse(node.args[0]).lower()):
                found.append(f"{name}:{node.lineno} setattr(…, 'unit_id')")
        elif isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                if isinstance(t, ast.Attribute) and t.attr == "unit_id" and "cadre" in ast.unparse(t.value).lower():
                    found.append(f"{name}:{node.lineno} {ast.unparse(t)} =")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and _RAW_UPDATE.search(node.value):
            found.append(f"{name}:{node.lineno} raw UPDATE cadre")
    return sorted(found, key=lambda f: int(f.split(":")[1].split()[0]))


def test_rule_home_unit_no_module_outside_cadres_writes_the_cadre_table():
    outside = {name: tree for name, tree in _modules(APP).items() if not name.startswith("app/cadres/")}
    assert "app/workflows/service.py" in outside and "app/terms/service.py" in outside
    planted = ast.parse("cadres = table_of(Cadre)\n"
                        "async def move(session, cadre):\n"
                        "    await session.execute(update(cadres).values(unit_id=2))\n"
                        "    cadre.unit_id = 2\n"
                        "    await session.execute(text('UPDATE cadre SET unit_id = 2'))\n")
    assert _home_unit_writes("x.py", planted) == ["x.py:3 update(cadres)", "x.py:4 cadre.unit_id =",
                                                  "x.py:5 raw UPDATE cadre"]
    assert [w for name, tree in outside.items() for w in _home_unit_writes(name, tree)] == []


def test_rule_home_unit_inside_cadres_only_set_home_unit_writes_unit_id():
    """In the cadres package itself, the one UPDATE that sets `unit_id` is `set_home_unit`'s."""
    writers: list[str] = []
    for name, tree in _modules(APP / "cadres").items():
        table = _cadre_table_names(tree)
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "values"
                        and any(k.arg == "unit_id" for k in node.keywords)
                        and any(isinstance(c, ast.Call) and getattr(c.func, "id", None) == "update"
                                and c.args and getattr(c.args[0], "id", None) in table for c in ast.walk(node.func))):
                    writers.append(f"{name}:{fn.name}")
    assert writers == ["app/cadres/service.py:set_home_unit"]


@pytest.fixture
def home_unit_calls(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """A spy on `set_home_unit` wherever it was imported (`from app.cadres.service import set_home_unit`)."""
    original = cadres_service.set_home_unit
    calls: list[dict[str, Any]] = []

    async def spy(session: Any, **kwargs: Any) -> int:
        moved = await original(session, **kwargs)
        calls.append({**kwargs, "moved": moved})
        return moved

    for module in list(sys.modules.values()):
        if module is not None and getattr(module, "__name__", "").startswith("app.") and getattr(
                module, "set_home_unit", None) is original:
            monkeypatch.setattr(module, "set_home_unit", spy)
    return calls


async def _cadre(client, headers, unit_id: int, given: str) -> int:
    r = await client.post("/api/v1/cadres", headers=headers, json={
        "unit_id": unit_id, "family_name": "Lê", "middle_name": "Văn", "given_name": given,
        "birth_date": "1980-03-10", "gender": "male", "employment": "full_time", "education_level": "dai_hoc",
        "political_theory": "trung_cap"})
    assert r.status_code == 201, r.text
    return int(r.json()["id"])


async def _home_unit_audits(session, cadre_id: int) -> list[dict[str, Any]]:
    rows = (await session.execute(select(AuditLog).where(AuditLog.action == "cadre.home_unit"))).scalars().all()
    return [r.changes for r in sorted(rows, key=lambda r: r.seq) if cadre_id in r.changes.get("cadre_ids", [])]


async def test_rule_home_unit_transfer_moves_it_through_set_home_unit(client, session, tree: Tree, admin_headers,
                                                                     home_unit_calls):
    province, other = tree.provinces[0], tree.provinces[1]
    bodies = [await client.post("/api/v1/bodies", headers=admin_headers, json={"unit_id": u, "kind": "apparatus"})
              for u in (province, other)]
    assert [b.status_code for b in bodies] == [201, 201]
    apparatus = bodies[0].json()["id"]
    person = await _cadre(client, admin_headers, province, "Giang")
    assert (await client.post(f"/api/v1/cadres/{person}/political-clearances", headers=admin_headers, json={
        "positive": True, "concluded_on": "2024-01-10", "concluded_by": "Tỉnh ủy"})).status_code == 201
    assert (await client.post("/api/v1/assignments", headers=admin_headers, json={
        "cadre_id": person, "body_id": apparatus, "position_code": "chuyen_vien", "basis": "appointed",
        "from_date": "2020-01-01", "to_date": "2030-01-01"})).status_code == 201
    transfer = (await client.post("/api/v1/personnel-actions", headers=admin_headers, json={
        "type": "transfer", "cadre_id": person, "unit_id": other, "position_code": "chuyen_vien",
        "effective_date": "2025-01-01", "decision_no": "50/QĐ-TLĐ"})).json()
    await client.post(f"/api/v1/personnel-actions/{transfer['id']}/submit", headers=admin_headers)
    done = await client.post(f"/api/v1/personnel-actions/{transfer['id']}/approve", headers=admin_headers, json={})
    assert done.json()["status"] == "effective", done.text
    assert (await client.get(f"/api/v1/cadres/{person}", headers=admin_headers)).json()["unit_id"] == other
    assert [(c["to_unit_id"], c["reason"], list(c["cadre_ids"]), c["moved"]) for c in home_unit_calls] == [
        (other, "transfer", [person], 1)]
    [audited] = await _home_unit_audits(session, person)
    assert audited["reason"] == "transfer" and audited["to_unit_id"] == other


async def test_rule_home_unit_dissolution_moves_it_through_set_home_unit(client, session, tree: Tree,
                                                                        admin_headers, home_unit_calls):
    unit, parent = tree.grassroots[0], tree.districts[0]
    person = await _cadre(client, admin_headers, unit, "Hải")
    r = await client.post(f"/api/v1/units/{unit}/dissolve", headers=admin_headers,
                          json={"effective_date": "2024-09-01", "decision_no": "12/QĐ"})
    assert r.status_code == 200, r.text
    assert (await client.get(f"/api/v1/cadres/{person}", headers=admin_headers)).json()["unit_id"] == parent
    assert [(c["to_unit_id"], c["from_unit_id"], c["reason"], c["moved"]) for c in home_unit_calls] == [
        (parent, unit, "unit_ended", 1)]
    [audited] = await _home_unit_audits(session, person)
    assert audited["reason"] == "unit_ended" and audited["to_unit_id"] == parent


# --- /jobs mounted once ------------------------------------------------------------------------------------

def test_rule_jobs_routes_are_mounted_once(app):
    mounted: Counter[tuple[str, str]] = Counter()
    for rc in iter_route_contexts(app.routes):
        if rc.path.startswith("/api/v1/jobs"):
            for method in (rc.methods or set()) - {"HEAD", "OPTIONS"}:
                mounted[(method, rc.path)] += 1
    assert ("GET", "/api/v1/jobs/{job_id}") in mounted and ("GET", "/api/v1/jobs/{job_id}/file") in mounted
    assert {route: n for route, n in mounted.items() if n != 1} == {}
