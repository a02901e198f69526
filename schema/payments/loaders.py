"""Payments over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.payments.models import Payment as PaymentModel
from app.payments.models import PaymentAllocation as PaymentAllocationModel
from schema.ids import encode_id
from schema.payments.types import Payment, PaymentAllocation
from schema.scalars import Money


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
