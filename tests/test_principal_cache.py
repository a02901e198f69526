"""The principal cache: a token seen a moment ago costs no authentication query, and whatever
changes what its principal may do (logout, password change or reset, role change, deactivation,
a suspended customer account) shows on the very next request."""

from __future__ import annotations

import time

from app.accounts.models import Role
from app.accounts.permissions import Principal
from app.accounts.principal_cache import PrincipalCache, PrincipalChange
from tests.support import PASSWORD, gid, make_buyer, make_supplier, make_user
from tests.test_supplier_hears import APP_CREATE, APP_STATE
from tests.test_users import SET_ROLES, VIEWER

LOGOUT = "mutation ($all: Boolean) { logout(input: {allSessions: $all}) { revoked userErrors { code } } }"
PASSWORD_CHANGE = """mutation ($current: String!, $new: String!) {
  passwordChange(input: {currentPassword: $current, newPassword: $new}) { userErrors { code } } }"""
DEACTIVATE = "mutation ($id: ID!) { userDeactivate(input: {userId: $id}) { userErrors { code } } }"
SUSPEND = """mutation ($id: ID!) {
  customerAccountSuspend(input: {customerAccountId: $id, reason: "unpaid"}) { userErrors { code } } }"""
SUPPLIERS = "{ suppliers { name } }"
APP_VIEWER = "{ viewer { scopes } }"


def refusal(body: dict) -> str:
    return body["errors"][0]["extensions"]["code"]


async def test_a_token_seen_a_moment_ago_costs_no_query(client, query_counter, principal_cache):
    supplier = await make_supplier()
    token = await client.token(supplier.admin.email)
    query_counter.reset()
    await client.data("{ __typename }", token=token)
    assert query_counter.count == 2, "a miss loads the session with its user, and the roles"
    query_counter.reset()
    await client.data("{ __typename }", token=token)
    assert query_counter.count == 0, query_counter.statements


async def test_logout_refuses_the_token_on_the_next_request(client, principal_cache):
    supplier = await make_supplier()
    token = await client.token(supplier.admin.email)
    other = await client.token(supplier.admin.email)
    for seen in (token, other):
        await client.data(VIEWER, token=seen)
    assert (await client.data(LOGOUT, token=token))["logout"]["revoked"] is True
    assert refusal(await client.execute(VIEWER, token=token)) == "UNAUTHENTICATED"
    assert (await client.data(VIEWER, token=other))["viewer"]["user"]["email"] == supplier.admin.email
    await client.data(LOGOUT, {"all": True}, token=other)
    assert refusal(await client.execute(VIEWER, token=other)) == "UNAUTHENTICATED"


async def test_a_password_change_signs_out_the_other_sessions_at_once(client, principal_cache):
    supplier = await make_supplier()
    changing, elsewhere = await client.token(supplier.admin.email), await client.token(supplier.admin.email)
    for seen in (changing, elsewhere):
        await client.data(VIEWER, token=seen)
    changed = await client.data(PASSWORD_CHANGE, {"current": PASSWORD, "new": "another-horse-7"}, token=changing)
    assert changed["passwordChange"]["userErrors"] == []
    assert refusal(await client.execute(VIEWER, token=elsewhere)) == "UNAUTHENTICATED"
    assert (await client.data(VIEWER, token=changing))["viewer"]["user"]["email"] == supplier.admin.email


async def test_a_role_change_and_a_deactivation_show_on_the_next_request(client, principal_cache):
    supplier = await make_supplier()
    clerk = await make_user(supplier.org, "clerk@acme.test", {Role.SALES: None})
    admin_token, clerk_token = await client.token(supplier.admin.email), await client.token(clerk.email)
    assert (await client.data(VIEWER, token=clerk_token))["viewer"]["roles"] == ["SALES"]

    roles = {"userId": gid("User", clerk.id), "roles": [{"role": "FINANCE"}]}
    assert (await client.data(SET_ROLES, {"input": roles}, token=admin_token))["userSetRoles"]["userErrors"] == []
    assert (await client.data(VIEWER, token=clerk_token))["viewer"]["roles"] == ["FINANCE"]

    deactivated = await client.data(DEACTIVATE, {"id": gid("User", clerk.id)}, token=admin_token)
    assert deactivated["userDeactivate"]["userErrors"] == []
    assert refusal(await client.execute(VIEWER, token=clerk_token)) == "UNAUTHENTICATED"


