"""Sell-through reports over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from app.pagination import PageRequest, paginate_in_memory
from app.sellthrough import analysis
from app.sellthrough.analysis import StockCover
from app.settings import get_settings
from schema.connection import Connection, connection_from_page, paginated
from schema.errors import UserError
from schema.ids import encode_id
from schema.node import Node
from schema.uploads import RowError

strawberry.enum(
    StockCover,
    name="StockCover",
    description="How long a dealer's stock lasts: LOW under 15 days, HIGH over 90, NO_SALES when nothing sold.",
)


@strawberry.type(name="SellThroughLine")
class SellThroughLineType:
    variant_id: strawberry.ID
    sku: str
    product_id: strawberry.ID
    product_name: str
    quantity_sold: int
    stock_on_hand: int


@strawberry.type(name="SellThroughReport", description="A dealer's sell-through report (信息上报) for one month.")
class SellThroughReportType(Node):
    period: str = strawberry.field(description="The month, e.g. 2026-11.")
    period_start: date
    period_end: date
    revision: int = strawberry.field(description="1, then +1 each time the dealer replaced the month's report.")
    submitted_at: datetime
    submitted_by_name: str | None
    supplier_id: strawberry.ID
    supplier_name: str
    customer_account_id: strawberry.ID
    buyer_name: str
    region: str | None
    lines: list[SellThroughLineType] = strawberry.field(description="In SKU order.")
    total_sold: int
    total_stock: int


@strawberry.type(description="One row of an uploaded file as read; variantId is null when its SKU is unknown.")
class SellThroughUploadRow:
    row: int
    sku: str
    variant_id: strawberry.ID | None
    product_name: str | None
    quantity_sold: int | None
    stock_on_hand: int | None


@strawberry.type(
    description="Units sold and held, and days of stock: stock on hand ÷ (units sold ÷ days in the month), "
    "to one decimal; null when nothing was sold."
)
class SellThroughFigures:
    quantity_sold: int
    stock_on_hand: int
    days_of_stock: Decimal | None
    cover: StockCover


def figures_of(source: analysis.Figures) -> SellThroughFigures:
    return SellThroughFigures(
        quantity_sold=source.quantity_sold,
        stock_on_hand=source.stock_on_hand,
        days_of_stock=source.days_of_stock,
        cover=source.cover,
    )


@strawberry.type(description="One dealer × product of the month.")
class SellThroughAnalysisRow:
    customer_account_id: strawberry.ID
    buyer_name: str
    region: str | None
    product_id: strawberry.ID
    product_name: str
    figures: SellThroughFigures


@strawberry.type
class SellThroughRegion:
    region: str | None
    dealer_count: int
    figures: SellThroughFigures


def _row(source: analysis.DealerProduct) -> SellThroughAnalysisRow:
    return SellThroughAnalysisRow(
        customer_account_id=strawberry.ID(encode_id("CustomerAccount", source.customer_account_id)),
        buyer_name=source.buyer_name,
        region=source.region,
        product_id=strawberry.ID(encode_id("Product", source.product_id)),
        product_name=source.product_name,
        figures=figures_of(source.figures),
    )


@strawberry.type(description="The supplier's dealers' reports for one month, summed per dealer and product.")
class SellThroughAnalysis:
    period: str
    period_start: date
    period_end: date
    days: int = strawberry.field(description="Days in the month: the divisor of the average daily sales.")
    totals: SellThroughFigures
    by_region: list[SellThroughRegion] = strawberry.field(description="Most units sold first.")
    source: strawberry.Private[analysis.Analysis]

    @strawberry.field(description="Dealer × product, most units sold first.")
    @paginated
    async def rows(self, *, page: PageRequest) -> Connection[SellThroughAnalysisRow]:
        keyed = [(Decimal(r.figures.quantity_sold), r.key, r) for r in self.source.rows]
        found = paginate_in_memory(keyed, True, page, get_settings().max_page_size)
        return connection_from_page(found, [_row(r) for r in found.items], self._count)

    async def _count(self) -> int:
        return len(self.source.rows)


def analysis_of(source: analysis.Analysis) -> SellThroughAnalysis:
    return SellThroughAnalysis(
        period=source.period.label,
        period_start=source.period.start,
        period_end=source.period.end,
        days=source.period.days,
        totals=figures_of(source.totals),
        by_region=[
            SellThroughRegion(region=r.region, dealer_count=r.dealer_count, figures=figures_of(r.figures))
            for r in source.by_region
        ],
        source=source,
    )


REPORT_ERRORS = "DUPLICATE, INVALID, INVALID_ID, NOT_FOUND, OUT_OF_RANGE, REQUIRED"


@strawberry.type(description=f"The result of sellThroughReportSubmit. UserErrorCode values: {REPORT_ERRORS}.")
class SellThroughReportSubmitPayload:
    report: SellThroughReportType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of sellThroughReportUpload: the rows read, their problems, and the report written "
    f"(null on a dry run or when any row has a problem: then nothing was written). UserErrorCode values: {REPORT_ERRORS}."
)
class SellThroughReportUploadPayload:
    report: SellThroughReportType | None = None
    rows: list[SellThroughUploadRow] = strawberry.field(default_factory=list)
    row_errors: list[RowError] = strawberry.field(default_factory=list)
    user_errors: list[UserError] = strawberry.field(default_factory=list)
