"""The order list, the statement, the receivables and the catalog on the scale-L data set.

    createdb bench_l
    DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_l .venv/bin/dinghuo migrate
    DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_l .venv/bin/dinghuo seed-bench --scale L
    DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_l .venv/bin/python bench/scale_bench.py

Times each query in-process, one request at a time (the server's own cost per request, no HTTP
client competing for the CPU), after a warm-up, and prints p50, p99 and max. The supplier's admin
sees 1,000,000 orders and 5,000 customers; buyer1 (tier A) sees its own orders and statement.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.catalog_bench import CATALOG_PAGE  # noqa: E402
from bench.statement_bench import STATEMENT  # noqa: E402

ADMIN = "admin@bench.test"
BUYER = "buyer1@bench.test"
ORDER_LIST = """query L($filter: OrderFilter) { orders(first: 50, filter: $filter) { totalCount
  pageInfo { hasNextPage endCursor } edges { node { id number status paymentStatus fulfilmentStatus createdAt
  total { amount currency } buyer { name } customerAccount { tier } } } } }"""
RECEIVABLES = """{ receivablesAging { balance { amount } total { current { amount } daysOver60 { amount } }
  customers(first: 50) { totalCount edges { node { balance { amount } } } } } }"""
SEARCH = """query S($search: String!) { products(first: 50, filter: {search: $search}) { totalCount
  edges { node { id name variants { sku price { amount } available } } } } }"""


async def _login(http: httpx.AsyncClient, login: str) -> str:
    from app.demo.scale import BENCH_PASSWORD

    response = await http.post(
        "/graphql",
        json={
            "query": "mutation L($i: LoginInput!) { login(input: $i) { token } }",
            "variables": {"i": {"login": login, "password": BENCH_PASSWORD}},
        },
    )
    return response.json()["data"]["login"]["token"]


async def _time(http: httpx.AsyncClient, token: str, query: str, variables: dict, rounds: int) -> list[float]:
    body = {"query": query, "variables": variables}
    headers = {"authorization": f"Bearer {token}"}
    for _ in range(3):
        await http.post("/graphql", json=body, headers=headers)
    latencies = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = await http.post("/graphql", json=body, headers=headers)
        latencies.append(time.perf_counter() - started)
        assert "errors" not in response.json(), response.text[:500]
    return latencies


def _report(name: str, latencies: list[float]) -> None:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    print(
        f"{name:58s} p50 {statistics.median(ordered) * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms"
        f"   max {ordered[-1] * 1000:7.1f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument(
        "--only", nargs="*", default=[], help="time only the workloads whose names contain one of these"
    )
    args = parser.parse_args()

    from app import wiring
    from app.accounts.models import CustomerAccount
    from app.db import close_db, init_db
    from app.global_ids import encode_id
    from app.main import create_app
    from app.runtime import freeze_start_up_objects, start_runtime, stop_runtime
    from app.settings import get_settings

    settings = get_settings()
    wiring.install()
    await init_db(settings)
    await start_runtime(settings)
    account = await CustomerAccount.get(buyer__code="bench-buyer-1")
    account_id = encode_id("CustomerAccount", account.id)
    today = date.today()
    app = create_app(settings, manage_resources=False)
    freeze_start_up_objects()  # as the server's lifespan does
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=60) as http:
        admin, buyer = await _login(http, ADMIN), await _login(http, BUYER)
        workloads = (
            ("order list, admin (1,000,000 orders), newest 50", admin, ORDER_LIST, {}),
            ("order list, admin, status CANCELLED", admin, ORDER_LIST, {"filter": {"status": ["CANCELLED"]}}),
            ("order list, admin, number search", admin, ORDER_LIST, {"filter": {"search": "SO-2026-00012"}}),
            ("order list, buyer1 (its own ~200)", buyer, ORDER_LIST, {}),
            (
                "statement, buyer1, last 30 days",
                buyer,
                STATEMENT,
                {"id": account_id, "from": str(today - timedelta(days=30)), "to": str(today)},
            ),
            (
                "statement, buyer1, last 2 years",
                buyer,
                STATEMENT,
                {"id": account_id, "from": str(today - timedelta(days=730)), "to": str(today)},
            ),
            ("receivables aging, admin (5,000 customers)", admin, RECEIVABLES, {}),
            ("catalog page, buyer1 (100,000 SKUs)", buyer, CATALOG_PAGE, {}),
            ("catalog search '绿茶', buyer1", buyer, SEARCH, {"search": "绿茶"}),
            ("catalog search by SKU 'bn-012345', buyer1", buyer, SEARCH, {"search": "bn-012345"}),
        )
        for name, token, query, variables in workloads:
            if args.only and not any(part in name for part in args.only):
                continue
            _report(name, await _time(http, token, query, variables, args.rounds))
    await stop_runtime()
    await close_db()


if __name__ == "__main__":
    asyncio.run(main())
