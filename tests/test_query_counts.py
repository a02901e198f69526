"""SQL per request: every list of the API costs the same number of queries for a page of 2 and a
page of 20 (with every field of its nodes, and of the objects they hold, selected), and a page of
product names costs two catalog queries, whatever its size, once the caller's principal is cached."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from graphql import (
    GraphQLEnumType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLUnionType,
)

from app.accounts.models import CustomerAccount, User
from app.catalog.models import Variant
from app.clock import utc_now
from app.demo.history import statement_period
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.errors import UserInputError
from app.orders import quotas
from app.outbox import OutboxEvent
from app.returns import service as returns
from app.shipments.models import ShipmentLine
from app.support import threads
from app.support.models import ThreadKind
from app.webhooks import service as webhooks
from app.webhooks.models import WebhookDelivery
from schema.root import build_schema
from tests.support import gid, make_buyer, make_shop, place_order, principal_of
from tests.test_notifications import relay_all

CACHED_AUTH_QUERIES = 0
"""A bearer token seen a moment ago costs no query: the worker's principal cache holds it
(app/accounts/principal_cache.py; a miss costs the session with the user, and the user's roles)."""

LIGHT_PAGE = "{ products(first: 50) { edges { node { id name } } } }"


def _named(graphql_type):
    while isinstance(graphql_type, GraphQLList | GraphQLNonNull):
        graphql_type = graphql_type.of_type
    return graphql_type


def every_field(object_type: GraphQLObjectType, depth: int = 1) -> str:
    """A selection of every field that needs no argument, and of the objects it reaches `depth` levels down."""
    selected = []
    for name, field in object_type.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is None for a in field.args.values()):
            continue
        inner = _named(field.type)
        if isinstance(inner, GraphQLScalarType | GraphQLEnumType):
            selected.append(name)
        elif isinstance(inner, GraphQLObjectType) and depth > 0:
            selected.append(f"{name} {{ {every_field(inner, depth - 1)} }}")
        elif isinstance(inner, GraphQLInterfaceType | GraphQLUnionType):
            selected.append(f"{name} {{ __typename }}")
    return " ".join(selected)


@dataclass(frozen=True)
class PagedList:
    """A list of the API, read by `user` as `{ <outer> <field>(first: N<arguments>) { … } }`."""

    field: str
    user: str
    arguments: str = ""
    parent: str = "Query"
    outer: str = ""

    def query(self, first: int) -> str:
        schema = build_schema()._schema
        connection = _named(schema.get_type(self.parent).fields[self.field].type)
        node = _named(_named(connection.fields["edges"].type).fields["node"].type)
        page = (
            f"{self.field}(first: {first}{self.arguments}) {{ totalCount edges {{ node {{ {every_field(node)} }} }} }}"
        )
        return f"{{ {self.outer.replace('…', page)} }}" if self.outer else f"{{ {page} }}"


ADMIN = "admin@huaxin.demo"
DEALER_A = "buyer@dealer-a.demo"


