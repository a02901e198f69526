"""Two real `dinghuo serve` processes on one database and one Redis: a change made through
worker A reaches a subscriber on worker B, also when Redis goes away and comes back meanwhile."""

from __future__ import annotations

import asyncio
import os
from contextlib import contextmanager

import httpx
import pytest

from tests.support import gid, make_buyer, make_shop
from tests.support_live import ORDER_UPDATED, Subscriber, worker_process

ADD_AND_CHECKOUT = """
mutation ($supplier: ID!, $variant: ID!, $key: String!) {
  cartAddLines(input: {supplierId: $supplier, lines: [{variantId: $variant, quantity: 1}]}) { userErrors { code } }
  checkout(input: {supplierId: $supplier, idempotencyKey: $key}) { order { number } userErrors { code message } }
}
"""


@contextmanager
def worker(test_env: dict[str, str], database_url: str, redis_url: str):
    with worker_process(test_env, database_url, redis_url) as running:
        yield running.base


@pytest.fixture
def shared_redis_url(own_redis):
    """The suite's Redis when it runs on one (PostgreSQL pass), else a redis-server of our own."""
    return os.environ.get("DINGHUO_TEST_REDIS_URL") or own_redis.url


async def _login(base: str, email: str) -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            f"http://{base}/graphql",
            json={"query": 'mutation { login(input: {login: "%s", password: "correct-horse-9"}) { token } }' % email},
        )
    return response.json()["data"]["login"]["token"]


async def _order_through(base: str, token: str, supplier_id: int, variant_id: int, key: str) -> str:
    async with httpx.AsyncClient(timeout=30) as http:
        response = await http.post(
            f"http://{base}/graphql",
            json={
                "query": ADD_AND_CHECKOUT,
                "variables": {
                    "supplier": gid("Organization", supplier_id),
                    "variant": gid("Variant", variant_id),
                    "key": key,
                },
            },
            headers={"authorization": f"Bearer {token}"},
        )
    checkout = response.json()["data"]["checkout"]
    assert checkout["userErrors"] == [], checkout
    return checkout["order"]["number"]


async def _until_live_subscriptions(base: str, count: int, timeout: float = 30) -> None:
    """Until the worker's /readyz counts `count` live subscriptions: the subscribe has taken effect."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with httpx.AsyncClient() as http:
        while (await http.get(f"http://{base}/readyz")).json().get("liveSubscriptions") != count:
            assert loop.time() < deadline, f"{base} never counted {count} live subscriptions"
            await asyncio.sleep(0.05)


async def _shop():
    supplier, _, variants = await make_shop()
    await make_buyer(supplier, "alpha")
    return supplier.org.id, variants["TEA-1"].id


async def test_a_mutation_on_worker_a_reaches_a_subscriber_on_worker_b(settings, test_env, shared_redis_url):
    supplier_id, variant_id = await _shop()
    with (
        worker(test_env, settings.database_url, shared_redis_url) as a,
        worker(test_env, settings.database_url, shared_redis_url) as b,
    ):
        token = await _login(a, "buyer@alpha.test")
        async with Subscriber.open(b, token, ORDER_UPDATED) as subscriber:
            await _until_live_subscriptions(b, 1)
            number = await _order_through(a, token, supplier_id, variant_id, "mw-1")
            update = (await subscriber.next_data(timeout=30))["orderUpdated"]
            assert (update["order"]["number"], update["eventKind"]) == (number, "order.placed")
            assert await subscriber.nothing_within(1.0), "one event, delivered once"


async def test_events_made_while_redis_is_down_arrive_after_it_returns(settings, test_env, own_redis):
    supplier_id, variant_id = await _shop()
    with (
        worker(test_env, settings.database_url, own_redis.url) as a,
        worker(test_env, settings.database_url, own_redis.url) as b,
    ):
        token = await _login(a, "buyer@alpha.test")
        async with Subscriber.open(b, token, ORDER_UPDATED) as subscriber:
            await _until_live_subscriptions(b, 1)
            own_redis.stop()
            during = [await _order_through(a, token, supplier_id, variant_id, f"down-{i}") for i in range(2)]
            own_redis.start()
            updates = [(await subscriber.next_data(timeout=30))["orderUpdated"] for _ in range(2)]
            # Each arrives once; their order is not promised: one published live before worker B has
            # resubscribed comes later, from the outbox catch-up.
            assert sorted(u["order"]["number"] for u in updates) == sorted(during)
            after = await _order_through(a, token, supplier_id, variant_id, "after")
            assert (await subscriber.next_data(timeout=30))["orderUpdated"]["order"]["number"] == after
            assert await subscriber.nothing_within(1.5), "nothing arrives twice"


ORDER_UPDATED_AFTER = """
subscription ($after: String) { orderUpdated(afterEventId: $after) { order { number } eventKind eventId } }
"""


async def test_a_subscriber_back_after_a_server_restart_gets_what_it_missed(settings, test_env, shared_redis_url):
    """The dashboard's board through a restart: it resubscribes with the last eventId it saw, and the
    new server process replays the missed events from the outbox before the live ones."""
    supplier_id, variant_id = await _shop()
    with worker(test_env, settings.database_url, shared_redis_url) as ordering:
        token = await _login(ordering, "buyer@alpha.test")
        with worker(test_env, settings.database_url, shared_redis_url) as watched:
            async with Subscriber.open(watched, token, ORDER_UPDATED_AFTER) as subscriber:
                await _until_live_subscriptions(watched, 1)
                await _order_through(ordering, token, supplier_id, variant_id, "restart-1")
                last_seen = (await subscriber.next_data(timeout=30))["orderUpdated"]["eventId"]
        missed = await _order_through(ordering, token, supplier_id, variant_id, "restart-2")
        with worker(test_env, settings.database_url, shared_redis_url) as restarted:
            async with Subscriber.open(restarted, token, ORDER_UPDATED_AFTER, {"after": last_seen}) as subscriber:
                replayed = (await subscriber.next_data(timeout=30))["orderUpdated"]
                assert (replayed["order"]["number"], replayed["eventKind"]) == (missed, "order.placed")
                assert int(replayed["eventId"]) > int(last_seen)
                await _until_live_subscriptions(restarted, 1)
                live = await _order_through(ordering, token, supplier_id, variant_id, "restart-3")
                assert (await subscriber.next_data(timeout=30))["orderUpdated"]["order"]["number"] == live
                assert await subscriber.nothing_within(1.0), "each event once"
