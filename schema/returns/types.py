"""Returns (退货) over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.returns.models import RefundMethod, ReturnStatus
from schema.catalog.types import WarehouseType
from schema.errors import UserError
from schema.node import Node
from schema.scalars import Money

strawberry.enum(ReturnStatus, name="ReturnStatus")
ReturnStatusEnum = ReturnStatus


strawberry.enum(RefundMethod, name="RefundMethod")
RefundMethodEnum = RefundMethod


@strawberry.type(name="ReturnLine")
class ReturnLineType:
    id: strawberry.ID
    shipment_line_id: strawberry.ID
    order_line_id: strawberry.ID
    sku: str
    name: str
    quantity: int
    amount: Money


@strawberry.type(name="ReturnStatusChange")
class ReturnStatusChangeType:
    from_status: ReturnStatusEnum | None
    to_status: ReturnStatusEnum
    reason: str | None
    user_name: str | None
    at: datetime


@strawberry.type(name="Return")
class ReturnType(Node):
    number: str
    status: ReturnStatusEnum
    order_id: strawberry.ID
    order_number: str
    reason: str
    photos: list[str]
    refund_method: RefundMethodEnum
    amount: Money = strawberry.field(description="Value of the returned units, credited when they are received.")
    warehouse: WarehouseType | None = strawberry.field(description="Where the goods were restocked.")
    created_at: datetime
    refunded_at: datetime | None
    lines: list[ReturnLineType]
    history: list[ReturnStatusChangeType]


@strawberry.type(
    description="The result of returnRequest. UserErrorCode values its userErrors can carry: DUPLICATE, "
    "EXCEEDS_RECEIVED, INVALID, INVALID_ID, INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, "
    "TOO_SHORT."
)
class ReturnRequestPayload:
    return_: ReturnType | None = strawberry.field(default=None, name="return")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of returnApprove. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ReturnApprovePayload:
    return_: ReturnType | None = strawberry.field(default=None, name="return")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of returnReject. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ReturnRejectPayload:
    return_: ReturnType | None = strawberry.field(default=None, name="return")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of returnReceive. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND."
)
class ReturnReceivePayload:
    return_: ReturnType | None = strawberry.field(default=None, name="return")
    user_errors: list[UserError] = strawberry.field(default_factory=list)
