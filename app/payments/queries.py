"""Reads of payments for the API: narrowing the payments list and what a page of payments shows
besides its rows, in one query."""

from __future__ import annotations

from tortoise.queryset import QuerySet

from app.payments import service
from app.payments.models import Payment, PaymentAllocation, PaymentRecordStatus


def filter_payments(
    query: QuerySet[Payment],
    statuses: tuple[PaymentRecordStatus, ...] = (),
    customer_account_id: int | None = None,
    search: str | None = None,
) -> QuerySet[Payment]:
    if statuses:
        query = query.filter(status__in=list(statuses))
    if customer_account_id is not None:
        query = query.filter(customer_account_id=customer_account_id)
    if search:
        query = service.search_payments(query, search)
    return query


async def allocations_by_payment(payment_ids: list[int]) -> dict[int, list[PaymentAllocation]]:
    """Each payment's allocations with their orders, oldest first."""
    allocations: dict[int, list[PaymentAllocation]] = {pk: [] for pk in payment_ids}
    for allocation in await PaymentAllocation.filter(payment_id__in=payment_ids).select_related("order").order_by("id"):
        allocations[allocation.payment_id].append(allocation)
    return allocations
