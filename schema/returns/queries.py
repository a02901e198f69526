"""Returns (退货) over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.pagination import PageRequest
from app.returns import service as returns
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_optional_id
from schema.returns.inputs import ReturnFilter
from schema.returns.loaders import return_types
from schema.returns.types import ReturnType


@strawberry.type
class ReturnsQuery:
    @strawberry.field(description="Returns of the orders the caller may see, newest first.")
    @paginated
    async def returns(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
        filter: ReturnFilter | None = None,
    ) -> Connection[ReturnType]:
        wanted = returns.ReturnFilter()
        if filter is not None:
            wanted = returns.ReturnFilter(
                order_id=decode_optional_id(filter.order_id, "Order", ("filter", "orderId")),
                statuses=tuple(filter.status or ()),
            )
        query = returns.filter_returns(returns.visible_returns(info.context.principal), wanted)
        return await connection_of(query, ("-id",), page, return_types)
