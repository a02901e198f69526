"""Sales broken down by product, category, brand, customer, tier, region or sales rep.

Product-side dimensions add up the item rollups (line totals, after discounts) of the period's whole
months and its edge days, or for a sales rep group the lines of their customers' orders; customer-side
ones add up the accounts' month rollups and, for the edge days, the orders (order totals) and their
lines' quantities per account, then add accounts up by tier, region or rep here (app.reports.rollups).
Each row carries its share of the dimension's total sales. Rows are few enough to rank in memory (one
per customer or product sold).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from tortoise.expressions import Q
from tortoise.functions import Count, Sum

from app.accounts.models import User
from app.catalog.models import Brand, Category, Product
from app.db import plain_rows, plans_per_value
from app.reports.figures import ZERO, amount, count, share
from app.reports.models import NOT_SET, AccountSalesMonth, ItemKind, ItemSales, Span
from app.reports.scope import SalesScope


class Dimension(StrEnum):
    PRODUCT = "PRODUCT"
    CATEGORY = "CATEGORY"
    BRAND = "BRAND"
    CUSTOMER = "CUSTOMER"
    TIER = "TIER"
    REGION = "REGION"
    SALES_REP = "SALES_REP"


class Measure(StrEnum):
    SALES = "SALES"
    QUANTITY = "QUANTITY"
    ORDERS = "ORDERS"


# Python 3.11 reads an enum member off its class through a descriptor (~1 µs): the rankings compare
# against these once per row of tens of thousands.
_SALES, _QUANTITY = Measure.SALES, Measure.QUANTITY


def measured(measure: Measure, sales: Decimal, quantity: int, orders: int) -> Decimal:
    """The figure a ranking sorts by (called once per row of tens of thousands: no table built per call)."""
    if measure is _SALES:
        return sales
    return Decimal(quantity if measure is _QUANTITY else orders)


PRODUCT_SIDE = {
    Dimension.PRODUCT: "variant__product_id",
    Dimension.CATEGORY: "variant__product__category_id",
    Dimension.BRAND: "variant__product__brand_id",
}


@dataclass
class Row:
    key: int | str | None
    """A product, category, brand, account or user id; a tier or region name; None for 'not set'."""
    label: str | None
    sales: Decimal = ZERO
    quantity: int = 0
    orders: int = 0
    share: Decimal = ZERO

    def measure(self, measure: Measure) -> Decimal:
        return measured(measure, self.sales, self.quantity, self.orders)


@dataclass(frozen=True)
class Breakdown:
    currency: str
    dimension: Dimension
    total: Decimal
    rows: list[Row]
    """In tie-break order (`tie_break`), so a ranking sorts them by its measure alone."""


async def breakdown(scope: SalesScope, dimension: Dimension) -> Breakdown:
    return await scope.once(("breakdown", dimension), lambda: _breakdown(scope, dimension))


async def _breakdown(scope: SalesScope, dimension: Dimension) -> Breakdown:
    rows = await (_product_side(scope, dimension) if dimension in PRODUCT_SIDE else _customer_side(scope, dimension))
    total = sum((row.sales for row in rows), ZERO)
    for row in rows:
        row.share = share(row.sales, total)
    rows.sort(key=tie_break)
    return Breakdown(currency=scope.currency, dimension=dimension, total=total, rows=rows)


def tie_break(row: Row) -> tuple[bool, str]:
    """Rows with equal figures rank by key, 'not set' last."""
    return row.key is None, str(row.key)


def ranked(found: Breakdown, measure: Measure) -> list[tuple[Decimal, int, Row]]:
    """(measure, rank, row) with a stable tie-break, as in-memory pagination keys rows."""
    if measure is _SALES:
        return [(row.sales, position, row) for position, row in enumerate(found.rows)]
    return [(row.measure(measure), position, row) for position, row in enumerate(found.rows)]


def largest(rows: list[Row], measure: Measure, limit: int) -> list[Row]:
    """The `limit` rows ranked first by `measure`, without sorting all. `rows` in tie-break order (a
    Breakdown's, or a selection of them): the heap is stable, so ties keep that order, as in `ranked`."""
    return heapq.nsmallest(limit, rows, key=lambda row: -row.measure(measure))


def smallest(rows: list[Row], measure: Measure, limit: int) -> list[Row]:
    return heapq.nsmallest(limit, rows, key=lambda row: row.measure(measure))


async def _product_side(scope: SalesScope, dimension: Dimension) -> list[Row]:
    """Every caller who sees all customers reads the rollups (a year is ~300,000 rows, not a million
    lines); a sales rep's share of them is not rolled up (an account changes reps), so a rep's figures
    group the lines of their customers' orders."""
    if scope.rep_id is None:
        return await _rolled_up_items(scope, dimension)
    path = PRODUCT_SIDE[dimension]
    async with plans_per_value():
        grouped = await plain_rows(
            scope.lines()
            .group_by(path)
            .annotate(sales=Sum("line_total"), quantity=Sum("quantity"), orders=Count("order_id", distinct=True))
            .values(key=path, sales="sales", quantity="quantity", orders="orders")
        )
    return [Row(row[0], None, amount(row[1]), count(row[2]), count(row[3])) for row in grouped]


ITEM_KINDS = {
    Dimension.PRODUCT: ItemKind.PRODUCT,
    Dimension.CATEGORY: ItemKind.CATEGORY,
    Dimension.BRAND: ItemKind.BRAND,
}


async def _rolled_up_items(scope: SalesScope, dimension: Dimension) -> list[Row]:
    parts = scope.split()
    spans = [Q(span=Span.DAY, starts_on__gte=first, starts_on__lte=last) for first, last in parts.days]
    if parts.months:
        spans.append(Q(span=Span.MONTH, starts_on__in=parts.months))
    grouped = await plain_rows(
        ItemSales.filter(Q(*spans, join_type=Q.OR), supplier_id=scope.supplier_id, kind=ITEM_KINDS[dimension])
        .group_by("item_id")
        .annotate(sales=Sum("sales"), quantity=Sum("quantity"), orders=Sum("orders"))
        .values(key="item_id", sales="sales", quantity="quantity", orders="orders")
    )
    return [
        Row(None if row[0] == NOT_SET else row[0], None, amount(row[1]), count(row[2]), count(row[3]))
        for row in grouped
        if row[3]
    ]


async def label(dimension: Dimension, rows: list[Row]) -> list[Row]:
    """Names the product-side rows shown (one query): a period can sell tens of thousands of products,
    and only a page of them is read."""
    if dimension not in PRODUCT_SIDE:
        return rows
    model = {Dimension.PRODUCT: Product, Dimension.CATEGORY: Category, Dimension.BRAND: Brand}[dimension]
    ids = [row.key for row in rows if row.key is not None]
    names = dict(await model.filter(id__in=ids).values_list("id", "name")) if ids else {}
    for row in rows:
        row.label = names.get(row.key)
    return rows


@dataclass(frozen=True)
class AccountFigures:
    account_id: int
    orders: int
    sales: Decimal
    quantity: int


async def account_figures(scope: SalesScope) -> dict[int, AccountFigures]:
    """Per customer account that ordered in the period: orders, sales and units."""
    return await scope.once("account figures", lambda: _account_figures(scope))


async def _account_figures(scope: SalesScope) -> dict[int, AccountFigures]:
    """The whole months from the accounts' month rollups, the days at the period's ends from the orders."""
    parts = scope.split()
    figures: dict[int, list] = defaultdict(lambda: [0, ZERO, 0])
    if parts.months:
        months = AccountSalesMonth.filter(supplier_id=scope.supplier_id, month__in=parts.months)
        if (accounts := scope.account_ids()) is not None:
            months = months.filter(customer_account_id__in=accounts)
        for account, orders, sales, quantity in await plain_rows(
            months.group_by("customer_account_id")
            .annotate(orders=Sum("orders"), sales=Sum("sales"), quantity=Sum("quantity"))
            .values(account="customer_account_id", orders="orders", sales="sales", quantity="quantity")
        ):
            _add_to(figures[account], orders, sales, quantity)
    for first, last in parts.days:
        for account, orders, sales in await plain_rows(
            scope.orders_between(first, last)
            .group_by("customer_account_id")
            .annotate(orders=Count("id"), sales=Sum("total"))
            .values(account="customer_account_id", orders="orders", sales="sales")
        ):
            _add_to(figures[account], orders, sales, 0)
        for account, quantity in await plain_rows(
            scope.lines_between(first, last)
            .group_by("order__customer_account_id")
            .annotate(quantity=Sum("quantity"))
            .values(account="order__customer_account_id", quantity="quantity")
        ):
            _add_to(figures[account], 0, 0, quantity)
    return {
        account: AccountFigures(account, orders, amount(sales), quantity)
        for account, (orders, sales, quantity) in figures.items()
        if orders
    }


def _add_to(figure: list, orders: int | None, sales: Decimal | float | int | None, quantity: int | None) -> None:
    figure[0] += count(orders)
    figure[1] += amount(sales)
    figure[2] += count(quantity)


@dataclass(frozen=True)
class AccountFacts:
    id: int
    name: str
    tier: str | None
    region: str | None
    sales_rep_id: int | None


async def account_facts(scope: SalesScope) -> dict[int, AccountFacts]:
    """The caller's customer accounts with their buyer's name, as plain values in one query."""
    rows = await scope.accounts().values_list("id", "buyer__name", "tier", "region", "sales_rep_id")
    return {row[0]: AccountFacts(*row) for row in rows}


def _grouping(dimension: Dimension) -> Callable[[AccountFacts], int | str | None]:
    return {
        Dimension.CUSTOMER: lambda account: account.id,
        Dimension.TIER: lambda account: account.tier,
        Dimension.REGION: lambda account: account.region,
        Dimension.SALES_REP: lambda account: account.sales_rep_id,
    }[dimension]


async def _customer_side(scope: SalesScope, dimension: Dimension) -> list[Row]:
    figures = await account_figures(scope)
    accounts = await account_facts(scope)
    key_of = _grouping(dimension)
    rows: dict[int | str | None, Row] = {}
    for account_id, figure in figures.items():
        account = accounts[account_id]
        key = key_of(account)
        label = account.name if dimension is Dimension.CUSTOMER else (key if isinstance(key, str) else None)
        row = rows.setdefault(key, Row(key=key, label=label))
        row.sales += figure.sales
        row.quantity += figure.quantity
        row.orders += figure.orders
    if dimension is Dimension.SALES_REP:
        reps = [key for key in rows if isinstance(key, int)]
        names = dict(await User.filter(id__in=reps).values_list("id", "name")) if reps else {}
        for key, row in rows.items():
            row.label = names.get(key) if isinstance(key, int) else None
    return list(rows.values())
