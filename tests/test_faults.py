"""Faults injected into a running server (issue 22): Redis stopped mid-run, the database's
connections dropped, a worker killed in the middle of a checkout. What must survive: the API
answers, logins work, no event is lost, a failure is retryable and recovers without a restart,
no half order, no leaked reservation, one order per idempotency key."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, closing
from urllib.parse import urlsplit

import asyncpg
import httpx
from tortoise import connections

from app.clock import utc_now
from app.inventory.models import Stock
from app.orders.models import Order, OrderLine
from tests.support import PASSWORD, gid, make_buyer, make_shop
from tests.support_live import ORDER_UPDATED, Subscriber, worker_process
from tests.support_stock import check_stock_consistency

CATALOG = "{ products(first: 10) { edges { node { name variants { sku price { amount } available } } } } }"
LOGIN = "mutation ($login: String!, $password: String!) { login(input: {login: $login, password: $password}) { token userErrors { code } } }"
ADD = """
mutation ($supplier: ID!, $variant: ID!, $quantity: Int!) {
  cartAddLines(input: {supplierId: $supplier, lines: [{variantId: $variant, quantity: $quantity}]}) { userErrors { code } }
}
"""
CHECKOUT = """
mutation ($supplier: ID!, $key: String!) {
  checkout(input: {supplierId: $supplier, idempotencyKey: $key}) { order { number } userErrors { code message } }
}
"""


class Api:
    """GraphQL over HTTP to one server, as one signed-in user."""

    def __init__(self, base: str, token: str | None = None):
        self.base, self.token = base, token

    async def post(self, query: str, variables: dict | None = None, timeout: float = 30) -> httpx.Response:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        async with httpx.AsyncClient(timeout=timeout) as http:
            return await http.post(
                f"http://{self.base}/graphql", json={"query": query, "variables": variables or {}}, headers=headers
            )

    async def data(self, query: str, variables: dict | None = None) -> dict:
        body = (await self.post(query, variables)).json()
        assert "errors" not in body, body
        return body["data"]

    async def login(self, email: str, password: str = PASSWORD) -> dict:
        return (await self.data(LOGIN, {"login": email, "password": password}))["login"]

    async def signed_in(self, email: str) -> Api:
        return Api(self.base, (await self.login(email))["token"])

    async def order(self, supplier_id: int, variant_id: int, key: str, quantity: int = 1) -> str:
        await self.data(
            ADD,
            {"supplier": gid("Organization", supplier_id), "variant": gid("Variant", variant_id), "quantity": quantity},
        )
        return await self.checkout(supplier_id, key)

    async def checkout(self, supplier_id: int, key: str) -> str:
        result = (await self.data(CHECKOUT, {"supplier": gid("Organization", supplier_id), "key": key}))["checkout"]
        assert result["userErrors"] == [], result
        return result["order"]["number"]


async def _shop():
    supplier, admin, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    return supplier, variants["TEA-1"], account


async def _until(check, timeout: float = 30, step: float = 0.05) -> None:
    """Until the async `check` answers true, within `timeout`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(step)


# --- Redis stopped mid-run ---------------------------------------------------------------------


