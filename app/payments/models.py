"""付款/收款: payments the buyer records and the supplier's finance confirms or rejects."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from app.orders.models import PaymentMethod

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.orders.models import Order


class PaymentRecordStatus(StrEnum):
    RECORDED = "RECORDED"
    CONFIRMED = "CONFIRMED"
    REJECTED = "REJECTED"


class Payment(Model):
    """Money the buyer says it paid. The part not allocated to orders is a prepayment (预付款)."""

    id = fields.IntField(primary_key=True)
    # Nullable only in the schema: migration 0013 numbered the payments made before numbering, and
    # making the column NOT NULL on SQLite rebuilds the table without its unique constraints.
    number = fields.CharField(max_length=32, null=True, description="收款单号 PM-2026-000123, per supplier and year")
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="received_payments", on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="made_payments", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="payments", on_delete=fields.RESTRICT
    )
    method = fields.CharEnumField(PaymentMethod, max_length=16)
    amount = fields.DecimalField(max_digits=18, decimal_places=2)
    currency = fields.CharField(max_length=3)
    reference = fields.CharField(max_length=100, null=True)
    status = fields.CharEnumField(PaymentRecordStatus, max_length=16, default=PaymentRecordStatus.RECORDED)
    idempotency_key = fields.CharField(max_length=100)
    recorded_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="recorded_payments", on_delete=fields.RESTRICT
    )
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="decided_payments", null=True, on_delete=fields.SET_NULL
    )
    decided_at = fields.DatetimeField(null=True)
    decision_note = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    supplier_id: int
    buyer_id: int
    customer_account_id: int
    recorded_by_id: int
    decided_by_id: int | None

    class Meta:
        table = "payments"
        unique_together = (("recorded_by", "idempotency_key"), ("supplier", "number"))
        indexes = (("supplier_id", "status", "id"), ("customer_account_id", "id"), ("buyer_id", "id"))


class PaymentAllocation(Model):
    """The part of a payment that pays one order."""

    id = fields.IntField(primary_key=True)
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        "models.Payment", related_name="allocations", on_delete=fields.CASCADE
    )
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="payment_allocations", on_delete=fields.RESTRICT
    )
    amount = fields.DecimalField(max_digits=18, decimal_places=2)

    payment_id: int
    order_id: int

    class Meta:
        table = "payment_allocations"
        indexes = (("order_id",), ("payment_id",))
