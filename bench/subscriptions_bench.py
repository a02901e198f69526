"""Live order updates fanned out to many websocket subscribers while orders keep coming.

    .venv/bin/python bench/subscriptions_bench.py [--subscribers 1000] [--seconds 10] [--every 0.2]
    DINGHUO_REDIS_URL=redis://127.0.0.1:6379/14 \\
        .venv/bin/python bench/subscriptions_bench.py --subscribers 10000 --workers 2 --clients 4

Loads the demo data into a fresh SQLite database (or the PostgreSQL database in
DINGHUO_DATABASE_URL), starts `dinghuo serve` (one worker and the in-process broker, or
--workers with Redis from DINGHUO_REDIS_URL), opens N graphql-transport-ws connections as the
supplier's admin, each subscribed to `orderUpdated` (every order it may see), from --clients
separate processes, then has a buyer place one order (cart add + checkout in one request) every
--every seconds for --seconds. Reports, over every (order, subscriber) delivery, the time from
sending the order's mutation to its arrival: p50, p99, max, how many were late (> 150 ms) and
how many never came; and the placing mutations' own p50/p99 meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import httpx
import uvloop

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import lean_subscriber  # noqa: E402
from bench.catalog_bench import prepare  # noqa: E402
from bench.checkout_bench import orderable_variants, prepare_buyers  # noqa: E402
from bench.common import bench_environment, one_worker, wait_until_ready  # noqa: E402

SUPPLIER_ADMIN = "admin@huaxin.demo"
BUYERS = 32
LATE_SECONDS = 0.150
SUBSCRIPTION = """subscription { orderUpdated { order { id number status paymentStatus fulfilmentStatus
  total { amount currency } } previousStatus occurredAt eventKind } }"""
ADD_AND_CHECKOUT = """mutation ($s: ID!, $v: ID!, $q: Int!, $k: String!) {
  cartAddLines(input: {supplierId: $s, lines: [{variantId: $v, quantity: $q}]}) { userErrors { code message } }
  checkout(input: {supplierId: $s, idempotencyKey: $k}) { order { number } userErrors { code message } } }"""


def raise_open_files_limit() -> None:
    """Each subscriber is a socket at both ends: lift the soft limit to the hard one."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


async def graphql(
    http: httpx.AsyncClient, url: str, query: str, variables: dict | None = None, token: str | None = None
):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (await http.post(url, json={"query": query, "variables": variables or {}}, headers=headers)).json()
    assert "errors" not in body, body
    return body["data"]


async def login(http, url: str, email: str) -> str:
    data = await graphql(http, url, 'mutation { login(input: {login: "%s", password: "demo12345"}) { token } }' % email)
    return data["login"]["token"]


# The subscribers' process ------------------------------------------------------------------------


