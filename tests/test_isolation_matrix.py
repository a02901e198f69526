"""The isolation matrix (issue 22): every query, mutation and subscription of the schema, called
by every kind of caller with the IDs of objects that belong to someone else, shows nothing of
theirs and changes nothing of theirs.

The operations and their arguments come from the schema, so a new operation is in the matrix
the day it lands: ID arguments get the global ID of another tenant's object of the type the
argument names (ID_TYPES), other arguments a valid value of their type, and the selection is
every field of the answer a few levels deep. An argument the builder does not know (an ID
whose type it cannot tell, a new scalar) fails the test until it is taught here.

The world (tests/support_world.py): supplier X with buyers A and B, supplier Y with buyer C.
Who owns a row is read from the database (tests/support_isolation.py): a caller's secrets are
the IDs, numbers, names and emails of rows of organizations other than its own, less the
published catalog; after every mutation no row of another organization may have changed.
"""

from __future__ import annotations

import asyncio
import json
import secrets as random_secrets
import time
from collections import Counter
from collections.abc import Callable
from contextlib import AsyncExitStack
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    Undefined,
    ast_from_value,
    get_named_type,
    get_nullable_type,
    is_abstract_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
    print_ast,
)

from app.accounts import credentials
from app.accounts.access import ROOTS
from app.accounts.auth import create_api_token, principal_for_header
from app.accounts.models import AuthSession, Role, User
from app.accounts.permissions import Scope
from app.clock import utc_now
from app.global_ids import parse_id
from app.main import create_app
from app.orders import service as orders_service
from app.runtime import get_runtime, start_live, start_runtime, stop_runtime
from app.settings import Settings
from schema.root import build_schema
from tests.support import place_order, principal_of
from tests.support_isolation import Secrets, World, foreign_changes, global_id, models, take_snapshot
from tests.support_live import Subscriber, live_api, wait_for
from tests.support_world import World as Tenants
from tests.support_world import build_world

# The object type each ID argument names, by argument name, or by "rootField.argument" where
# the name alone does not tell (`id`). "Supplier" and "Buyer" are organizations that sell or
# buy; "Node" is any object with a global ID.
ID_TYPES: dict[str, str] = {
    "addressId": "Address",
    "appId": "App",
    "approvalFlowId": "ApprovalFlow",
    "brandId": "Brand",
    "brandIds": "Brand",
    "buyerId": "Buyer",
    "categoryId": "Category",
    "categoryIds": "Category",
    "parentId": "Category",
    "customerAccountId": "CustomerAccount",
    "customerAccountIds": "CustomerAccount",
    "targetCustomerAccountIds": "CustomerAccount",
    "deliveryId": "WebhookDelivery",
    "giftVariantId": "Variant",
    "variantId": "Variant",
    "variantIds": "Variant",
    "lineId": "CustomerCartLine",
    "lineIds": "CustomerCartLine",
    "orderId": "Order",
    "orderLineId": "OrderLine",
    "paymentId": "Payment",
    "priceListId": "PriceList",
    "productId": "Product",
    "productIds": "Product",
    "promotionId": "Promotion",
    "returnId": "Return",
    "salesRepId": "User",
    "userId": "User",
    "shipmentId": "Shipment",
    "shipmentLineId": "ShipmentLine",
    "shippingAddressId": "Address",
    "subscriptionId": "WebhookSubscription",
    "supplierId": "Supplier",
    "warehouseId": "Warehouse",
    "node.id": "Node",
    "nodes.ids": "Node",
    "customerAccount.id": "CustomerAccount",
    "product.id": "Product",
    "order.id": "Order",
    "shipment.id": "Shipment",
    "notificationsMarkRead.ids": "Notification",
    "announcementId": "Announcement",
    "threadId": "ServiceThread",
    "serviceThread.id": "ServiceThread",
    "actorId": "User",
    "subjectId": "Order",
}
ORGANIZATION_KINDS: dict[str, Callable[[dict], bool]] = {
    "Supplier": lambda row: bool(row["can_sell"]),
    "Buyer": lambda row: bool(row["can_buy"]),
}
SUPPLIER_ROLES = (Role.ADMIN, Role.SALES, Role.APPROVER, Role.WAREHOUSE, Role.FINANCE, Role.SERVICE)
CALLERS = (
    "anonymous",
    "buyer A",
    "buyer B",
    "buyer C of Y",
    *(f"X {role.value.lower()}" for role in SUPPLIER_ROLES),
    "Y admin",
    "X app with the scope",
    "X app without the scope",
)
SELECTION_DEPTH = 3
ROOMY = {"max_query_cost": 10**9, "query_cost_budget": 10**12, "max_query_tokens": 10**6, "max_aliases": 10**6}
"""The matrix asks for everything at once: the cost and size limits have their own tests."""


