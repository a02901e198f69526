"""Sales analytics types: one `SalesAnalytics` per period, its views resolved on demand."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from app.errors import ErrorCode, UserInputError
from app.pagination import PageRequest, paginate_in_memory
from app.reports import breakdowns, customers, overview, products
from app.reports.scope import SalesScope
from app.settings import get_settings
from schema.connection import Connection, connection_from_page, paginated
from schema.ids import encode_id
from schema.scalars import Money

Granularity = strawberry.enum(overview.Granularity, description="Buckets of a sales series (weeks start on Monday).")
SalesDimension = strawberry.enum(
    breakdowns.Dimension, name="SalesDimension", description="What a sales breakdown groups by."
)
SalesMeasure = strawberry.enum(
    breakdowns.Measure, name="SalesMeasure", description="What analytics rows are sorted by."
)

ID_TYPES = {
    breakdowns.Dimension.PRODUCT: "Product",
    breakdowns.Dimension.CATEGORY: "Category",
    breakdowns.Dimension.BRAND: "Brand",
    breakdowns.Dimension.CUSTOMER: "CustomerAccount",
    breakdowns.Dimension.SALES_REP: "User",
}


@strawberry.type
class SalesSummary:
    sales: Money
    orders: int
    average_order_value: Money = strawberry.field(description="Sales divided by orders; 0 without orders.")
    customers: int = strawberry.field(description="Customers that ordered in the period.")
    repeat_customers: int = strawberry.field(description="Customers with at least two orders in the period.")
    repeat_rate: Decimal = strawberry.field(
        description="repeatCustomers / customers as a fraction with four decimals (0.25 = 25%)."
    )


@strawberry.type
class SalesPoint:
    starts_on: date = strawberry.field(description="The bucket's first day (a Monday for weeks, the 1st for months).")
    orders: int
    sales: Money


@strawberry.type
class SalesRow:
    id: strawberry.ID | None = strawberry.field(
        description="The product, category, brand, customer account or sales rep; null for tiers and regions "
        "(see label) and for 'not set'."
    )
    label: str | None = strawberry.field(description="Its name (a tier or region as written); null for 'not set'.")
    sales: Money
    quantity: int = strawberry.field(description="Units ordered, gifts included.")
    orders: int
    share: Decimal = strawberry.field(description="This row's sales over the breakdown's total, four decimals.")


def sales_row(row: breakdowns.Row, dimension: breakdowns.Dimension, currency: str) -> SalesRow:
    kind = ID_TYPES.get(dimension)
    return SalesRow(
        id=strawberry.ID(encode_id(kind, row.key)) if kind and isinstance(row.key, int) else None,
        label=row.label,
        sales=Money(amount=row.sales, currency=currency),
        quantity=row.quantity,
        orders=row.orders,
        share=row.share,
    )


@strawberry.type
class SalesBreakdown:
    dimension: SalesDimension  # type: ignore[valid-type]
    total: Money = strawberry.field(description="Sales over every row.")
    source: strawberry.Private[breakdowns.Breakdown]

    @strawberry.field(description="The rows, largest first unless descending is false.")
    @paginated
    async def rows(
        self,
        *,
        page: PageRequest,
        sort_by: SalesMeasure = breakdowns.Measure.SALES,  # type: ignore[valid-type]
        descending: bool = True,
    ) -> Connection[SalesRow]:
        keyed = breakdowns.ranked(self.source, sort_by)
        found = paginate_in_memory(keyed, descending, page, get_settings().max_page_size)
        shown = await breakdowns.label(self.source.dimension, found.items)
        nodes = [sales_row(row, self.source.dimension, self.source.currency) for row in shown]
        return connection_from_page(found, nodes, self._count)

    async def _count(self) -> int:
        return len(self.source.rows)


@strawberry.type
class SlowProducts:
    unsold_count: int = strawberry.field(description="Live products that sold nothing in the period.")
    rows: list[SalesRow]


@strawberry.type(
    description=f"A customer that ordered in the {customers.HABIT_DAYS} days up to the period's end (or in the "
    "period, if longer): its figures in the period, and its ordering habit over that time."
)
class CustomerActivity:
    customer_account_id: strawberry.ID
    name: str
    tier: str | None
    region: str | None
    orders: int = strawberry.field(description="Orders in the period; 0 for a customer that stopped ordering.")
    sales: Money
    quantity: int
    share: Decimal
    first_order_on: date = strawberry.field(description="Its first order in the habit window.")
    last_order_on: date
    days_since_last_order: int = strawberry.field(description="Up to the period's end, or today if earlier.")
    average_days_between_orders: Decimal | None = strawberry.field(
        description="Order frequency: mean days between its orders in the habit window; null with one order."
    )
    median_days_between_orders: Decimal | None = strawberry.field(
        description="Median days between its orders in the period; null with fewer than two."
    )
    at_risk: bool = strawberry.field(
        description=f"流失预警: ordered at least twice in the habit window and daysSinceLastOrder > "
        f"{customers.CHURN_FACTOR} × averageDaysBetweenOrders (at least one day)."
    )


def activity_type(found: customers.CustomerActivity, currency: str) -> CustomerActivity:
    return CustomerActivity(
        customer_account_id=strawberry.ID(encode_id("CustomerAccount", found.account_id)),
        name=found.name,
        tier=found.tier,
        region=found.region,
        orders=found.orders,
        sales=Money(amount=found.sales, currency=currency),
        quantity=found.quantity,
        share=found.share,
        first_order_on=found.first_order_on,
        last_order_on=found.last_order_on,
        days_since_last_order=found.days_since_last_order,
        average_days_between_orders=found.average_days_between_orders,
        median_days_between_orders=found.median_days_between_orders,
        at_risk=found.at_risk,
    )


def _limit(limit: int) -> int:
    if not 1 <= limit <= products.MAX_RANKING:
        raise UserInputError.single(
            "limit", ErrorCode.OUT_OF_RANGE, f"limit must be between 1 and {products.MAX_RANKING}."
        )
    return limit


@strawberry.type(
    description="Sales of a period for supplier staff: orders placed in it (days in the supplier's timezone) "
    "that were not REJECTED or CANCELLED; PENDING_APPROVAL orders count. Amounts after discounts: order totals "
    "for customer-side figures, line totals for product-side ones. A sales rep sees only their own customers."
)
class SalesAnalytics:
    from_: date = strawberry.field(name="from")
    to: date
    currency: str
    scope: strawberry.Private[SalesScope]

    @strawberry.field
    async def summary(self) -> SalesSummary:
        found = await overview.overview(self.scope)
        return SalesSummary(
            sales=Money(amount=found.sales, currency=found.currency),
            orders=found.orders,
            average_order_value=Money(amount=found.average_order_value, currency=found.currency),
            customers=found.customers,
            repeat_customers=found.repeat_customers,
            repeat_rate=found.repeat_rate,
        )

    @strawberry.field(description="Sales and orders per bucket, every bucket of the period, oldest first.")
    async def series(
        self,
        granularity: Granularity = overview.Granularity.DAY,  # type: ignore[valid-type]
    ) -> list[SalesPoint]:
        points = await overview.series(self.scope, granularity)
        return [
            SalesPoint(starts_on=p.starts_on, orders=p.orders, sales=Money(amount=p.sales, currency=self.currency))
            for p in points
        ]

    @strawberry.field(description="Sales grouped by a dimension, each row with its share of the total.")
    async def breakdown(self, dimension: SalesDimension) -> SalesBreakdown:  # type: ignore[valid-type]
        found = await breakdowns.breakdown(self.scope, dimension)
        return SalesBreakdown(
            dimension=dimension, total=Money(amount=found.total, currency=self.currency), source=found
        )

    @strawberry.field(description="The best-selling products (at most 100).")
    async def top_products(
        self,
        sort_by: SalesMeasure = breakdowns.Measure.SALES,  # type: ignore[valid-type]
        limit: int = 10,
    ) -> list[SalesRow]:
        found = await products.top_products(self.scope, sort_by, _limit(limit))
        return [sales_row(row, breakdowns.Dimension.PRODUCT, self.currency) for row in found.rows]

    @strawberry.field(
        description="滞销: live products with the least sales, those that sold nothing first (at most 100)."
    )
    async def slow_products(
        self,
        sort_by: SalesMeasure = breakdowns.Measure.SALES,  # type: ignore[valid-type]
        limit: int = 10,
    ) -> SlowProducts:
        found = await products.slow_products(self.scope, sort_by, _limit(limit))
        rows = [sales_row(row, breakdowns.Dimension.PRODUCT, self.currency) for row in found.rows]
        return SlowProducts(unsold_count=found.unsold, rows=rows)

    @strawberry.field(description="Customers that ordered in the period: frequency, last order, churn warning.")
    @paginated
    async def customers(
        self,
        *,
        page: PageRequest,
        at_risk_only: bool = False,
        sort_by: SalesMeasure = breakdowns.Measure.SALES,  # type: ignore[valid-type]
        descending: bool = True,
    ) -> Connection[CustomerActivity]:
        found = [c for c in await customers.customer_activity(self.scope) if c.at_risk or not at_risk_only]
        keyed = [(c.measure(sort_by), c.account_id, c) for c in found]
        result = paginate_in_memory(keyed, descending, page, get_settings().max_page_size)

        async def count() -> int:
            return len(found)

        shown = await customers.with_medians(self.scope, result.items)
        return connection_from_page(result, [activity_type(c, self.currency) for c in shown], count)
