"""Returns (退货) over GraphQL: the input types and their decoding."""

from __future__ import annotations

import strawberry

from app.returns.models import RefundMethod
from schema.returns.types import RefundMethodEnum, ReturnStatusEnum


@strawberry.input
class ReturnFilter:
    order_id: strawberry.ID | None = None
    status: list[ReturnStatusEnum] | None = None


@strawberry.input
class ReturnLineInput:
    shipment_line_id: strawberry.ID
    quantity: int


@strawberry.input
class ReturnRequestInput:
    order_id: strawberry.ID
    lines: list[ReturnLineInput]
    reason: str
    photos: list[str] = strawberry.field(default_factory=list, description="http(s) URLs of photos.")
    refund_method: RefundMethodEnum = RefundMethod.CREDIT


@strawberry.input
class ReturnApproveInput:
    return_id: strawberry.ID
    comment: str | None = None


@strawberry.input
class ReturnRejectInput:
    return_id: strawberry.ID
    reason: str


@strawberry.input
class ReturnReceiveInput:
    return_id: strawberry.ID
    warehouse_id: strawberry.ID = strawberry.field(description="Where the goods go back on hand.")
