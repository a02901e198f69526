"""Approval flows and decisions over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.approvals import queries as approval_reads
from app.approvals import service as approvals
from app.approvals.models import ApprovalFlow as ApprovalFlowModel
from app.approvals.models import OrderApproval
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


async def request_types(rows: list[OrderApproval]) -> list[ApprovalRequest]:
    checks = await approvals.checks_for(rows)
    order_objects = {o.id: o for o in await order_types([checks[r.order_id].order for r in rows])}
    decisions = {
        approval_id: [
            ApprovalDecision(
                step_index=d.step_index,
                step_name=d.step_name,
                decision=d.decision,
                comment=d.comment,
                user_name=d.user.name if d.user else None,
                at=d.created_at,
            )
            for d in found
        ]
        for approval_id, found in (await approval_reads.decisions_by_approval([r.id for r in rows])).items()
    }
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
                current_step=steps[row.step_index] if approval_reads.is_waiting(row, check.order) else None,
                order=order_objects[strawberry.ID(encode_id("Order", row.order_id))],
                checks=ApprovalChecks(
                    lines=[ApprovalLineCheck(**vars(line)) for line in check.lines],
                    stock_sufficient=approval_reads.stock_sufficient(check.lines),
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
    steps = {
        flow_id: [
            ApprovalStep(
                position=s.position,
                name=s.name,
                role=s.role,
                min_level=s.min_level,
                user_id=strawberry.ID(encode_id("User", s.user_id)) if s.user_id else None,
                min_total=s.min_total,
                customer_group=s.customer_group,
            )
            for s in found
        ]
        for flow_id, found in (await approval_reads.steps_by_flow([f.id for f in flows])).items()
    }
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
