"""Each analytics view as named tables, the one source of its .xlsx download (app.tabular)."""

from __future__ import annotations

from enum import StrEnum

from app.reports.breakdowns import Dimension, Measure, Row, breakdown, label, largest
from app.reports.customers import customer_activity, with_medians
from app.reports.overview import Granularity, overview, series
from app.reports.products import MAX_RANKING, slow_products, top_products
from app.reports.scope import SalesScope
from app.tabular import Tables

ROW_HEADER = ("Key", "Name", "Sales", "Quantity", "Orders", "Share")


class View(StrEnum):
    OVERVIEW = "overview"
    BREAKDOWN = "breakdown"
    PRODUCTS = "products"
    CUSTOMERS = "customers"


def _period(scope: SalesScope) -> list[tuple]:
    return [("From", scope.period_from.isoformat()), ("To", scope.period_to.isoformat()), ("Currency", scope.currency)]


def _rows(rows: list[Row]) -> list[tuple]:
    return [ROW_HEADER, *((row.key, row.label, row.sales, row.quantity, row.orders, row.share) for row in rows)]


async def overview_tables(scope: SalesScope, granularity: Granularity) -> Tables:
    figures = await overview(scope)
    points = await series(scope, granularity)
    return {
        "Summary": [
            *_period(scope),
            ("Sales", figures.sales),
            ("Orders", figures.orders),
            ("Average order value", figures.average_order_value),
            ("Customers", figures.customers),
            ("Repeat rate", figures.repeat_rate),
        ],
        "Series": [(granularity.value.title(), "Orders", "Sales")]
        + [(point.starts_on.isoformat(), point.orders, point.sales) for point in points],
    }


async def breakdown_tables(scope: SalesScope, dimension: Dimension, measure: Measure) -> Tables:
    found = await breakdown(scope, dimension)
    ordered = await label(dimension, largest(found.rows, measure, len(found.rows)))
    return {
        "Summary": [*_period(scope), ("Dimension", dimension.value), ("Sales", found.total)],
        "Rows": _rows(ordered),
    }


async def products_tables(scope: SalesScope, measure: Measure) -> Tables:
    top = await top_products(scope, measure, MAX_RANKING)
    slow = await slow_products(scope, measure, MAX_RANKING)
    return {
        "Summary": [*_period(scope), ("Products without sales", slow.unsold)],
        "Top products": _rows(top.rows),
        "Slow-moving products": _rows(slow.rows),
    }


async def customers_tables(scope: SalesScope, at_risk_only: bool) -> Tables:
    header = (
        "Customer",
        "Tier",
        "Region",
        "Orders",
        "Sales",
        "Quantity",
        "Share",
        "First order",
        "Last order",
        "Days since last order",
        "Average days between orders",
        "Median days between orders",
        "At risk",
    )
    found = await with_medians(scope, [c for c in await customer_activity(scope) if c.at_risk or not at_risk_only])
    found.sort(key=lambda c: (-c.sales, c.account_id))
    return {
        "Summary": [*_period(scope), ("Customers", len(found))],
        "Customers": [header]
        + [
            (
                c.name,
                c.tier,
                c.region,
                c.orders,
                c.sales,
                c.quantity,
                c.share,
                c.first_order_on.isoformat(),
                c.last_order_on.isoformat(),
                c.days_since_last_order,
                c.average_days_between_orders,
                c.median_days_between_orders,
                "yes" if c.at_risk else "no",
            )
            for c in found
        ],
    }