async def run_subscribers(ws_url: str, token: str, count: int) -> None:
    """Opens `count` subscriptions, says "ready", and on "stop" prints every arrival as JSON."""
    arrivals: dict[str, list[float]] = {}
    opening = asyncio.Semaphore(50)

    async def open_one() -> lean_subscriber.Subscriber:
        async with opening:
            return await lean_subscriber.subscribe(ws_url, token, SUBSCRIPTION, arrivals)

    subscribers = await asyncio.gather(*(open_one() for _ in range(count)))
    print("ready", flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    print(json.dumps(arrivals), flush=True)
    for subscriber in subscribers:
        assert subscriber.transport is not None
        subscriber.transport.close()


# The driver ---------------------------------------------------------------------------------------


def start_clients(url: str, token: str, subscribers: int, clients: int) -> list[subprocess.Popen]:
    share, extra = divmod(subscribers, clients)
    return [
        subprocess.Popen(
            [sys.executable, __file__, "--client", url.replace("http://", "ws://"), token, str(share + (n < extra))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for n in range(clients)
    ]


async def wait_ready(process: subprocess.Popen) -> None:
    assert process.stdout is not None
    line = await asyncio.get_running_loop().run_in_executor(None, process.stdout.readline)
    if line.strip() != "ready":
        raise RuntimeError(f"a subscriber process failed: {line!r}")


async def collect(processes: list[subprocess.Popen]) -> dict[str, list[float]]:
    arrivals: dict[str, list[float]] = {}
    for process in processes:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("stop\n")
        process.stdin.flush()
        line = await asyncio.get_running_loop().run_in_executor(None, process.stdout.readline)
        for number, times in json.loads(line).items():
            arrivals.setdefault(number, []).extend(times)
        process.wait(timeout=60)
    return arrivals


async def place_orders(
    url: str, tokens: list[str], seconds: float, every: float
) -> tuple[dict[str, float], list[float]]:
    """One order every `every` seconds whatever the previous one's latency, the buyers in turn (one
    buyer's orders would take turns on its cart): when each was sent, by number, and the latencies."""
    async with httpx.AsyncClient(timeout=60, limits=httpx.Limits(max_connections=50)) as http:
        supplier = (await graphql(http, url, "{ suppliers { id } }", token=tokens[0]))["suppliers"][0]["id"]
        variant = (await orderable_variants(http, url, tokens[0]))[0]
        rounds = int(seconds / every)
        sent: dict[str, float] = {}
        latencies: list[float] = []
        run = time.time_ns()

        async def place(n: int) -> None:
            variables = {"s": supplier, "v": variant["id"], "q": variant["minOrderQuantity"], "k": f"bench-{run}-{n}"}
            started = time.monotonic()
            data = await graphql(http, url, ADD_AND_CHECKOUT, variables, token=tokens[n % len(tokens)])
            latencies.append(time.monotonic() - started)
            if data["checkout"]["userErrors"]:
                print(f"  an order was refused: {data['checkout']['userErrors']}", flush=True)
                return
            sent[data["checkout"]["order"]["number"]] = started

        first = time.monotonic()
        placing: list[asyncio.Task] = []
        for n in range(rounds):
            await asyncio.sleep(max(0.0, first + n * every - time.monotonic()))
            placing.append(asyncio.create_task(place(n)))
        await asyncio.gather(*placing)
        return sent, latencies


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000 if ordered else float("nan")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--every", type=float, default=0.2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--clients", type=int, default=1, help="subscriber processes")
    args = parser.parse_args()

    raise_open_files_limit()
    env = bench_environment("subscriptions")
    await prepare()
    buyers = await prepare_buyers(BUYERS)
    with one_worker(env, args.workers) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(timeout=60) as http:
            admin_token = await login(http, url, SUPPLIER_ADMIN)
            buyer_tokens = [await login(http, url, buyer) for buyer in buyers]
        started = time.monotonic()
        processes = start_clients(url, admin_token, args.subscribers, args.clients)
        try:
            await asyncio.gather(*(wait_ready(p) for p in processes))
            print(f"{args.subscribers} subscribers connected in {time.monotonic() - started:.1f} s")
            await wait_registered(url, args.subscribers, args.workers)
            sent, mutation_latencies = await place_orders(url, buyer_tokens, args.seconds, args.every)
            await asyncio.sleep(5)  # the last deliveries
            arrivals = await collect(processes)
        finally:
            for process in processes:
                process.kill()
    report(args, sent, arrivals, mutation_latencies)


async def wait_registered(url: str, subscribers: int, workers: int) -> None:
    """Until every subscription is registered with a hub (readyz counts one worker's)."""
    if workers > 1:
        await asyncio.sleep(3)
        return
    async with httpx.AsyncClient() as http:
        for _ in range(600):
            body = (await http.get(url.replace("/graphql", "/readyz"))).json()
            if body.get("liveSubscriptions", 0) >= subscribers:
                return
            await asyncio.sleep(0.1)
    raise RuntimeError("the subscriptions were not all registered")


def report(args, sent: dict[str, float], arrivals: dict[str, list[float]], mutation_latencies: list[float]) -> None:
    deliveries = [t - sent[number] for number, times in arrivals.items() if number in sent for t in times]
    expected = len(sent) * args.subscribers
    missing = expected - len(deliveries)
    late = sum(d > LATE_SECONDS for d in deliveries)
    print(
        f"orderUpdated to {args.subscribers} subscribers over {args.workers} worker(s), "
        f"{len(sent)} orders, one every {args.every * 1000:.0f} ms"
    )
    print(
        f"  delivery   p50 {pct(deliveries, 0.5):7.1f} ms   p99 {pct(deliveries, 0.99):7.1f} ms   "
        f"max {max(deliveries, default=float('nan')) * 1000:7.1f} ms   late (>150 ms) {late} of {expected}   "
        f"missing {missing}"
    )
    spreads = [max(times) - min(times) for number, times in arrivals.items() if number in sent]
    print(
        f"  first → last subscriber of one order (the fan-out itself)   p50 {pct(spreads, 0.5):7.1f} ms   "
        f"p99 {pct(spreads, 0.99):7.1f} ms"
    )
    print(
        f"  placing mutation (add + checkout)   p50 {pct(mutation_latencies, 0.5):7.1f} ms   "
        f"p99 {pct(mutation_latencies, 0.99):7.1f} ms"
    )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--client":
        raise_open_files_limit()
        uvloop.run(run_subscribers(sys.argv[2], sys.argv[3], int(sys.argv[4])))
    else:
        asyncio.run(main())