async def _lists() -> list[PagedList]:
    account = await CustomerAccount.get(supplier__code="huaxin", buyer__code="dealer-a").prefetch_related("supplier")
    # From long before the demo's history to the end of its statement period: every entry and order.
    _, period_to = statement_period(account.supplier)
    statement = f'statement(customerAccountId: "{gid("CustomerAccount", account.id)}", from: "{period_to.replace(year=period_to.year - 5)}", to: "{period_to}") {{ … }}'
    # The demo's dealers reported the last two full months.
    last_month = (period_to.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    analysis = f'sellThroughAnalysis(filter: {{period: "{last_month}"}}) {{ … }}'
    return [
        PagedList("products", DEALER_A),
        PagedList("products", ADMIN),
        PagedList("customerAccounts", ADMIN),
        PagedList("users", ADMIN),
        PagedList("orders", ADMIN),
        PagedList("orders", DEALER_A),
        PagedList("approvals", "approver@huaxin.demo"),
        PagedList("payments", ADMIN),
        PagedList("shipments", ADMIN),
        PagedList("returns", ADMIN),
        PagedList("notifications", ADMIN),
        PagedList("webhookDeliveries", ADMIN),
        PagedList("allocationQuotas", ADMIN),
        PagedList("announcements", ADMIN),
        PagedList("announcements", DEALER_A),
        PagedList("serviceThreads", "service@huaxin.demo"),
        PagedList("serviceThreads", DEALER_A),
        PagedList("entries", DEALER_A, parent="Statement", outer=statement),
        PagedList("sellThroughReports", ADMIN),
        PagedList("sellThroughReports", "sales1@huaxin.demo"),
        PagedList("rows", ADMIN, parent="SellThroughAnalysis", outer=analysis),
    ]


async def _more_rows_than_the_demo_has() -> None:
    """Every list gets more than two rows: quotas, webhook deliveries and returns of single units."""
    admin = await principal_of(await _user(ADMIN))
    variants = await Variant.filter(supplier__code="huaxin").order_by("id").limit(5)
    await quotas.set_quotas(admin, [quotas.QuotaInput(variant_id=v.id, quantity=100) for v in variants])
    app, _ = await webhooks.create_app(admin, "erp", ["orders:read"])
    subscription, _ = await webhooks.subscribe(admin, app.id, "order.status_changed", "http://127.0.0.1:9/hook")
    for event in await OutboxEvent.all().order_by("id").limit(5):
        await WebhookDelivery.create(subscription=subscription, event=event, next_attempt_at=utc_now())
    dealer = await _user(DEALER_A)
    for key in ("a", "b", "c"):
        await place_order(
            dealer, admin.require_organization_id(), {variants[0]: variants[0].min_order_quantity}, key=key
        )
    buyer = await principal_of(dealer)
    for subject in ("Pallets", "Labels"):
        await threads.open_thread(
            buyer, threads.ThreadInput(admin.require_organization_id(), ThreadKind.SUGGESTION, subject, "…")
        )
    for line in await ShipmentLine.filter(received_quantity__gte=2).select_related("shipment", "order_line"):
        try:
            await returns.request(
                buyer,
                returns.ReturnInput(
                    order_id=line.shipment.order_id, lines=(returns.ReturnLineInput(line.id, 1),), reason="damaged"
                ),
            )
        except UserInputError:
            continue  # a line of another buyer, or already returned in full


async def _user(email: str) -> User:
    return await User.get(email=email)


async def test_every_list_costs_the_same_sql_for_2_rows_and_for_20(settings, client, query_counter):
    await seed_demo()
    await relay_all(settings)
    await _more_rows_than_the_demo_has()
    tokens: dict[str, str] = {}
    differing = []
    for paged in await _lists():
        tokens.setdefault(paged.user, await client.token(paged.user, DEMO_PASSWORD))
        measured = []
        for first in (2, 20):
            query_counter.reset()
            data = await client.data(paged.query(first), token=tokens[paged.user])
            page = data[paged.field] if not paged.outer else next(iter(data.values()))[paged.field]
            measured.append((len(page["edges"]), query_counter.count))
        (few, few_sql), (many, many_sql) = measured
        assert few == 2 < many, f"{paged.field} as {paged.user}: {few} and {many} rows, not enough to compare"
        if few_sql != many_sql:
            differing.append(
                f"{paged.parent}.{paged.field} as {paged.user}: {few_sql} SQL for 2 rows, {many_sql} for {many}"
            )
    assert differing == []


async def _warm_principal_cache(client, token: str) -> None:
    """One request with the token, so the measured one finds its principal in the cache."""
    await client.data("{ __typename }", token=token)


async def test_a_page_of_product_names_costs_at_most_three_queries_in_all(client, query_counter, principal_cache):
    await seed_demo()
    token = await client.token(DEALER_A, DEMO_PASSWORD)
    for page in (LIGHT_PAGE, LIGHT_PAGE.replace("50", "5"), "{ products(first: 50) { nodes { id name } } }"):
        await _warm_principal_cache(client, token)
        query_counter.reset()
        data = await client.data(page, token=token)
        assert query_counter.count <= CACHED_AUTH_QUERIES + 2 <= 3, query_counter.statements
    assert len(data["products"]["nodes"]) == 50


async def test_fields_selected_through_fragments_and_aliases_are_loaded(client):
    await seed_demo()
    token = await client.token(DEALER_A, DEMO_PASSWORD)
    direct = """{ products(first: 5) { edges { node { tags brand { name } promotions { name }
        variants { price { amount } available product { category { name } } } } } } }"""
    spread = """{ products(first: 5) { nodes { ...Shown } } }
        fragment Shown on Product { t: tags b: brand { name } ... on Product { promotions { name } }
          v: variants { ... on Variant { p: price { amount } available owner: product { category { name } } } } }"""
    expected = [edge["node"] for edge in (await client.data(direct, token=token))["products"]["edges"]]
    got = (await client.data(spread, token=token))["products"]["nodes"]
    assert [
        {
            "tags": node["t"],
            "brand": node["b"],
            "promotions": node["promotions"],
            "variants": [{"price": v["p"], "available": v["available"], "product": v["owner"]} for v in node["v"]],
        }
        for node in got
    ] == expected
    shown = [v for node in expected for v in node["variants"]]
    assert any(v["price"] is not None and v["available"] > 0 and v["product"]["category"] for v in shown)


ADD_AND_CHECKOUT = """mutation ($s: ID!, $v: ID!, $k: String!) {
  cartAddLines(input: {supplierId: $s, lines: [{variantId: $v, quantity: 2}]}) { userErrors { code } }
  checkout(input: {supplierId: $s, idempotencyKey: $k}) {
    order { id number status total { amount } lines { id quantity } } userErrors { code } } }"""
CHECKOUT_QUERIES = 31  # 32 before the payload showed the lines the checkout wrote (it read them back); 33 before the placement hooks were handed the lines as sold (the rollups read them back); 34 before the checkout's pricing read its variants' availability with them; 35 before the placement wrote its two events in one INSERT; 36 before the approval took its supplier's setting from the kept flows (and the account's group only when a flow looks at groups); 38 before the add read its variants' availability with them and the pricing its products' visibility with its variants; one more since the order takes its number last, by an UPDATE, so one supplier's checkouts do not take turns while they write lines and reserve stock; 39 before the ordering windows and quotas were kept per supplier; 41 before the own cart was read with its account in one query; 46 before the checkout priced its cart under the cart's lock (its key and lines read once), reservations read and locked their stock rows in one statement, the pricing took its lines' variants with their products and no others, and categories were kept per supplier; 62 before the order number took one upsert, approvals one insert and read the account with its supplier, reservations read stock back only to warn, the payload loaded the placer, history and line changes it does not select, pricing read the promotions and the price list assignments each time, approvals the flows, the add and the checkout each read the supplier, and the add counted the cart's other lines apart
"""A cart add and a checkout in one request (bench/checkout_bench.py): the add does not price a
cart its payload does not select; the checkout prices once, and reads the cut-off and the gifts
from that pricing."""


async def test_a_cart_add_and_checkout_cost_a_fixed_number_of_queries(client, query_counter, settings):
    """PostgreSQL locks and reads the customer account in one statement, where SQLite first updates it to
    make the transaction a writer before it reads (process.held_account); and takes the order's number and
    writes it in one statement (numbering.write_next_number); and the add and the checkout each read the own
    cart and lock it in one statement, where SQLite first updates it, then reads it (carts.cart_of(held=True));
    and sends the placement's rollups and events in one statement (db.writes_together)."""
    supplier, _, variants = await make_shop()
    await make_buyer(supplier, "alpha")
    token = await client.token("buyer@alpha.test")
    variables = {"s": gid("Organization", supplier.org.id), "v": gid("Variant", variants["TEA-1"].id)}
    await client.data(ADD_AND_CHECKOUT, {**variables, "k": "first"}, token=token)
    query_counter.reset()
    data = await client.data(ADD_AND_CHECKOUT, {**variables, "k": "second"}, token=token)
    assert data["checkout"]["userErrors"] == [] and data["checkout"]["order"]["lines"][0]["quantity"] == 2
    expected = CHECKOUT_QUERIES - 6 if settings.uses_postgres else CHECKOUT_QUERIES
    assert query_counter.count == expected, "\n".join(query_counter.statements)
