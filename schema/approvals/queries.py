"""Approval flows and decisions over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.approvals import queries as approval_reads
from app.approvals import service as approvals
from app.pagination import PageRequest
from schema.approvals.loaders import flow_types, request_types
from schema.approvals.types import ApprovalFlow, ApprovalRequest
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id


@strawberry.type
class ApprovalsQuery:
    @strawberry.field(
        description="Orders waiting for the caller's decision (its user, or its role and level), oldest first."
    )
    @paginated
    async def approvals(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
    ) -> Connection[ApprovalRequest]:
        return await connection_of(
            approvals.awaiting(info.context.principal),
            ("id",),
            page,
            request_types,
        )

    @strawberry.field(description="An order's approval walk and every decision on it.")
    async def order_approval(self, info: strawberry.Info, order_id: strawberry.ID) -> ApprovalRequest | None:
        pk = decode_id(order_id, "Order", "orderId")
        row = await approval_reads.approval_of_order(info.context.principal, pk)
        return (await request_types([row]))[0] if row else None

    @strawberry.field(description="The supplier's approval flows.")
    async def approval_flows(self, info: strawberry.Info) -> list[ApprovalFlow]:
        return await flow_types(await approval_reads.flows(info.context.principal))
