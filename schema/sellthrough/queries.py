"""Sell-through reports over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.pagination import PageRequest
from app.sellthrough import analysis, reports
from app.sellthrough.periods import parse_period
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_optional_id
from schema.sellthrough.inputs import SellThroughAnalysisFilter, SellThroughReportFilter
from schema.sellthrough.loaders import report_types
from schema.sellthrough.types import SellThroughAnalysis, SellThroughReportType, analysis_of


def _filter(given: SellThroughReportFilter | SellThroughAnalysisFilter | None) -> reports.ReportFilter:
    if given is None:
        return reports.ReportFilter()
    supplier = getattr(given, "supplier_id", None)
    return reports.ReportFilter(
        period=parse_period(given.period, ("filter", "period")) if given.period is not None else None,
        supplier_id=decode_optional_id(supplier, "Organization", ("filter", "supplierId")),
        customer_account_id=decode_optional_id(
            given.customer_account_id, "CustomerAccount", ("filter", "customerAccountId")
        ),
        region=given.region,
        product_id=decode_optional_id(given.product_id, "Product", ("filter", "productId")),
    )


@strawberry.type
class SellThroughQuery:
    @strawberry.field(
        description="Sell-through reports of the customer accounts the caller sees (a buyer its own, a sales rep "
        "their customers'), latest month first."
    )
    @paginated
    async def sell_through_reports(
        self, info: strawberry.Info, *, page: PageRequest, filter: SellThroughReportFilter | None = None
    ) -> Connection[SellThroughReportType]:
        query = reports.filter_reports(reports.visible_reports(info.context.principal), _filter(filter))
        return await connection_of(query, ("-period_start", "-id"), page, report_types)

    @strawberry.field(
        description="For a supplier's staff: one month of its dealers' reports summed per dealer and product, "
        "per region and in total, with days of stock."
    )
    async def sell_through_analysis(
        self, info: strawberry.Info, filter: SellThroughAnalysisFilter
    ) -> SellThroughAnalysis:
        return analysis_of(await analysis.analyse(info.context.principal, _filter(filter)))
