"""Sell-through reports over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.sellthrough import reports, sheets
from app.sellthrough.periods import parse_period
from schema.errors import mutation_payload
from schema.ids import decode_id
from schema.sellthrough.inputs import SellThroughReportSubmitInput, SellThroughReportUploadInput
from schema.sellthrough.loaders import report_types, upload_row
from schema.sellthrough.types import (
    SellThroughReportSubmitPayload,
    SellThroughReportType,
    SellThroughReportUploadPayload,
)
from schema.uploads import read_upload, row_errors_of

PERIOD_FIELD = ("input", "period")


def _supplier_id(value: strawberry.ID) -> int:
    return decode_id(value, "Organization", ("input", "supplierId"))


async def _report(row) -> SellThroughReportType:
    return (await report_types([row]))[0]


@strawberry.type
class SellThroughMutation:
    @strawberry.mutation(
        description="A buyer's ADMIN or PURCHASER reports a month's sales and stock per SKU to a supplier; "
        "reporting the month again replaces its lines (revision + 1). All or nothing."
    )
    @mutation_payload(SellThroughReportSubmitPayload)
    async def sell_through_report_submit(
        self, info: strawberry.Info, input: SellThroughReportSubmitInput
    ) -> SellThroughReportSubmitPayload:
        lines = [
            reports.LineInput(
                variant_id=decode_id(line.variant_id, "Variant", ("input", "lines", str(index), "variantId")),
                quantity_sold=line.quantity_sold,
                stock_on_hand=line.stock_on_hand,
            )
            for index, line in enumerate(input.lines)
        ]
        row = await reports.submit(
            info.context.principal, _supplier_id(input.supplier_id), parse_period(input.period, PERIOD_FIELD), lines
        )
        return SellThroughReportSubmitPayload(report=await _report(row))

    @strawberry.mutation(
        description="The same from an .xlsx or .csv file (multipart upload). Any bad row writes nothing and is "
        "listed in rowErrors; dryRun reads and checks only."
    )
    @mutation_payload(SellThroughReportUploadPayload)
    async def sell_through_report_upload(
        self, info: strawberry.Info, input: SellThroughReportUploadInput
    ) -> SellThroughReportUploadPayload:
        supplier_id = _supplier_id(input.supplier_id)
        period = parse_period(input.period, PERIOD_FIELD)
        result = await sheets.upload(
            info.context.principal,
            supplier_id,
            period,
            lambda: read_upload(input.file, sheets.COLUMNS, max_rows=sheets.MAX_ROWS),
            dry_run=input.dry_run,
        )
        return SellThroughReportUploadPayload(
            report=await _report(result.report) if result.report else None,
            rows=[upload_row(line) for line in result.lines],
            row_errors=row_errors_of(result.problems),
        )
