"""Keeps the sales rollups (app.reports.models) through the order process's hooks.

An order adds to them when placed and takes back what it added when rejected or cancelled (the final
states that end a sale); an edit of its lines takes back what they added and adds the new ones.
Reports may not import the order process (it reaches Events), so the server's wiring calls these
from the process's hooks, installed after every other context's: the writes come after the stock
rows the checkout and the cancellation lock, and the rows go in key order, so two transactions never
lock the same rows crosswise. `rebuild` recomputes them all from the orders.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.transactions import in_transaction

from app.accounts.models import Organization
from app.catalog.models import Variant
from app.db import add_to_rows, decimal_of, fetch, plain_rows
from app.orders.models import Order
from app.reports.models import NOT_SET, AccountSalesMonth, ItemKind, ItemSales, Span
from app.reports.scope import NOT_SALES

ACCOUNT_COLUMNS = ("customer_account_id", "month", "supplier_id", "orders", "sales", "quantity", "first_at", "last_at")
ITEM_COLUMNS = ("supplier_id", "kind", "span", "starts_on", "item_id", "orders", "sales", "quantity")
ITEM_KEY = ITEM_COLUMNS[:5]


Line = tuple[int, int, Decimal]
"""An order line as an edit hands it over: variant id, units, line total."""
ItemLine = tuple[int, int | None, int | None, int, Decimal]
"""An order line as the rollups add it up: product, category and brand ids, units, line total."""


@dataclass(frozen=True)
class Sale:
    """What one order adds to the rollups: its total and its lines, on its supplier's clock."""

    order: Order
    total: Decimal
    lines: list[ItemLine]
    zone: ZoneInfo


async def placed(order: Order, lines: list[ItemLine], supplier_timezone: str) -> None:
    """A new order adds its lines, as the checkout priced them, on its supplier's clock."""
    await apply([(Sale(order, order.total, lines, ZoneInfo(supplier_timezone)), 1)])


async def ended(order: Order) -> None:
    """The order was rejected or cancelled: no longer a sale."""
    await apply([(await _sale_of(order), -1)])


async def revised(order: Order, previous_total: Decimal, previous_lines: tuple[Line, ...]) -> None:
    """An edit replaced the order's lines: what the previous ones added is taken back."""
    now = await _sale_of(order)
    await apply([(Sale(order, previous_total, await _items_of(previous_lines), now.zone), -1), (now, 1)])


async def _sale_of(order: Order) -> Sale:
    """The order's lines with their products and its supplier's timezone, in one query (written by hand:
    it runs in every checkout, and the ORM took longer to build it than the database to answer it)."""
    rows = await fetch(
        "SELECT v.product_id, p.category_id, p.brand_id, l.quantity, l.line_total, s.timezone "
        "FROM order_lines l JOIN variants v ON v.id = l.variant_id JOIN products p ON p.id = v.product_id "
        "JOIN orders o ON o.id = l.order_id JOIN organizations s ON s.id = o.supplier_id WHERE l.order_id = $1",
        [order.id],
    )
    zone = ZoneInfo(rows[0]["timezone"]) if rows else await _zone_of(order.supplier_id)
    lines = [
        (row["product_id"], row["category_id"], row["brand_id"], row["quantity"], decimal_of(row["line_total"]))
        for row in rows
    ]
    return Sale(order, order.total, lines, zone)


async def _zone_of(supplier_id: int) -> ZoneInfo:
    return ZoneInfo((await Organization.get(id=supplier_id).only("id", "timezone")).timezone)


async def _items_of(lines: tuple[Line, ...]) -> list[ItemLine]:
    products = {
        row[0]: row[1:]
        for row in await plain_rows(
            Variant.filter(id__in={variant for variant, _, _ in lines}).values(
                id="id", product="product_id", category="product__category_id", brand="product__brand_id"
            )
        )
    }
    return [(*products[variant], quantity, line_total) for variant, quantity, line_total in lines]


async def apply(changes: list[tuple[Sale, int]]) -> None:
    """Adds each of one order's sales times its sign (1 adds, -1 takes back), netted into one write per
    table with the rows in key order, so an edit's take-back and add lock their rows as one set. An
    order taken back for good has its month's first and last instant recomputed from the account's
    other sales that month."""
    order, zone = changes[0][0].order, changes[0][0].zone
    day = order.created_at.astimezone(zone).date()
    month = day.replace(day=1)
    orders = sum(sign for _, sign in changes)
    sales = sum((sign * sale.total for sale, sign in changes), Decimal(0))
    units = sum(sign * line[3] for sale, sign in changes for line in sale.lines)
    instant = order.created_at if orders >= 0 else None
    account = (order.customer_account_id, month, order.supplier_id, orders, sales, units, instant, instant)
    # A sale taken back reads the account's month again below, under the lock this write takes.
    await add_to_rows("account_sales_months", ACCOUNT_COLUMNS, ACCOUNT_COLUMNS[:2], [account], soon=orders >= 0)
    items: dict[tuple, list] = {}
    for sale, sign in changes:
        for key, figures in _item_rows(order.supplier_id, day, month, sale.lines, sign).items():
            netted = items.setdefault(key, [0, Decimal(0), 0])
            for position, figure in enumerate(figures):
                netted[position] += figure
    await add_to_rows(
        "item_sales", ITEM_COLUMNS, ITEM_KEY, [(*key, *figures) for key, figures in items.items()], soon=True
    )
    if orders < 0:
        await _recompute_instants(order, zone, month)


