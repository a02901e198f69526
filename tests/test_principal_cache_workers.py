"""Two `dinghuo serve` processes on one database and one Redis: a logout or a role change handled
by worker A shows on the very next request to worker B, whose cache held the principal; a
persisted query sent to A runs by its hash on B."""

from __future__ import annotations

import hashlib

import httpx

from app.accounts.models import Role
from tests.support import make_supplier, make_user
from tests.test_multiworker import _login, shared_redis_url, worker  # noqa: F401 (a fixture)

VIEWER = "{ viewer { user { email } roles } }"


async def _post(base: str, body: dict, token: str | None = None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient() as http:
        return (await http.post(f"http://{base}/graphql", json=body, headers=headers)).json()


async def test_a_change_on_worker_a_shows_on_the_next_request_to_worker_b(settings, test_env, shared_redis_url):  # noqa: F811
    supplier = await make_supplier()
    await make_user(supplier.org, "clerk@acme.test", {Role.SALES: None})
    cached = {**test_env, "DINGHUO_PRINCIPAL_CACHE_SECONDS": "5"}
    with (
        worker(cached, settings.database_url, shared_redis_url) as a,
        worker(cached, settings.database_url, shared_redis_url) as b,
    ):
        admin, clerk = await _login(a, supplier.admin.email), await _login(a, "clerk@acme.test")
        clerk_id = (await _post(b, {"query": "{ viewer { user { id } } }"}, clerk))["data"]["viewer"]["user"]["id"]
        for _ in range(2):  # the second one answers from B's cache
            assert (await _post(b, {"query": VIEWER}, clerk))["data"]["viewer"]["roles"] == ["SALES"]

        set_roles = "mutation ($id: ID!) { userSetRoles(input: {userId: $id, roles: [{role: FINANCE}]}) { userErrors { code } } }"
        changed = await _post(a, {"query": set_roles, "variables": {"id": clerk_id}}, admin)
        assert changed["data"]["userSetRoles"]["userErrors"] == []
        assert (await _post(b, {"query": VIEWER}, clerk))["data"]["viewer"]["roles"] == ["FINANCE"]

        assert (await _post(a, {"query": "mutation { logout { revoked } }"}, clerk))["data"]["logout"]["revoked"]
        refused = await _post(b, {"query": VIEWER}, clerk)
        assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"

        document = "{ viewer { user { email } } }"
        extensions = {"persistedQuery": {"version": 1, "sha256Hash": hashlib.sha256(document.encode()).hexdigest()}}
        await _post(a, {"query": document, "extensions": extensions}, admin)
        by_hash = await _post(b, {"extensions": extensions}, admin)
        assert by_hash["data"] == {"viewer": {"user": {"email": supplier.admin.email}}}
