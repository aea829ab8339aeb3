"""Report requests (yêu cầu báo cáo): submissions, corrections until the deadline, tracking, reminders,
in-app notifications and e-mail through a real local SMTP server."""

from __future__ import annotations

import asyncio
import socket
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from app.auth.models import UserAccount
from app.core.db import today
from app.report_requests.models import EmailOutbox, ReportRequest, ReportSubmission
from app.report_requests.service import due_reminders
from tests.factories import Tree, bearer, grant_token

R = "/api/v1/report-requests"


@pytest.fixture
async def parties(session, tree: Tree):
    p0, d0, d1 = tree.provinces[0], tree.districts[0], tree.districts[1]
    return {
        "p0": p0, "d0": d0, "d1": d1,
        "province": bearer(await grant_token(session, role="org_officer", unit_id=p0)),
        "d0_chair": bearer(await grant_token(session, role="grassroots_chair", unit_id=d0, username="d0chair")),
        "d1_officer": bearer(await grant_token(session, role="org_officer", unit_id=d1, username="d1officer")),
    }


async def send(client, headers, issuer, **extra):
    body = {"title": "Báo cáo sơ kết 6 tháng", "issuer_unit_id": issuer, "audience": "direct_children",
            "deadline": (today() + timedelta(days=5)).isoformat(), "indicator_codes": ["members", "key_cadres_briefed"],
            **extra}
    r = await client.post(R, headers=headers, json=body)
    assert r.status_code == 201, r.text
    return r.json()


async def move_deadline(session, request_id, days_from_today):
    await session.execute(update(ReportRequest.__table__).where(ReportRequest.__table__.c.id == request_id)
                          .values(deadline=today() + timedelta(days=days_from_today)))
    await session.commit()


async def test_submissions_corrections_until_the_deadline_and_tracking_late_and_missing(client, session, parties):
    req = await send(client, parties["province"], parties["p0"])
    assert req["recipient_unit_ids"] == [parties["d0"], parties["d1"]]
    url = f"{R}/{req['id']}"
    first = await client.post(f"{url}/submissions", headers=parties["d0_chair"],
                              json={"unit_id": parties["d0"], "figures": {"members": 180, "key_cadres_briefed": 90}})
    assert first.status_code == 200, first.text
    assert first.json()["revision"] == 1 and first.json()["late"] is False
    fixed = await client.post(f"{url}/submissions", headers=parties["d0_chair"],
                              json={"unit_id": parties["d0"], "figures": {"members": 200, "key_cadres_briefed": 95}})
    assert fixed.json()["revision"] == 2 and fixed.json()["figures"]["members"] == 200
    stray = await client.post(f"{url}/submissions", headers=parties["d0_chair"],
                              json={"unit_id": parties["d0"], "figures": {"budget": 1}})
    assert stray.status_code == 422 and stray.json()["code"] == "unknown_figure"
    other_unit = await client.post(f"{url}/submissions", headers=parties["d0_chair"],
                                   json={"unit_id": parties["d1"], "figures": {"members": 1}})
    assert other_unit.status_code == 404
    not_addressed = await client.post(f"{url}/submissions", headers=parties["province"],
                                      json={"unit_id": parties["p0"], "figures": {"members": 1}})
    assert not_addressed.status_code == 404

    track = (await client.get(f"{url}/tracking", headers=parties["province"])).json()
    assert {i["unit_id"]: i["status"] for i in track["items"]} == {parties["d0"]: "submitted", parties["d1"]: "missing"}
    assert track["totals"] == {"members": 200, "key_cadres_briefed": 95} and track["deadline_passed"] is False

    # Time passes: the deadline was yesterday, and d0 had submitted the day before.
    await move_deadline(session, req["id"], -1)
    subs = ReportSubmission.__table__
    await session.execute(update(subs).where(subs.c.request_id == req["id"])
                          .values(submitted_on=today() - timedelta(days=2)))
    await session.commit()
    too_late = await client.post(f"{url}/submissions", headers=parties["d0_chair"],
                                 json={"unit_id": parties["d0"], "figures": {"members": 210}})
    assert too_late.status_code == 409 and too_late.json()["code"] == "deadline_passed"
    late = await client.post(f"{url}/submissions", headers=parties["d1_officer"],
                             json={"unit_id": parties["d1"], "figures": {"members": 150}})
    assert late.status_code == 200 and late.json()["late"] is True
    track = (await client.get(f"{url}/tracking", headers=parties["province"])).json()
    assert {i["unit_id"]: i["status"] for i in track["items"]} == {parties["d0"]: "submitted", parties["d1"]: "late"}
    assert track["counts"] == {"submitted": 1, "late": 1, "missing": 0} and track["totals"]["members"] == 350
    assert (await client.get(f"{url}/tracking", headers=parties["d0_chair"])).status_code == 404


