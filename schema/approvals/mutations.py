"""Approval flows and decisions over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.accounts import service as accounts_service
from app.approvals import service as approvals
from schema.accounts.loaders import customer_account_types
from schema.approvals.inputs import (
    ApprovalFlowAssignInput,
    ApprovalFlowCreateInput,
    ApprovalFlowDeleteInput,
    OrderApproveInput,
    OrderRejectInput,
)
from schema.approvals.loaders import flow_types
from schema.approvals.types import (
    ApprovalFlowAssignPayload,
    ApprovalFlowCreatePayload,
    ApprovalFlowDeletePayload,
    OrderApprovePayload,
    OrderRejectPayload,
)
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id
from schema.orders.loaders import order_types


@strawberry.type
class ApprovalsMutation:
    @strawberry.mutation(description="A new approval flow: the default, a customer group's, or assigned accounts'.")
    @mutation_payload(ApprovalFlowCreatePayload)
    async def approval_flow_create(
        self, info: strawberry.Info, input: ApprovalFlowCreateInput
    ) -> ApprovalFlowCreatePayload:
        steps = tuple(
            approvals.StepInput(
                name=s.name,
                role=s.role,
                min_level=s.min_level,
                user_id=decode_optional_id(s.user_id, "User", ("input", "steps", str(i), "userId")),
                min_total=s.min_total,
                customer_group=s.customer_group,
            )
            for i, s in enumerate(input.steps)
        )
        flow = await approvals.create_flow(
            info.context.principal,
            approvals.FlowInput(
                name=input.name,
                steps=steps,
                is_default=input.is_default,
                customer_group=input.customer_group,
                customer_account_ids=tuple(
                    decode_id(a, "CustomerAccount", ("input", "customerAccountIds", str(i)))
                    for i, a in enumerate(input.customer_account_ids)
                ),
            ),
        )
        return ApprovalFlowCreatePayload(approval_flow=(await flow_types([flow]))[0])

    @strawberry.mutation(
        description="Give customer accounts their own approval flow, or take it away (null: their group's or the "
        "default flow applies again). Orders already waiting keep their steps."
    )
    @mutation_payload(ApprovalFlowAssignPayload)
    async def approval_flow_assign(
        self, info: strawberry.Info, input: ApprovalFlowAssignInput
    ) -> ApprovalFlowAssignPayload:
        account_ids = [
            decode_id(a, "CustomerAccount", ("input", "customerAccountIds", str(i)))
            for i, a in enumerate(input.customer_account_ids)
        ]
        flow_id = decode_optional_id(input.approval_flow_id, "ApprovalFlow", ("input", "approvalFlowId"))
        await approvals.assign_flow(info.context.principal, flow_id, account_ids)
        accounts = await accounts_service.customer_accounts_by_ids(info.context.principal, account_ids)
        return ApprovalFlowAssignPayload(
            customer_accounts=await customer_account_types([a for a in accounts if a is not None])
        )

    @strawberry.mutation(description="Delete a flow; orders already waiting keep the steps they were given.")
    @mutation_payload(ApprovalFlowDeletePayload)
    async def approval_flow_delete(
        self, info: strawberry.Info, input: ApprovalFlowDeleteInput
    ) -> ApprovalFlowDeletePayload:
        flow_id = decode_id(input.approval_flow_id, "ApprovalFlow", ("input", "approvalFlowId"))
        await approvals.delete_flow(info.context.principal, flow_id)
        return ApprovalFlowDeletePayload(deleted_approval_flow_id=input.approval_flow_id)

    @strawberry.mutation(description="Approve the order's current step; after the last it is APPROVED.")
    @mutation_payload(OrderApprovePayload)
    async def order_approve(self, info: strawberry.Info, input: OrderApproveInput) -> OrderApprovePayload:
        order = await approvals.approve(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.comment
        )
        return OrderApprovePayload(order=(await order_types([order]))[0])

    @strawberry.mutation(description="Reject the order with a reason; its stock is released.")
    @mutation_payload(OrderRejectPayload)
    async def order_reject(self, info: strawberry.Info, input: OrderRejectInput) -> OrderRejectPayload:
        order = await approvals.reject(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.reason
        )
        return OrderRejectPayload(order=(await order_types([order]))[0])
