"""Approval flows and decisions over GraphQL: the queries."""

from __future__ import annotations

import strawberry
from tortoise.expressions import Subquery

from app.accounts.models import Role
from app.accounts.permissions import require_supplier_role
from app.approvals import service as approvals
from app.approvals.models import ApprovalFlow as ApprovalFlowModel
from app.approvals.models import OrderApproval
from app.orders import service as orders
from app.pagination import PageRequest
from schema.approvals.loaders import flow_types, request_types
from schema.approvals.types import ApprovalFlow, ApprovalRequest
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id

FLOW_READERS = frozenset({Role.ADMIN, Role.APPROVER, Role.FINANCE})


@strawberry.type
class ApprovalsQuery:
    @strawberry.field(description="Orders waiting for the caller's decision (its user, or its role and level), oldest first.")
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
        visible = orders.visible_orders(info.context.principal).filter(id=pk).values("id")
        row = await OrderApproval.filter(order_id__in=Subquery(visible)).first()
        return (await request_types([row]))[0] if row else None

    @strawberry.field(description="The supplier's approval flows.")
    async def approval_flows(self, info: strawberry.Info) -> list[ApprovalFlow]:
        require_supplier_role(info.context.principal, FLOW_READERS)
        flows = await ApprovalFlowModel.filter(supplier_id=info.context.principal.organization_id).order_by("id")
        return await flow_types(flows)
