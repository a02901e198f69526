"""Approval flows and decisions over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from app.approvals.models import ApprovalDecisionKind, ApprovalStatus
from schema.accounts.types import CustomerAccountType, RoleEnum
from schema.errors import UserError
from schema.orders.types import OrderType
from schema.scalars import Money

strawberry.enum(ApprovalStatus, name="ApprovalStatus")
ApprovalStatusEnum = ApprovalStatus


strawberry.enum(ApprovalDecisionKind, name="ApprovalDecisionKind")
ApprovalDecisionKindEnum = ApprovalDecisionKind


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


@strawberry.type(
    description="The result of approvalFlowCreate. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ApprovalFlowCreatePayload:
    approval_flow: ApprovalFlow | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of approvalFlowAssign. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "NOT_FOUND, REQUIRED."
)
class ApprovalFlowAssignPayload:
    customer_accounts: list[CustomerAccountType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of approvalFlowDelete. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "NOT_FOUND."
)
class ApprovalFlowDeletePayload:
    deleted_approval_flow_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of orderApprove. UserErrorCode values its userErrors can carry: CREDIT_LIMIT_EXCEEDED, "
    "INSUFFICIENT_BALANCE, INVALID_ID, INVALID_STATE, NOT_CURRENT_APPROVER, NOT_FOUND, REQUIRED, "
    "TOO_LONG, TOO_SHORT."
)
class OrderApprovePayload:
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of orderReject. UserErrorCode values its userErrors can carry: INVALID_ID, INVALID_STATE,"
    " NOT_CURRENT_APPROVER, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class OrderRejectPayload:
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
