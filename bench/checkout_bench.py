"""Cart add + checkout in one request, from many buyers at once: the ordering hot path.

    .venv/bin/python bench/checkout_bench.py [--seconds 10] [--buyers 4 32] [--profile]

Loads the demo data (plus bench buyers bench-01.. with their own accounts, so that each client
orders as a different buyer) into a fresh SQLite database (or the PostgreSQL database in
DINGHUO_DATABASE_URL), gives the variants ordered plenty of stock, starts `dinghuo serve` with one
worker and has N buyers each send, back to back for --seconds, one GraphQL document with two
mutation fields run in order: `cartAddLines` then `checkout`. Prints orders/s, p50, p99 and the
ratio to the reference server (bench/reference_server.py) measured in the same run, and the SQL
statements one checkout sends (counted in-process). --profile prints a pyinstrument profile of
200 checkouts in-process (pip install pyinstrument).
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_bench import prepare, wait_until_ready_reference  # noqa: E402
from bench.common import (  # noqa: E402
    bench_environment,
    database_cpu_seconds,
    drive,
    one_worker,
    reference_server,
    report,
    server_cpu_seconds,
    wait_until_ready,
)
from bench.lean_http import HttpConnection  # noqa: E402
from bench.reference_server import REFERENCE_QUERY  # noqa: E402

STOCK_PER_VARIANT = 1_000_000  # the most one adjustment may add
BATCHES = 10
ADD_AND_CHECKOUT = """mutation ($s: ID!, $v: ID!, $q: Int!, $k: String!) {
  cartAddLines(input: {supplierId: $s, lines: [{variantId: $v, quantity: $q}]}) { userErrors { code message } }
  checkout(input: {supplierId: $s, idempotencyKey: $k}) {
    order { id number status total { amount currency } lines { id quantity } } userErrors { code message } } }"""
VARIANTS = """{ products(first: 50) { edges { node { variants {
  id minOrderQuantity orderMultiple maxPerOrder available quota { quantity } } } } } }"""
LOGIN = 'mutation { login(input: {login: "%s", password: "demo12345"}) { token } }'


async def prepare_buyers(count: int) -> list[str]:
    """The bench buyers, and stock enough for every order they can place in the run."""
    from app import wiring
    from app.accounts.auth import principal_for_user
    from app.accounts.models import User
    from app.db import close_db, init_db
    from app.demo.seed import seed_bench_buyers
    from app.inventory import service as inventory
    from app.inventory.models import Stock
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings

    settings = get_settings()
    await init_db(settings)
    await start_runtime(settings)
    wiring.install()
    logins = await seed_bench_buyers(count)
    admin = await principal_for_user(await User.get(email="admin@huaxin.demo").select_related("organization"))
    for stock in await Stock.filter(on_hand__lt=STOCK_PER_VARIANT):
        await inventory.adjust_stock(admin, stock.variant_id, stock.warehouse_id, STOCK_PER_VARIANT, "bench")
    await stop_runtime()
    await close_db()
    return logins


async def graphql(http: httpx.AsyncClient, url: str, query: str, variables: dict | None, token: str | None) -> dict:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    body = (await http.post(url, json={"query": query, "variables": variables or {}}, headers=headers)).json()
    assert "errors" not in body, body
    return body["data"]


async def orderable_variants(http: httpx.AsyncClient, url: str, token: str) -> list[dict]:
    """Variants with no pack size, maximum or quota, which any number of orders may take."""
    data = await graphql(http, url, VARIANTS, None, token)
    return [
        v
        for edge in data["products"]["edges"]
        for v in edge["node"]["variants"]
        if v["orderMultiple"] == 1
        and v["maxPerOrder"] is None
        and v["quota"] is None
        and (v["available"] or 0) >= STOCK_PER_VARIANT // 2
    ]


class Buyer:
    def __init__(self, token: str, supplier: str, variant: dict, name: str) -> None:
        self.token = token
        self.variables = {"s": supplier, "v": variant["id"], "q": variant["minOrderQuantity"]}
        self.keys = (f"{name}-{n}" for n in itertools.count())

    def body(self) -> dict:
        return {"query": ADD_AND_CHECKOUT, "variables": {**self.variables, "k": next(self.keys)}}


async def checkouts(url: str, buyers: list[Buyer], seconds: float) -> list[float]:
    """Each buyer orders back to back for `seconds` on its own connection; the latencies of the orders placed."""
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def one_buyer(buyer: Buyer) -> None:
        headers = {"authorization": f"Bearer {buyer.token}"}
        async with HttpConnection(url) as connection:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status, body = await connection.post_json(buyer.body(), headers)
                assert status == 200 and "errors" not in body and not body["data"]["checkout"]["userErrors"], body
                latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(one_buyer(b) for b in buyers))
    return latencies


async def in_process(buyer_login: str, rounds: int, profile: bool) -> tuple[int, float]:
    """SQL statements of one add + checkout sent in-process, and the CPU milliseconds each costs
    (server and database client in this one process), the least of `BATCHES` batches over `rounds`:
    this machine's neighbours steal time in bursts, which only ever adds; with `profile`, a profile
    of those rounds."""
    from app.db import close_db, init_db
    from app.main import create_app
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings
    from tests.support import QueryCounter

    settings = get_settings()
    await init_db(settings)
    await start_runtime(settings)
    app = create_app(settings, manage_resources=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
        token = (await graphql(http, "/graphql", LOGIN % buyer_login, None, None))["login"]["token"]
        supplier = (await graphql(http, "/graphql", "{ suppliers { id } }", None, token))["suppliers"][0]["id"]
        buyer = Buyer(
            token, supplier, (await orderable_variants(http, "/graphql", token))[0], f"in-process-{time.time_ns()}"
        )
        headers = {"authorization": f"Bearer {token}"}
        for _ in range(5):
            await http.post("/graphql", json=buyer.body(), headers=headers)
        counter = QueryCounter()
        logger = logging.getLogger("tortoise.db_client")
        logger.setLevel(logging.DEBUG)
        logger.addHandler(counter)
        await http.post("/graphql", json=buyer.body(), headers=headers)
        logger.removeHandler(counter)
        if os.environ.get("BENCH_SQL_DUMP"):
            Path(os.environ["BENCH_SQL_DUMP"]).write_text("\n".join(counter.statements))
        logger.setLevel(logging.WARNING)
        batches = []
        for _ in range(BATCHES):
            cpu_started = time.process_time()
            for _ in range(rounds // BATCHES):
                await http.post("/graphql", json=buyer.body(), headers=headers)
            batches.append((time.process_time() - cpu_started) / (rounds // BATCHES) * 1000)
        cpu_ms = min(batches)
        if profile:
            from pyinstrument import Profiler

            profiler = Profiler(async_mode="enabled")
            with profiler:
                for _ in range(rounds):
                    await http.post("/graphql", json=buyer.body(), headers=headers)
            print(profiler.output_text(unicode=True, color=False, show_all=False))
    await stop_runtime()
    await close_db()
    return counter.count, cpu_ms


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--buyers", type=int, nargs="+", default=[4, 32])
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--in-process-only", action="store_true", help="only the SQL count, CPU and profile")
    args = parser.parse_args()

    env = bench_environment("checkout")
    await prepare()
    logins = await prepare_buyers(max(args.buyers))
    if not args.in_process_only:
        await loaded(env, logins, args)
    statements, cpu_ms = await in_process(logins[0], 200, args.profile)
    print(
        f"per add + checkout (in-process, sequential): {statements} SQL statements, {cpu_ms:.1f} ms of CPU (least of {BATCHES} batches)"
    )


async def loaded(env: dict[str, str], logins: list[str], args: argparse.Namespace) -> None:
    """The reference, then N buyers at once against one worker."""
    with reference_server(env) as url:
        await wait_until_ready_reference(url)
        await drive(url, {"query": REFERENCE_QUERY}, None, 1, 16)
        reference_cpu = server_cpu_seconds(url)
        answered = await drive(url, {"query": REFERENCE_QUERY}, None, args.seconds, 16)
        reference_cpu = (server_cpu_seconds(url) - reference_cpu) / len(answered)
        reference = report("reference (plain strawberry, 16 clients)", answered, args.seconds)
        print(f"{'':40s} CPU per request {reference_cpu * 1000:.2f} ms")
    with one_worker(env) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient(timeout=60) as http:
            tokens = [(await graphql(http, url, LOGIN % login, None, None))["login"]["token"] for login in logins]
            supplier = (await graphql(http, url, "{ suppliers { id } }", None, tokens[0]))["suppliers"][0]["id"]
            variants = await orderable_variants(http, url, tokens[0])
        for count in args.buyers:
            buyers = [
                Buyer(tokens[n], supplier, variants[n % len(variants)], f"run{count}-b{n}-{time.time_ns()}")
                for n in range(count)
            ]
            await checkouts(url, buyers, 1)
            server_cpu, database_cpu, client_cpu = server_cpu_seconds(url), database_cpu_seconds(), time.process_time()
            latencies = await checkouts(url, buyers, args.seconds)
            server_cpu, database_cpu = server_cpu_seconds(url) - server_cpu, database_cpu_seconds() - database_cpu
            client_cpu = time.process_time() - client_cpu
            report(f"add + checkout, {count} buyers (orders/s)", latencies, args.seconds, reference)
            per_order = server_cpu / len(latencies)
            print(
                f"{'':40s} {len(latencies)} orders; CPU per order: worker {per_order * 1000:.1f} ms (relay included,"
                f" {per_order / reference_cpu:.1f} reference requests), PostgreSQL {database_cpu / len(latencies) * 1000:.1f} ms,"
                f" this client {client_cpu / len(latencies) * 1000:.1f} ms"
            )


if __name__ == "__main__":
    asyncio.run(main())