async def test_with_redis_stopped_the_api_answers_logins_work_and_no_event_is_lost(settings, test_env, own_redis):
    supplier, tea, _ = await _shop()
    with worker_process(test_env, settings.database_url, own_redis.url) as worker:
        api = Api(worker.base)
        buyer = await api.signed_in("buyer@alpha.test")
        staff_token = (await api.login(supplier.admin.email))["token"]
        async with Subscriber.open(worker.base, staff_token, ORDER_UPDATED) as board:
            await _until(lambda: _live_subscriptions(worker.base, 1))
            own_redis.stop()
            await _until(lambda: _broker_down(worker.base))

            assert (await buyer.data(CATALOG))["products"]["edges"], "the catalog answers"
            wrong = await api.login("buyer@alpha.test", "wrong-password")
            assert wrong["userErrors"] == [{"code": "INVALID_CREDENTIALS"}]
            assert (await api.login(supplier.admin.email))["token"], "login falls back to the worker's memory"
            placed = [await buyer.order(supplier.org.id, tea.id, f"redis-down-{n}") for n in range(3)]

            own_redis.start()
            seen = [(await board.next_data(timeout=30))["orderUpdated"] for _ in placed]
            # Every one, but not necessarily in order: one the relay publishes before the worker's
            # listener has subscribed again comes from the outbox by the catch-up, after later ones.
            assert sorted((e["order"]["number"], e["eventKind"]) for e in seen) == [(n, "order.placed") for n in placed]
            after = await buyer.order(supplier.org.id, tea.id, "redis-back")
            assert (await board.next_data(timeout=30))["orderUpdated"]["order"]["number"] == after
            assert await board.nothing_within(1.0), "each event once"


async def _readyz(base: str) -> httpx.Response:
    async with httpx.AsyncClient(timeout=30) as http:
        return await http.get(f"http://{base}/readyz")


async def _live_subscriptions(base: str, count: int) -> bool:
    return (await _readyz(base)).json().get("liveSubscriptions") == count


async def _broker_down(base: str) -> bool:
    return (await _readyz(base)).json()["checks"]["broker"] != "ok"


# --- the database held or its connections dropped ------------------------------------------------


def _postgres_dsn(settings) -> str:
    return urlsplit(settings.database_url)._replace(scheme="postgresql").geturl()


def _sqlite_path(settings) -> str:
    return settings.database_url.removeprefix("sqlite://")


@asynccontextmanager
async def holding_stock(settings, variant_id: int) -> AsyncIterator[asyncpg.Connection | None]:
    """Another session holds the variant's stock row: a checkout waits inside its transaction,
    after writing its order and lines, at the UPDATE that reserves. SQLite locks the whole file,
    so there the checkout waits at its transaction's first write (or gives up after the busy timeout)."""
    if not settings.uses_postgres:
        with closing(sqlite3.connect(_sqlite_path(settings), isolation_level=None)) as holder:
            holder.execute("BEGIN IMMEDIATE")
            try:
                yield None
            finally:
                holder.execute("ROLLBACK")
        return
    holder = await asyncpg.connect(_postgres_dsn(settings))
    try:
        async with holder.transaction():
            await holder.execute("SELECT id FROM stock WHERE variant_id = $1 FOR UPDATE", variant_id)
            yield holder
    finally:
        await holder.close()


# The sessions waiting for the holder's row lock (only a write of that stock row waits for it),
# and whether each has written an order and its lines. From pg_locks: pg_stat_activity would
# answer from the snapshot the holder's transaction took at its first read.
WAITING_TO_RESERVE = """
SELECT pid,
       bool_or(mode = 'RowExclusiveLock' AND relation = 'orders'::regclass)
       AND bool_or(mode = 'RowExclusiveLock' AND relation = 'order_lines'::regclass) AS wrote
FROM pg_locks WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid)) GROUP BY pid
"""


async def _waiting_to_reserve(holder: asyncpg.Connection) -> list[asyncpg.Record]:
    return await holder.fetch(WAITING_TO_RESERVE)


async def _terminate_other_sessions(holder: asyncpg.Connection) -> int:
    """Ends every session of the database but the holder's, as a failover or restart would."""
    await holder.execute("SELECT pg_stat_clear_snapshot()")
    ended = await holder.fetch(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()"
    )
    return len(ended)


def _is_retryable(body: dict) -> bool:
    errors = body.get("errors") or []
    return bool(errors) and all(
        e["extensions"] == {"code": "SERVICE_UNAVAILABLE", "retryable": True} and "Traceback" not in e["message"]
        for e in errors
    )


