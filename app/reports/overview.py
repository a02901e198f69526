"""Sales and orders over time, and the period's headline figures.

Per day in the supplier's timezone: on PostgreSQL one grouped query (`AT TIME ZONE` over the
orders' (supplier_id, created_at) index); on SQLite, the embedded default for small data, the
period's orders are read and bucketed here. Weeks (starting Monday) and months add up days, and a
bucket is named by its first day, so the first and last buckets may be partly outside the period.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from tortoise import connections

from app.reports.breakdowns import account_figures
from app.reports.figures import ZERO, amount, count
from app.reports.scope import NOT_SALES, SalesScope


class Granularity(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"


@dataclass(frozen=True)
class Point:
    starts_on: date
    orders: int
    sales: Decimal


@dataclass(frozen=True)
class Overview:
    currency: str
    sales: Decimal
    orders: int
    customers: int
    repeat_customers: int

    @property
    def average_order_value(self) -> Decimal:
        return amount(self.sales / self.orders) if self.orders else ZERO

    @property
    def repeat_rate(self) -> Decimal:
        """Share of the customers who ordered in the period that ordered at least twice."""
        return (Decimal(self.repeat_customers) / self.customers).quantize(Decimal("0.0001")) if self.customers else ZERO


def bucket_of(day: date, granularity: Granularity) -> date:
    if granularity is Granularity.WEEK:
        return day - timedelta(days=day.weekday())
    if granularity is Granularity.MONTH:
        return day.replace(day=1)
    return day


def _buckets(scope: SalesScope, granularity: Granularity) -> list[date]:
    starts: list[date] = []
    day = scope.period_from
    while day <= scope.period_to:
        start = bucket_of(day, granularity)
        if not starts or starts[-1] != start:
            starts.append(start)
        day += timedelta(days=1)
    return starts


async def series(scope: SalesScope, granularity: Granularity) -> list[Point]:
    """Every bucket of the period, empty ones included, oldest first."""
    totals: dict[date, list] = defaultdict(lambda: [0, ZERO])
    for day, orders, sales in await _daily(scope):
        bucket = totals[bucket_of(day, granularity)]
        bucket[0] += orders
        bucket[1] += sales
    return [Point(start, totals[start][0], totals[start][1]) for start in _buckets(scope, granularity)]


async def _daily(scope: SalesScope) -> list[tuple[date, int, Decimal]]:
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        return await _daily_in_sql(client, scope)
    days: dict[date, list] = defaultdict(lambda: [0, ZERO])
    for created_at, total in await scope.orders().values_list("created_at", "total"):
        day = days[scope.local_day(created_at)]
        day[0] += 1
        day[1] += amount(total)
    return [(day, orders, sales) for day, (orders, sales) in days.items()]


async def _daily_in_sql(client, scope: SalesScope) -> list[tuple[date, int, Decimal]]:
    params: list = [scope.zone.key, scope.supplier_id, scope.starts_at, scope.ends_at, list(NOT_SALES)]
    only_rep = ""
    if scope.rep_id is not None:
        params.append(scope.rep_id)
        only_rep = " AND customer_account_id IN (SELECT id FROM customer_accounts WHERE supplier_id = $2 AND sales_rep_id = $6)"
    rows = await client.execute_query_dict(
        "SELECT (created_at AT TIME ZONE $1)::date AS day, COUNT(*) AS orders, SUM(total) AS sales FROM orders "
        "WHERE supplier_id = $2 AND created_at >= $3 AND created_at < $4 AND status <> ALL($5::text[])"
        f"{only_rep} GROUP BY 1",
        params,
    )
    return [(row["day"], count(row["orders"]), amount(row["sales"])) for row in rows]


async def overview(scope: SalesScope) -> Overview:
    figures = (await account_figures(scope)).values()
    return Overview(
        currency=scope.currency,
        sales=sum((figure.sales for figure in figures), ZERO),
        orders=sum(figure.orders for figure in figures),
        customers=len(figures),
        repeat_customers=sum(1 for figure in figures if figure.orders >= 2),
    )
