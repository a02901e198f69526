"""Sell-through reports over GraphQL: a page of reports built in a constant number of queries,
and the node fetcher."""

from __future__ import annotations

import strawberry

from app.accounts.models import CustomerAccount, User
from app.sellthrough import reports
from app.sellthrough.models import SellThroughReport
from app.sellthrough.periods import Period
from app.sellthrough.sheets import SheetLine
from schema.ids import encode_id
from schema.node import register_visible_node
from schema.sellthrough.types import SellThroughLineType, SellThroughReportType, SellThroughUploadRow


def _id(type_name: str, pk: int) -> strawberry.ID:
    return strawberry.ID(encode_id(type_name, pk))


def _line(view: reports.LineView) -> SellThroughLineType:
    return SellThroughLineType(
        variant_id=_id("Variant", view.line.variant_id),
        sku=view.sku,
        product_id=_id("Product", view.product_id),
        product_name=view.product_name,
        quantity_sold=view.line.quantity_sold,
        stock_on_hand=view.line.stock_on_hand,
    )


async def report_types(rows: list[SellThroughReport]) -> list[SellThroughReportType]:
    """Three queries for any page: the lines with their SKUs and products, the accounts with both
    parties' names and region, the submitters' names."""
    if not rows:
        return []
    lines = await reports.lines_of([row.id for row in rows])
    accounts = {
        pk: (buyer, supplier, region)
        for pk, buyer, supplier, region in await CustomerAccount.filter(
            id__in={row.customer_account_id for row in rows}
        ).values_list("id", "buyer__name", "supplier__name", "region")
    }
    users = {row.submitted_by_id for row in rows if row.submitted_by_id}
    names = dict(await User.filter(id__in=users).values_list("id", "name"))
    built = []
    for row in rows:
        buyer, supplier, region = accounts[row.customer_account_id]
        own = [_line(view) for view in lines.get(row.id, [])]
        built.append(
            SellThroughReportType(
                id=_id("SellThroughReport", row.id),
                period=Period.starting(row.period_start).label,
                period_start=row.period_start,
                period_end=row.period_end,
                revision=row.revision,
                submitted_at=row.submitted_at,
                submitted_by_name=names.get(row.submitted_by_id) if row.submitted_by_id else None,
                supplier_id=_id("Organization", row.supplier_id),
                supplier_name=supplier,
                customer_account_id=_id("CustomerAccount", row.customer_account_id),
                buyer_name=buyer,
                region=region,
                lines=own,
                total_sold=sum(line.quantity_sold for line in own),
                total_stock=sum(line.stock_on_hand for line in own),
            )
        )
    return built


def upload_row(line: SheetLine) -> SellThroughUploadRow:
    return SellThroughUploadRow(
        row=line.row,
        sku=line.sku,
        variant_id=_id("Variant", line.variant_id) if line.variant_id else None,
        product_name=line.product_name,
        quantity_sold=line.quantity_sold,
        stock_on_hand=line.stock_on_hand,
    )


register_visible_node("SellThroughReport", reports.visible_reports, report_types)