async def test_request_validation_and_audiences(client, session, tree: Tree, parties, admin_headers):
    past = await client.post(R, headers=parties["province"], json={
        "title": "X", "issuer_unit_id": parties["p0"], "audience": "direct_children",
        "deadline": (today() - timedelta(days=1)).isoformat(), "indicator_codes": ["members"]})
    assert past.status_code == 422 and past.json()["code"] == "deadline_in_past"
    foreign = await client.post(R, headers=parties["province"], json={
        "title": "X", "issuer_unit_id": parties["p0"], "audience": "explicit", "unit_ids": [tree.districts[2]],
        "deadline": today().isoformat(), "indicator_codes": ["members"]})
    assert foreign.status_code == 422 and foreign.json()["code"] == "not_subordinate_unit"
    nothing = await client.post(R, headers=parties["province"], json={
        "title": "X", "issuer_unit_id": parties["p0"], "audience": "direct_children", "deadline": today().isoformat()})
    assert nothing.status_code == 422
    grassroots = await send(client, parties["province"], parties["p0"], audience="grassroots")
    assert grassroots["recipient_unit_ids"] == tree.grassroots[:4]
    explicit = await send(client, parties["province"], parties["p0"], audience="explicit",
                          unit_ids=[tree.grassroots[0]], indicator_codes=[], requires_file=True)
    no_file = await client.post(f"{R}/{explicit['id']}/submissions", headers=admin_headers,
                                json={"unit_id": tree.grassroots[0]})
    assert no_file.status_code == 422 and no_file.json()["code"] == "file_required"
    with_file = await client.post(f"{R}/{explicit['id']}/submissions", headers=admin_headers, json={
        "unit_id": tree.grassroots[0], "file": {"filename": "bao_cao.docx", "content_base64": "UEsDBA=="}})
    assert with_file.status_code == 200 and with_file.json()["attachment_id"]
    inbox = (await client.get(R, headers=parties["d0_chair"], params={"box": "inbox"})).json()["items"]
    assert {i["id"] for i in inbox} == {grassroots["id"], explicit["id"]}  # both address CĐCS under district 0
    sent = (await client.get(R, headers=parties["province"], params={"box": "sent"})).json()["items"]
    assert {i["id"] for i in sent} == {grassroots["id"], explicit["id"]}


