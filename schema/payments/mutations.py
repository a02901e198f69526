"""Payments over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.payments import service as payments
from schema.errors import mutation_payload
from schema.ids import decode_id
from schema.payments.inputs import PaymentConfirmInput, PaymentRecordInput, PaymentRejectInput
from schema.payments.loaders import payment_types
from schema.payments.types import PaymentConfirmPayload, PaymentRecordPayload, PaymentRejectPayload


def _payment_id(value: strawberry.ID) -> int:
    return decode_id(value, "Payment", ("input", "paymentId"))


@strawberry.type
class PaymentsMutation:
    @strawberry.mutation(description="The buyer records a payment, optionally allocated to orders.")
    @mutation_payload(PaymentRecordPayload)
    async def payment_record(self, info: strawberry.Info, input: PaymentRecordInput) -> PaymentRecordPayload:
        payment = await payments.record(
            info.context.principal,
            payments.PaymentInput(
                customer_account_id=decode_id(
                    input.customer_account_id, "CustomerAccount", ("input", "customerAccountId")
                ),
                method=input.method,
                amount=input.amount,
                currency=input.currency,
                idempotency_key=input.idempotency_key,
                reference=input.reference,
                allocations=tuple(
                    payments.Allocation(
                        decode_id(a.order_id, "Order", ("input", "allocations", str(i), "orderId")), a.amount
                    )
                    for i, a in enumerate(input.allocations)
                ),
            ),
        )
        return PaymentRecordPayload(payment=(await payment_types([payment]))[0])

    @strawberry.mutation(description="Supplier finance confirms the money arrived.")
    @mutation_payload(PaymentConfirmPayload)
    async def payment_confirm(self, info: strawberry.Info, input: PaymentConfirmInput) -> PaymentConfirmPayload:
        payment = await payments.confirm(info.context.principal, _payment_id(input.payment_id))
        return PaymentConfirmPayload(payment=(await payment_types([payment]))[0])

    @strawberry.mutation(description="Supplier finance rejects a recorded payment, saying why.")
    @mutation_payload(PaymentRejectPayload)
    async def payment_reject(self, info: strawberry.Info, input: PaymentRejectInput) -> PaymentRejectPayload:
        payment = await payments.reject(info.context.principal, _payment_id(input.payment_id), input.reason)
        return PaymentRejectPayload(payment=(await payment_types([payment]))[0])
