"""Live order updates fanned out to many websocket subscribers on one worker.

    .venv/bin/python bench/subscriptions_bench.py [--subscribers 1000] [--rounds 30]

Loads the demo data into a fresh SQLite database (or the PostgreSQL database in
DINGHUO_DATABASE_URL), starts `dinghuo serve` with one worker and the in-process broker (or
Redis with DINGHUO_REDIS_URL), opens N graphql-transport-ws connections as the supplier's admin,
each subscribed to `orderUpdated` (every order it may see), then has a buyer check out an order
per round. It reports the time from sending the checkout mutation to the moment the LAST
subscriber received the event (p50 and p99 over the rounds), and to the first. All the
subscribers live in this one client process, which competes with the server for the CPU.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_bench import prepare  # noqa: E402
from bench.common import bench_environment, one_worker, wait_until_ready  # noqa: E402

SUPPLIER_ADMIN = "admin@huaxin.demo"
BUYER = "buyer@dealer-a.demo"
SUBSCRIPTION = """subscription { orderUpdated { order { id number status paymentStatus fulfilmentStatus
  total { amount currency } } previousStatus occurredAt eventKind } }"""
VARIANTS = "{ products(first: 50) { edges { node { variants { id minOrderQuantity orderMultiple available } } } } }"
ADD = """mutation ($s: ID!, $v: ID!, $q: Int!) {
  cartAddLines(input: {supplierId: $s, lines: [{variantId: $v, quantity: $q}]}) { userErrors { code message } } }"""
CHECKOUT = """mutation ($s: ID!, $k: String!) {
  checkout(input: {supplierId: $s, idempotencyKey: $k}) { order { number } userErrors { code message } } }"""


async def graphql(
    http: httpx.AsyncClient, url: str, query: str, variables: dict | None = None, token: str | None = None
):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    response = await http.post(url, json={"query": query, "variables": variables or {}}, headers=headers)
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


async def login(http, url: str, email: str) -> str:
    data = await graphql(http, url, 'mutation { login(input: {login: "%s", password: "demo12345"}) { token } }' % email)
    return data["login"]["token"]


class Subscriber:
    def __init__(self) -> None:
        self.received: dict[str, float] = {}
        self.arrived = asyncio.Event()

    async def run(self, ws_url: str, token: str, ready: asyncio.Semaphore, connected: list) -> None:
        async with ready:
            ws = await websockets.connect(ws_url, subprotocols=["graphql-transport-ws"], max_queue=None)
            await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {token}"}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"
            await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": SUBSCRIPTION}}))
        connected.append(ws)
        async for raw in ws:
            message = json.loads(raw)
            if message["type"] == "ping":
                await ws.send(json.dumps({"type": "pong"}))
            elif message["type"] == "next":
                number = message["payload"]["data"]["orderUpdated"]["order"]["number"]
                self.received[number] = time.perf_counter()
                self.arrived.set()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    env = bench_environment("subscriptions")
    await prepare()

    tasks: list[asyncio.Task] = []
    connected: list = []
    with one_worker(env) as url:
        try:
            await wait_until_ready(url)
            async with httpx.AsyncClient(timeout=60) as http:
                admin_token = await login(http, url, SUPPLIER_ADMIN)
                buyer_token = await login(http, url, BUYER)
                viewer = await graphql(http, url, "{ suppliers { id } }", token=buyer_token)
                supplier = viewer["suppliers"][0]["id"]
                products = await graphql(http, url, VARIANTS, token=buyer_token)
                variant = next(
                    v
                    for e in products["products"]["edges"]
                    for v in e["node"]["variants"]
                    if v["orderMultiple"] == 1 and (v["available"] or 0) > args.rounds * v["minOrderQuantity"]
                )

                subscribers = [Subscriber() for _ in range(args.subscribers)]
                opening = asyncio.Semaphore(50)
                started = time.perf_counter()
                tasks = [
                    asyncio.create_task(s.run(url.replace("http://", "ws://"), admin_token, opening, connected))
                    for s in subscribers
                ]
                while len(connected) < args.subscribers:
                    await asyncio.sleep(0.05)
                print(f"{args.subscribers} subscribers connected in {time.perf_counter() - started:.1f} s")
                await asyncio.sleep(1.0)  # every subscription registered

                to_last: list[float] = []
                to_first: list[float] = []
                for round_ in range(args.rounds + 2):
                    await graphql(
                        http,
                        url,
                        ADD,
                        {"s": supplier, "v": variant["id"], "q": variant["minOrderQuantity"]},
                        token=buyer_token,
                    )
                    sent = time.perf_counter()
                    data = await graphql(
                        http, url, CHECKOUT, {"s": supplier, "k": f"bench-{round_}"}, token=buyer_token
                    )
                    number = data["checkout"]["order"]["number"]
                    deadline = time.perf_counter() + 30
                    while any(number not in s.received for s in subscribers):
                        if time.perf_counter() > deadline:
                            missing = sum(number not in s.received for s in subscribers)
                            raise RuntimeError(f"{missing} subscribers never got order {number}")
                        await asyncio.sleep(0.001)
                    arrivals = [s.received[number] for s in subscribers]
                    if round_ >= 2:  # the first rounds warm caches
                        to_last.append(max(arrivals) - sent)
                        to_first.append(min(arrivals) - sent)
                    await asyncio.sleep(0.2)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000

    print(f"orderUpdated to {args.subscribers} subscribers on one worker, {args.rounds} checkouts")
    print(
        f"  mutation -> last subscriber   p50 {statistics.median(to_last) * 1000:7.1f} ms   p99 {pct(to_last, 0.99):7.1f} ms"
    )
    print(
        f"  mutation -> first subscriber  p50 {statistics.median(to_first) * 1000:7.1f} ms   p99 {pct(to_first, 0.99):7.1f} ms"
    )


if __name__ == "__main__":
    asyncio.run(main())