async def _orders_and_lines(holder: asyncpg.Connection | None) -> tuple[int, int]:
    """Read through the holder on PostgreSQL: the test's own pooled connections were terminated too."""
    if holder is None:
        return await Order.all().count(), await OrderLine.all().count()
    row = await holder.fetchrow("SELECT (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM order_lines) AS l")
    return row["o"], row["l"]


async def _until_answered(client, query: str, variables: dict, token: str) -> dict:
    """The data of the first answer without errors; before it, only retryable answers. Each pooled
    connection that died while idle may fail one request before the pool replaces it."""
    for _ in range(10):
        body = (await client.post(query, variables, token)).json()
        if "errors" not in body:
            return body["data"]
        assert _is_retryable(body), body
    raise AssertionError("no answer after 10 retries")


async def test_a_dropped_database_answers_retryably_and_recovers_without_a_restart(settings, client):
    """PostgreSQL: the server's sessions are terminated while a checkout waits inside its
    transaction. SQLite has no connection to drop: there the file is held by another writer past
    the busy timeout. Either way the request answers SERVICE_UNAVAILABLE with retryable: true
    (never INTERNAL_SERVER_ERROR), nothing half-written stays, and the same app serves the retry."""
    supplier, tea, _ = await _shop()
    buyer_token = await client.token("buyer@alpha.test")
    supplier_id = gid("Organization", supplier.org.id)
    added = await client.data(
        ADD, {"supplier": supplier_id, "variant": gid("Variant", tea.id), "quantity": 2}, buyer_token
    )
    assert added["cartAddLines"]["userErrors"] == []

    async with holding_stock(settings, tea.id) as holder:
        checkout = asyncio.create_task(client.post(CHECKOUT, {"supplier": supplier_id, "key": "k-1"}, buyer_token))
        if holder is not None:
            await _until(lambda: _waiting_to_reserve(holder))
            assert await _terminate_other_sessions(holder) >= 1
        response = await checkout
        assert await _orders_and_lines(holder) == (0, 0), "nothing half-written"
    body = response.json()
    assert response.status_code in (200, 503), response.text
    assert _is_retryable(body), body

    retried = await _until_answered(client, CHECKOUT, {"supplier": supplier_id, "key": "k-1"}, buyer_token)
    assert retried["checkout"]["userErrors"] == [], retried
    assert (await _until_answered(client, CATALOG, {}, buyer_token))["products"]["edges"]
    if settings.uses_postgres:
        # The app has recovered by itself; the checks below share its pool, which may still hold
        # a connection that died idle, so they start from fresh ones.
        await connections.get("default")._expire_connections()
    assert await Order.filter(idempotency_key="k-1").count() == 1
    await check_stock_consistency()


async def test_a_checkout_waiting_for_its_stock_holds_up_no_other_buyers_checkout(settings, client):
    """PostgreSQL: the order number is taken late in the checkout's transaction, so a checkout waiting
    for a stock row (its order and lines written) holds no lock another buyer's checkout of other stock
    needs; the one that finishes first takes the next number. SQLite serialises every writer."""
    if not settings.uses_postgres:
        return
    supplier, admin, variants = await make_shop()
    await make_buyer(supplier, "alpha")
    await make_buyer(supplier, "beta")
    supplier_id = gid("Organization", supplier.org.id)
    tokens = {code: await client.token(f"buyer@{code}.test") for code in ("alpha", "beta")}
    for code, sku, quantity in (("alpha", "TEA-1", 2), ("beta", "TEA-6", 6)):
        variables = {"supplier": supplier_id, "variant": gid("Variant", variants[sku].id), "quantity": quantity}
        assert (await client.data(ADD, variables, tokens[code]))["cartAddLines"]["userErrors"] == []

    async with holding_stock(settings, variants["TEA-1"].id) as holder:
        waiting = asyncio.create_task(client.data(CHECKOUT, {"supplier": supplier_id, "key": "a"}, tokens["alpha"]))
        await _until(lambda: _waiting_to_reserve(holder))
        other = await asyncio.wait_for(client.data(CHECKOUT, {"supplier": supplier_id, "key": "b"}, tokens["beta"]), 20)
        assert not waiting.done()
    held = await waiting
    numbers = [answer["checkout"]["order"]["number"] for answer in (other, held)]
    assert numbers == [f"SO-{utc_now().year}-000001", f"SO-{utc_now().year}-000002"], (other, held)


