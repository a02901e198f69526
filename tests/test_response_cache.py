"""The response cache (issue 21): a buyer's catalog read repeated by anyone of the same price scope
answers from memory with no query, and whatever changes prices, promotions, stock or visibility
shows on the very next request, on one worker and across two workers sharing Redis."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from graphql import parse

from app.accounts.models import Role
from app.inventory.models import Warehouse
from app.main import create_app
from app.runtime import start_runtime, stop_runtime
from schema.cost import query_cost
from schema.http import GraphQLEndpoint
from schema.root import build_schema
from tests.support import GraphQLClient, gid, make_buyer, make_shop, make_user
from tests.test_multiworker import ADD_AND_CHECKOUT, _login, shared_redis_url, worker  # noqa: F401 (a fixture)

PAGE = """query ($first: Int) { products(first: $first) { totalCount edges { node {
  id name promotions { name } variants { sku available price { amount } basePrice { amount }
  volumeBreaks { minQuantity unitPrice { amount } } } } } } }"""
NAMES = "{ products(first: 10) { edges { node { name variants { sku price { amount } } } } } }"
QUOTA = "{ products(first: 10) { edges { node { variants { sku quota { remaining } } } } } }"
ADJUST = """mutation ($variant: ID!, $warehouse: ID!, $change: Int!) {
  stockAdjust(input: {variantId: $variant, warehouseId: $warehouse, change: $change, reason: "count"}) {
    userErrors { code } } }"""
PUBLISH = """mutation ($product: ID!, $published: Boolean!) {
  productPublish(input: {productId: $product, published: $published}) { userErrors { code } } }"""
LIST_CREATE = """mutation ($input: PriceListCreateInput!) {
  priceListCreate(input: $input) { priceList { id } userErrors { code } } }"""
LIST_UPDATE = """mutation ($id: ID!, $list: PriceListCreateInput!) {
  priceListUpdate(input: {priceListId: $id, priceList: $list}) { userErrors { code } } }"""
SET_PRICES = """mutation ($id: ID!, $variant: ID!, $price: Decimal!) {
  priceListSetPrices(input: {priceListId: $id, prices: [{variantId: $variant, price: $price}]}) {
    userErrors { code } } }"""
PROMOTION = """mutation ($product: ID!) { promotionCreate(input: {name: "Spring", kind: PERCENT_OFF,
  percentOff: "10", productIds: [$product], targetTiers: ["A"]}) { userErrors { code } } }"""
SUSPEND = """mutation ($id: ID!) {
  customerAccountSuspend(input: {customerAccountId: $id, reason: "unpaid"}) { userErrors { code } } }"""
ACCOUNT_UPDATE = """mutation ($id: ID!, $tier: String) {
  customerAccountUpdate(input: {customerAccountId: $id, tier: $tier}) { userErrors { code } } }"""


def _endpoint(app) -> GraphQLEndpoint:
    return next(route.app for route in app.routes if isinstance(getattr(route, "app", None), GraphQLEndpoint))


@pytest.fixture
def cached_app(settings, principal_cache):
    """A worker with the response cache on (and the principal cache, so a hit costs no query)."""
    return create_app(replace(settings, response_cache_entries=100), manage_resources=False)


@pytest.fixture
async def cached(cached_app):
    transport = httpx.ASGITransport(app=cached_app, client=("10.1.0.2", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield GraphQLClient(http)


@pytest.fixture
async def shop(cached):
    """A shop with three buyers: alpha and beta in tier A (a 90% list), gamma in tier B."""
    supplier, admin, variants = await make_shop()
    buyers = {
        code: await make_buyer(supplier, code, tier=tier)
        for code, tier in (("alpha", "A"), ("beta", "A"), ("gamma", "B"))
    }
    owner = await cached.token(supplier.admin.email)
    rate = {"name": "Tier A", "kind": "RATE", "rate": "0.9", "tiers": ["A"]}
    created = await cached.data(LIST_CREATE, {"input": rate}, owner)
    tokens = {code: await cached.token(f"buyer@{code}.test") for code in buyers}
    return {
        "supplier": supplier,
        "owner": owner,
        "variants": variants,
        "accounts": {code: account for code, (_, _, account) in buyers.items()},
        "tokens": tokens,
        "rate_list": created["priceListCreate"]["priceList"]["id"],
        "warehouse": await Warehouse.get(supplier_id=supplier.org.id),
    }


def _prices(data: dict) -> dict[str, str]:
    return {v["sku"]: v["price"]["amount"] for edge in data["products"]["edges"] for v in edge["node"]["variants"]}


def _available(data: dict) -> dict[str, int]:
    return {v["sku"]: v["available"] for edge in data["products"]["edges"] for v in edge["node"]["variants"]}


async def test_a_hit_answers_the_data_of_the_miss_without_a_query(cached, shop, query_counter):
    token = shop["tokens"]["alpha"]
    await cached.data("{ viewer { user { id } } }", token=token)  # the principal is cached
    query_counter.reset()
    missed = await cached.execute(PAGE, {"first": 10}, token)
    assert query_counter.count > 0
    query_counter.reset()
    hit = await cached.execute(PAGE, {"first": 10}, token)
    assert query_counter.count == 0, query_counter.statements
    assert hit["data"] == missed["data"]
    assert _prices(hit["data"]) == {"TEA-6": "45.00", "TEA-1": "9.00"}
    assert hit["extensions"]["cost"]["requestedQueryCost"] == missed["extensions"]["cost"]["requestedQueryCost"]
    assert hit["extensions"]["cost"]["actualQueryCost"] == missed["extensions"]["cost"]["actualQueryCost"]
    query_counter.reset()
    await cached.execute(PAGE, {"first": 5}, token)
    assert query_counter.count > 0, "other variables are another entry"


async def test_buyers_of_one_scope_share_an_entry_and_other_tiers_do_not(cached, shop, query_counter):
    for code in ("alpha", "beta", "gamma"):
        await cached.data("{ viewer { user { id } } }", token=shop["tokens"][code])
    alpha = await cached.data(NAMES, token=shop["tokens"]["alpha"])
    query_counter.reset()
    beta = await cached.data(NAMES, token=shop["tokens"]["beta"])
    assert query_counter.count == 1, "beta's accounts are read once; the page is alpha's"
    assert beta == alpha
    query_counter.reset()
    await cached.data(NAMES, token=shop["tokens"]["beta"])
    assert query_counter.count == 0, query_counter.statements
    assert beta == alpha
    gamma = await cached.data(NAMES, token=shop["tokens"]["gamma"])
    assert query_counter.count > 0
    assert _prices(gamma) == {"TEA-6": "50.00", "TEA-1": "10.00"}


async def test_an_account_a_price_list_names_gets_its_own_entry(cached, shop):
    await cached.data(NAMES, token=shop["tokens"]["alpha"])
    own = {
        "name": "Beta's own",
        "kind": "RATE",
        "rate": "0.5",
        "customerAccountIds": [gid("CustomerAccount", shop["accounts"]["beta"].id)],
    }
    assert (await cached.data(LIST_CREATE, {"input": own}, shop["owner"]))["priceListCreate"]["userErrors"] == []
    assert _prices(await cached.data(NAMES, token=shop["tokens"]["beta"])) == {"TEA-6": "25.00", "TEA-1": "5.00"}
    assert _prices(await cached.data(NAMES, token=shop["tokens"]["alpha"])) == {"TEA-6": "45.00", "TEA-1": "9.00"}


async def _warm(client: GraphQLClient, token: str) -> dict:
    first = await client.data(PAGE, token=token)
    assert await client.data(PAGE, token=token) == first
    return first


async def test_price_changes_show_on_the_next_request(cached, shop):
    token, variant = shop["tokens"]["alpha"], shop["variants"]["TEA-1"]
    await _warm(cached, token)
    fixed = {"name": "Fixed A", "kind": "FIXED", "priority": 5, "tiers": ["A"]}
    created = await cached.data(LIST_CREATE, {"input": fixed}, shop["owner"])
    fixed_id = created["priceListCreate"]["priceList"]["id"]
    await cached.data(
        SET_PRICES, {"id": fixed_id, "variant": gid("Variant", variant.id), "price": "7.77"}, shop["owner"]
    )
    assert _prices(await cached.data(PAGE, token=token))["TEA-1"] == "7.77"

    assignment = {"name": "Fixed A", "kind": "FIXED", "priority": 5, "tiers": ["B"]}
    await cached.data(LIST_UPDATE, {"id": fixed_id, "list": assignment}, shop["owner"])
    assert _prices(await cached.data(PAGE, token=token))["TEA-1"] == "9.00", "the list now prices tier B"
    assert _prices(await cached.data(PAGE, token=shop["tokens"]["gamma"]))["TEA-1"] == "7.77"


async def test_promotion_stock_visibility_and_tier_changes_show_on_the_next_request(cached, shop):
    token, owner = shop["tokens"]["alpha"], shop["owner"]
    tea = shop["variants"]["TEA-1"]
    product = gid("Product", tea.product_id)
    await _warm(cached, token)

    await cached.data(PROMOTION, {"product": product}, owner)
    page = await cached.data(PAGE, token=token)
    assert page["products"]["edges"][0]["node"]["promotions"] == [{"name": "Spring"}]

    change = {"variant": gid("Variant", tea.id), "warehouse": gid("Warehouse", shop["warehouse"].id), "change": -30}
    assert (await cached.data(ADJUST, change, owner))["stockAdjust"]["userErrors"] == []
    assert _available(await cached.data(PAGE, token=token))["TEA-1"] == 70

    checkout = {
        "supplier": gid("Organization", shop["supplier"].org.id),
        "variant": gid("Variant", tea.id),
        "key": "k1",
    }
    placed = await cached.data(ADD_AND_CHECKOUT, checkout, shop["tokens"]["beta"])
    assert placed["checkout"]["userErrors"] == []
    assert _available(await cached.data(PAGE, token=token))["TEA-1"] == 69, "a checkout reserves stock"

    await cached.data(PUBLISH, {"product": product, "published": False}, owner)
    assert (await cached.data(PAGE, token=token))["products"]["totalCount"] == 0
    await cached.data(PUBLISH, {"product": product, "published": True}, owner)
    assert (await cached.data(PAGE, token=token))["products"]["totalCount"] == 1

    account = gid("CustomerAccount", shop["accounts"]["alpha"].id)
    await cached.data(ACCOUNT_UPDATE, {"id": account, "tier": "B"}, owner)
    page = await cached.data(PAGE, token=token)
    assert _prices(page) == {"TEA-6": "50.00", "TEA-1": "10.00"}
    assert page["products"]["edges"][0]["node"]["promotions"] == []


async def test_a_suspended_account_no_longer_reads_its_cached_page(cached, shop):
    token = shop["tokens"]["alpha"]
    await _warm(cached, token)
    account = gid("CustomerAccount", shop["accounts"]["alpha"].id)
    assert (await cached.data(SUSPEND, {"id": account}, shop["owner"]))["customerAccountSuspend"]["userErrors"] == []
    refused = await cached.execute(PAGE, token=token)
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", "no supplier left to browse"


async def test_per_account_fields_staff_and_mutations_are_never_kept(cached, shop, query_counter):
    token = shop["tokens"]["alpha"]
    for _ in range(2):
        await cached.data(QUOTA, token=token)
    query_counter.reset()
    await cached.data(QUOTA, token=token)
    assert query_counter.count > 0, "a quota is the account's own"

    clerk = await make_user(shop["supplier"].org, "clerk@acme.test", {Role.SALES: None})
    staff = await cached.token(clerk.email)
    for _ in range(2):
        await cached.data(NAMES, token=staff)
    query_counter.reset()
    await cached.data(NAMES, token=staff)
    assert query_counter.count > 0, "a seller's staff are not answered from the cache"

    assert _endpoint_cache(cached) == [], "neither was kept"
    change = {
        "variant": gid("Variant", shop["variants"]["TEA-1"].id),
        "warehouse": gid("Warehouse", shop["warehouse"].id),
        "change": 1,
    }
    for expected in (101, 102):
        assert (await cached.data(ADJUST, change, shop["owner"]))["stockAdjust"]["userErrors"] == []
        assert _available(await cached.data(PAGE, token=token))["TEA-1"] == expected


def _endpoint_cache(client: GraphQLClient) -> list:
    app = client.http._transport.app  # type: ignore[attr-defined]
    cache = _endpoint(app).response_cache
    assert cache is not None
    return list(cache.entries)


async def test_a_hit_is_charged_to_the_callers_budget(settings, shop, cached):
    """A budget that holds the requested cost plus four: the miss keeps all but its actual cost
    (3: one product, two variants), the hit takes as much again, the third request is refused."""
    requested = query_cost(build_schema(settings)._schema, parse(NAMES))
    await stop_runtime()
    await start_runtime(
        replace(settings, principal_cache_seconds=5, query_cost_budget=requested + 4, query_cost_restore_rate=1)
    )
    token = shop["tokens"]["gamma"]
    missed, hit, refused = [await cached.execute(NAMES, token=token) for _ in range(3)]
    assert hit["data"] == missed["data"]
    left = [body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] for body in (missed, hit)]
    assert left[0] - left[1] >= 2, left
    assert refused["errors"][0]["extensions"]["code"] == "THROTTLED"


async def test_changes_on_worker_a_show_on_the_next_request_to_worker_b(settings, test_env, shared_redis_url, shop):  # noqa: F811
    variant = shop["variants"]["TEA-1"]
    env = {**test_env, "DINGHUO_RESPONSE_CACHE_ENTRIES": "1000", "DINGHUO_PRINCIPAL_CACHE_SECONDS": "5"}
    with (
        worker(env, settings.database_url, shared_redis_url) as a,
        worker(env, settings.database_url, shared_redis_url) as b,
    ):
        async with httpx.AsyncClient() as http_a, httpx.AsyncClient() as http_b:
            on_a, on_b = GraphQLClient(_based(http_a, a)), GraphQLClient(_based(http_b, b))
            owner, buyer = await on_a.token(shop["supplier"].admin.email), await on_b.token("buyer@alpha.test")

            async def page() -> dict:
                return await on_b.data(PAGE, token=buyer)

            first = await page()
            assert await page() == first
            tea = {"variant": gid("Variant", variant.id), "warehouse": gid("Warehouse", shop["warehouse"].id)}
            await on_a.data(ADJUST, {**tea, "change": -10}, owner)
            assert _available(await page())["TEA-1"] == 90
            fixed = {"name": "Fixed A", "kind": "FIXED", "priority": 5, "tiers": ["A"]}
            fixed_id = (await on_a.data(LIST_CREATE, {"input": fixed}, owner))["priceListCreate"]["priceList"]["id"]
            await on_a.data(SET_PRICES, {"id": fixed_id, "variant": tea["variant"], "price": "6.66"}, owner)
            assert _prices(await page())["TEA-1"] == "6.66"
            await on_a.data(PROMOTION, {"product": gid("Product", variant.product_id)}, owner)
            assert (await page())["products"]["edges"][0]["node"]["promotions"] == [{"name": "Spring"}]
            account = gid("CustomerAccount", shop["accounts"]["alpha"].id)
            await on_a.data(ACCOUNT_UPDATE, {"id": account, "tier": "B"}, owner)
            assert _prices(await page()) == {"TEA-6": "50.00", "TEA-1": "10.00"}
            await on_a.data(PUBLISH, {"product": gid("Product", variant.product_id), "published": False}, owner)
            assert (await page())["products"]["totalCount"] == 0


def _based(http: httpx.AsyncClient, base: str) -> httpx.AsyncClient:
    http.base_url = httpx.URL(f"http://{base}")
    return http
