async def test_healthz_and_request_id(client):
    r = await client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert r.status_code == 200
    assert r.headers["x-request-id"] == "abc-123"


async def test_list_units_requires_token(client):
    r = await client.get("/api/v1/units")
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["code"] == "unauthorized"


async def test_admin_lists_tree(client, tree, admin_headers):
    r = await client.get(f"/api/v1/units?within={tree.provinces[0]}", headers=admin_headers)
    assert r.status_code == 200, r.text
    assert len(r.json()["items"]) == 1 + 2 + 4
