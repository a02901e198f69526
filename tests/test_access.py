"""The access table (app/accounts/access.py) against the schema, from introspection: every root
field has its entry, every app token without a field's scope and every user without a listed role
is refused before the resolver runs, and the README shows the table as it is."""

from __future__ import annotations

from datetime import date

import pytest

from app import outbox
from app.accounts.access import MUTATIONS, NODE_SCOPES, QUERIES, ROOTS, SUBSCRIPTIONS, Access
from app.accounts.auth import create_api_token, principal_for_bearer
from app.accounts.models import Role
from app.accounts.permissions import Scope
from app.cli import README_FILE, access_section
from app.webhooks.service import required_scope
from tests.support import gid, make_buyer, make_shop, make_user, place_order, principal_of

ROOT_FIELDS = """
{ __schema {
    queryType { name fields { ...F } }
    mutationType { name fields { ...F } }
    subscriptionType { name fields { ...F } }
} }
fragment F on __Field { name args { name type { ...T } } type { ...T } }
fragment T on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""

INPUT_TYPES = """
{ __schema { types { name kind enumValues { name } inputFields { name type {
    kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
"""

GATE_REFUSAL = "Your roles do not allow this operation."
SUPPLIER_SIDE = (Role.ADMIN, Role.SALES, Role.APPROVER, Role.WAREHOUSE, Role.FINANCE, Role.SERVICE)
BUYER_SIDE = (Role.ADMIN, Role.PURCHASER, Role.RECEIVER, Role.FINANCE)
SCALARS = {
    "ID": '"QQ"',
    "String": '"x"',
    "Int": "1",
    "Float": "1",
    "Boolean": "false",
    "Decimal": '"1.00"',
    "Date": '"2026-11-01"',
    "DateTime": '"2026-11-01T00:00:00+00:00"',
    # A file travels only in a multipart request; inline, the imports answer a userError, after the scope check.
    "Upload": '"x.csv"',
}


async def _root_fields(client) -> dict[str, dict[str, dict]]:
    schema = (await client.data(ROOT_FIELDS))["__schema"]
    return {
        kind["name"]: {f["name"]: f for f in kind["fields"]}
        for kind in (schema["queryType"], schema["mutationType"], schema["subscriptionType"])
    }


class Documents:
    """A valid document for any root field, with a made-up value for every required argument."""

    def __init__(self, types: list[dict]):
        self.types = {t["name"]: t for t in types}

    def value(self, type_ref: dict) -> str:
        if type_ref["kind"] == "NON_NULL":
            return self.value(type_ref["ofType"])
        if type_ref["kind"] == "LIST":
            return "[]"
        named = self.types[type_ref["name"]]
        if named["kind"] == "ENUM":
            return named["enumValues"][0]["name"]
        if named["kind"] == "INPUT_OBJECT":
            required = [f for f in named["inputFields"] if f["type"]["kind"] == "NON_NULL"]
            return "{" + ", ".join(f"{f['name']}: {self.value(f['type'])}" for f in required) + "}"
        return SCALARS[named["name"]]

    def document(self, operation: str, field: dict) -> str:
        required = [a for a in field["args"] if a["type"]["kind"] == "NON_NULL"]
        args = "(" + ", ".join(f"{a['name']}: {self.value(a['type'])}" for a in required) + ")" if required else ""
        result = field["type"]
        while result["kind"] in {"NON_NULL", "LIST"}:
            result = result["ofType"]
        selection = " { __typename }" if result["kind"] in {"OBJECT", "INTERFACE", "UNION"} else ""
        return f"{operation} {{ {field['name']}{args}{selection} }}"


async def _documents(client) -> Documents:
    return Documents((await client.data(INPUT_TYPES))["__schema"]["types"])


def _codes(body: dict) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors") or []]


# --- the table and the schema -------------------------------------------------------------


async def test_every_root_field_has_one_entry_and_no_entry_is_stale(client):
    fields = await _root_fields(client)
    for root, table in ROOTS.items():
        assert sorted(fields[root]) == sorted(table), root


async def test_every_node_type_names_the_scope_an_app_needs(client):
    data = await client.data('{ __type(name: "Node") { possibleTypes { name } } }')
    assert sorted(t["name"] for t in data["__type"]["possibleTypes"]) == sorted(NODE_SCOPES)


def test_every_entry_opens_to_someone_and_names_its_area():
    for table in (QUERIES, MUTATIONS, SUBSCRIPTIONS):
        for name, access in table.items():
            assert access.sells or access.buys or access.apps or access.visitors, name
            assert access.scope is not None or (access.sells and access.buys), name
            if access.scope is not None and name.endswith(("Create", "Update", "Set", "Archive", "Delete")):
                assert access.scope.value.endswith(":write"), name


def test_webhook_event_kinds_need_the_read_scope_of_their_area():
    areas = {
        "order": Scope.ORDERS_READ,
        "approval": Scope.ORDERS_READ,
        "payment": Scope.PAYMENTS_READ,
        "statement": Scope.STATEMENTS_READ,
        "shipment": Scope.SHIPMENTS_READ,
        "return": Scope.RETURNS_READ,
        "customer_account": Scope.CUSTOMERS_READ,
        "stock": Scope.CATALOG_READ,
        "announcement": Scope.SUPPORT_READ,
        "service_thread": Scope.SUPPORT_READ,
        "sell_through_report": Scope.SELL_THROUGH_READ,
    }
    for kind in outbox.event_kinds():
        assert required_scope(kind) is areas[kind.split(".")[0]], kind


def test_the_readme_shows_the_table_as_it_is():
    readme = README_FILE.read_text(encoding="utf-8")
    assert access_section() in readme, "README's Roles and scopes are out of date: run `dinghuo export-access`"


# --- app tokens ---------------------------------------------------------------------------


async def test_an_app_token_without_a_fields_scope_is_refused_on_every_root_field(client):
    """For every query and mutation: an app token holding every scope but the field's own (or,
    where apps may not call the field, every scope) answers FORBIDDEN; and one holding the scope
    is let through where the table lets apps in."""
    shop, _, _ = await make_shop()
    fields = await _root_fields(client)
    documents = await _documents(client)
    all_scopes = [s.value for s in Scope]
    tokens: dict[Scope | None, str] = {None: await create_api_token(shop.org.id, "all", all_scopes)}
    for scope in Scope:
        tokens[scope] = await create_api_token(shop.org.id, f"no {scope.value}", [s for s in all_scopes if s != scope])
    checked = 0
    for root, operation in (("Query", "query"), ("Mutation", "mutation")):
        for name, access in ROOTS[root].items():
            document = documents.document(operation, fields[root][name])
            if not access.apps or access.scope is None:
                if not access.apps:
                    body = await client.execute(document, token=tokens[None])
                    assert _codes(body)[:1] == ["FORBIDDEN"], (name, body)
                    checked += 1
                continue
            refused = await client.execute(document, token=tokens[access.scope])
            assert _codes(refused)[:1] == ["FORBIDDEN"], (name, refused)
            assert access.scope.value in refused["errors"][0]["message"]
            allowed = await client.execute(document, token=tokens[None])
            assert "FORBIDDEN" not in _codes(allowed), (name, allowed)
            checked += 1
    assert checked == sum(1 for t in (QUERIES, MUTATIONS) for a in t.values() if not a.apps or a.scope is not None)


async def test_issue_18_a_customers_read_token_reads_no_orders_payments_or_statements(client):
    """The issue's repro: a token with ["customers:read"] listed orders and payments and read
    another account's statement."""
    shop, _, variants = await make_shop()
    _, buyer, account = await make_buyer(shop, "golden")
    await place_order(buyer, shop.org.id, {variants["TEA-1"]: 3})
    reader = await create_api_token(shop.org.id, "bi", ["customers:read"])
    statement = '{ statement(customerAccountId: "%s", from: "%s", to: "%s") { closingBalance { amount } } }' % (
        gid("CustomerAccount", account.id),
        date(2026, 1, 1),
        date(2030, 1, 1),
    )
    for document in (
        "{ orders(first: 10) { totalCount } }",
        "{ payments(first: 10) { totalCount } }",
        "{ shipments(first: 10) { totalCount } }",
        "{ returns(first: 10) { totalCount } }",
        statement,
    ):
        body = await client.execute(document, token=reader)
        assert _codes(body) == ["FORBIDDEN"], (document, body)
        assert not any((body["data"] or {}).values())
    assert (await client.data("{ customerAccounts { totalCount } }", token=reader))["customerAccounts"][
        "totalCount"
    ] == 1

    orders_reader = await create_api_token(shop.org.id, "erp", ["orders:read"])
    assert (await client.data("{ orders(first: 10) { totalCount } }", token=orders_reader))["orders"]["totalCount"] == 1


async def test_node_needs_the_scope_of_the_type_asked_for(client):
    shop, _, variants = await make_shop()
    _, buyer, account = await make_buyer(shop, "golden")
    order = await place_order(buyer, shop.org.id, {variants["TEA-1"]: 3})
    reader = await create_api_token(shop.org.id, "bi", ["customers:read"])
    query = "query N($ids: [ID!]!) { nodes(ids: $ids) { id } }"
    ok = await client.data(query, {"ids": [gid("CustomerAccount", account.id)]}, token=reader)
    assert ok["nodes"] == [{"id": gid("CustomerAccount", account.id)}]
    for ids in ([gid("Order", order.id)], [gid("CustomerAccount", account.id), gid("Order", order.id)]):
        body = await client.execute(query, {"ids": ids}, token=reader)
        assert _codes(body) == ["FORBIDDEN"] and "orders:read" in body["errors"][0]["message"]
    single = await client.execute('{ node(id: "%s") { id } }' % gid("Order", order.id), token=reader)
    assert _codes(single) == ["FORBIDDEN"]


async def test_subscriptions_check_the_table_too(runtime):
    """Subscriptions are guarded like queries: an app token without orders:read cannot follow
    orders, and a buyer's user is not asked to approve anything."""
    from schema.context import Context
    from schema.root import build_schema

    shop, _, _ = await make_shop()
    _, buyer, _ = await make_buyer(shop, "golden")
    schema = build_schema()
    reader = await principal_for_bearer(await create_api_token(shop.org.id, "bi", ["customers:read"]))
    for caller, document in (
        (reader, "subscription { orderUpdated { eventId } }"),
        (await principal_of(buyer), "subscription { approvalRequested { stepIndex } }"),
    ):
        context = Context(request=None, response=None, client_address=None, caller=caller, services=runtime)
        stream = await schema.subscribe(document, context_value=context)
        result = await anext(stream) if hasattr(stream, "__anext__") else stream
        assert [e.extensions["code"] for e in result.errors] == ["FORBIDDEN"], result.errors


# --- users, one per role on each side -----------------------------------------------------


@pytest.mark.parametrize("root", ["Query", "Mutation"])
async def test_one_user_per_role_on_each_side_meets_the_gate_the_table_describes(client, root):
    """Every root field, tried by a user of each role of a selling-only and of a buying-only
    organization: the ones the table leaves out are refused before the resolver runs
    (FORBIDDEN), the ones it lists are let through (whatever the service answers next), and
    `viewer.operations` names exactly the ones let through."""
    shop, _, _ = await make_shop()
    fields = await _root_fields(client)
    documents = await _documents(client)
    buyer_org, _, _ = await make_buyer(shop, "golden")
    users: list[tuple[str, Role, str]] = []
    for role in SUPPLIER_SIDE:
        user = await make_user(
            shop.org, f"{role.value.lower()}-staff@acme.test", {role: 1 if role is Role.APPROVER else None}
        )
        users.append(("sells", role, user.email))
    for role in BUYER_SIDE:
        user = await make_user(buyer_org, f"{role.value.lower()}-staff@golden.test", {role: None})
        users.append(("buys", role, user.email))
    operation = "query" if root == "Query" else "mutation"
    # logout ends the session the next requests use: last.
    table = sorted(ROOTS[root].items(), key=lambda item: item[0] == "logout")
    for side, role, email in users:
        token = await client.token(email)
        operations = set((await client.data("{ viewer { operations } }", token=token))["viewer"]["operations"])
        for name, access in table:
            body = await client.execute(documents.document(operation, fields[root][name]), token=token)
            listed = role in getattr(access, side)
            assert (name in operations) is listed, (name, side, role.value)
            refused_by_gate = any(e["message"] == GATE_REFUSAL for e in body.get("errors") or [])
            assert refused_by_gate is not listed, (name, side, role.value, body)
            if not listed:
                assert _codes(body) == ["FORBIDDEN"]


async def test_anonymous_callers_must_sign_in_unless_the_field_is_open_to_visitors(client):
    fields = await _root_fields(client)
    documents = await _documents(client)
    for root, operation in (("Query", "query"), ("Mutation", "mutation")):
        for name, access in ROOTS[root].items():
            body = await client.execute(documents.document(operation, fields[root][name]))
            if access.visitors:
                assert "UNAUTHENTICATED" not in _codes(body) or name in {"logout", "passwordChange"}, (name, body)
            else:
                assert _codes(body)[:1] == ["UNAUTHENTICATED"], (name, body)


def test_an_app_token_passes_only_with_the_scope():
    from app.accounts.permissions import Principal

    entry: Access = QUERIES["orders"]
    app = Principal(kind="app", organization_id=1, can_sell=True, scopes=frozenset({Scope.CUSTOMERS_READ}))
    assert entry.refusal(app) == "This operation needs the orders:read scope."
    assert entry.refusal(Principal(kind="app", organization_id=1, scopes=frozenset({Scope.ORDERS_READ}))) is None
    receiver = Principal(kind="user", user_id=1, organization_id=2, can_buy=True, roles=frozenset({Role.RECEIVER}))
    assert MUTATIONS["checkout"].refusal(receiver) == GATE_REFUSAL
    assert MUTATIONS["cartAddLines"].refusal(receiver) == GATE_REFUSAL
    assert MUTATIONS["shipmentConfirmReceipt"].refusal(receiver) is None
