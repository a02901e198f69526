"""Approval flows and the orders waiting for the caller's decision, over GraphQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry
from tortoise.expressions import Subquery

from app.accounts.models import Role
from app.accounts.permissions import require_supplier_role
from app.approvals import service as approvals
from app.approvals.models import ApprovalDecision as ApprovalDecisionModel
from app.approvals.models import ApprovalDecisionKind, ApprovalStatus, OrderApproval
from app.approvals.models import ApprovalFlow as ApprovalFlowModel
from app.approvals.models import ApprovalStep as ApprovalStepModel
from app.orders import service as orders
from app.orders.models import OrderStatus
from app.pagination import PageRequest
from schema.accounts import RoleEnum
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.orders import CheckoutPayload, OrderType, order_types
from schema.scalars import Money

FLOW_READERS = frozenset({Role.ADMIN, Role.APPROVER, Role.FINANCE})
ApprovalStatusEnum = strawberry.enum(ApprovalStatus, name="ApprovalStatus")
ApprovalDecisionKindEnum = strawberry.enum(ApprovalDecisionKind, name="ApprovalDecisionKind")


@strawberry.type
class ApprovalStep:
    position: int
    name: str
    role: RoleEnum | None
    min_level: int | None
    user_id: strawberry.ID | None
    min_total: Decimal | None = strawberry.field(description="Applies only to orders above this total.")
    customer_group: str | None


@strawberry.type
class ApprovalFlow:
    id: strawberry.ID
    name: str
    is_default: bool
    customer_group: str | None
    steps: list[ApprovalStep]


@strawberry.type(description="One approver's decision on one step.")
class ApprovalDecision:
    step_index: int
    step_name: str
    decision: ApprovalDecisionKindEnum
    comment: str | None
    user_name: str | None
    at: datetime


@strawberry.type
class ApprovalStepState:
    index: int
    name: str
    role: RoleEnum | None
    min_level: int | None
    user_id: strawberry.ID | None


@strawberry.type(description="A line's stock: units the order holds and units free in all warehouses.")
class ApprovalLineCheck:
    sku: str
    name: str
    quantity: int
    held: int
    available: int


@strawberry.type(description="What the approver weighs before deciding.")
class ApprovalChecks:
    lines: list[ApprovalLineCheck]
    stock_sufficient: bool
    credit_limit: Money
    credit_headroom: Money = strawberry.field(description="Limit − ledger balance − other open uncharged orders.")
    prepaid_balance: Money
    terms_problem: str | None = strawberry.field(description="Why the payment method cannot carry the order now.")
    cutoff_at: datetime | None
    cutoff_passed: bool


@strawberry.type(description="An order's walk through its approval steps.")
class ApprovalRequest:
    id: strawberry.ID
    status: ApprovalStatusEnum
    step_index: int
    steps: list[ApprovalStepState]
    current_step: ApprovalStepState | None
    order: OrderType
    checks: ApprovalChecks
    decisions: list[ApprovalDecision]


def _step_state(index: int, step: dict) -> ApprovalStepState:
    return ApprovalStepState(
        index=index,
        name=step["name"],
        role=step["role"],
        min_level=step["minLevel"],
        user_id=strawberry.ID(encode_id("User", step["userId"])) if step["userId"] else None,
    )


def _waiting(row: OrderApproval, order) -> bool:
    """A cancelled order leaves its walk where it stood; nobody is waited for any more."""
    return row.status is ApprovalStatus.PENDING and order.status is OrderStatus.PENDING_APPROVAL


async def request_types(rows: list[OrderApproval]) -> list[ApprovalRequest]:
    checks = await approvals.checks_for(rows)
    order_objects = {o.id: o for o in await order_types([checks[r.order_id].order for r in rows])}
    decisions: dict[int, list[ApprovalDecision]] = {r.id: [] for r in rows}
    for d in await ApprovalDecisionModel.filter(approval_id__in=list(decisions)).select_related("user").order_by("id"):
        decisions[d.approval_id].append(
            ApprovalDecision(
                step_index=d.step_index,
                step_name=d.step_name,
                decision=d.decision,
                comment=d.comment,
                user_name=d.user.name if d.user else None,
                at=d.created_at,
            )
        )
    result = []
    for row in rows:
        check = checks[row.order_id]
        currency = check.order.currency
        steps = [_step_state(i, s) for i, s in enumerate(row.steps)]
        result.append(
            ApprovalRequest(
                id=strawberry.ID(encode_id("ApprovalRequest", row.id)),
                status=row.status,
                step_index=row.step_index,
                steps=steps,
                current_step=steps[row.step_index] if _waiting(row, check.order) else None,
                order=order_objects[encode_id("Order", row.order_id)],
                checks=ApprovalChecks(
                    lines=[ApprovalLineCheck(**vars(line)) for line in check.lines],
                    stock_sufficient=all(line.held >= line.quantity for line in check.lines),
                    credit_limit=Money(amount=check.credit_limit, currency=currency),
                    credit_headroom=Money(amount=check.credit_headroom, currency=currency),
                    prepaid_balance=Money(amount=check.prepaid_balance, currency=currency),
                    terms_problem=check.terms_problem,
                    cutoff_at=check.cutoff_at,
                    cutoff_passed=check.cutoff_passed,
                ),
                decisions=decisions[row.id],
            )
        )
    return result


async def flow_types(flows: list[ApprovalFlowModel]) -> list[ApprovalFlow]:
    steps: dict[int, list[ApprovalStep]] = {f.id: [] for f in flows}
    for s in await ApprovalStepModel.filter(flow_id__in=list(steps)).order_by("position"):
        steps[s.flow_id].append(
            ApprovalStep(
                position=s.position,
                name=s.name,
                role=s.role,
                min_level=s.min_level,
                user_id=strawberry.ID(encode_id("User", s.user_id)) if s.user_id else None,
                min_total=s.min_total,
                customer_group=s.customer_group,
            )
        )
    return [
        ApprovalFlow(
            id=strawberry.ID(encode_id("ApprovalFlow", f.id)),
            name=f.name,
            is_default=f.is_default,
            customer_group=f.customer_group,
            steps=steps[f.id],
        )
        for f in flows
    ]


@strawberry.type
class ApprovalsQuery:
    @strawberry.field(description="Orders waiting for the caller's decision (its user, or its role and level), oldest first.")
    async def approvals(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ApprovalRequest]:
        return await connection_of(
            approvals.awaiting(info.context.principal),
            ("id",),
            PageRequest(first=first, after=after, last=last, before=before),
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


@strawberry.input
class ApprovalStepInput:
    name: str
    role: RoleEnum | None = None
    min_level: int | None = None
    user_id: strawberry.ID | None = None
    min_total: Decimal | None = strawberry.field(default=None, description="Applies only to orders above this total.")
    customer_group: str | None = None


@strawberry.input
class ApprovalFlowCreateInput:
    name: str
    steps: list[ApprovalStepInput]
    is_default: bool = False
    customer_group: str | None = strawberry.field(default=None, description="Applies to this customer group.")
    customer_account_ids: list[strawberry.ID] = strawberry.field(default_factory=list)


@strawberry.type
class ApprovalFlowCreatePayload:
    approval_flow: ApprovalFlow | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ApprovalFlowDeleteInput:
    approval_flow_id: strawberry.ID


@strawberry.type
class ApprovalFlowDeletePayload:
    deleted_approval_flow_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class OrderApproveInput:
    order_id: strawberry.ID
    comment: str | None = None


@strawberry.input
class OrderRejectInput:
    order_id: strawberry.ID
    reason: str


@strawberry.type
class ApprovalsMutation:
    @strawberry.mutation(description="A new approval flow: the default, a customer group's, or assigned accounts'.")
    @mutation_payload(ApprovalFlowCreatePayload)
    async def approval_flow_create(self, info: strawberry.Info, input: ApprovalFlowCreateInput) -> ApprovalFlowCreatePayload:
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

    @strawberry.mutation(description="Delete a flow; orders already waiting keep the steps they were given.")
    @mutation_payload(ApprovalFlowDeletePayload)
    async def approval_flow_delete(self, info: strawberry.Info, input: ApprovalFlowDeleteInput) -> ApprovalFlowDeletePayload:
        flow_id = decode_id(input.approval_flow_id, "ApprovalFlow", ("input", "approvalFlowId"))
        await approvals.delete_flow(info.context.principal, flow_id)
        return ApprovalFlowDeletePayload(deleted_approval_flow_id=input.approval_flow_id)

    @strawberry.mutation(description="Approve the order's current step; after the last it is APPROVED.")
    @mutation_payload(CheckoutPayload)
    async def order_approve(self, info: strawberry.Info, input: OrderApproveInput) -> CheckoutPayload:
        order = await approvals.approve(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.comment
        )
        return CheckoutPayload(order=(await order_types([order]))[0])

    @strawberry.mutation(description="Reject the order with a reason; its stock is released.")
    @mutation_payload(CheckoutPayload)
    async def order_reject(self, info: strawberry.Info, input: OrderRejectInput) -> CheckoutPayload:
        order = await approvals.reject(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.reason
        )
        return CheckoutPayload(order=(await order_types([order]))[0])
