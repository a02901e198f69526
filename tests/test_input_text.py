"""Text no store can hold (NUL, lone surrogates) is refused at the input boundary as
BAD_USER_INPUT naming the field, in variables and in literals, for every operation."""

from __future__ import annotations

import json

import pytest

from tests.support import make_buyer, make_shop

UNSAFE = {"nul": "tea\x00", "surrogate": "tea\ud800"}


async def post(client, query: str, variables: dict | None = None, token: str | None = None) -> dict:
    """JSON escapes a lone surrogate as \\ud800, as a browser's JSON.stringify does."""
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    body = json.dumps({"query": query, "variables": variables or {}}, ensure_ascii=True)
    response = await client.http.post("/graphql", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def refusal(body: dict) -> tuple[str, list[str]]:
    assert body.get("data") is None, body
    [error] = body["errors"]
    return error["extensions"]["code"], error["extensions"]["field"]


@pytest.fixture
async def buyer_token(client):
    supplier, _, _ = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    return await client.token(buyer.email)


@pytest.mark.parametrize("kind", sorted(UNSAFE))
async def test_searches_refuse_unsafe_text(client, buyer_token, kind):
    products = "query P($search: String) { products(filter: {search: $search}) { totalCount } }"
    body = await post(client, products, {"search": UNSAFE[kind]}, buyer_token)
    assert refusal(body) == ("BAD_USER_INPUT", ["products", "filter", "search"])
    assert "search" in body["errors"][0]["message"]

    orders = "query O($filter: OrderFilter) { orders(filter: $filter) { totalCount } }"
    body = await post(client, orders, {"filter": {"search": UNSAFE[kind]}}, buyer_token)
    assert refusal(body) == ("BAD_USER_INPUT", ["orders", "filter", "search"])


@pytest.mark.parametrize("kind", sorted(UNSAFE))
async def test_login_and_password_reset_refuse_unsafe_text(client, kind):
    login = "mutation L($input: LoginInput!) { login(input: $input) { token userErrors { code } } }"
    body = await post(client, login, {"input": {"login": UNSAFE[kind], "password": "whatever-1"}})
    assert refusal(body) == ("BAD_USER_INPUT", ["login", "input", "login"])
    body = await post(client, login, {"input": {"login": "a@b.test", "password": UNSAFE[kind]}})
    assert refusal(body) == ("BAD_USER_INPUT", ["login", "input", "password"])

    reset = "mutation R($login: String!) { passwordResetRequest(input: {login: $login}) { requested } }"
    body = await post(client, reset, {"login": UNSAFE[kind]})
    assert refusal(body) == ("BAD_USER_INPUT", ["passwordResetRequest", "input", "login"])


async def test_address_create_refuses_unsafe_text_in_a_literal_or_a_nested_variable(client, buyer_token):
    literal = """mutation { addressCreate(input: {address: {recipient: "a\\u0000b", phone: "13800000000",
        region: "上海", street: "1"}}) { address { id } } }"""
    body = await post(client, literal, token=buyer_token)
    assert refusal(body) == ("BAD_USER_INPUT", ["addressCreate", "input", "address", "recipient"])

    nested = """mutation A($street: String!) { addressCreate(input: {address: {recipient: "a", phone: "13800000000",
        region: "上海", street: $street}}) { address { id } } }"""
    body = await post(client, nested, {"street": UNSAFE["surrogate"]}, buyer_token)
    assert refusal(body) == ("BAD_USER_INPUT", ["addressCreate", "input", "address", "street"])


async def test_ordinary_text_passes(client, buyer_token):
    products = "query P($search: String) { products(filter: {search: $search}) { totalCount } }"
    body = await post(client, products, {"search": "绿茶 🍵"}, buyer_token)
    assert "errors" not in body and body["data"] == {"products": {"totalCount": 0}}
