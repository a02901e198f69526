"""Payments over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.pagination import PageRequest
from app.payments import service as payments
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id
from schema.payments.inputs import PaymentFilter
from schema.payments.loaders import payment_types
from schema.payments.types import Payment


@strawberry.type
class PaymentsQuery:
    @strawberry.field(description="Payments of the customer accounts the caller may see, newest first.")
    @paginated
    async def payments(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
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
            query, ("-id",), page, payment_types
        )
