"""Rule 5: a subtree queried "as of D" equals the tree valid on D.

Random restructuring histories (moves, renames, merges, dissolutions, new units) are applied through the API
and replayed independently in a small Python model; for many dates the API's dated tree must equal the model's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest

from tests.factories import Tree

API = "/api/v1/units"


@dataclass
class ModelUnit:
    kind: str  # "province" | "district" | "upper" | "grassroots"
    established: date
    ended: date | None = None
    history: list[tuple[date, int | None, str]] = field(default_factory=list)  # (from, parent, name)

    def on(self, d: date) -> tuple[int | None, str] | None:
        if d < self.established or (self.ended is not None and d >= self.ended):
            return None
        current = None
        for start, parent, name in self.history:
            if start <= d:
                current = (parent, name)
        return current


def model_tree(model: dict[int, ModelUnit], root: int, d: date) -> dict[int, tuple[int | None, str]]:
    alive = {uid: u.on(d) for uid, u in model.items()}
    out: dict[int, tuple[int | None, str]] = {}
    frontier = [root] if alive.get(root) else []
    while frontier:
        uid = frontier.pop()
        out[uid] = alive[uid]  # type: ignore[assignment]
        frontier += [c for c, st in alive.items() if st is not None and st[0] == uid]
    return out


async def api_tree(client, headers, root: int, d: date | None) -> dict[int, tuple[int | None, str]]:
    items, cursor = [], None
    while True:
        params = {"within": root, "limit": 200, **({"as_of": d.isoformat()} if d else {})}
        if cursor:
            params["cursor"] = cursor
        body = (await client.get(API, params=params, headers=headers)).json()
        items += body["items"]
        cursor = body["next_cursor"]
        if not cursor:
            return {u["id"]: (u["parent_id"], u["name"]) for u in items}


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
async def test_rule_subtree_as_of_equals_tree_valid_on_that_date(client, session, tree: Tree, admin_headers, seed):
    rng = random.Random(seed)
    province = tree.provinces[1]
    model: dict[int, ModelUnit] = {province: ModelUnit("province", date(2000, 1, 1),
                                                       history=[(date(2000, 1, 1), tree.national, "LĐLĐ tỉnh 1")])}
    for i, district in enumerate(tree.districts[2:4]):
        model[district] = ModelUnit("district", date(2005, 1, 1),
                                    history=[(date(2005, 1, 1), province, f"LĐLĐ huyện 1-{i}")])
        for g in range(2):
            model[tree.grassroots[4 + 2 * i + g]] = ModelUnit(
                "grassroots", date(2020, 1, 1), history=[(date(2020, 1, 1), district, f"CĐCS Công ty 1-{i}-{g}")])
    d = date(2010, 1, 1)

    async def create(kind: str, parent: int, name: str) -> None:
        unit_type = {"upper": rng.choice(["cong_doan_kcn", "cong_doan_vien_chuc"]), "grassroots": "cong_doan_co_so"}
        r = await client.post(API, headers=admin_headers, json={
            "code": f"R{seed}-{len(model)}", "name": name, "unit_type": unit_type[kind], "parent_id": parent,
            "established_on": d.isoformat()})
        assert r.status_code == 201, r.text
        model[r.json()["id"]] = ModelUnit(kind, d, history=[(d, parent, name)])

    for i in range(3):
        await create("upper", province, f"Công đoàn cấp trên {i}")
    uppers = [u for u, m in model.items() if m.kind == "upper"]
    for i in range(6):
        await create("grassroots", rng.choice(uppers + [province]), f"CĐCS {i}")

    checkpoints = []
    for step in range(14):
        d += timedelta(days=rng.randint(5, 90))
        alive = {u: m for u, m in model.items() if m.on(d) is not None}
        alive_uppers = [u for u, m in alive.items() if m.kind == "upper"]
        alive_grassroots = [u for u, m in alive.items() if m.kind == "grassroots"]
        op = rng.choice(["move", "rename", "create", "merge", "dissolve"])
        if op == "move" and alive_grassroots:
            g = rng.choice(alive_grassroots)
            target = rng.choice(alive_uppers + [province])
            r = await client.post(f"{API}/{g}/move", headers=admin_headers,
                                  json={"new_parent_id": target, "effective_date": d.isoformat()})
            assert r.status_code == 200, r.text
            model[g].history.append((d, target, model[g].on(d)[1]))  # type: ignore[index]
        elif op == "rename":
            u = rng.choice(list(alive))
            name = f"Tên mới {step}"
            r = await client.post(f"{API}/{u}/rename", headers=admin_headers,
                                  json={"name": name, "effective_date": d.isoformat()})
            assert r.status_code == 200, r.text
            model[u].history.append((d, model[u].on(d)[0], name))  # type: ignore[index]
        elif op == "merge" and len(alive_grassroots) >= 2:
            source, target = rng.sample(alive_grassroots, 2)
            r = await client.post(f"{API}/merge", headers=admin_headers, json={
                "source_ids": [source], "target_id": target, "effective_date": d.isoformat()})
            assert r.status_code == 200, r.text
            model[source].ended = d
        elif op == "dissolve" and alive_uppers:
            u = rng.choice(alive_uppers)
            children = [c for c, m in alive.items() if m.on(d)[0] == u]  # type: ignore[index]
            r = await client.post(f"{API}/{u}/dissolve", headers=admin_headers, json={
                "effective_date": d.isoformat(),
                "move_children": [{"unit_id": c, "new_parent_id": province} for c in children]})
            assert r.status_code == 200, r.text
            for c in children:
                model[c].history.append((d, province, model[c].on(d)[1]))  # type: ignore[index]
            model[u].ended = d
        else:
            await create("grassroots", rng.choice(alive_uppers + [province]), f"CĐCS mới {step}")
        checkpoints += [d - timedelta(days=1), d]

    for when in checkpoints + [date(2009, 12, 31)]:
        assert await api_tree(client, admin_headers, province, when) == model_tree(model, province, when), when
    # today's tree (closure table path) agrees with the dated tree for today
    assert await api_tree(client, admin_headers, province, None) == model_tree(model, province, date.today())
