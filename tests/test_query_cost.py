"""Query cost: counted before execution, a maximum per request, a per-caller budget that refills,
and `extensions.cost` on every response."""

from __future__ import annotations

import logging
import re
import socket

import pytest
from graphql import (
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    parse,
    print_ast,
    validate,
    visit,
)
from graphql.language import Visitor
from redis.asyncio import Redis

from app.accounts.permissions import ANONYMOUS, Principal
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.ratelimit import FallbackCostBuckets, MemoryCostBuckets, RedisCostBuckets
from app.settings import PROJECT_ROOT
from bench.catalog_bench import CATALOG_PAGE
from schema import cost as cost_module
from schema.context import Context
from schema.cost import INTROSPECTION_COST, MUTATION_COST, budget_key, query_cost
from schema.root import build_schema
from tests.support import make_supplier

# The issue's repro: 30 aliases, each a full page of products with everything a buyer sees.
FULL_PAGE = """products(first: 100) { edges { node { id name promotions { name kind }
  variants { id sku price { amount } basePrice { amount } promotions { name }
    volumeBreaks { minQuantity unitPrice { amount } } quota { remaining } } } } }"""
REPRO = "{ " + " ".join(f"a{n}: {FULL_PAGE}" for n in range(30)) + " }"


@pytest.fixture(scope="module")
def graphql_schema(settings):
    return build_schema(settings)._schema


def cost(graphql_schema, document: str, **kwargs) -> int:
    return query_cost(graphql_schema, parse(document), **kwargs)


def test_scalars_are_free_objects_cost_one_and_pages_multiply(graphql_schema):
    assert cost(graphql_schema, "{ __typename }") == 0
    assert cost(graphql_schema, "{ viewer { roles } }") == 1
    assert cost(graphql_schema, "{ viewer { user { id email } organization { id } } }") == 3
    # The connection itself, then one per node; edges, pageInfo and totalCount add nothing.
    assert (
        cost(graphql_schema, "{ products(first: 7) { totalCount pageInfo { endCursor } edges { node { id } } } }") == 8
    )
    assert cost(graphql_schema, "{ products(last: 4) { nodes { id } } }") == 5
    assert cost(graphql_schema, "{ products { nodes { id } } }") == 21  # the default page size, 20


def test_nested_lists_multiply_and_values_cost_nothing(graphql_schema):
    # 10 products × (1 + 5 estimated variants × (1 + 3 volume breaks)); Money is a value.
    document = "{ products(first: 10) { nodes { id variants { price { amount } volumeBreaks { minQuantity } } } } }"
    assert cost(graphql_schema, document) == 1 + 10 * (1 + 5 * (1 + 3))


def test_variables_fragments_and_aliases_count(graphql_schema):
    by_variable = "query Q($n: Int) { products(first: $n) { nodes { id } } }"
    assert cost(graphql_schema, by_variable, variables={"n": 50}) == 51
    assert cost(graphql_schema, by_variable, variables={"n": 5000}) == 101  # past the page size it is refused anyway
    through_fragments = """{ products(first: 10) { ...Page } }
      fragment Page on ProductConnection { edges { node { ... on Product { brand { name } } ...Named } } }
      fragment Named on Product { id category { name } }"""
    assert cost(graphql_schema, through_fragments) == 1 + 10 * 3
    # The same response key selected twice costs once; two aliases cost twice.
    assert cost(graphql_schema, "{ products(first: 10) { nodes { id } nodes { name } } }") == 11
    assert (
        cost(graphql_schema, "{ a: products(first: 10) { nodes { id } } b: products(first: 10) { nodes { id } } }")
        == 22
    )
    assert cost(graphql_schema, '{ nodes(ids: ["a", "b", "c"]) { id } }') == 3


def test_one_document_is_planned_once_and_priced_by_its_variables_each_time(graphql_schema, monkeypatch):
    document = parse("query Q($n: Int) { products(first: $n) { nodes { id category { name } } } }")
    assert query_cost(graphql_schema, document, variables={"n": 10}) == 1 + 10 * 2
    planned = []
    monkeypatch.setattr(cost_module._Counter, "_collect", lambda *args: planned.append(args) or {})
    assert query_cost(graphql_schema, document, variables={"n": 30}) == 1 + 30 * 2, "kept plans, fresh variables"
    assert planned == []
    assert query_cost(graphql_schema, parse(document.loc.source.body), variables={"n": 30}) == 0, (
        "another document plans"
    )
    assert planned


def test_mutations_have_a_base_cost_and_introspection_a_flat_one(graphql_schema):
    logout = "mutation { logout { userErrors { code } } }"
    assert cost(graphql_schema, logout) == MUTATION_COST + 1  # and the payload object
    assert cost(graphql_schema, "{ __schema { types { name fields { name } } } }") == INTROSPECTION_COST


