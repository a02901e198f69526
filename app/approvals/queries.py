"""Reads of approvals for the API: an order's walk, the flows, and what a page of walks or flows
shows besides its rows, in one query each."""

from __future__ import annotations

from tortoise.expressions import Subquery

from app.accounts.models import Role
from app.accounts.permissions import Principal, require_supplier_role
from app.approvals.models import ApprovalDecision, ApprovalFlow, ApprovalStatus, ApprovalStep, OrderApproval
from app.orders import service as orders
from app.orders.models import Order, OrderStatus

FLOW_READERS = frozenset({Role.ADMIN, Role.APPROVER, Role.FINANCE})


def is_waiting(approval: OrderApproval, order: Order) -> bool:
    """A cancelled order leaves its walk where it stood; nobody is waited for any more."""
    return approval.status is ApprovalStatus.PENDING and order.status is OrderStatus.PENDING_APPROVAL


async def approval_of_order(principal: Principal, order_id: int) -> OrderApproval | None:
    """The approval walk of an order the caller may see."""
    visible = orders.visible_orders(principal).filter(id=order_id).values("id")
    return await OrderApproval.filter(order_id__in=Subquery(visible)).first()


async def flows(principal: Principal) -> list[ApprovalFlow]:
    """The caller's supplier's approval flows, oldest first."""
    require_supplier_role(principal, FLOW_READERS)
    return await ApprovalFlow.filter(supplier_id=principal.organization_id).order_by("id")


async def decisions_by_approval(approval_ids: list[int]) -> dict[int, list[ApprovalDecision]]:
    decisions: dict[int, list[ApprovalDecision]] = {pk: [] for pk in approval_ids}
    for decision in await ApprovalDecision.filter(approval_id__in=approval_ids).select_related("user").order_by("id"):
        decisions[decision.approval_id].append(decision)
    return decisions


async def steps_by_flow(flow_ids: list[int]) -> dict[int, list[ApprovalStep]]:
    steps: dict[int, list[ApprovalStep]] = {pk: [] for pk in flow_ids}
    for step in await ApprovalStep.filter(flow_id__in=flow_ids).order_by("position"):
        steps[step.flow_id].append(step)
    return steps


def stock_sufficient(lines) -> bool:
    """Every line holds the units it orders."""
    return all(line.held >= line.quantity for line in lines)
