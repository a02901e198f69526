"""Top products and slow-moving products (滞销) of a period.

Slow-moving: the supplier's live (not archived) products with the least sales in the period, those
that sold nothing first (oldest product first among them), then the least-sold. For a sales rep,
"sold" means sold to their own customers.
"""

from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import Subquery

from app.catalog.models import Product
from app.reports.breakdowns import Dimension, Measure, Row, breakdown, label, ranked
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
    rows = [row for _, _, row in sorted(ranked(found.rows, measure), key=lambda r: (-r[0], r[1]))]
    return Ranking(currency=scope.currency, rows=await label(Dimension.PRODUCT, rows[:limit]), unsold=0)


async def slow_products(scope: SalesScope, measure: Measure, limit: int) -> Ranking:
    unsold = Product.filter(supplier_id=scope.supplier_id, archived=False).exclude(
        id__in=Subquery(scope.lines().values("variant__product_id"))
    )
    unsold_count = await unsold.count()
    rows = [
        Row(key=pid, label=name) for pid, name in await unsold.order_by("id").limit(limit).values_list("id", "name")
    ]
    if len(rows) < limit:
        rows += await _least_sold(scope, measure, limit - len(rows))
    return Ranking(currency=scope.currency, rows=rows, unsold=unsold_count)


async def _least_sold(scope: SalesScope, measure: Measure, wanted: int) -> list[Row]:
    found = await breakdown(scope, Dimension.PRODUCT)
    archived = set(await Product.filter(supplier_id=scope.supplier_id, archived=True).values_list("id", flat=True))
    ascending = sorted(ranked(found.rows, measure), key=lambda r: (r[0], r[1]))
    return await label(Dimension.PRODUCT, [row for _, _, row in ascending if row.key not in archived][:wanted])
