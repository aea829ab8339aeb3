"""One definition per concept (issue 10: "One StrEnum per concept … instead of 4 copies").

A set of codes (sectors, genders, body kinds…) is written down once — a `StrEnum`, or a named `Literal` where a
member name would shadow a `str` method — and every API schema, query parameter and table CHECK reads that one
definition. These tests fail when a copy appears: a query parameter that accepts a value the enum lacks (or
refuses one it has), a literal that repeats a StrEnum's codes, or two Literals spelling the same codes."""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from sqlalchemy import CheckConstraint
from sqlmodel import SQLModel

import app.main  # noqa: F401  (every router, so every enum any module defines)
import app.models  # noqa: F401
from app.cadres.models import Cadre, Gender
from app.org_units.models import EventType, OrgEvent, OrgUnit, Sector

APP = Path(__file__).resolve().parents[1] / "app"


@pytest.fixture(scope="module")
def openapi(app):
    return app.openapi()


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> set[str]:
    """The codes a parameter or property schema accepts (through `$ref` and `anyOf […, null]`)."""
    if "$ref" in schema:
        return _resolve(doc, doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
    if "enum" in schema:
        return set(schema["enum"])
    out: set[str] = set()
    for part in schema.get("anyOf", []):
        out |= _resolve(doc, part)
    return out


def _param(doc: dict[str, Any], path: str, name: str) -> set[str]:
    [param] = [p for p in doc["paths"][path]["get"]["parameters"] if p["name"] == name]
    return _resolve(doc, param["schema"])


def _prop(doc: dict[str, Any], schema: str, name: str) -> set[str]:
    return _resolve(doc, doc["components"]["schemas"][schema]["properties"][name])


def _values(e: type[enum.StrEnum]) -> set[str]:
    return {m.value for m in e}


def _check(table: Any, name: str) -> str:
    return next(str(c.sqltext) for c in table.constraints if isinstance(c, CheckConstraint) and c.name.endswith(name))


def test_rule_one_enum_per_concept_sector_query_parameter_schemas_and_check_are_the_enum(openapi):
    assert _param(openapi, "/api/v1/units", "sector") == _values(Sector)
    for schema in ("UnitCreate", "UnitUpdate", "UnitRead"):
        assert _prop(openapi, schema, "sector") == _values(Sector), schema
    check = _check(OrgUnit.__table__, "sector")
    assert {s.strip(" '") for s in check.split("IN (", 1)[1].rstrip(")").split(",")} == _values(Sector)


def test_rule_one_enum_per_concept_gender_query_parameter_and_schemas_are_the_enum(openapi):
    assert _param(openapi, "/api/v1/cadres", "gender") == _values(Gender)
    for schema in ("CadreCreate", "CadreUpdate", "CadreRead"):
        assert _prop(openapi, schema, "gender") == _values(Gender), schema
    check = _check(Cadre.__table__, "gender")
    assert all(f"'{g}'" in check for g in _values(Gender))


def test_rule_one_enum_per_concept_event_types_check_reads_the_one_literal():
    check = _check(OrgEvent.__table__, "event_type")
    assert {s.strip(" '") for s in check.split("IN (", 1)[1].rstrip(")").split(",")} == set(get_args(EventType))


def _app_enums() -> dict[frozenset[str], str]:
    def subclasses(cls: type) -> Iterator[type]:
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    return {frozenset(m.value for m in e): f"{e.__module__}.{e.__qualname__}"
            for e in subclasses(enum.StrEnum) if e.__module__.startswith("app.")}


def _code_sets(source: str) -> Iterator[tuple[int, str, frozenset[str]]]:
    """(line, "Literal"|"literal", codes) for every `Literal["a", "b", …]` and every tuple/list/set display of two
    or more strings in a module."""
    literal_slices: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if id(node) in literal_slices:
            continue
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name | ast.Attribute) and (
                getattr(node.value, "id", None) or getattr(node.value, "attr", None)) == "Literal":
            literal_slices.add(id(node.slice))
            elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            codes = [e.value for e in elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(codes) >= 2:
                yield node.lineno, "Literal", frozenset(codes)
        elif isinstance(node, ast.Tuple | ast.List | ast.Set) and len(node.elts) >= 2 and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in node.elts):
            yield node.lineno, "literal", frozenset(str(getattr(e, "value", "")) for e in node.elts)