async def test_a_suspended_customer_account_shows_on_the_next_request(client, principal_cache):
    """Only the principal is cached; what it reaches through its accounts is read per request."""
    supplier = await make_supplier()
    _, buyer, account = await make_buyer(supplier, "alpha")
    buyer_token, admin_token = await client.token(buyer.email), await client.token(supplier.admin.email)
    assert (await client.data(SUPPLIERS, token=buyer_token))["suppliers"] == [{"name": "Acme Supplies"}]
    suspended = await client.data(SUSPEND, {"id": gid("CustomerAccount", account.id)}, token=admin_token)
    assert suspended["customerAccountSuspend"]["userErrors"] == []
    assert (await client.data(SUPPLIERS, token=buyer_token))["suppliers"] == []


def _principal(user_id: int, organization_id: int = 1, session_id: int | None = None) -> Principal:
    return Principal(kind="user", user_id=user_id, organization_id=organization_id, session_id=session_id)


def test_the_cache_keeps_its_size_and_forgets_the_least_recently_used():
    cache = PrincipalCache(ttl_seconds=60, max_entries=2)
    for n in (1, 2):
        cache.put(f"t{n}", _principal(n), cache.generation, None)
    assert cache.get("t1") is not None  # t2 is now the least recently used
    cache.put("t3", _principal(3), cache.generation, None)
    assert (cache.get("t1"), cache.get("t2"), cache.get("t3")) == (_principal(1), None, _principal(3))


def test_entries_end_with_their_seconds_or_their_token():
    cache = PrincipalCache(ttl_seconds=0, max_entries=10)
    cache.put("gone", _principal(1), cache.generation, None)
    assert cache.get("gone") is None
    cache = PrincipalCache(ttl_seconds=60, max_entries=10)
    cache.put("expired", _principal(1), cache.generation, time.time() - 1)
    assert cache.get("expired") is None


def test_a_principal_loaded_before_a_change_is_not_kept_after_it():
    cache = PrincipalCache(ttl_seconds=60, max_entries=10)
    loaded_at = cache.generation
    cache.drop(PrincipalChange(user_id=1))  # committed while the request read the old rows
    cache.put("stale", _principal(1), loaded_at, None)
    assert cache.get("stale") is None


def test_a_change_drops_the_entries_it_touches_and_no_other():
    cache = PrincipalCache(ttl_seconds=60, max_entries=10)
    cache.put("a", _principal(1, organization_id=7, session_id=10), cache.generation, None)
    cache.put("b", _principal(1, organization_id=7, session_id=11), cache.generation, None)
    cache.put("c", _principal(2, organization_id=8, session_id=12), cache.generation, None)
    app = Principal(kind="app", organization_id=8)
    cache.put("app-token-hash", app, cache.generation, None)
    cache.drop(PrincipalChange(session_id=10))
    assert [cache.get(k) is not None for k in ("a", "b", "c", "app-token-hash")] == [False, True, True, True]
    cache.drop(PrincipalChange(api_token_hash="app-token-hash"))
    assert cache.get("app-token-hash") is None and cache.get("c") is not None
    cache.drop(PrincipalChange(organization_id=8))
    assert cache.get("c") is None and cache.get("b") is not None
    cache.drop(PrincipalChange.from_message(PrincipalChange(user_id=1).as_message()))
    assert cache.get("b") is None


async def test_a_disabled_or_revoked_app_token_is_refused_on_the_next_request(client, principal_cache):
    supplier = await make_supplier()
    admin_token = await client.token(supplier.admin.email)
    created = (await client.data(APP_CREATE, {"name": "erp", "scopes": ["orders:read"]}, token=admin_token))[
        "appCreate"
    ]
    app_id, app_token = created["app"]["id"], created["token"]
    for change, then in (("appDisable", "UNAUTHENTICATED"), ("appEnable", None), ("appTokenRevoke", "UNAUTHENTICATED")):
        assert (await client.data(APP_VIEWER, token=app_token)) if then else True
        await client.data(APP_STATE % change, {"input": {"appId": app_id}}, token=admin_token)
        answer = await client.execute(APP_VIEWER, token=app_token)
        assert (refusal(answer) if then else answer["data"]["viewer"]["scopes"]) == (then or ["orders:read"])