async def test_remind_and_due_reminders_notify_units_that_have_not_submitted(client, session, parties):
    req = await send(client, parties["province"], parties["p0"],
                     deadline=(today() + timedelta(days=2)).isoformat())
    await client.post(f"{R}/{req['id']}/submissions", headers=parties["d0_chair"],
                      json={"unit_id": parties["d0"], "figures": {"members": 200}})
    r = await client.post(f"{R}/{req['id']}/remind", headers=parties["province"])
    assert r.status_code == 200 and r.json()["reminded_unit_ids"] == [parties["d1"]]
    assert await due_reminders(session, today()) == 1  # deadline in 2 days ≤ 3: d1 only
    assert await due_reminders(session, today()) == 0  # idempotent per request, unit and day
    assert await due_reminders(session, today() + timedelta(days=1)) == 1
    assert await due_reminders(session, today() - timedelta(days=5)) == 0  # too early
    await session.commit()
    notes = (await client.get("/api/v1/notifications", headers=parties["d1_officer"])).json()["items"]
    titles = [n["title"] for n in notes]
    assert titles[-1].startswith("Yêu cầu báo cáo") and sum(t.startswith("Nhắc nộp") for t in titles) == 3
    assert notes[0]["id"] > notes[-1]["id"]  # newest first
    read = await client.post(f"/api/v1/notifications/{notes[0]['id']}/read", headers=parties["d1_officer"])
    assert read.status_code == 200 and read.json()["read_at"]
    unread = (await client.get("/api/v1/notifications", headers=parties["d1_officer"],
                               params={"unread": True})).json()["items"]
    assert len(unread) == len(notes) - 1
    assert (await client.post(f"/api/v1/notifications/{notes[0]['id']}/read",
                              headers=parties["d0_chair"])).status_code == 404


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_email_reaches_a_real_smtp_server_after_commit(client, session, parties, monkeypatch):
    from aiosmtpd.controller import Controller

    received: list[tuple[str, list[str], bytes]] = []

    class Handler:
        async def handle_DATA(self, server, sess, envelope):  # noqa: N802 - aiosmtpd's hook name
            received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("CADRE_SMTP_HOST", "127.0.0.1")
        monkeypatch.setenv("CADRE_SMTP_PORT", str(port))
        monkeypatch.setenv("CADRE_SMTP_FROM", "bao-cao@ldld.vn")
        users = UserAccount.__table__
        await session.execute(update(users).where(users.c.username == "d1officer").values(email="d1@ldld.vn"))
        await session.commit()
        req = await send(client, parties["province"], parties["p0"])
        for _ in range(50):
            if received:
                break
            await asyncio.sleep(0.05)
        assert [(f, to) for f, to, _ in received] == [("bao-cao@ldld.vn", ["d1@ldld.vn"])]
        assert "Báo cáo sơ kết" in received[0][2].decode("utf-8", "replace") or b"=?utf-8?" in received[0][2]
        sent = (await session.execute(select(EmailOutbox))).scalars().all()
        assert [(e.to_addr, e.sent_at is not None) for e in sent] == [("d1@ldld.vn", True)]
        remind = await client.post(f"{R}/{req['id']}/remind", headers=parties["province"])
        assert remind.json()["emails_queued"] == 1
        for _ in range(50):
            if len(received) == 2:
                break
            await asyncio.sleep(0.05)
        assert len(received) == 2
    finally:
        controller.stop()


async def test_rule_report_request_plan_id_is_scope_checked(client, session, tree: Tree, parties, admin_headers):
    def plan(issuer):
        return {"title": "Kế hoạch", "issuer_unit_id": issuer, "period_start": "2026-01-01",
                "period_end": "2026-12-31"}

    own = await client.post("/api/v1/plans", headers=admin_headers, json=plan(parties["p0"]))
    foreign = await client.post("/api/v1/plans", headers=admin_headers, json=plan(tree.provinces[1]))
    assert own.status_code == 201 and foreign.status_code == 201, (own.text, foreign.text)
    body = {"title": "Báo cáo", "issuer_unit_id": parties["p0"], "audience": "direct_children",
            "deadline": (today() + timedelta(days=5)).isoformat(), "indicator_codes": ["members"]}
    for bad in (foreign.json()["id"], 987654):  # another province's plan, and one that does not exist
        r = await client.post(R, headers=parties["province"], json={**body, "plan_id": bad})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "plan_id", r.text
    ok = await send(client, parties["province"], parties["p0"], plan_id=own.json()["id"])
    assert ok["plan_id"] == own.json()["id"]
