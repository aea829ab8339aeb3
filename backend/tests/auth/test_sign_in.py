"""The sign-in page: language, accessibility basics, wrong credentials, throttling per account and per IP
(stored in the database), and the optional TOTP second step."""

from __future__ import annotations

import time
from datetime import timedelta
from urllib.parse import urlencode

import pyotp
import pytest
from sqlalchemy import func, select, update

from app.auth import service
from app.auth.login import pending_login_token, read_pending_login
from app.auth.models import LoginAttempt
from app.core.config import get_settings
from app.core.db import utcnow
from tests.auth.conftest import make_account
from tests.auth.helpers import SPA_REDIRECT, parse_page, pkce_pair, query_of


def _authorize_url(spa, **extra: str) -> str:
    _, challenge = pkce_pair()
    params = {"response_type": "code", "client_id": spa.client_id, "redirect_uri": SPA_REDIRECT, "state": "st-1",
              "scope": "units:read", "code_challenge": challenge, "code_challenge_method": "S256", **extra}
    return "/oauth/authorize?" + urlencode(params)


async def _submit(client, spa, username, password, **headers):
    page = await client.get(_authorize_url(spa), headers=headers)
    fields = parse_page(page.text).values()
    fields.update(username=username, password=password)
    return await client.post("/oauth/authorize", data=fields, headers=headers)


async def _failures(session) -> int:
    return (await session.execute(select(func.count()).select_from(LoginAttempt)
                                  .where(LoginAttempt.succeeded.is_(False)))).scalar_one()


# --- the page --------------------------------------------------------------------------------------------

async def test_sign_in_page_is_vietnamese_by_default_and_accessible(client, spa):
    r = await client.get(_authorize_url(spa))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = parse_page(r.text)
    assert page.html_lang == "vi"
    inputs = {i["name"]: i for i in page.inputs if i.get("type") != "hidden"}
    assert set(inputs) == {"username", "password"}
    assert inputs["password"]["type"] == "password"
    assert inputs["username"]["autocomplete"] == "username"
    assert inputs["password"]["autocomplete"] == "current-password"
    # every visible input has a label pointing at it
    assert page.labels[inputs["username"]["id"]] == "Tên đăng nhập"
    assert page.labels[inputs["password"]["id"]] == "Mật khẩu"
    assert page.buttons == 1
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in r.text
    assert "Cadre Registry SPA" in r.text  # the user sees which application asks
    # the authorization request rides along in hidden fields
    hidden = {i["name"]: i["value"] for i in page.inputs if i.get("type") == "hidden"}
    assert hidden["client_id"] == spa.client_id and hidden["code_challenge_method"] == "S256"
    # never framed, never cached
    assert r.headers["x-frame-options"] == "DENY" and "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["cache-control"] == "no-store"


@pytest.mark.parametrize(("extra", "headers"), [({"ui_locales": "en"}, {}),
                                                ({}, {"Accept-Language": "en-US,en;q=0.9"}),
                                                ({"ui_locales": "fr en"}, {"Accept-Language": "vi"})])
async def test_sign_in_page_in_english(client, spa, extra, headers):
    r = await client.get(_authorize_url(spa, **extra), headers=headers)
    page = parse_page(r.text)
    assert page.html_lang == "en"
    assert "Username" in page.labels.values() and "Password" in page.labels.values()
    assert r.headers["content-language"] == "en"


async def test_language_switch_link_keeps_the_request(client, spa):
    r = await client.get(_authorize_url(spa))
    link = [i for i in r.text.split('"') if i.startswith("/oauth/authorize?")][0].replace("&amp;", "&")
    switched = await client.get(link)
    assert parse_page(switched.text).html_lang == "en"
    assert parse_page(switched.text).values()["code_challenge"] == parse_page(r.text).values()["code_challenge"]


async def test_wrong_password_shows_the_form_again(client, spa, officer, session):
    r = await _submit(client, spa, officer.username, "wrong password")
    assert r.status_code == 200 and "location" not in r.headers
    page = parse_page(r.text)
    assert page.alerts == ["Tên đăng nhập hoặc mật khẩu không đúng."]
    assert page.values()["username"] == officer.username  # kept, the password is not
    assert page.values()["password"] == ""
    assert await _failures(session) == 1


async def test_unknown_user_gets_the_same_answer_as_a_wrong_password(client, spa, officer):
    wrong = parse_page((await _submit(client, spa, officer.username, "nope")).text).alerts
    unknown = parse_page((await _submit(client, spa, "khong-ton-tai", "nope")).text).alerts
    assert wrong == unknown


async def test_success_redirects_with_code_and_state(client, spa, officer, session):
    r = await _submit(client, spa, officer.username, officer.password)
    assert r.status_code == 302
    q = query_of(r.headers["location"])
    assert q["state"] == "st-1" and len(q["code"]) >= 40
    assert (await session.execute(select(LoginAttempt.succeeded))).scalars().all() == [True]


# --- throttling ------------------------------------------------------------------------------------------

async def test_account_is_throttled_after_five_failures(client, spa, officer, session):
    for _ in range(get_settings().login_max_failures_per_account):
        assert (await _submit(client, spa, officer.username, "wrong")).status_code == 200
    r = await _submit(client, spa, officer.username, officer.password)  # even the right password
    assert r.status_code == 429 and "location" not in r.headers
    retry = int(r.headers["retry-after"])
    assert 0 < retry <= get_settings().login_window_seconds
    assert "thử lại sau" in parse_page(r.text).alerts[0]
    # an API client asking for JSON gets problem+json
    r = await _submit(client, spa, officer.username, officer.password, Accept="application/json")
    assert r.status_code == 429 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == "rate_limited" and int(r.headers["retry-after"]) > 0
    # locked attempts are not counted, so the lock lifts when the window has passed
    assert await _failures(session) == 5
    await session.execute(update(LoginAttempt).values(
        occurred_at=utcnow() - timedelta(seconds=get_settings().login_window_seconds + 1)))
    await session.commit()
    assert (await _submit(client, spa, officer.username, officer.password)).status_code == 302


