"""Login, tokens (expiry, refresh, revocation), password change and reset, login throttling."""

from __future__ import annotations

from datetime import timedelta

import httpx

from app.accounts import credentials
from app.accounts.models import AuthSession, PasswordResetToken, Role
from app.clock import utc_now
from app.messaging import OutboundMessage
from tests.support import LOGIN, PASSWORD, make_supplier, make_user

VIEWER = "{ viewer { user { email } organization { name } roles } }"

REFRESH = """
mutation Refresh($token: String!) {
  tokenRefresh(input: {refreshToken: $token}) { token refreshToken userErrors { field code message } }
}
"""

RESET_REQUEST = """
mutation Request($login: String!) {
  passwordResetRequest(input: {login: $login}) { requested userErrors { code } }
}
"""

RESET = """
mutation Reset($token: String!, $password: String!) {
  passwordReset(input: {token: $token, newPassword: $password}) {
    user { email } userErrors { field code message }
  }
}
"""


def error_code(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_login_by_email_phone_or_username_answers_viewer(client):
    supplier = await make_supplier("acme")
    from app.accounts import service

    await service.create_user(
        supplier.org,
        service.NewUser(name="Ops", password=PASSWORD, phone="+86 138-0000-0001", username="Ops.Lead"),
        {Role.WAREHOUSE: None},
    )
    token = await client.token("admin@acme.test")
    viewer = (await client.data(VIEWER, token=token))["viewer"]
    assert viewer == {
        "user": {"email": "admin@acme.test"},
        "organization": {"name": "Acme Supplies"},
        "roles": ["ADMIN"],
    }
    for login in ("+8613800000001", "ops.lead", "ADMIN@ACME.TEST"):
        assert (await client.login(login))["token"]


async def test_wrong_password_and_unknown_login_answer_alike(client):
    await make_supplier("acme")
    wrong = (await client.data(LOGIN, {"login": "admin@acme.test", "password": "not-the-one"}))["login"]
    unknown = (await client.data(LOGIN, {"login": "nobody@acme.test", "password": "not-the-one"}))["login"]
    assert wrong == unknown
    assert wrong["token"] is None
    assert wrong["userErrors"] == [
        {"field": ["input", "login"], "code": "INVALID_CREDENTIALS", "message": "The login or password is incorrect."}
    ]


async def test_empty_login_and_password_are_required(client):
    result = (await client.data(LOGIN, {"login": " ", "password": ""}))["login"]
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", "login"], "REQUIRED"),
        (["input", "password"], "REQUIRED"),
    ]


async def test_disabled_user_cannot_log_in(client):
    supplier = await make_supplier("acme")
    supplier.admin.is_active = False
    await supplier.admin.save()
    result = (await client.data(LOGIN, {"login": "admin@acme.test", "password": PASSWORD}))["login"]
    assert result["userErrors"][0]["code"] == "USER_DISABLED"


async def test_expired_access_token_is_refused_with_a_clear_error(client, settings):
    supplier = await make_supplier("acme")
    login = await client.login("admin@acme.test")
    session = await AuthSession.get(user_id=supplier.admin.id)
    expired, _ = credentials.issue_access_token(
        settings, user_id=supplier.admin.id, session_id=session.id, now=utc_now() - timedelta(hours=1)
    )
    body = await client.execute(VIEWER, token=expired)
    assert body["data"] == {"viewer": None}
    assert error_code(body) == "UNAUTHENTICATED"
    assert "expired" in body["errors"][0]["message"]
    assert (await client.data(VIEWER, token=login["token"]))["viewer"]["user"]["email"] == "admin@acme.test"


async def test_forged_or_malformed_tokens_are_refused(client, settings):
    supplier = await make_supplier("acme")
    await client.login("admin@acme.test")
    session = await AuthSession.get(user_id=supplier.admin.id)
    forged = credentials.issue_access_token(
        settings.__class__(**{**settings.__dict__, "secret_key": "x" * 40}),
        user_id=supplier.admin.id,
        session_id=session.id,
        now=utc_now(),
    )[0]
    for token in (forged, "garbage", "dhk_unknown"):
        body = await client.execute(VIEWER, token=token)
        assert error_code(body) == "UNAUTHENTICATED", token
    response = await client.post(VIEWER, headers={"authorization": "Basic abc"})
    assert error_code(response.json()) == "UNAUTHENTICATED"


