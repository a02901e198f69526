"""Stock: warehouses, on-hand and reserved units per variant and warehouse, the reservations
order lines hold and the append-only movement log. Only app.inventory.service writes them."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Organization, User
    from app.catalog.models import Variant
    from app.orders.models import OrderLine


class StockMovementKind(StrEnum):
    ADJUSTMENT = "ADJUSTMENT"
    RESERVATION = "RESERVATION"
    RELEASE = "RELEASE"
    SHIPMENT = "SHIPMENT"
    RETURN = "RETURN"


class Warehouse(Model):
    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="warehouses", on_delete=fields.CASCADE
    )
    code = fields.CharField(max_length=32)
    name = fields.CharField(max_length=100)

    supplier_id: int

    class Meta:
        table = "warehouses"
        unique_together = (("supplier", "code"),)


class Stock(Model):
    """On hand and reserved per variant and warehouse, available = on_hand - reserved."""

    id = fields.IntField(primary_key=True)
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="stock", on_delete=fields.CASCADE
    )
    warehouse: fields.ForeignKeyRelation[Warehouse] = fields.ForeignKeyField(
        "models.Warehouse", related_name="stock", on_delete=fields.CASCADE
    )
    on_hand = fields.IntField(default=0)
    reserved = fields.IntField(default=0)
    low_stock_threshold = fields.IntField(null=True)

    variant_id: int
    warehouse_id: int

    class Meta:
        table = "stock"
        unique_together = (("variant", "warehouse"),)


class StockMovement(Model):
    """Append-only: every change of on-hand or reserved stock, with why and who."""

    id = fields.IntField(primary_key=True)
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="stock_movements", on_delete=fields.CASCADE
    )
    warehouse: fields.ForeignKeyRelation[Warehouse] = fields.ForeignKeyField(
        "models.Warehouse", related_name="stock_movements", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(StockMovementKind, max_length=16)
    on_hand_change = fields.IntField(default=0)
    reserved_change = fields.IntField(default=0)
    reason = fields.CharField(max_length=500)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="stock_movements", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    variant_id: int
    warehouse_id: int

    class Meta:
        table = "stock_movements"
        indexes = (("variant_id", "warehouse_id", "id"),)


class StockReservation(Model):
    id = fields.IntField(primary_key=True)
    order_line: fields.ForeignKeyRelation[OrderLine] = fields.ForeignKeyField(
        "models.OrderLine", related_name="reservations", on_delete=fields.CASCADE
    )
    stock: fields.ForeignKeyRelation[Stock] = fields.ForeignKeyField(
        "models.Stock", related_name="reservations", on_delete=fields.RESTRICT
    )
    quantity = fields.IntField()
    released = fields.BooleanField(default=False)

    order_line_id: int
    stock_id: int

    class Meta:
        table = "stock_reservations"
        indexes = (("order_line_id",),)