async def test_throttle_is_case_insensitive_on_the_username(client, spa, officer):
    for i in range(5):
        await _submit(client, spa, officer.username.upper() if i % 2 else officer.username, "wrong")
    assert (await _submit(client, spa, officer.username, officer.password)).status_code == 429


async def test_success_resets_the_account_counter(client, spa, officer):
    for _ in range(4):
        await _submit(client, spa, officer.username, "wrong")
    assert (await _submit(client, spa, officer.username, officer.password)).status_code == 302
    for _ in range(4):
        await _submit(client, spa, officer.username, "wrong")
    assert (await _submit(client, spa, officer.username, officer.password)).status_code == 302


async def test_ip_is_throttled_across_accounts(client, spa, session, tree, monkeypatch):
    monkeypatch.setattr(get_settings(), "login_max_failures_per_ip", 3)
    victim = await make_account(session, role="viewer", unit_id=tree.national)
    for name in ("a", "b", "c"):  # password spraying: one try per account, all from one address
        await _submit(client, spa, f"user-{name}", "Password1")
    r = await _submit(client, spa, victim.username, victim.password)
    assert r.status_code == 429
    # another address is not affected
    await session.execute(update(LoginAttempt).values(ip="203.0.113.9"))
    await session.commit()
    assert (await _submit(client, spa, victim.username, victim.password)).status_code == 302


async def test_invalid_authorization_request_shows_no_form(client):
    r = await client.get("/oauth/authorize", params={"response_type": "code", "client_id": "no-such-client"})
    assert r.status_code == 400 and "location" not in r.headers
    assert not [i for i in parse_page(r.text).inputs if i.get("name") == "password"]
    r = await client.post("/oauth/authorize", data={"client_id": "no-such-client", "username": "x", "password": "y"})
    assert r.status_code == 400


# --- TOTP second factor ----------------------------------------------------------------------------------

async def _totp_account(session, tree):
    account = await make_account(session, role="viewer", unit_id=tree.national)
    uri = await service.enable_totp(session, account.username)
    await session.commit()
    assert uri.startswith("otpauth://totp/")
    return account, pyotp.parse_uri(uri)


async def test_totp_second_step(client, spa, session, tree):
    account, otp = await _totp_account(session, tree)
    r = await _submit(client, spa, account.username, account.password)
    assert r.status_code == 200 and "location" not in r.headers  # the password alone is not enough
    page = parse_page(r.text)
    visible = [i for i in page.inputs if i.get("type") != "hidden"]
    assert [i["name"] for i in visible] == ["otp"] and visible[0]["autocomplete"] == "one-time-code"
    assert page.labels["otp"] == "Mã xác thực"
    fields = page.values()
    assert "password" not in fields  # the password is not carried to the second step
    wrong = await client.post("/oauth/authorize", data={**fields, "otp": "000000" if otp.now() != "000000"
                                                        else "111111"})
    assert wrong.status_code == 200 and parse_page(wrong.text).alerts
    ok = await client.post("/oauth/authorize", data={**fields, "otp": otp.now()})
    assert ok.status_code == 302 and query_of(ok.headers["location"])["code"]


async def test_totp_code_cannot_be_replayed(client, spa, session, tree):
    account, otp = await _totp_account(session, tree)
    code = otp.now()
    for expected in (302, 200):
        page = await _submit(client, spa, account.username, account.password)
        r = await client.post("/oauth/authorize", data={**parse_page(page.text).values(), "otp": code})
        assert r.status_code == expected


async def test_totp_failures_count_towards_the_account_lock(client, spa, session, tree):
    account, otp = await _totp_account(session, tree)
    page = await _submit(client, spa, account.username, account.password)
    fields = parse_page(page.text).values()
    for _ in range(5):
        await client.post("/oauth/authorize", data={**fields, "otp": "12345x"})
    r = await client.post("/oauth/authorize", data={**fields, "otp": otp.now()})
    assert r.status_code == 429


async def test_pending_sign_in_token_is_bound_signed_and_short_lived():
    params = {"client_id": "cadre-spa", "code_challenge": "abc", "state": "s"}
    token = pending_login_token(7, params)
    assert read_pending_login(token, params) == 7
    assert read_pending_login(token, {**params, "ui_locales": "en"}) == 7  # the language may change
    assert read_pending_login(token, {**params, "code_challenge": "other"}) is None  # another request
    assert read_pending_login("8" + token[1:], params) is None  # another account: the signature no longer fits
    assert read_pending_login(token, params, now=time.time() + 301) is None  # expired
    assert read_pending_login("garbage", params) is None


async def test_tampered_pending_token_goes_back_to_the_password(client, spa, session, tree):
    account, otp = await _totp_account(session, tree)
    page = await _submit(client, spa, account.username, account.password)
    fields = parse_page(page.text).values()
    assert fields["mfa_token"].startswith(f"{account.user_id}.")
    fields["mfa_token"] = f"{account.user_id + 1000}" + fields["mfa_token"][len(str(account.user_id)):]
    r = await client.post("/oauth/authorize", data={**fields, "otp": otp.now()})
    assert r.status_code == 200 and "location" not in r.headers
    assert "password" in parse_page(r.text).values()