def _copies_of_enums(files: dict[str, str], enums: dict[frozenset[str], str]) -> list[str]:
    return sorted(f"{name}:{line}: {kind} copy of {enums[codes]}" for name, source in files.items()
                  for line, kind, codes in _code_sets(source) if codes in enums)


def _repeated_literals(files: dict[str, str]) -> list[str]:
    where: dict[frozenset[str], list[str]] = {}
    for name, source in files.items():
        for line, kind, codes in _code_sets(source):
            if kind == "Literal":
                where.setdefault(codes, []).append(f"{name}:{line}")
    return [f"{sorted(codes)} spelled in {places}" for codes, places in where.items() if len(places) > 1]


def _app_sources() -> dict[str, str]:
    return {str(p.relative_to(APP.parent)): p.read_text(encoding="utf-8") for p in sorted(APP.rglob("*.py"))}


def test_rule_one_enum_per_concept_no_literal_repeats_a_strenum():
    enums = _app_enums()
    assert frozenset(_values(Sector)) in enums and frozenset(_values(Gender)) in enums
    # the scanner finds a copy (the router's old gender parameter, the old sector tuple) …
    assert _copies_of_enums({"x.py": 'g: Literal["male", "female"] | None = None\n'
                                     'SECTORS = ("state", "non_state", "public", "admin")\n'}, enums) == [
        "x.py:1: Literal copy of app.cadres.models.Gender", "x.py:2: literal copy of app.org_units.models.Sector"]
    # … and the application has none: derived tuples (`tuple(g.value for g in Gender)`) are not copies
    assert _copies_of_enums(_app_sources(), enums) == []


def test_rule_one_enum_per_concept_no_two_literals_spell_the_same_codes():
    assert _repeated_literals({"a.py": 'A = Literal["x", "y"]\n', "b.py": 'def f(v: Literal["y", "x"]): ...\n'})
    assert _repeated_literals(_app_sources()) == []


def test_rule_one_enum_per_concept_no_inline_enum_in_the_api_repeats_a_named_one(openapi):
    """An inline `enum` in the OpenAPI document with exactly a named enum's codes is a retyped copy of it."""
    named = {frozenset(s["enum"]): n for n, s in openapi["components"]["schemas"].items() if "enum" in s}
    copies: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            if "enum" in node and frozenset(node["enum"]) in named:
                copies.append(f"{where}: {named[frozenset(node['enum'])]}")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}/{i}")

    walk(openapi["paths"], "paths")
    for name, schema in openapi["components"]["schemas"].items():
        if "enum" not in schema:
            walk(schema, name)
    assert copies == []


_IN_LIST = re.compile(r"^(?:\w+ IS NULL OR )?(\w+) IN \(((?:'[^']*',?\s*)+)\)$")


def _named_code_sets() -> set[frozenset[str]]:
    """The codes of every StrEnum and every Literal of the application (the API's definitions)."""
    named = set(_app_enums())
    for source in _app_sources().values():
        named |= {codes for _, kind, codes in _code_sets(source) if kind == "Literal"}
    return named


def test_rule_one_enum_per_concept_table_checks_match_a_definition():
    """Every `col IN ('a', 'b')` CHECK lists exactly the codes of a StrEnum or Literal the API uses: a code added
    to the definition and not to the CHECK (or the other way round) fails here before it fails in production."""
    named = _named_code_sets()
    checks: dict[str, frozenset[str]] = {}
    for table in SQLModel.metadata.tables.values():
        for c in table.constraints:
            if isinstance(c, CheckConstraint) and (m := _IN_LIST.match(str(c.sqltext).strip())):
                checks[f"{table.name}.{m.group(1)}"] = frozenset(re.findall(r"'([^']*)'", m.group(2)))
    assert checks["org_unit.sector"] == frozenset(_values(Sector))
    assert checks["cadre.gender"] == frozenset(_values(Gender))
    assert len(checks) >= 20
    assert {name: sorted(codes) for name, codes in checks.items() if codes not in named} == {}