class NeedsBuilder(LookupError):
    """An argument the generic builder cannot fill: teach ID_TYPES or `_scalar` about it."""


def root_fields(schema: GraphQLSchema) -> list[tuple[str, str, GraphQLField]]:
    roots = (
        ("query", schema.query_type),
        ("mutation", schema.mutation_type),
        ("subscription", schema.subscription_type),
    )
    return [(kind, name, field) for kind, root in roots if root for name, field in root.fields.items()]


def id_type(root_field: str, argument: str) -> str:
    found = ID_TYPES.get(f"{root_field}.{argument}") or ID_TYPES.get(argument)
    if found is None:
        raise NeedsBuilder(f"{root_field}: the ID argument {argument!r} has no entry in ID_TYPES")
    return found


def _scalar(scalar: GraphQLScalarType, name: str) -> Any:
    lowered = name.lower()
    today = utc_now()
    values: dict[str, Any] = {
        "Int": 1,
        "Float": 1.0,
        "Boolean": True,
        "Decimal": "1.00",
        "Date": today.date().isoformat(),
        "DateTime": today.isoformat(),
        "Time": "09:00:00",
        # JSON cannot carry a file: the imports answer a userError on input.file and must write nothing.
        "Upload": "matrix.csv",
    }
    if scalar.name in values:
        return values[scalar.name]
    if scalar.name != "String":
        raise NeedsBuilder(f"no value for the scalar {scalar.name} (argument {name!r})")
    if lowered.endswith("eventid"):
        return "0"  # replay from the first event: the outbox must filter what it replays too
    if "email" in lowered or lowered == "login":
        return "matrix@example.com"
    if "url" in lowered or "image" in lowered:
        return "https://example.com/matrix.png"
    if "password" in lowered:
        return "matrix-password-9"
    if "phone" in lowered:
        return "13800000000"
    if lowered == "currency":
        return "CNY"
    if lowered in {"eventkind", "kind"}:
        return "order.placed"
    if lowered == "scopes":
        return Scope.ORDERS_READ.value
    return "matrix"


@dataclass
class Arguments:
    """Argument values for one caller: foreign IDs, valid scalars, the first enum value; every
    input field (`full`) or only the required ones."""

    world: World
    caller_orgs: frozenset[int]
    root_field: str
    full: bool
    node_type: str | None = None

    def foreign_id(self, kind: str) -> str:
        if kind == "Node":
            kind = self.node_type or "Order"
        model, wanted = ("Organization", ORGANIZATION_KINDS[kind]) if kind in ORGANIZATION_KINDS else (kind, None)
        pk = self.world.foreign_object(model, self.caller_orgs, wanted or (lambda row: True))
        return global_id(model, pk)

    def value(self, type_, name: str, seen: frozenset[str] = frozenset()) -> Any:
        nullable = get_nullable_type(type_)
        if is_list_type(nullable):
            if name == "ids" and self.root_field == "nodes":
                return [self.foreign_id(t) for t in sorted(self.world.node_models)]
            return [self.value(nullable.of_type, name, seen)]
        named = get_named_type(type_)
        if isinstance(named, GraphQLEnumType):
            return next(iter(named.values))
        if isinstance(named, GraphQLInputObjectType):
            return self.input_object(named, seen)
        if named.name == "ID":
            return self.foreign_id(id_type(self.root_field, name))
        return _scalar(named, name)

    def input_object(self, input_type: GraphQLInputObjectType, seen: frozenset[str]) -> dict:
        values = {}
        for name, field in input_type.fields.items():
            if self.wanted(field) and input_type.name not in seen:
                values[name] = self.value(field.type, name, seen | {input_type.name})
        return values

    def wanted(self, argument: GraphQLArgument | GraphQLInputField) -> bool:
        required = is_non_null_type(argument.type) and argument.default_value is Undefined
        return required or self.full

    def of(self, field: GraphQLField) -> dict[str, tuple[Any, Any]]:
        """name → (type, value) of the arguments to send."""
        return {name: (arg.type, self.value(arg.type, name)) for name, arg in field.args.items() if self.wanted(arg)}


