"""Sell-through reports over GraphQL: the input types."""

from __future__ import annotations

import strawberry

from schema.uploads import Upload


@strawberry.input
class SellThroughLineInput:
    variant_id: strawberry.ID
    quantity_sold: int = strawberry.field(description="Units the dealer sold in the month.")
    stock_on_hand: int = strawberry.field(description="Units the dealer held at the month's end.")


@strawberry.input
class SellThroughReportSubmitInput:
    supplier_id: strawberry.ID = strawberry.field(
        description="The supplier reported to (as cart and checkout name it)."
    )
    period: str = strawberry.field(description="The calendar month reported, e.g. 2026-11.")
    lines: list[SellThroughLineInput]


@strawberry.input
class SellThroughReportUploadInput:
    supplier_id: strawberry.ID
    period: str = strawberry.field(description="The calendar month reported, e.g. 2026-11.")
    file: Upload = strawberry.field(
        description="An .xlsx or .csv with columns sku (商品编码), quantitySold (销量), stockOnHand (库存)."
    )
    dry_run: bool = strawberry.field(default=False, description="Read and check the file only; write nothing.")


@strawberry.input
class SellThroughReportFilter:
    period: str | None = strawberry.field(default=None, description="One month, e.g. 2026-11.")
    supplier_id: strawberry.ID | None = strawberry.field(default=None, description="For a buyer: one supplier's.")
    customer_account_id: strawberry.ID | None = None
    region: str | None = None
    product_id: strawberry.ID | None = strawberry.field(default=None, description="Reports with a line of it.")


@strawberry.input
class SellThroughAnalysisFilter:
    period: str = strawberry.field(description="The month analysed, e.g. 2026-11.")
    customer_account_id: strawberry.ID | None = None
    region: str | None = None
    product_id: strawberry.ID | None = None
