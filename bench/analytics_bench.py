"""Sales analytics (issue 23) on the scale-L data set, each view timed in-process.

    createdb -h 127.0.0.1 -U postgres -T bench_l bench_l_analytics
    export DINGHUO_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_l_analytics
    .venv/bin/dinghuo migrate && .venv/bin/python bench/analytics_bench.py [--rounds 20] [--days 30 365]

One request at a time after a warm-up, as bench/scale_bench.py does: p50, p99 and max per view and
period, for the supplier's admin (1,000,000 orders, 5,000 customers) and for sales1 (500 customers).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale_bench import _login, _report, _time  # noqa: E402

SUMMARY = """query Q($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  summary { sales { amount } orders averageOrderValue { amount } customers repeatRate } } }"""
SERIES = """query Q($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  series(granularity: DAY) { startsOn orders sales { amount } } } }"""
BREAKDOWN = """query Q($from: Date!, $to: Date!, $d: SalesDimension!) { salesAnalytics(from: $from, to: $to) {
  breakdown(dimension: $d) { total { amount } rows(first: 20) { totalCount nodes { id label sales { amount } share } } } } }"""
TOP = """query Q($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  topProducts(limit: 10) { label sales { amount } } } }"""
SLOW = """query Q($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  slowProducts(limit: 10) { unsoldCount rows { label sales { amount } } } } }"""
CUSTOMERS = """query Q($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  customers(first: 20, atRiskOnly: true) { totalCount nodes { name orders averageDaysBetweenOrders atRisk } } } }"""


def _workloads(days: int) -> list[tuple[str, str, dict]]:
    dimensions = ("PRODUCT", "CATEGORY", "BRAND", "CUSTOMER", "TIER", "REGION", "SALES_REP")
    return [
        ("summary", SUMMARY, {}),
        ("series by day", SERIES, {}),
        *((f"breakdown {d.lower()}", BREAKDOWN, {"d": d}) for d in dimensions),
        ("top products", TOP, {}),
        ("slow-moving products", SLOW, {}),
        ("customers at risk", CUSTOMERS, {}),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--days", type=int, nargs="+", default=[30, 365])
    parser.add_argument("--users", nargs="+", default=["admin@bench.test", "sales1@bench.test"])
    parser.add_argument("--only", nargs="*", default=[], help="time only the views whose names contain one of these")
    args = parser.parse_args()

    from app import wiring
    from app.db import close_db, init_db
    from app.main import create_app
    from app.runtime import freeze_start_up_objects, start_runtime, stop_runtime
    from app.settings import get_settings

    settings = get_settings()
    wiring.install()
    await init_db(settings)
    await start_runtime(settings)
    app = create_app(settings, manage_resources=False)
    freeze_start_up_objects()  # as the server's lifespan does
    today = date.today()
    print(f"load average at start: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench", timeout=120) as http:
        for login in args.users:
            for days in args.days:
                period = {"from": str(today - timedelta(days=days - 1)), "to": str(today)}
                for name, query, variables in _workloads(days):
                    if args.only and not any(part in name for part in args.only):
                        continue
                    # A fresh token per view: the long periods outlast an access token.
                    token = await _login(http, login)
                    latencies = await _time(http, token, query, {**period, **variables}, args.rounds)
                    _report(f"{login.split('@')[0]}, last {days} days, {name}", latencies)
    print(f"load average at end: {' '.join(f'{v:.1f}' for v in os.getloadavg())}")
    await stop_runtime()
    await close_db()


if __name__ == "__main__":
    asyncio.run(main())