@dataclass
class Selection:
    """Every field of an answer down to SELECTION_DEPTH objects; lists of plain values such as
    Money or PageInfo (objects of leaves only) do not count as a level."""

    schema: GraphQLSchema
    arguments: Arguments

    def of(self, type_, depth: int = SELECTION_DEPTH, alias: str = "") -> str | None:
        """`alias` prefixes the fields of one possible type of an interface or union, whose
        fields of the same name may have different types."""
        named = get_named_type(type_)
        if is_leaf_type(named):
            return ""
        if is_abstract_type(named):
            if depth == 0:
                return None
            parts = ["__typename"]
            for possible in self.schema.get_possible_types(named):
                inner = self.of(possible, depth, alias=possible.name)
                if inner:
                    parts.append(f"... on {possible.name} {{ {inner} }}")
            return " ".join(parts)
        assert isinstance(named, GraphQLObjectType)
        plain = all(is_leaf_type(get_named_type(f.type)) for f in named.fields.values())
        if depth == 0 and not plain:
            return None
        parts = []
        for name, field in named.fields.items():
            if name == "edges" and "nodes" in named.fields:
                continue  # a connection's nodes carry the same objects for less
            inner = self.of(field.type, depth - 1)
            if inner is None:
                continue
            arguments = self._literal_arguments(name, field)
            key = f"{alias}_{name}: {name}" if alias else name
            parts.append(f"{key}{arguments} {{ {inner} }}" if inner else f"{key}{arguments}")
        return " ".join(parts) or None

    def _literal_arguments(self, name: str, field: GraphQLField) -> str:
        required = {
            arg_name: arg
            for arg_name, arg in field.args.items()
            if is_non_null_type(arg.type) and arg.default_value is Undefined
        }
        if not required:
            return ""
        nested = replace(self.arguments, root_field=name, full=False)
        literals = [
            f"{arg_name}: {print_ast(ast_from_value(nested.value(arg.type, arg_name), arg.type))}"
            for arg_name, arg in required.items()
        ]
        return f"({', '.join(literals)})"


def document(kind: str, name: str, field: GraphQLField, arguments: Arguments, schema: GraphQLSchema):
    """The operation text and its variables."""
    values = arguments.of(field)
    definitions = ", ".join(f"${n}: {t}" for n, (t, _) in values.items())
    call = f"{name}({', '.join(f'{n}: ${n}' for n in values)})" if values else name
    inner = Selection(schema, arguments).of(field.type)
    body = f"{call} {{ {inner} }}" if inner else call
    header = f"{kind} Matrix({definitions})" if definitions else f"{kind} Matrix"
    return f"{header} {{ {body} }}", {n: v for n, (_, v) in values.items()}


@dataclass
class Caller:
    name: str
    orgs: frozenset[int]
    user: User | None = None
    app_of: int | None = None
    with_scope: bool = True


class Tokens:
    """Access tokens: one session per user for queries and a fresh one per mutation (which may
    sign its caller out), app tokens by their set of scopes."""

    def __init__(self, settings):
        self.settings = settings
        self._apps: dict[tuple[int, frozenset[str]], str] = {}
        self._reading: dict[str, str] = {}

    async def for_user(self, user: User) -> str:
        now = utc_now()
        session = await AuthSession.create(
            user_id=user.id,
            refresh_token_hash=credentials.digest(random_secrets.token_urlsafe(24)),
            expires_at=now + timedelta(hours=1),
        )
        return credentials.issue_access_token(self.settings, user_id=user.id, session_id=session.id, now=now)[0]

    async def for_app(self, organization_id: int, scopes: frozenset[str]) -> str:
        key = (organization_id, scopes)
        if key not in self._apps:
            self._apps[key] = await create_api_token(organization_id, f"matrix {len(self._apps)}", sorted(scopes))
        return self._apps[key]

    async def of(self, caller: Caller, operation_kind: str, operation: str) -> str | None:
        if caller.user is not None and operation_kind == "query":
            if caller.name not in self._reading:
                self._reading[caller.name] = await self.for_user(caller.user)
            return self._reading[caller.name]
        if caller.user is not None:
            return await self.for_user(caller.user)
        if caller.app_of is None:
            return None
        scope = ROOTS[operation_kind.capitalize()][operation].scope
        every = frozenset(s.value for s in Scope)
        if caller.with_scope:
            return await self.for_app(caller.app_of, every)
        return await self.for_app(caller.app_of, every - {scope.value} if scope else frozenset())


