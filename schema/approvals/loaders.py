"""Approval flows and decisions over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.approvals import service as approvals
from app.approvals.models import ApprovalDecision as ApprovalDecisionModel
from app.approvals.models import ApprovalFlow as ApprovalFlowModel
from app.approvals.models import ApprovalStatus, OrderApproval
from app.approvals.models import ApprovalStep as ApprovalStepModel
from app.orders.models import OrderStatus
from schema.approvals.types import (
    ApprovalChecks,
    ApprovalDecision,
    ApprovalFlow,
    ApprovalLineCheck,
    ApprovalRequest,
    ApprovalStep,
    ApprovalStepState,
)
from schema.ids import encode_id
from schema.orders.loaders import order_types
from schema.scalars import Money


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