def _item_rows(supplier_id: int, day: date, month: date, lines: list[ItemLine], sign: int) -> dict[tuple, tuple]:
    """(supplier, kind, span, start, item) -> (orders, sales, units) for one order's lines."""
    figures: dict[tuple[ItemKind, int], list] = defaultdict(lambda: [Decimal(0), 0])
    for product, category, brand, quantity, line_total in lines:
        for kind, item in ((ItemKind.PRODUCT, product), (ItemKind.CATEGORY, category), (ItemKind.BRAND, brand)):
            figure = figures[(kind, item or NOT_SET)]
            figure[0] += line_total
            figure[1] += quantity
    return {
        (supplier_id, kind.value, span.value, starts_on, item): (sign, sign * sales, sign * quantity)
        for (kind, item), (sales, quantity) in figures.items()
        for span, starts_on in ((Span.DAY, day), (Span.MONTH, month))
    }


async def _recompute_instants(order: Order, zone: ZoneInfo, month: date) -> None:
    """The month's row is locked by the write before, so a sale of the account committed meanwhile is
    seen here, and one still to commit adds its instant after."""
    starts = datetime(month.year, month.month, 1, tzinfo=zone)
    ends = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=zone)
    sales = Order.filter(
        customer_account_id=order.customer_account_id,
        created_at__gte=starts,
        created_at__lt=ends,
        status__not_in=NOT_SALES,
    )
    first = await sales.order_by("created_at").first().values_list("created_at", flat=True)
    last = await sales.order_by("-created_at").first().values_list("created_at", flat=True)
    await AccountSalesMonth.filter(customer_account_id=order.customer_account_id, month=month).update(
        first_at=first, last_at=last
    )


REBUILD_SQL = {
    "postgres": """
INSERT INTO account_sales_months (customer_account_id, month, supplier_id, orders, sales, quantity, first_at, last_at)
SELECT o.customer_account_id, date_trunc('month', o.created_at AT TIME ZONE s.timezone)::date, o.supplier_id,
       COUNT(*), SUM(o.total), SUM(u.units), MIN(o.created_at), MAX(o.created_at)
FROM orders o JOIN organizations s ON s.id = o.supplier_id
JOIN (SELECT order_id, SUM(quantity) AS units FROM order_lines GROUP BY order_id) u ON u.order_id = o.id
WHERE o.status NOT IN ('REJECTED', 'CANCELLED')
GROUP BY 1, 2, 3;
INSERT INTO item_sales (supplier_id, kind, span, starts_on, item_id, orders, sales, quantity)
SELECT o.supplier_id, k.kind, p.span,
       CASE WHEN p.span = 'D' THEN (o.created_at AT TIME ZONE s.timezone)::date
            ELSE date_trunc('month', o.created_at AT TIME ZONE s.timezone)::date END,
       CASE k.kind WHEN 'P' THEN pr.id WHEN 'C' THEN COALESCE(pr.category_id, 0) ELSE COALESCE(pr.brand_id, 0) END,
       COUNT(DISTINCT o.id), SUM(l.line_total), SUM(l.quantity)
FROM orders o JOIN organizations s ON s.id = o.supplier_id
JOIN order_lines l ON l.order_id = o.id
JOIN variants v ON v.id = l.variant_id
JOIN products pr ON pr.id = v.product_id
CROSS JOIN (VALUES ('P'), ('C'), ('B')) AS k(kind)
CROSS JOIN (VALUES ('D'), ('M')) AS p(span)
WHERE o.status NOT IN ('REJECTED', 'CANCELLED')
GROUP BY 1, 2, 3, 4, 5;
""",
}


async def rebuild() -> int:
    """Recomputes every rollup row from the orders, in one transaction; returns how many rows there are.
    PostgreSQL does it in SQL; SQLite (small data) replays each sale."""
    async with in_transaction() as connection:
        await AccountSalesMonth.all().delete()
        await ItemSales.all().delete()
        if connection.capabilities.dialect == "postgres":
            await connection.execute_script(REBUILD_SQL["postgres"])
        else:
            await _replay()
    return await AccountSalesMonth.all().count() + await ItemSales.all().count()


async def _replay() -> None:
    for order in await Order.filter(status__not_in=NOT_SALES).order_by("id"):
        await apply([(await _sale_of(order), 1)])