async def test_bad_token_does_not_block_login(client):
    await make_supplier("acme")
    response = await client.post(
        LOGIN, {"login": "admin@acme.test", "password": PASSWORD}, headers={"authorization": "Bearer stale"}
    )
    assert response.json()["data"]["login"]["token"]


async def test_refresh_rotates_and_old_refresh_token_stops_working(client):
    await make_supplier("acme")
    login = await client.login("admin@acme.test")
    renewed = (await client.data(REFRESH, {"token": login["refreshToken"]}))["tokenRefresh"]
    assert renewed["userErrors"] == []
    assert renewed["refreshToken"] != login["refreshToken"]
    assert (await client.data(VIEWER, token=renewed["token"]))["viewer"]["user"]["email"] == "admin@acme.test"

    replay = (await client.data(REFRESH, {"token": login["refreshToken"]}))["tokenRefresh"]
    assert replay["token"] is None
    assert replay["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_expired_refresh_token_is_refused(client):
    supplier = await make_supplier("acme")
    login = await client.login("admin@acme.test")
    await AuthSession.filter(user_id=supplier.admin.id).update(expires_at=utc_now() - timedelta(seconds=1))
    result = (await client.data(REFRESH, {"token": login["refreshToken"]}))["tokenRefresh"]
    assert result["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_logout_revokes_access_and_refresh_tokens(client):
    await make_supplier("acme")
    login = await client.login("admin@acme.test")
    other_device = await client.login("admin@acme.test")
    result = await client.data("mutation { logout { revoked userErrors { code } } }", token=login["token"])
    assert result["logout"] == {"revoked": True, "userErrors": []}

    body = await client.execute(VIEWER, token=login["token"])
    assert error_code(body) == "UNAUTHENTICATED"
    refresh = (await client.data(REFRESH, {"token": login["refreshToken"]}))["tokenRefresh"]
    assert refresh["userErrors"][0]["code"] == "INVALID_TOKEN"
    assert (await client.data(VIEWER, token=other_device["token"]))["viewer"] is not None


async def test_logout_everywhere_ends_every_session(client):
    await make_supplier("acme")
    first = await client.login("admin@acme.test")
    second = await client.login("admin@acme.test")
    await client.data("mutation { logout(input: {allSessions: true}) { revoked } }", token=first["token"])
    assert error_code(await client.execute(VIEWER, token=second["token"])) == "UNAUTHENTICATED"


async def test_logout_needs_a_signed_in_user(client):
    body = await client.execute("mutation { logout { revoked } }")
    assert body["data"] is None and error_code(body) == "UNAUTHENTICATED"


async def test_password_change_checks_current_password_and_ends_other_sessions(client):
    await make_supplier("acme")
    current = await client.login("admin@acme.test")
    other = await client.login("admin@acme.test")
    change = """
    mutation Change($current: String!, $new: String!) {
      passwordChange(input: {currentPassword: $current, newPassword: $new}) {
        user { email } userErrors { field code }
      }
    }"""
    wrong = await client.data(change, {"current": "nope-nope-1", "new": "brand-new-pass-1"}, token=current["token"])
    assert wrong["passwordChange"]["userErrors"] == [
        {"field": ["input", "currentPassword"], "code": "INVALID_CREDENTIALS"}
    ]
    weak = await client.data(change, {"current": PASSWORD, "new": "short"}, token=current["token"])
    assert weak["passwordChange"]["userErrors"] == [{"field": ["input", "newPassword"], "code": "PASSWORD_TOO_WEAK"}]

    done = await client.data(change, {"current": PASSWORD, "new": "brand-new-pass-1"}, token=current["token"])
    assert done["passwordChange"] == {"user": {"email": "admin@acme.test"}, "userErrors": []}
    assert (await client.data(VIEWER, token=current["token"]))["viewer"] is not None
    assert error_code(await client.execute(VIEWER, token=other["token"])) == "UNAUTHENTICATED"
    assert await client.login("admin@acme.test", "brand-new-pass-1")


async def _reset_token_sent_to(email: str) -> str:
    message = await OutboundMessage.filter(recipient=email, kind="password_reset").order_by("-id").first()
    assert message is not None
    return message.body.split("token is ")[1].split(".")[0]


async def test_password_reset_token_works_once(client):
    await make_supplier("acme")
    old_session = await client.login("admin@acme.test")
    requested = await client.data(RESET_REQUEST, {"login": "admin@acme.test"})
    assert requested["passwordResetRequest"] == {"requested": True, "userErrors": []}
    token = await _reset_token_sent_to("admin@acme.test")

    first = await client.data(RESET, {"token": token, "password": "after-reset-77"})
    assert first["passwordReset"] == {"user": {"email": "admin@acme.test"}, "userErrors": []}
    second = await client.data(RESET, {"token": token, "password": "another-one-88"})
    assert second["passwordReset"]["user"] is None
    assert second["passwordReset"]["userErrors"][0]["code"] == "INVALID_TOKEN"

    assert await client.login("admin@acme.test", "after-reset-77")
    assert error_code(await client.execute(VIEWER, token=old_session["token"])) == "UNAUTHENTICATED"


async def test_expired_password_reset_token_fails(client):
    await make_supplier("acme")
    await client.data(RESET_REQUEST, {"login": "admin@acme.test"})
    token = await _reset_token_sent_to("admin@acme.test")
    await PasswordResetToken.all().update(expires_at=utc_now() - timedelta(seconds=1))
    result = await client.data(RESET, {"token": token, "password": "after-reset-77"})
    assert result["passwordReset"]["userErrors"][0]["code"] == "INVALID_TOKEN"


async def test_password_reset_request_does_not_reveal_unknown_logins(client):
    result = await client.data(RESET_REQUEST, {"login": "ghost@nowhere.test"})
    assert result["passwordResetRequest"] == {"requested": True, "userErrors": []}
    assert await OutboundMessage.all().count() == 0


async def test_failed_logins_are_throttled_per_login_and_address(client, settings):
    await make_supplier("acme")
    for _ in range(settings.login_failures_per_account_address):
        result = (await client.data(LOGIN, {"login": "admin@acme.test", "password": "wrong-guess"}))["login"]
        assert result["userErrors"][0]["code"] == "INVALID_CREDENTIALS"
    blocked = (await client.data(LOGIN, {"login": "admin@acme.test", "password": PASSWORD}))["login"]
    assert blocked["token"] is None
    assert blocked["userErrors"][0]["code"] == "TOO_MANY_ATTEMPTS"
    assert "try again in" in blocked["userErrors"][0]["message"]


async def test_failed_logins_are_throttled_per_client_address(app, settings):
    from tests.support import GraphQLClient

    supplier = await make_supplier("acme")
    await make_user(supplier.org, "staff@acme.test", {Role.SALES: None})
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        attacker = GraphQLClient(http)
        for n in range(settings.login_failures_per_address):
            await attacker.data(LOGIN, {"login": f"guess{n}@acme.test", "password": "wrong-guess"})
        blocked = (await attacker.data(LOGIN, {"login": "staff@acme.test", "password": PASSWORD}))["login"]
        assert blocked["userErrors"][0]["code"] == "TOO_MANY_ATTEMPTS"

    other_address = httpx.ASGITransport(app=app, client=("198.51.100.7", 5000))
    async with httpx.AsyncClient(transport=other_address, base_url="http://testserver") as http:
        assert await GraphQLClient(http).token("staff@acme.test")


async def test_successful_login_clears_the_failure_count_of_that_login_and_address(client, settings):
    await make_supplier("acme")
    for _ in range(settings.login_failures_per_account_address - 1):
        await client.data(LOGIN, {"login": "admin@acme.test", "password": "wrong-guess"})
    await client.login("admin@acme.test")
    for _ in range(settings.login_failures_per_account_address - 1):
        await client.data(LOGIN, {"login": "admin@acme.test", "password": "wrong-guess"})
    assert await client.login("admin@acme.test")


async def test_api_token_acts_for_its_organization_within_scopes(client):
    from app.accounts.auth import create_api_token

    supplier = await make_supplier("acme")
    token = await create_api_token(supplier.org.id, "erp", ["customers:read"])
    viewer = (await client.data("{ viewer { user { email } organization { name } scopes } }", token=token))["viewer"]
    assert viewer == {"user": None, "organization": {"name": "Acme Supplies"}, "scopes": ["customers:read"]}
    body = await client.execute("mutation { logout { revoked } }", token=token)
    assert error_code(body) == "FORBIDDEN"
