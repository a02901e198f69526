from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.inventory.models import Warehouse
    from app.orders.models import Order, OrderLine
    from app.shipments.models import ShipmentLine


class ReturnStatus(StrEnum):
    REQUESTED = "REQUESTED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    RECEIVED = "RECEIVED"
    REFUNDED = "REFUNDED"


class RefundMethod(StrEnum):
    CREDIT = "CREDIT"
    """A credit entry against what the buyer owes (冲抵应收)."""
    BALANCE = "BALANCE"
    """Credited to the buyer's prepaid balance (退回余额)."""


class Return(Model):
    """A buyer's request to send back units it received, and what became of it."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="returns", on_delete=fields.RESTRICT
    )
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="returns", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="returns", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(ReturnStatus, max_length=16, default=ReturnStatus.REQUESTED)
    reason = fields.CharField(max_length=1000)
    photos: fields.JSONField[list[str]] = fields.JSONField(default=list)
    refund_method = fields.CharEnumField(RefundMethod, max_length=16, default=RefundMethod.CREDIT)
    amount = fields.DecimalField(max_digits=18, decimal_places=2, description="Value of the returned units")
    currency = fields.CharField(max_length=3)
    warehouse: fields.ForeignKeyNullableRelation[Warehouse] = fields.ForeignKeyField(
        "models.Warehouse", related_name="returns", null=True, on_delete=fields.RESTRICT
    )
    requested_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="requested_returns", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    refunded_at = fields.DatetimeField(null=True)
    version = fields.IntField(default=1)

    order_id: int
    supplier_id: int
    customer_account_id: int
    warehouse_id: int | None
    requested_by_id: int | None

    class Meta:
        table = "returns"
        unique_together = (("supplier", "number"),)
        indexes = (("supplier_id", "status", "id"), ("customer_account_id", "id"), ("order_id", "id"))


class ReturnLine(Model):
    """Units of one received shipment line going back."""

    id = fields.IntField(primary_key=True)
    return_request: fields.ForeignKeyRelation[Return] = fields.ForeignKeyField(
        "models.Return", related_name="lines", on_delete=fields.CASCADE
    )
    shipment_line: fields.ForeignKeyRelation[ShipmentLine] = fields.ForeignKeyField(
        "models.ShipmentLine", related_name="return_lines", on_delete=fields.RESTRICT
    )
    order_line: fields.ForeignKeyRelation[OrderLine] = fields.ForeignKeyField(
        "models.OrderLine", related_name="return_lines", on_delete=fields.RESTRICT
    )
    quantity = fields.IntField()
    amount = fields.DecimalField(max_digits=18, decimal_places=2)

    return_request_id: int
    shipment_line_id: int
    order_line_id: int

    class Meta:
        table = "return_lines"
        indexes = (("shipment_line_id",), ("order_line_id",), ("return_request_id",))


class ReturnStatusChange(Model):
    """Who moved a return from one status to another, when and why."""

    id = fields.IntField(primary_key=True)
    return_request: fields.ForeignKeyRelation[Return] = fields.ForeignKeyField(
        "models.Return", related_name="history", on_delete=fields.CASCADE
    )
    from_status = fields.CharEnumField(ReturnStatus, max_length=16, null=True)
    to_status = fields.CharEnumField(ReturnStatus, max_length=16)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="return_changes", null=True, on_delete=fields.SET_NULL
    )
    reason = fields.CharField(max_length=1000, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    return_request_id: int

    class Meta:
        table = "return_status_changes"
        indexes = (("return_request_id", "id"),)
