"""What schemathesis found against the OpenAPI contract (criterion 13, December 2026), each kept fixed here:
a 500 for a unit id 0 or a date before the rulebook, a date query read as a Unix timestamp, a 400 nobody
documented, naive timestamps on SQLite (not RFC 3339 `date-time`), and OpenAPI statements the server does not
keep (integer ranges, FastAPI's default 422 shape, a job file's content types)."""

from __future__ import annotations

import re

from tests.core.test_error_mapping import assert_problem
from tests.factories import Tree

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


async def test_rule_cadre_statistics_of_unit_zero_or_a_missing_unit_is_4xx(client, admin_headers):
    body = assert_problem(await client.get("/api/v1/reports/cadre-statistics", params={"unit_id": 0},
                                           headers=admin_headers), 422)
    assert body["errors"][0]["field"].endswith("unit_id")
    # the national admin may read every unit, but a unit that does not exist is 404, not a report of zeros
    assert_problem(await client.get("/api/v1/reports/cadre-statistics", params={"unit_id": 987654},
                                    headers=admin_headers), 404, "not_found")


async def test_rule_date_query_must_be_iso(client, admin_headers):
    for value in ("0", "1700000000", "06/12/2026", ""):
        body = assert_problem(await client.get("/api/v1/units", params={"as_of": value}, headers=admin_headers), 422)
        assert body["errors"][0]["field"] == "as_of", value
    assert (await client.get("/api/v1/units", params={"as_of": "2026-12-06"}, headers=admin_headers)).status_code == 200


async def test_rule_undecodable_body_is_422_like_malformed_json(client, admin_headers, tree: Tree):
    url, headers = f"/api/v1/units/{tree.grassroots[0]}/rename", {**admin_headers, "Content-Type": "application/json"}
    body = assert_problem(await client.post(url, content=b"\xff\xfe\x01", headers=headers), 422, "validation_error")
    assert body["errors"] == [{"field": "body", "code": "json_invalid", "message": "the body is not valid JSON"}]
    assert_problem(await client.post(url, content=b"{not json", headers=headers), 422, "validation_error")


async def test_rule_date_before_the_rulebook_is_422_not_500(client, admin_headers, tree: Tree):
    term = await client.post("/api/v1/terms", headers=admin_headers, json={
        "unit_id": tree.grassroots[0], "name": "Nhiệm kỳ 2022–2027", "congress_date": "2022-09-15",
        "start_date": "2022-09-15", "bodies": [{"kind": "bch", "seats": 7}]})
    assert term.status_code == 201, term.text
    body_id = term.json()["bodies"][0]["id"]
    ok = await client.get(f"/api/v1/bodies/{body_id}/composition", headers=admin_headers)
    assert ok.status_code == 200 and ok.json()["young_age_limit"] == 40
    early = assert_problem(await client.get(f"/api/v1/bodies/{body_id}/composition", params={"as_of": "1993-07-01"},
                                            headers=admin_headers), 422, "rule_not_in_force")
    assert "Traceback" not in str(early)


async def test_rule_timestamps_carry_an_offset_on_every_database(client, admin_headers, tree: Tree):
    created = await client.post("/api/v1/cadres", headers=admin_headers, json={
        "unit_id": tree.grassroots[0], "family_name": "Hà", "middle_name": "Thị", "given_name": "Mai",
        "birth_date": "1990-03-04", "gender": "female", "employment": "part_time"})
    assert created.status_code == 201, created.text
    read = (await client.get(f"/api/v1/cadres/{created.json()['id']}", headers=admin_headers)).json()
    stamps = [read[k] for k in ("created_at", "updated_at") if read.get(k)]
    audit = (await client.get("/api/v1/audit-log", params={"limit": 5}, headers=admin_headers)).json()["items"]
    stamps += [row["occurred_at"] for row in audit]
    assert stamps and all(RFC3339.match(s) for s in stamps), stamps


async def test_rule_openapi_states_what_the_server_keeps(app):
    spec = app.openapi()
    operations = [(path, method, op) for path, item in spec["paths"].items() for method, op in item.items()
                  if isinstance(op, dict) and "responses" in op]
    for path, method, op in operations:
        # every 422 is problem+json (FastAPI's default HTTPValidationError shape is never sent)
        assert "HTTPValidationError" not in str(op["responses"].get("422", {})), (method, path)
        for param in op.get("parameters", []):
            schema = param.get("schema", {})
            for alternative in (schema, *schema.get("anyOf", [])):
                if param["in"] in ("path", "query") and alternative.get("type") == "integer":
                    assert alternative.get("maximum", 2**40) <= 2_147_483_647, (method, path, param["name"])
    job_file = spec["paths"]["/api/v1/jobs/{job_id}/file"]["get"]["responses"]["200"]["content"]
    assert "application/vnd.openxmlformats-officedocument.wordprocessingml.document" in job_file


async def test_rule_static_path_beside_an_integer_id_answers_405_not_422(client, admin_headers):
    """PATCH /cadres/import-template matched PATCH /cadres/{cadre_id} (Starlette's converter takes any text)."""
    for method in ("PATCH", "DELETE"):
        r = await client.request(method, "/api/v1/cadres/import-template", headers=admin_headers)
        assert_problem(r, 405, "method_not_allowed")
        assert r.headers["allow"] == "GET, HEAD"
    # a non-integer id where nothing else is served: a malformed id, as before
    assert_problem(await client.get("/api/v1/cadres/abc", headers=admin_headers), 422, "validation_error")
    # the integer route itself still lists all its methods
    r = await client.request("PUT", "/api/v1/cadres/1", headers=admin_headers)
    assert r.status_code == 405 and set(r.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}


async def test_rule_boolean_body_fields_take_only_json_booleans(client, admin_headers, tree: Tree):
    """`"from_workers": 0` was read as false (pydantic's lax mode); the schema says `boolean`."""
    person = {"unit_id": tree.grassroots[0], "family_name": "Vi", "middle_name": "Văn", "given_name": "Sơn",
              "birth_date": "1981-05-06", "gender": "male", "employment": "part_time"}
    for field, value in (("from_workers", 0), ("from_workers", "yes"), ("party_member", 1),
                         ("confirm_not_duplicate", "true")):
        body = assert_problem(await client.post("/api/v1/cadres", headers=admin_headers,
                                                json={**person, field: value}), 422, "validation_error")
        assert body["errors"][0]["field"] == field, (field, value)
    ok = await client.post("/api/v1/cadres", headers=admin_headers, json={**person, "from_workers": True})
    assert ok.status_code == 201 and ok.json()["from_workers"] is True
