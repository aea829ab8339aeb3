"""docs/api.md's worked examples run against the real application (issue 15)."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import select

from app.auth import service as auth_service
from app.integrations.webhooks import new_secret, sign
from app.org_units.models import OrgUnit
from tests.factories import Tree

DOC = Path(__file__).resolve().parents[3] / "docs" / "api.md"


def _examples() -> list[dict[str, Any]]:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) == 2
    out = []
    for block in blocks:
        namespace: dict[str, Any] = {}
        exec(compile(block, str(DOC), "exec"), namespace)  # noqa: S102 - our own documentation
        out.append(namespace)
    return out


async def test_api_doc_worked_example_runs(app, session, tree: Tree):
    national_code = (await session.execute(select(OrgUnit.code).where(OrgUnit.id == tree.national))).scalar_one()
    client, secret = await auth_service.create_client(session, name="HRM Sông Đà", role="integration",
                                                      unit_code=national_code)
    await session.commit()
    example = _examples()[0]
    result = await example["sync_from_hrm"]("http://testserver", client.client_id, secret, tree.districts[0],
                                            transport=httpx.ASGITransport(app=app))
    assert result["created"] == 2 and len(result["changed_cadres"]) == 2
    # run again: the upserts find the same records, nothing new is created
    again = await example["sync_from_hrm"]("http://testserver", client.client_id, secret, tree.districts[0],
                                           transport=httpx.ASGITransport(app=app))
    assert again["unit_id"] == result["unit_id"] and again["created"] == 0


def test_api_doc_webhook_receiver_verifies_our_signature():
    handle = _examples()[1]["handle_webhook"]
    secret = new_secret()
    body = json.dumps({"type": "cadre.created", "data": {"id": 1}}).encode()
    ts = int(time.time())
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(ts),
               "webhook-signature": sign(secret, "msg_1", ts, body)}
    seen: set[str] = set()
    assert handle(secret, body, headers, seen)["type"] == "cadre.created"
    assert handle(secret, body, headers, seen) is None  # the same webhook-id again: ignored
