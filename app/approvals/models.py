"""多级审核: approval flows of a supplier, their steps, and each order's walk through them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

from app.accounts.models import Role

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.orders.models import Order


class ApprovalStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


class ApprovalDecisionKind(StrEnum):
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


class ApprovalFlow(Model):
    """An ordered list of steps. It applies to the accounts assigned to it, to a customer group,
    or (the default flow) to every other customer of the supplier."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="approval_flows", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    is_default = fields.BooleanField(default=False)
    customer_group = fields.CharField(max_length=64, null=True, description="Applies to this customer group")
    created_at = fields.DatetimeField(auto_now_add=True)

    supplier_id: int

    class Meta:
        table = "approval_flows"
        indexes = (("supplier_id", "is_default"), ("supplier_id", "customer_group"))


class ApprovalFlowAccount(Model):
    """A customer account assigned to a flow: it wins over the group and the default flow."""

    id = fields.IntField(primary_key=True)
    flow: fields.ForeignKeyRelation[ApprovalFlow] = fields.ForeignKeyField(
        "models.ApprovalFlow", related_name="accounts", on_delete=fields.CASCADE
    )
    customer_account: fields.OneToOneRelation[CustomerAccount] = fields.OneToOneField(
        "models.CustomerAccount", related_name="approval_flow_assignment", on_delete=fields.CASCADE
    )

    flow_id: int
    customer_account_id: int

    class Meta:
        table = "approval_flow_accounts"


class ApprovalStep(Model):
    """Who decides (a role with a minimum approval level, or one user) and when the step applies."""

    id = fields.IntField(primary_key=True)
    flow: fields.ForeignKeyRelation[ApprovalFlow] = fields.ForeignKeyField(
        "models.ApprovalFlow", related_name="steps", on_delete=fields.CASCADE
    )
    position = fields.IntField()
    name = fields.CharField(max_length=100)
    role = fields.CharEnumField(Role, max_length=16, null=True)
    min_level = fields.IntField(null=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="approval_steps", null=True, on_delete=fields.CASCADE
    )
    min_total = fields.DecimalField(
        max_digits=18, decimal_places=2, null=True, description="Applies only to orders above this total"
    )
    customer_group = fields.CharField(max_length=64, null=True, description="Applies only to this customer group")

    flow_id: int
    user_id: int | None

    class Meta:
        table = "approval_steps"
        unique_together = (("flow", "position"),)


class OrderApproval(Model):
    """An order's walk: the steps that applied when it was placed (kept as they were) and where it
    stands. The current step's approver is kept in columns so `approvals` filters in SQL."""

    id = fields.IntField(primary_key=True)
    order: fields.OneToOneRelation[Order] = fields.OneToOneField(
        "models.Order", related_name="approval", on_delete=fields.CASCADE
    )
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="order_approvals", on_delete=fields.CASCADE
    )
    flow: fields.ForeignKeyNullableRelation[ApprovalFlow] = fields.ForeignKeyField(
        "models.ApprovalFlow", related_name="order_approvals", null=True, on_delete=fields.SET_NULL
    )
    steps: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    status = fields.CharEnumField(ApprovalStatus, max_length=16, default=ApprovalStatus.PENDING)
    step_index = fields.IntField(default=0)
    # tortoise's CharEnumField has no null=True overload, so it always claims a non-null Field[Role].
    current_role: fields.Field[Role | None] = fields.CharEnumField(Role, max_length=16, null=True)  # type: ignore[assignment]
    current_min_level = fields.IntField(null=True)
    current_user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="awaited_approvals", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    order_id: int
    supplier_id: int
    flow_id: int | None
    current_user_id: int | None

    class Meta:
        table = "order_approvals"
        indexes = (("supplier_id", "status", "current_role"), ("supplier_id", "status", "current_user_id"))


class ApprovalDecision(Model):
    """One approver's decision on one step, kept for the history."""

    id = fields.IntField(primary_key=True)
    approval: fields.ForeignKeyRelation[OrderApproval] = fields.ForeignKeyField(
        "models.OrderApproval", related_name="decisions", on_delete=fields.CASCADE
    )
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="approval_decisions", on_delete=fields.CASCADE
    )
    step_index = fields.IntField()
    step_name = fields.CharField(max_length=100)
    decision = fields.CharEnumField(ApprovalDecisionKind, max_length=16)
    comment = fields.CharField(max_length=500, null=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="approval_decisions", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    approval_id: int
    order_id: int
    user_id: int | None

    class Meta:
        table = "approval_decisions"
        indexes = (("order_id", "id"),)