def test_actual_cost_counts_the_lists_the_result_holds(graphql_schema):
    document = "{ products(first: 50) { nodes { id variants { id } } } }"
    data = {"products": {"nodes": [{"id": "1", "variants": [{"id": "a"}, {"id": "b"}]}, {"id": "2", "variants": []}]}}
    assert cost(graphql_schema, document) == 1 + 50 * (1 + 5)
    assert cost(graphql_schema, document, data=data) == 1 + 2 + 2
    assert cost(graphql_schema, document, data={"products": None}) == 0


_TEMPLATE = re.compile(r"graphql\(\s*`([^`]*)`", re.S)


def _storefront_operations() -> list[tuple[str, str, OperationDefinitionNode]]:
    """Every graphql() document of the storefront and the dashboard, each operation with the
    fragments it spreads (gql.tada passes them by reference; `@_unmask` is its own)."""
    fragments: dict[str, FragmentDefinitionNode] = {}
    operations: list[tuple[str, OperationDefinitionNode]] = []
    for path in sorted((PROJECT_ROOT / "storefront" / "src").rglob("*")):
        if path.suffix not in {".ts", ".vue"}:
            continue
        for text in _TEMPLATE.findall(path.read_text(encoding="utf-8")):
            for definition in parse(text.replace("@_unmask", "")).definitions:
                if isinstance(definition, FragmentDefinitionNode):
                    fragments[definition.name.value] = definition
                elif isinstance(definition, OperationDefinitionNode):
                    operations.append((str(path.relative_to(PROJECT_ROOT)), definition))

    def spreads(node) -> set[str]:
        names: set[str] = set()

        class Spreads(Visitor):
            def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args) -> None:
                names.add(spread.name.value)

        visit(node, Spreads())
        return names

    documents = []
    for path, operation in operations:
        needed, included = spreads(operation), set()
        while needed - included:
            name = (needed - included).pop()
            included.add(name)
            needed |= spreads(fragments[name])
        parts = [operation, *(fragments[name] for name in sorted(included))]
        documents.append((path, "\n".join(print_ast(part) for part in parts), operation))
    return documents


def test_every_storefront_and_dashboard_query_stays_well_under_the_maximum(graphql_schema, settings):
    """With every page-size variable at the largest page, each document costs at most
    60% of the maximum, so the apps never meet MAX_COST_EXCEEDED."""
    operations = _storefront_operations()
    assert len(operations) > 100
    costs = {}
    for path, document, operation in operations:
        parsed = parse(document)
        assert validate(graphql_schema, parsed) == [], path
        largest_pages = {
            variable.variable.name.value: settings.max_page_size
            for variable in operation.variable_definitions or ()
            if variable.variable.name.value in {"first", "last"}
        }
        costs[f"{path} {operation.name.value if operation.name else ''}"] = query_cost(
            graphql_schema, parsed, variables=largest_pages, max_page_size=settings.max_page_size
        )
    over = {name: figure for name, figure in costs.items() if figure > 0.6 * settings.max_query_cost}
    assert over == {}
    assert cost(graphql_schema, CATALOG_PAGE) < 0.2 * settings.max_query_cost


async def test_the_issues_repro_is_refused_before_it_runs(client, settings, query_counter):
    body = (await client.post(REPRO)).json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    figures = error["extensions"]["cost"]
    assert figures["maximumQueryCost"] == settings.max_query_cost
    assert figures["requestedQueryCost"] > 10 * settings.max_query_cost
    assert str(figures["requestedQueryCost"]) in error["message"]
    assert query_counter.count == 0  # nothing ran: an anonymous caller needs no SQL before execution
    assert body["extensions"]["cost"]["requestedQueryCost"] == figures["requestedQueryCost"]
    assert body["extensions"]["cost"]["actualQueryCost"] == 0
    # The budget is untouched: a refused query spends nothing.
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == settings.query_cost_budget


async def test_the_catalog_page_passes_and_pays_for_what_it_got(client, settings):
    await seed_demo()
    token = await client.token("buyer@dealer-a.demo", DEMO_PASSWORD)
    body = (await client.post(CATALOG_PAGE, token=token)).json()
    assert "errors" not in body, body["errors"]
    assert len(body["data"]["products"]["edges"]) == 50
    figures = body["extensions"]["cost"]
    assert figures["requestedQueryCost"] == cost(build_schema(settings)._schema, CATALOG_PAGE)
    assert 50 < figures["actualQueryCost"] < figures["requestedQueryCost"]
    status = figures["throttleStatus"]
    assert status["maximumAvailable"] == settings.query_cost_budget
    assert status["restoreRate"] == settings.query_cost_restore_rate
    # Requested taken, the unused part given back: what is left is the budget less the actual
    # cost, give or take what refilled meanwhile.
    spent = settings.query_cost_budget - status["currentlyAvailable"]
    assert figures["actualQueryCost"] - settings.query_cost_restore_rate <= spent <= figures["actualQueryCost"]


