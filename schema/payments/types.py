"""Payments over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.payments.models import PaymentRecordStatus
from schema.errors import UserError
from schema.orders.types import PaymentMethodEnum
from schema.scalars import Money

strawberry.enum(PaymentRecordStatus, name="PaymentRecordStatus")
PaymentRecordStatusEnum = PaymentRecordStatus


@strawberry.type
class PaymentAllocation:
    order_id: strawberry.ID
    order_number: str
    amount: Money


@strawberry.type
class Payment:
    id: strawberry.ID
    number: str = strawberry.field(description="收款单号, e.g. PM-2026-000123: per supplier and year.")
    customer_account_id: strawberry.ID
    method: PaymentMethodEnum
    amount: Money
    reference: str | None
    status: PaymentRecordStatusEnum
    decision_note: str | None
    created_at: datetime
    decided_at: datetime | None
    allocations: list[PaymentAllocation]


@strawberry.type(
    description="The result of paymentRecord. UserErrorCode values its userErrors can carry: CURRENCY_MISMATCH, "
    "INVALID, INVALID_ID, NOT_FOUND, OUT_OF_RANGE, OVER_ALLOCATED, REQUIRED, TOO_LONG, TOO_SHORT."
)
class PaymentRecordPayload:
    payment: Payment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of paymentConfirm. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND."
)
class PaymentConfirmPayload:
    payment: Payment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of paymentReject. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class PaymentRejectPayload:
    payment: Payment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
