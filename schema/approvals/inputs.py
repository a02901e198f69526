"""Approval flows and decisions over GraphQL: the input types and their decoding."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from schema.accounts.types import RoleEnum


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


@strawberry.input
class ApprovalFlowAssignInput:
    approval_flow_id: strawberry.ID | None = strawberry.field(
        description="The flow the accounts get as their own; null takes their own away (their group's or the default "
        "flow applies again)."
    )
    customer_account_ids: list[strawberry.ID]


@strawberry.input
class ApprovalFlowDeleteInput:
    approval_flow_id: strawberry.ID


@strawberry.input
class OrderApproveInput:
    order_id: strawberry.ID
    comment: str | None = None


@strawberry.input
class OrderRejectInput:
    order_id: strawberry.ID
    reason: str
