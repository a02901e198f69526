"""Payments over GraphQL: the input types and their decoding."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.orders.types import PaymentMethodEnum
from schema.payments.types import PaymentRecordStatusEnum


@strawberry.input
class PaymentFilter:
    status: list[PaymentRecordStatusEnum] | None = None
    customer_account_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the payment number or the bank reference.")


@strawberry.input
class PaymentAllocationInput:
    order_id: strawberry.ID
    amount: Decimal


@strawberry.input
class PaymentRecordInput:
    customer_account_id: strawberry.ID
    method: PaymentMethodEnum
    amount: Decimal
    currency: str
    idempotency_key: str = strawberry.field(description="The same key from the same user returns the same payment.")
    reference: str | None = strawberry.field(default=None, description="Bank reference, transaction number.")
    allocations: list[PaymentAllocationInput] = strawberry.field(
        default_factory=list, description="Orders this pays; the rest tops up the prepaid balance."
    )


@strawberry.input
class PaymentConfirmInput:
    payment_id: strawberry.ID


@strawberry.input
class PaymentRejectInput:
    payment_id: strawberry.ID
    reason: str
