"""Payments over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.pagination import PageRequest
from app.payments import queries as payment_reads
from app.payments import service as payments
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_optional_id
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
        if filter is not None:
            query = payment_reads.filter_payments(
                query,
                statuses=tuple(filter.status or ()),
                customer_account_id=decode_optional_id(
                    filter.customer_account_id, "CustomerAccount", ("filter", "customerAccountId")
                ),
                search=filter.search,
            )
        return await connection_of(query, ("-id",), page, payment_types)
