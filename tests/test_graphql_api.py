"""The GraphQL conventions every later type relies on: connections, global IDs, error shapes,
HTTP behaviour, limits, and constant SQL per list."""

from __future__ import annotations

import json

import pytest

from app.accounts.models import Role
from tests.support import gid, make_buyer, make_supplier, make_user

PAGE = """
query Page($first: Int, $after: String, $last: Int, $before: String, $sort: CustomerAccountSort) {
  customerAccounts(first: $first, after: $after, last: $last, before: $before, sort: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { buyer { code } } }
  }
}
"""


async def _supplier_with_buyers(count: int):
    supplier = await make_supplier("acme")
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    for n in range(count):
        await make_buyer(supplier, f"b{n:03d}", sales_rep=rep)
    return supplier


def codes(page: dict) -> list[str]:
    return [edge["node"]["buyer"]["code"] for edge in page["edges"]]


async def test_forward_and_backward_pagination_walk_every_row_once(client):
    await _supplier_with_buyers(7)
    token = await client.token("admin@acme.test")
    seen, after = [], None
    while True:
        page = (await client.data(PAGE, {"first": 3, "after": after, "sort": "OLDEST"}, token=token))[
            "customerAccounts"
        ]
        assert page["totalCount"] == 7
        seen += codes(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    buyer_codes = [code for code in seen]
    assert len(buyer_codes) == 7 and len(set(buyer_codes)) == 7

    last_two = (await client.data(PAGE, {"last": 2, "sort": "OLDEST"}, token=token))["customerAccounts"]
    assert codes(last_two) == buyer_codes[-2:]
    assert last_two["pageInfo"]["hasPreviousPage"] is True
    before = (
        await client.data(
            PAGE, {"last": 2, "before": last_two["pageInfo"]["startCursor"], "sort": "OLDEST"}, token=token
        )
    )["customerAccounts"]
    assert codes(before) == buyer_codes[-4:-2]

    newest = (await client.data(PAGE, {"first": 7}, token=token))["customerAccounts"]
    assert codes(newest) == list(reversed(buyer_codes))


@pytest.mark.parametrize(
    "variables, message",
    [
        ({"first": 101}, "first must be between 0 and 100"),
        ({"first": -1}, "first must be between 0 and 100"),
        ({"last": 500}, "last must be between 0 and 100"),
        ({"first": 1, "last": 1}, "either first or last"),
        ({"first": 1, "after": "not-a-cursor"}, "after is not a cursor"),
        ({"first": 1, "after": "WyJ4Il0"}, "after is not a cursor"),
    ],
)
async def test_page_arguments_are_bounded_and_checked(client, variables, message):
    await make_supplier("acme")
    token = await client.token("admin@acme.test")
    body = await client.execute(PAGE, variables, token=token)
    assert body["data"] is None
    assert message in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_customer_account_list_runs_constant_sql_whatever_its_length(client, query_counter):
    query = """{ customerAccounts(first: 100) { totalCount edges { node {
        id tier creditLimit { amount currency } supplier { name } buyer { name code }
        salesRep { name roles organization { name } } } } } }"""
    await _supplier_with_buyers(3)
    token = await client.token("admin@acme.test")
    query_counter.reset()
    small = await client.data(query, token=token)
    small_count = query_counter.count

    for n in range(3, 25):
        await make_buyer(await _acme(), f"b{n:03d}", sales_rep=await _rep())
    query_counter.reset()
    large = await client.data(query, token=token)
    assert len(large["customerAccounts"]["edges"]) == 25 > len(small["customerAccounts"]["edges"])
    assert query_counter.count == small_count, query_counter.statements
    assert small_count <= 8, query_counter.statements


async def _acme():
    from app.accounts.models import User
    from tests.support import Supplier

    admin = await User.get(email="admin@acme.test").select_related("organization")
    return Supplier(admin.organization, admin)


async def _rep():
    from app.accounts.models import User

    return await User.get(email="rep@acme.test")


@pytest.mark.parametrize("value", ["", "%%%", "Q3VzdG9tZXJBY2NvdW50Ong", "x" * 500, "VXNlcjox", "Tm9UeXBlOjE"])
async def test_malformed_or_wrong_type_ids_get_a_specific_error_never_a_500(client, value):
    await make_supplier("acme")
    token = await client.token("admin@acme.test")
    body = await client.execute("query A($id: ID!) { customerAccount(id: $id) { id } }", {"id": value}, token=token)
    assert body["data"] == {"customerAccount": None}
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "not a valid CustomerAccount ID" in body["errors"][0]["message"]


async def test_node_with_malformed_id_is_a_clear_error_and_unknown_type_is_null(client):
    await make_supplier("acme")
    token = await client.token("admin@acme.test")
    bad = await client.execute('{ node(id: "%%%") { id } }', token=token)
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    unknown_type = await client.data('{ node(id: "Tm9UeXBlOjE") { id } }', token=token)
    assert unknown_type == {"node": None}


async def test_node_resolves_each_type_for_its_owner(client):
    supplier = await make_supplier("acme")
    _, buyer_user, account = await make_buyer(supplier, "golden")
    token = await client.token(buyer_user.email)
    data = await client.data(
        """query N($ids: [ID!]!) { nodes(ids: $ids) { __typename id
            ... on Organization { name } ... on User { email } ... on CustomerAccount { status } } }""",
        {"ids": [gid("Organization", supplier.org.id), gid("User", buyer_user.id), gid("CustomerAccount", account.id)]},
        token=token,
    )
    assert [n["__typename"] for n in data["nodes"]] == ["Organization", "User", "CustomerAccount"]
    assert data["nodes"][1]["email"] == buyer_user.email
    other_supplier_staff = await client.data(
        "query N($id: ID!) { node(id: $id) { id } }", {"id": gid("User", supplier.admin.id)}, token=token
    )
    assert other_supplier_staff == {"node": None}


async def test_unknown_enum_value_is_a_validation_error(client):
    await make_supplier("acme")
    token = await client.token("admin@acme.test")
    body = await client.execute("{ customerAccounts(sort: SIDEWAYS) { totalCount } }", token=token)
    assert "data" not in body or body["data"] is None
    assert "SIDEWAYS" in body["errors"][0]["message"]
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    body = await client.execute(
        "query Q($s: [CustomerAccountStatus!]) { customerAccounts(filter: {status: $s}) { totalCount } }",
        {"s": ["MAYBE"]},
        token=token,
    )
    assert body.get("data") is None and "MAYBE" in body["errors"][0]["message"]


async def test_overlong_strings_get_user_errors(client):
    from tests.test_auth import LOGIN

    result = (await client.data(LOGIN, {"login": "a" * 300, "password": "p" * 300}))["login"]
    assert {(tuple(e["field"]), e["code"]) for e in result["userErrors"]} == {
        (("input", "login"), "TOO_LONG"),
        (("input", "password"), "TOO_LONG"),
    }


async def test_graphql_response_json_answers_400_without_data_for_invalid_documents(client):
    headers = {"accept": "application/graphql-response+json", "content-type": "application/json"}
    for document in ("{ viewer { nosuchfield } }", "{ viewer {"):
        response = await client.http.post("/graphql", json={"query": document}, headers=headers)
        assert response.status_code == 400, document
        assert response.headers["content-type"].startswith("application/graphql-response+json")
        body = response.json()
        assert "data" not in body and body["errors"]

    legacy = await client.http.post("/graphql", json={"query": "{ viewer {"})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"].startswith("application/json")

    ok = await client.http.post("/graphql", json={"query": "{ viewer { roles } }"}, headers=headers)
    assert ok.status_code == 200 and ok.json()["data"] == {"viewer": None}
    assert set(ok.json()) == {"data", "extensions"}  # extensions.cost, on every response


async def test_a_client_preferring_json_gets_json_though_it_also_accepts_a_stream(client):
    urql_accept = "application/graphql-response+json, application/graphql+json, application/json, text/event-stream, multipart/mixed"
    plain = await client.http.post(
        "/graphql", json={"query": "{ suppliers { name } }"}, headers={"accept": urql_accept}
    )
    assert plain.headers["content-type"].startswith("application/graphql-response+json")
    assert plain.json()["data"] == {"suppliers": []}

    streamed = await client.http.post(
        "/graphql",
        json={"query": "{ suppliers { name } }"},
        headers={"accept": "text/event-stream, application/json;q=0.5"},
    )
    assert streamed.headers["content-type"].startswith("text/event-stream")
    assert '"suppliers":[]' in streamed.text


async def test_get_queries_and_graphiql(client):
    response = await client.http.get("/graphql", params={"query": "{ suppliers { name } }"})
    assert response.status_code == 200 and response.json()["data"] == {"suppliers": []}
    mutation = await client.http.get("/graphql", params={"query": "mutation { logout { revoked } }"})
    assert mutation.status_code in (400, 405)
    ide = await client.http.get("/graphql", headers={"accept": "text/html"})
    assert ide.status_code == 200 and "graphiql" in ide.text.lower()


async def test_unparseable_body_is_a_400(client):
    response = await client.http.post("/graphql", content=b"{not json", headers={"content-type": "application/json"})
    assert response.status_code == 400


async def test_alias_and_token_limits_answer_clear_errors(client, settings):
    aliases = "{ " + " ".join(f"a{i}: suppliers {{ id }}" for i in range(settings.max_aliases + 1)) + " }"
    body = await client.execute(aliases)
    assert body.get("data") is None and "aliases" in body["errors"][0]["message"].lower()

    tokens = "{ " + " ".join("suppliers { id }" for _ in range(settings.max_query_tokens)) + " }"
    body = await client.execute(tokens)
    assert body.get("data") is None and "token" in body["errors"][0]["message"].lower()


async def test_query_depth_limit(settings, runtime):
    from dataclasses import replace

    from app.accounts.permissions import ANONYMOUS
    from schema.context import Context
    from schema.root import build_schema

    shallow = build_schema(replace(settings, max_query_depth=3))
    context = Context(request=None, response=None, client_address=None, caller=ANONYMOUS, services=runtime)
    result = await shallow.execute(
        "{ customerAccounts { edges { node { salesRep { name } } } } }", context_value=context
    )
    assert result.data is None
    assert "deeper than the limit of 3 levels" in result.errors[0].message
    assert result.errors[0].extensions == {"code": "MAX_DEPTH_EXCEEDED"}
    allowed = await shallow.execute("{ suppliers { name } }", context_value=context)
    assert allowed.errors is None


async def test_oversized_body_is_refused_before_it_is_read(client, settings):
    payload = json.dumps({"query": "{ suppliers { id } }", "variables": {"pad": "x" * settings.max_body_bytes}})
    response = await client.http.post("/graphql", content=payload, headers={"content-type": "application/json"})
    assert response.status_code == 413


async def test_health_and_readiness(client):
    assert (await client.http.get("/healthz")).json() == {"status": "ok"}
    ready = await client.http.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok", "broker": "ok"}}


async def test_graphql_response_json_refused_with_q0_falls_back_to_json(client):
    headers = {"accept": "application/json, application/graphql-response+json;q=0"}
    response = await client.http.post("/graphql", json={"query": "{ viewer {"}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")


async def test_readiness_reports_an_unreachable_broker(client, runtime, monkeypatch):
    async def broken_ping():
        raise ConnectionError("broker down")

    monkeypatch.setattr(runtime.broker, "ping", broken_ping)
    response = await client.http.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "broker": "unavailable: ConnectionError: broker down"},
    }
