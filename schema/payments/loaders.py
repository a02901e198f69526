"""Payments over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.payments import queries as payment_reads
from app.payments.models import Payment as PaymentModel
from schema.ids import encode_id
from schema.payments.types import Payment, PaymentAllocation
from schema.scalars import Money


async def payment_types(rows: list[PaymentModel]) -> list[Payment]:
    found = await payment_reads.allocations_by_payment([p.id for p in rows])
    allocations = {
        p.id: [
            PaymentAllocation(
                order_id=strawberry.ID(encode_id("Order", a.order_id)),
                order_number=a.order.number,
                amount=Money(amount=a.amount, currency=p.currency),
            )
            for a in found[p.id]
        ]
        for p in rows
    }
    return [
        Payment(
            id=strawberry.ID(encode_id("Payment", p.id)),
            customer_account_id=strawberry.ID(encode_id("CustomerAccount", p.customer_account_id)),
            method=p.method,
            amount=Money(amount=p.amount, currency=p.currency),
            number=_number(p),
            reference=p.reference,
            status=p.status,
            decision_note=p.decision_note,
            created_at=p.created_at,
            decided_at=p.decided_at,
            allocations=allocations[p.id],
        )
        for p in rows
    ]


def _number(payment: PaymentModel) -> str:
    assert payment.number is not None, (
        "migration 0013 numbered every payment; the column is nullable only in the schema"
    )
    return payment.number
