from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.inventory.models import Warehouse
    from app.orders.models import Order, OrderLine


class ShipmentStatus(StrEnum):
    SHIPPED = "SHIPPED"
    RECEIVED = "RECEIVED"
    CANCELLED = "CANCELLED"


class Shipment(Model):
    """One dispatch of an order's lines from one warehouse (分批发货: an order has many)."""

    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="shipments", on_delete=fields.RESTRICT
    )
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="shipments", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="shipments", on_delete=fields.RESTRICT
    )
    warehouse: fields.ForeignKeyRelation[Warehouse] = fields.ForeignKeyField(
        "models.Warehouse", related_name="shipments", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(ShipmentStatus, max_length=16, default=ShipmentStatus.SHIPPED)
    carrier = fields.CharField(max_length=100, null=True)
    tracking_number = fields.CharField(max_length=100, null=True)
    shipped_at = fields.DatetimeField()
    received_at = fields.DatetimeField(null=True)
    receipt_note = fields.CharField(max_length=1000, null=True)
    received_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="received_shipments", null=True, on_delete=fields.SET_NULL
    )
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="created_shipments", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    version = fields.IntField(default=1)

    order_id: int
    supplier_id: int
    customer_account_id: int
    warehouse_id: int
    received_by_id: int | None
    created_by_id: int | None

    class Meta:
        table = "shipments"
        unique_together = (("supplier", "number"),)
        indexes = (
            ("supplier_id", "status", "id"),
            ("supplier_id", "warehouse_id", "id"),
            ("customer_account_id", "id"),
            ("order_id", "id"),
            ("status", "shipped_at"),
        )


class ShipmentLine(Model):
    """Units of one order line in a shipment, and how many of them the buyer counted on arrival."""

    id = fields.IntField(primary_key=True)
    shipment: fields.ForeignKeyRelation[Shipment] = fields.ForeignKeyField(
        "models.Shipment", related_name="lines", on_delete=fields.CASCADE
    )
    order_line: fields.ForeignKeyRelation[OrderLine] = fields.ForeignKeyField(
        "models.OrderLine", related_name="shipment_lines", on_delete=fields.RESTRICT
    )
    quantity = fields.IntField()
    received_quantity = fields.IntField(null=True)
    difference_reason = fields.CharField(max_length=300, null=True, description="Why fewer arrived: short, damaged")
    amount = fields.DecimalField(
        max_digits=18, decimal_places=2, default=0, description="Value of the shipped units at the order's prices"
    )

    shipment_id: int
    order_line_id: int

    class Meta:
        table = "shipment_lines"
        indexes = (("order_line_id",), ("shipment_id",))


class TrackingEvent(Model):
    """A carrier scan or a note on a shipment's way, appended by staff or an app."""

    id = fields.IntField(primary_key=True)
    shipment: fields.ForeignKeyRelation[Shipment] = fields.ForeignKeyField(
        "models.Shipment", related_name="tracking_events", on_delete=fields.CASCADE
    )
    occurred_at = fields.DatetimeField()
    description = fields.CharField(max_length=300)
    location = fields.CharField(max_length=200, null=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="tracking_events", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    shipment_id: int
    created_by_id: int | None

    class Meta:
        table = "shipment_tracking_events"
        indexes = (("shipment_id", "occurred_at"),)
