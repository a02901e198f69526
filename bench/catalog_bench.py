"""The catalog page priced for one buyer: the hot path of every storefront.

    .venv/bin/python bench/catalog_bench.py [--seconds 10] [--concurrency 16] [--stock-writes 5]

Loads the demo data (about 60 products, price lists, promotions) into a fresh SQLite database
(or the PostgreSQL database in DINGHUO_DATABASE_URL), starts `dinghuo serve` with one worker and
asks for a page of 50 products as buyer@dealer-a.demo (tier A list, own fixed prices,
promotions), from this process over loopback. It also times the same query in-process, one at a
time, which is the server's own cost per request without the HTTP client competing for the CPU.
The light page (`edges { node { id name } }`) is driven too, and both are given as a ratio to the
reference server (bench/reference_server.py: plain strawberry, from memory) measured in the same run.

Each page is driven twice: with the response cache off (DINGHUO_RESPONSE_CACHE_ENTRIES=0, every
request executes) and on (the default). `--stock-writes N` adds a third catalog run with the cache
on while the supplier's admin adjusts stock N times a second: every adjustment moves the stock
counter, so the pages that show availability are computed again after each one.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import (  # noqa: E402
    bench_environment,
    drive,
    one_worker,
    reference_server,
    report,
    wait_until_ready,
)
from bench.reference_server import REFERENCE_QUERY  # noqa: E402

ADMIN = "admin@huaxin.demo"
STOCK_TARGET = "{ warehouses { id } products(first: 1) { edges { node { variants { id } } } } }"
ADJUST = """mutation ($variant: ID!, $warehouse: ID!, $change: Int!) {
  stockAdjust(input: {variantId: $variant, warehouseId: $warehouse, change: $change, reason: "bench"}) {
    userErrors { code } } }"""

BUYER = "buyer@dealer-a.demo"
CATALOG_PAGE = """{ products(first: 50) { totalCount pageInfo { hasNextPage endCursor } edges { node {
    id name tags images category { name } brand { name } promotions { name kind }
    variants { id sku unit minOrderQuantity orderMultiple available
      price { amount currency } basePrice { amount } volumeBreaks { minQuantity unitPrice { amount } } } } } } }"""
LIGHT_PAGE = "{ products(first: 50) { edges { node { id name } } } }"


async def prepare() -> None:
    from app import wiring
    from app.db import apply_migrations, close_db, ensure_database, init_db
    from app.demo.seed import seed_demo
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings

    settings = get_settings()
    await ensure_database(settings)
    await init_db(settings)
    await apply_migrations()
    await start_runtime(settings)
    wiring.install()
    await seed_demo()
    await stop_runtime()
    await close_db()


async def in_process_ms(token: str, rounds: int, query: str, cache_entries: int) -> float:
    from dataclasses import replace

    from app.db import close_db, init_db
    from app.main import create_app
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings

    settings = replace(get_settings(), response_cache_entries=cache_entries)
    await init_db(settings)
    await start_runtime(settings)
    app = create_app(settings, manage_resources=False)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as http:
        for _ in range(10):
            await http.post("/graphql", json={"query": query}, headers=headers)
        started = time.perf_counter()
        for _ in range(rounds):
            response = await http.post("/graphql", json={"query": query}, headers=headers)
            assert "errors" not in response.json()
        elapsed = time.perf_counter() - started
    await stop_runtime()
    await close_db()
    return elapsed / rounds * 1000


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--stock-writes", type=float, default=0, help="stock adjustments a second in a third run")
    args = parser.parse_args()

    env = bench_environment("catalog")
    await prepare()

    with reference_server(env) as url:
        await wait_until_ready_reference(url)
        await drive(url, {"query": REFERENCE_QUERY}, None, 1, args.concurrency)
        print(f"{args.concurrency} concurrent clients, {args.seconds:.0f} s each; catalog pages as {BUYER}")
        reference = report(
            "reference (plain strawberry, memory)",
            await drive(url, {"query": REFERENCE_QUERY}, None, args.seconds, args.concurrency),
            args.seconds,
        )
    token = ""
    for cache_label, entries in (("no cache", "0"), ("response cache", "10000")):
        with one_worker({**env, "DINGHUO_RESPONSE_CACHE_ENTRIES": entries}) as url:
            await wait_until_ready(url)
            token = await _token(url, BUYER)
            for name, query in (("light page", LIGHT_PAGE), ("catalog page", CATALOG_PAGE)):
                body = {"query": query}
                await drive(url, body, token, 1, args.concurrency)
                report(
                    f"{name}, {cache_label} (HTTP)",
                    await drive(url, body, token, args.seconds, args.concurrency),
                    args.seconds,
                    reference,
                )
            if entries != "0" and args.stock_writes:
                writes = asyncio.create_task(_adjust_stock(url, args.stock_writes, args.seconds + 1))
                report(
                    f"catalog page, cache, {args.stock_writes:g} stock writes/s",
                    await drive(url, {"query": CATALOG_PAGE}, token, args.seconds, args.concurrency),
                    args.seconds,
                    reference,
                )
                print(f"{'':40s} {await writes} stock adjustments made meanwhile")
    for name, query in (("light page", LIGHT_PAGE), ("catalog page", CATALOG_PAGE)):
        for cache_label, entries in (("no cache", 0), ("response cache", 10_000)):
            label = f"{name}, {cache_label} (in-process, sequential)"
            print(f"{label:52s} {await in_process_ms(token, 100, query, entries):8.2f} ms per request")


async def _token(url: str, login: str) -> str:
    async with httpx.AsyncClient() as http:
        response = await http.post(
            url,
            json={"query": f'mutation {{ login(input: {{login: "{login}", password: "demo12345"}}) {{ token }} }}'},
        )
    return response.json()["data"]["login"]["token"]


async def _adjust_stock(url: str, per_second: float, seconds: float) -> int:
    """The supplier's admin moves one unit in and out of stock, `per_second` times a second."""
    token = await _token(url, ADMIN)
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=30) as http:
        target = (await http.post(url, json={"query": STOCK_TARGET}, headers=headers)).json()["data"]
        variables = {
            "variant": target["products"]["edges"][0]["node"]["variants"][0]["id"],
            "warehouse": target["warehouses"][0]["id"],
        }
        made = 0
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            change = 1 if made % 2 == 0 else -1
            body = {"query": ADJUST, "variables": {**variables, "change": change}}
            answer = (await http.post(url, json=body, headers=headers)).json()
            assert answer["data"]["stockAdjust"]["userErrors"] == [], answer
            made += 1
            await asyncio.sleep(1 / per_second)
    return made


async def wait_until_ready_reference(graphql_url: str) -> None:
    """The reference server has no /readyz: it is ready when it answers its query."""
    async with httpx.AsyncClient() as http:
        for _ in range(150):
            try:
                if (await http.post(graphql_url, json={"query": REFERENCE_QUERY})).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("the reference server did not become ready")


if __name__ == "__main__":
    asyncio.run(main())