async def callers(built: Tenants) -> list[Caller]:
    x, y = built.x, built.y
    x_org, y_org = frozenset({x.org.id}), frozenset({y.org.id})

    def buyer(user: User) -> frozenset[int]:
        return frozenset({user.organization_id})  # type: ignore[attr-defined]

    found = [
        Caller("anonymous", frozenset()),
        Caller("buyer A", buyer(x.buyers["abuy"]), x.buyers["abuy"]),
        Caller("buyer B", buyer(x.buyers["bbuy"]), x.buyers["bbuy"]),
        Caller("buyer C of Y", buyer(y.buyers["cbuy"]), y.buyers["cbuy"]),
        *(Caller(f"X {role.value.lower()}", x_org, x.staff[role]) for role in SUPPLIER_ROLES),
        Caller("Y admin", y_org, y.staff[Role.ADMIN]),
        Caller("X app with the scope", x_org, app_of=x.org.id),
        Caller("X app without the scope", x_org, app_of=x.org.id, with_scope=False),
    ]
    assert tuple(c.name for c in found) == CALLERS
    return found


@dataclass
class Matrix:
    """The world, its callers and the record of what was called and what came back."""

    schema: GraphQLSchema
    world: World
    callers: list[Caller]
    http: httpx.AsyncClient
    tokens: Tokens
    exercised: set[tuple[str, str]]
    answers: Counter
    settings: Settings
    built: Tenants

    def calls(self, kind: str, name: str, field: GraphQLField, caller: Caller):
        """(query, variables) of each call of one operation by one caller: required arguments
        only and every argument (once if the same); `node` once per type of object."""
        node_types = sorted(self.world.node_models) if name == "node" else [None]
        made = []
        for node_type in node_types:
            for full in (False, True):
                arguments = Arguments(self.world, caller.orgs, name, full, node_type)
                call = document(kind, name, field, arguments, self.schema)
                if call not in made:
                    made.append(call)
        return made

    async def call(self, kind: str, name: str, caller: Caller, query: str, variables: dict, secrets: Secrets):
        token = await self.tokens.of(caller, kind, name)
        headers = {"authorization": f"Bearer {token}"} if token else {}
        response = await self.http.post("/graphql", json={"query": query, "variables": variables}, headers=headers)
        where = f"{name} as {caller.name}"
        assert response.status_code < 500, (where, response.text)
        body = response.json()
        codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
        assert "INTERNAL_SERVER_ERROR" not in codes, (where, query, variables, body)
        assert "GRAPHQL_VALIDATION_FAILED" not in codes, (where, query, variables, body)
        sent = frozenset(json.dumps(variables).split('"'))
        leaked = secrets.found_in(body.get("data")) | secrets.found_in(body.get("errors"), besides=sent)
        assert not leaked, (where, leaked, query, variables, body)
        self.exercised.add((name, caller.name))
        self.answers[_answer(body, name)] += 1
        return body


def _refused_at_the_door(body: dict) -> bool:
    """Refused by the access guard, which runs before the resolver (schema/access.py)."""
    codes = {e.get("extensions", {}).get("code") for e in body.get("errors", [])}
    return body.get("data") is None and bool(codes) and codes <= {"FORBIDDEN", "UNAUTHENTICATED"}


def _answer(body: dict, name: str) -> str:
    if body.get("errors"):
        return body["errors"][0].get("extensions", {}).get("code") or "ERROR"
    payload = (body.get("data") or {}).get(name)
    if isinstance(payload, dict) and payload.get("userErrors"):
        return "userErrors:" + payload["userErrors"][0]["code"]
    return "data"