# --- a worker killed in the middle of a checkout --------------------------------------------------


async def _sqlite_worker_stalled(base: str) -> bool:
    """SQLite: a worker's queries take turns on its one connection, so while its checkout waits
    for the write lock inside its transaction, its readiness probe cannot reach the database."""
    try:
        async with httpx.AsyncClient(timeout=1) as http:
            await http.get(f"http://{base}/readyz")
    except httpx.TimeoutException:
        return True
    return False


async def _session_gone(settings, pid: int) -> bool:
    with_pid = await _fetch(settings, "SELECT 1 FROM pg_stat_activity WHERE pid = $1", pid)
    return not with_pid


async def _fetch(settings, query: str, *args) -> list:
    connection = await asyncpg.connect(_postgres_dsn(settings))
    try:
        return await connection.fetch(query, *args)
    finally:
        await connection.close()


async def test_a_worker_killed_mid_checkout_leaves_no_half_order_and_the_retry_places_one(settings, test_env):
    """PostgreSQL: the worker is killed while its checkout waits to reserve stock, its order and
    lines written but not committed. SQLite: while the checkout waits for the write lock inside
    its transaction. Then the same idempotency key, sent three times at once to a new worker,
    places one order, and stock holds exactly its reservation."""
    supplier, tea, account = await _shop()
    supplier_id = gid("Organization", supplier.org.id)
    redis_url = test_env.get("DINGHUO_REDIS_URL")
    with worker_process(test_env, settings.database_url, redis_url) as doomed:
        buyer = await Api(doomed.base).signed_in("buyer@alpha.test")
        await buyer.data(ADD, {"supplier": supplier_id, "variant": gid("Variant", tea.id), "quantity": 3})
        async with holding_stock(settings, tea.id) as holder:
            checkout = asyncio.create_task(buyer.post(CHECKOUT, {"supplier": supplier_id, "key": "kill-1"}))
            if holder is not None:
                await _until(lambda: _waiting_to_reserve(holder))
                waiting = await _waiting_to_reserve(holder)
                assert [row["wrote"] for row in waiting] == [True], "its order and lines are written, not committed"
            else:
                await _until(lambda: _sqlite_worker_stalled(doomed.base))
            doomed.process.send_signal(signal.SIGKILL)
            doomed.process.wait(timeout=30)
            (outcome,) = await asyncio.gather(checkout, return_exceptions=True)
            assert isinstance(outcome, httpx.HTTPError), outcome
        if holder is not None:  # its session ends once it finds the client gone
            await _until(lambda: _session_gone(settings, waiting[0]["pid"]))

    assert not await Order.exists() and not await OrderLine.exists(), "no half order"
    assert await Stock.filter(variant_id=tea.id).values_list("reserved", flat=True) == [0], "no leaked reservation"
    await check_stock_consistency()

    with worker_process(test_env, settings.database_url, redis_url) as fresh:
        buyer.base = fresh.base
        numbers = await asyncio.gather(*(buyer.checkout(supplier.org.id, "kill-1") for _ in range(3)))
    assert len(set(numbers)) == 1, numbers
    order = await Order.get(idempotency_key="kill-1")
    assert (order.number, order.customer_account_id) == (numbers[0], account.id)
    assert await Order.all().count() == 1
    assert await Stock.filter(variant_id=tea.id).values_list("reserved", flat=True) == [3]
    await check_stock_consistency()