async def test_every_response_carries_the_cost(client):
    for document in (
        "{ viewer { roles } }",
        "{ viewer { nope } }",
        "{ viewer {",
        "mutation { logout { userErrors { code } } }",
    ):
        body = (await client.post(document)).json()
        figures = body["extensions"]["cost"]
        assert set(figures) == {"requestedQueryCost", "actualQueryCost", "throttleStatus"}, document
        assert set(figures["throttleStatus"]) == {"maximumAvailable", "currentlyAvailable", "restoreRate"}
    assert figures["requestedQueryCost"] == MUTATION_COST + 1


def _small_buckets(runtime, capacity: int, restore_rate: int):
    if runtime.redis is not None:
        return FallbackCostBuckets(RedisCostBuckets(runtime.redis, capacity, restore_rate), capacity, restore_rate)
    return MemoryCostBuckets(capacity, restore_rate)


TWENTY_OBJECTS = "{ " + " ".join(f"v{n}: viewer {{ roles }}" for n in range(20)) + " }"


async def test_a_caller_over_its_budget_is_throttled_with_the_figures(client, runtime, monkeypatch):
    supplier = await make_supplier("acme")
    token = await client.token(supplier.admin.email)
    monkeypatch.setattr(runtime, "cost_buckets", _small_buckets(runtime, capacity=50, restore_rate=1))
    for left in (30, 10):
        figures = (await client.post(TWENTY_OBJECTS, token=token)).json()["extensions"]["cost"]
        assert figures["actualQueryCost"] == 20
        assert left <= figures["throttleStatus"]["currentlyAvailable"] <= left + 1
    body = (await client.post(TWENTY_OBJECTS, token=token)).json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "THROTTLED"
    figures = error["extensions"]["cost"]
    assert figures["requestedQueryCost"] == 20
    assert 10 <= figures["currentlyAvailable"] <= 11
    assert figures["restoreRate"] == 1
    assert 9 <= figures["retryAfterSeconds"] <= 10
    # Anyone else, here an anonymous caller from the same address, has a budget of their own.
    assert "errors" not in (await client.post(TWENTY_OBJECTS)).json()


async def test_each_caller_spends_its_own_budget(runtime):
    def context(caller, address="10.0.0.1", credential=None):
        return Context(None, None, address, caller, runtime, credential=credential)

    user = Principal(kind="user", user_id=7, organization_id=1)
    app = Principal(kind="app", organization_id=1)
    assert budget_key(context(user, "10.0.0.1")) == budget_key(context(user, "10.0.0.2")) == "user:7"
    assert budget_key(context(app, credential="tok-a")) != budget_key(context(app, credential="tok-b"))
    assert "tok-a" not in budget_key(context(app, credential="tok-a"))
    assert budget_key(context(ANONYMOUS, "10.0.0.1")) != budget_key(context(ANONYMOUS, "10.0.0.2"))


async def test_buckets_refill_and_never_exceed_their_capacity(runtime):
    buckets = _small_buckets(runtime, capacity=100, restore_rate=1000)
    assert await buckets.take("k", 100) == (True, pytest.approx(0, abs=50))
    granted, available = await buckets.take("k", 100)
    assert not granted and available < 100
    assert await buckets.give_back("k", 1000) == 100
    assert await buckets.peek("other") == 100


async def test_redis_budgets_are_shared_by_every_worker(runtime):
    if runtime.redis is None:
        pytest.skip("needs DINGHUO_TEST_REDIS_URL")
    one = RedisCostBuckets(runtime.redis, 1000, 1)
    other = RedisCostBuckets(runtime.redis, 1000, 1)
    assert (await one.take("shared", 600))[0]
    granted, available = await other.take("shared", 600)
    assert not granted and 400 <= available < 402


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_budgets_fall_back_to_memory_while_redis_is_down(client, runtime, monkeypatch, caplog):
    unreachable = Redis.from_url(f"redis://127.0.0.1:{_closed_port()}/0", socket_connect_timeout=2)
    buckets = FallbackCostBuckets(RedisCostBuckets(unreachable, 100, 1), 100, 1)
    monkeypatch.setattr(runtime, "cost_buckets", buckets)
    supplier = await make_supplier("acme")
    token = await client.token(supplier.admin.email)
    try:
        with caplog.at_level(logging.WARNING, logger="dinghuo.ratelimit"):
            body = (await client.post("{ a: viewer { roles } b: viewer { roles } }", token=token)).json()
    finally:
        await unreachable.aclose()
    assert body["data"]["a"] == body["data"]["b"]
    assert body["extensions"]["cost"]["throttleStatus"]["currentlyAvailable"] == 98
    assert any("Redis is unreachable" in r.getMessage() for r in caplog.records)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