@pytest.fixture
async def matrix(settings, clean_state):
    roomy = replace(settings, **ROOMY)
    await stop_runtime()
    await start_runtime(roomy)
    built = await build_world(settings.uses_postgres)
    schema = build_schema(roomy)._schema
    node_types = {
        t.name
        for t in schema.type_map.values()
        if isinstance(t, GraphQLObjectType) and "Node" in {i.name for i in t.interfaces}
    }
    world = World(await take_snapshot(), node_types)
    transport = httpx.ASGITransport(app=create_app(roomy, manage_resources=False), client=("10.9.0.1", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield Matrix(schema, world, await callers(built), http, Tokens(roomy), set(), Counter(), roomy, built)


def _operations(matrix: Matrix, kind: str) -> list[tuple[str, GraphQLField]]:
    return [(name, field) for k, name, field in root_fields(matrix.schema) if k == kind]


def test_every_id_argument_names_its_type_of_object(settings):
    """A new ID argument fails here until ID_TYPES says what kind of object it takes."""
    schema = build_schema(settings)._schema
    missing = []

    def walk(root_field: str, arguments: dict, seen: frozenset[str]) -> None:
        for name, argument in arguments.items():
            named = get_named_type(argument.type)
            if named.name == "ID":
                try:
                    id_type(root_field, name)
                except NeedsBuilder as error:
                    missing.append(str(error))
            elif isinstance(named, GraphQLInputObjectType) and named.name not in seen:
                walk(root_field, named.fields, seen | {named.name})

    for _, name, field in root_fields(schema):
        walk(name, field.args, frozenset())
    assert missing == []
    # Each names a table of the world, whose rows say who owns them.
    assert set(ID_TYPES.values()) - {"Node", *ORGANIZATION_KINDS} <= set(models())


async def test_queries_show_no_one_else_s_data(matrix: Matrix):
    started = time.perf_counter()
    operations = _operations(matrix, "query")
    for caller in matrix.callers:
        secrets = Secrets(matrix.world.secrets(caller.orgs))
        for name, field in operations:
            for query, variables in matrix.calls("query", name, field, caller):
                await matrix.call("query", name, caller, query, variables, secrets)
    assert matrix.exercised == {(name, caller) for name, _ in operations for caller in CALLERS}
    print(
        f"\n{len(operations)} queries × {len(CALLERS)} callers in {time.perf_counter() - started:.1f} s: {dict(matrix.answers)}"
    )


async def test_mutations_change_no_one_else_s_rows(matrix: Matrix):
    started = time.perf_counter()
    operations = _operations(matrix, "mutation")
    world_orgs = frozenset(matrix.world.snapshot.rows["Organization"])
    for caller in matrix.callers:
        secrets = Secrets(matrix.world.secrets(caller.orgs))
        before = await take_snapshot()
        for name, field in operations:
            for query, variables in matrix.calls("mutation", name, field, caller):
                body = await matrix.call("mutation", name, caller, query, variables, secrets)
                if _refused_at_the_door(body):
                    continue  # no resolver ran; the next snapshot covers it all the same
                after = await take_snapshot()
                changed = foreign_changes(before, after, caller.orgs, world_orgs)
                assert not changed, (name, caller.name, changed, query, variables)
                before = after
        changed = foreign_changes(before, await take_snapshot(), caller.orgs, world_orgs)
        assert not changed, (caller.name, changed)
    assert matrix.exercised == {(name, caller) for name, _ in operations for caller in CALLERS}
    print(
        f"\n{len(operations)} mutations × {len(CALLERS)} callers in {time.perf_counter() - started:.1f} s: {dict(matrix.answers)}"
    )


BARRIER = "subscription { orderUpdated { order { id status } } }"


@dataclass
class Connection:
    """One caller's graphql-transport-ws connection holding the calls of one subscription
    (ids t0, t1, ...) and the barrier `b`: an orderUpdated of the caller's own, last of all."""

    caller: Caller
    operation: str
    subscriber: Subscriber
    calls: list[tuple[str, dict]]
    barrier_order: str | None
    messages: list[dict]

    async def read_until_barrier(self) -> None:
        while True:
            message = await self.subscriber.message(timeout=20)
            self.messages.append(message)
            if message.get("id") != "b":
                continue
            if message["type"] != "next":
                return  # the barrier itself was refused: so was everything else here
            order = ((message["payload"].get("data") or {}).get("orderUpdated") or {}).get("order") or {}
            if order.get("id") == self.barrier_order and order.get("status") == "CANCELLED":
                return


def _barrier_orders(orders: dict[str, Any]) -> dict[str, str | None]:
    """The order whose cancelling each caller waits for: its own, or its supplier's first customer's."""
    a, b, c = (global_id("Order", orders[code].id) for code in ("abuy", "bbuy", "cbuy"))
    barrier = {name: a for name in CALLERS if name.startswith("X ")}
    return {**barrier, "anonymous": None, "buyer A": a, "buyer B": b, "buyer C of Y": c, "Y admin": c}


async def test_subscriptions_deliver_no_one_else_s_events(matrix: Matrix):
    """Every subscription, by every caller, with other tenants' IDs: events of everyone's new
    orders never reach a caller they do not concern; each connection ends on its caller's own
    event (the barrier), so nothing is left to arrive."""
    started = time.perf_counter()
    operations = _operations(matrix, "subscription")
    live = await start_live(get_runtime())
    built = matrix.built
    connections: list[Connection] = []
    async with live_api(matrix.settings) as base, AsyncExitStack() as stack:
        for caller in matrix.callers:
            for name, field in operations:
                calls = matrix.calls("subscription", name, field, caller)
                token = await matrix.tokens.of(caller, "subscription", name)
                subscriber = await stack.enter_async_context(Subscriber.connect(base, token))
                for index, (query, variables) in enumerate(calls):
                    await subscriber.subscribe(query, variables, id=f"t{index}")
                await subscriber.subscribe(BARRIER, id="b")
                connections.append(Connection(caller, name, subscriber, calls, None, []))
        # Wait until every barrier the door lets through listens (it is subscribed last).
        listening = 0
        for connection in connections:
            token = await matrix.tokens.of(connection.caller, "subscription", connection.operation)
            principal = await principal_for_header(f"Bearer {token}" if token else None)
            listening += principal.is_authenticated and ROOTS["Subscription"]["orderUpdated"].refusal(principal) is None
        await wait_for(lambda: live.hub.subscription_count >= listening, timeout=30)

        # Everyone's events first: an order placed by each buyer (approval requests, inbox
        # entries, order updates), then the barriers: each of those orders cancelled.
        placed = {}
        for tenant in (built.x, built.y):
            for code, buyer in tenant.buyers.items():
                variant = tenant.shop.variants["TEA-1"]
                placed[code] = await place_order(buyer, tenant.org.id, {variant: 1}, f"{code}-matrix")
        for code, order in placed.items():
            buyer = built.x.buyers.get(code) or built.y.buyers[code]
            await orders_service.cancel(await principal_of(buyer), order.id, "matrix barrier")
        barriers = _barrier_orders(placed)
        for connection in connections:
            connection.barrier_order = barriers[connection.caller.name]
        await asyncio.gather(*(c.read_until_barrier() for c in connections))

    # The orders placed above are part of the world now (order numbers repeat across suppliers).
    world = World(await take_snapshot(), matrix.world.node_types)
    for connection in connections:
        caller, name = connection.caller, connection.operation
        secrets = Secrets(world.secrets(caller.orgs))
        for message in connection.messages:
            leaked = secrets.found_in(message.get("payload"))
            assert not leaked, (name, caller.name, leaked, message)
            index = message.get("id", "")
            if index.startswith("t"):
                payload = message.get("payload") or {}
                body = {"errors": payload} if message["type"] == "error" else payload
                matrix.answers[f"{message['type']}:{_answer(body, name)}"] += 1
            if index.startswith("t") and message["type"] == "next":
                query, variables = connection.calls[int(index[1:])]
                named = [v for v in json.dumps(variables).split('"') if parse_id(v)]
                data = message["payload"].get("data") or {}
                # A subscription to a foreign object hears nothing of it.
                assert not (named and data.get(name)), (name, caller.name, variables, message)
        matrix.exercised.add((name, caller.name))
    assert matrix.exercised == {(name, caller) for name, _ in operations for caller in CALLERS}
    print(
        f"\n{len(operations)} subscriptions × {len(CALLERS)} callers in {time.perf_counter() - started:.1f} s:"
        f" {dict(matrix.answers)}"
    )
