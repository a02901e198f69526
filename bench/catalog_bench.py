"""The catalog page priced for one buyer: the hot path of every storefront.

    .venv/bin/python bench/catalog_bench.py [--seconds 10] [--concurrency 16]

Loads the demo data (about 60 products, price lists, promotions) into a fresh SQLite database
(or the PostgreSQL database in DINGHUO_DATABASE_URL), starts `dinghuo serve` with one worker and
asks for a page of 50 products as buyer@dealer-a.demo (tier A list, own fixed prices,
promotions), from this process over loopback. It also times the same query in-process, one at a
time, which is the server's own cost per request without the HTTP client competing for the CPU.
The light page (`edges { node { id name } }`) is driven too, and both are given as a ratio to the
reference server (bench/reference_server.py: plain strawberry, from memory) measured in the same run.
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


async def in_process_ms(token: str, rounds: int, query: str) -> float:
    from app.db import close_db, init_db
    from app.main import create_app
    from app.runtime import start_runtime, stop_runtime
    from app.settings import get_settings

    settings = get_settings()
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
    with one_worker(env) as url:
        await wait_until_ready(url)
        async with httpx.AsyncClient() as http:
            login = await http.post(
                url,
                json={"query": f'mutation {{ login(input: {{login: "{BUYER}", password: "demo12345"}}) {{ token }} }}'},
            )
        token = login.json()["data"]["login"]["token"]
        for name, query in (("light page", LIGHT_PAGE), ("catalog page", CATALOG_PAGE)):
            body = {"query": query}
            await drive(url, body, token, 1, args.concurrency)
            report(
                f"{name} (HTTP, one worker)",
                await drive(url, body, token, args.seconds, args.concurrency),
                args.seconds,
                reference,
            )
    for name, query in (("light page", LIGHT_PAGE), ("catalog page", CATALOG_PAGE)):
        print(f"{name + ' (in-process, sequential)':40s} {await in_process_ms(token, 100, query):8.1f} ms per request")


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
