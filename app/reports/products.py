"""Top products and slow-moving products (滞销) of a period.

Slow-moving: the supplier's live (not archived) products with the least sales in the period, those
that sold nothing first (oldest product first among them), then the least-sold. For a sales rep,
"sold" means sold to their own customers.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.catalog.models import Product
from app.db import plain_rows
from app.reports.breakdowns import Dimension, Measure, Row, breakdown, label, largest, smallest
from app.reports.scope import SalesScope

MAX_RANKING = 100


@dataclass(frozen=True)
class Ranking:
    currency: str
    rows: list[Row]
    unsold: int
    """How many live products sold nothing in the period (slow-moving only; 0 for top)."""


async def top_products(scope: SalesScope, measure: Measure, limit: int) -> Ranking:
    found = await breakdown(scope, Dimension.PRODUCT)
    rows = largest(found.rows, measure, limit)
    return Ranking(currency=scope.currency, rows=await label(Dimension.PRODUCT, rows), unsold=0)


async def slow_products(scope: SalesScope, measure: Measure, limit: int) -> Ranking:
    """The unsold are the live products missing from the period's product breakdown (shared with the
    top products): one list of ids, rather than a NOT IN over the period's lines, which PostgreSQL
    can only answer row by row once the lines outgrow its memory for a hashed subplan."""
    found = await breakdown(scope, Dimension.PRODUCT)
    sold = {row.key for row in found.rows}
    live_products = Product.filter(supplier_id=scope.supplier_id, archived=False).order_by("id")
    live: list[int] = [row[0] for row in await plain_rows(live_products.values(id="id"))]
    unsold = [product_id for product_id in live if product_id not in sold]
    rows = await label(Dimension.PRODUCT, [Row(key=product_id, label=None) for product_id in unsold[:limit]])
    if len(rows) < limit:
        live_ids = set(live)
        least = smallest([row for row in found.rows if row.key in live_ids], measure, limit - len(rows))
        rows += await label(Dimension.PRODUCT, least)
    return Ranking(currency=scope.currency, rows=rows, unsold=len(unsold))
