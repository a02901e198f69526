"""Payments over GraphQL: the buyer records, the supplier's finance confirms or rejects."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from app.pagination import PageRequest
from app.payments import service as payments
from app.payments.models import Payment as PaymentModel
from app.payments.models import PaymentAllocation as PaymentAllocationModel
from app.payments.models import PaymentRecordStatus
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, encode_id
from schema.orders import PaymentMethodEnum
from schema.scalars import Money

PaymentRecordStatusEnum = strawberry.enum(PaymentRecordStatus, name="PaymentRecordStatus")


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


async def payment_types(rows: list[PaymentModel]) -> list[Payment]:
    allocations: dict[int, list[PaymentAllocation]] = {p.id: [] for p in rows}
    currency = {p.id: p.currency for p in rows}
    for a in await PaymentAllocationModel.filter(payment_id__in=list(allocations)).select_related("order").order_by("id"):
        allocations[a.payment_id].append(
            PaymentAllocation(
                order_id=strawberry.ID(encode_id("Order", a.order_id)),
                order_number=a.order.number,
                amount=Money(amount=a.amount, currency=currency[a.payment_id]),
            )
        )
    return [
        Payment(
            id=strawberry.ID(encode_id("Payment", p.id)),
            customer_account_id=strawberry.ID(encode_id("CustomerAccount", p.customer_account_id)),
            method=p.method,
            amount=Money(amount=p.amount, currency=p.currency),
            number=p.number,
            reference=p.reference,
            status=p.status,
            decision_note=p.decision_note,
            created_at=p.created_at,
            decided_at=p.decided_at,
            allocations=allocations[p.id],
        )
        for p in rows
    ]


@strawberry.input
class PaymentFilter:
    status: list[PaymentRecordStatusEnum] | None = None
    customer_account_id: strawberry.ID | None = None
    search: str | None = strawberry.field(default=None, description="Part of the payment number or the bank reference.")


@strawberry.type
class PaymentsQuery:
    @strawberry.field(description="Payments of the customer accounts the caller may see, newest first.")
    async def payments(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: PaymentFilter | None = None,
    ) -> Connection[Payment]:
        query = payments.visible_payments(info.context.principal)
        if filter is not None and filter.status:
            query = query.filter(status__in=list(filter.status))
        if filter is not None and filter.customer_account_id is not None:
            query = query.filter(
                customer_account_id=decode_id(filter.customer_account_id, "CustomerAccount", ("filter", "customerAccountId"))
            )
        if filter is not None and filter.search:
            query = payments.search_payments(query, filter.search)
        return await connection_of(
            query, ("-id",), PageRequest(first=first, after=after, last=last, before=before), payment_types
        )


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


@strawberry.type
class PaymentPayload:
    payment: Payment | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PaymentConfirmInput:
    payment_id: strawberry.ID


@strawberry.input
class PaymentRejectInput:
    payment_id: strawberry.ID
    reason: str


def _payment_id(value: strawberry.ID) -> int:
    return decode_id(value, "Payment", ("input", "paymentId"))


@strawberry.type
class PaymentsMutation:
    @strawberry.mutation(description="The buyer records a payment, optionally allocated to orders.")
    @mutation_payload(PaymentPayload)
    async def payment_record(self, info: strawberry.Info, input: PaymentRecordInput) -> PaymentPayload:
        payment = await payments.record(
            info.context.principal,
            payments.PaymentInput(
                customer_account_id=decode_id(input.customer_account_id, "CustomerAccount", ("input", "customerAccountId")),
                method=input.method,
                amount=input.amount,
                currency=input.currency,
                idempotency_key=input.idempotency_key,
                reference=input.reference,
                allocations=tuple(
                    payments.Allocation(decode_id(a.order_id, "Order", ("input", "allocations", str(i), "orderId")), a.amount)
                    for i, a in enumerate(input.allocations)
                ),
            ),
        )
        return PaymentPayload(payment=(await payment_types([payment]))[0])

    @strawberry.mutation(description="Supplier finance confirms the money arrived.")
    @mutation_payload(PaymentPayload)
    async def payment_confirm(self, info: strawberry.Info, input: PaymentConfirmInput) -> PaymentPayload:
        payment = await payments.confirm(info.context.principal, _payment_id(input.payment_id))
        return PaymentPayload(payment=(await payment_types([payment]))[0])

    @strawberry.mutation(description="Supplier finance rejects a recorded payment, saying why.")
    @mutation_payload(PaymentPayload)
    async def payment_reject(self, info: strawberry.Info, input: PaymentRejectInput) -> PaymentPayload:
        payment = await payments.reject(info.context.principal, _payment_id(input.payment_id), input.reason)
        return PaymentPayload(payment=(await payment_types([payment]))[0])
