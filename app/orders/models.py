from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.catalog.models import Variant


class OrderStatus(StrEnum):
    PENDING_APPROVAL = "PENDING_APPROVAL"
    APPROVED = "APPROVED"
    PARTIALLY_SHIPPED = "PARTIALLY_SHIPPED"
    SHIPPED = "SHIPPED"
    COMPLETED = "COMPLETED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"


class PaymentStatus(StrEnum):
    UNPAID = "UNPAID"
    PARTIALLY_PAID = "PARTIALLY_PAID"
    PAID = "PAID"


class FulfilmentStatus(StrEnum):
    UNFULFILLED = "UNFULFILLED"
    PARTIALLY_FULFILLED = "PARTIALLY_FULFILLED"
    FULFILLED = "FULFILLED"


class OrderTrack(StrEnum):
    """The three statuses an order carries, each moved only by the order process."""

    STATUS = "STATUS"
    PAYMENT = "PAYMENT"
    FULFILMENT = "FULFILMENT"


class PaymentMethod(StrEnum):
    BANK_TRANSFER = "BANK_TRANSFER"
    ONLINE = "ONLINE"
    PREPAID_BALANCE = "PREPAID_BALANCE"
    ON_ACCOUNT = "ON_ACCOUNT"


class Order(Model):
    id = fields.IntField(primary_key=True)
    number = fields.CharField(max_length=32)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="sales_orders", on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="purchase_orders", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="orders", on_delete=fields.RESTRICT
    )
    placed_by: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="placed_orders", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(OrderStatus, max_length=20)
    payment_status = fields.CharEnumField(PaymentStatus, max_length=16, default=PaymentStatus.UNPAID)
    fulfilment_status = fields.CharEnumField(FulfilmentStatus, max_length=20, default=FulfilmentStatus.UNFULFILLED)
    payment_method = fields.CharEnumField(PaymentMethod, max_length=16)
    currency = fields.CharField(max_length=3)
    subtotal = fields.DecimalField(max_digits=18, decimal_places=2)
    discount_total = fields.DecimalField(max_digits=18, decimal_places=2)
    total = fields.DecimalField(max_digits=18, decimal_places=2)
    shipping_address: fields.JSONField[dict[str, Any] | None] = fields.JSONField(null=True)
    requested_delivery_date = fields.DateField(null=True)
    po_number = fields.CharField(max_length=64, null=True)
    note = fields.CharField(max_length=1000, null=True)
    applied_promotions: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    cutoff_at = fields.DatetimeField(null=True, description="After this the buyer can no longer change it.")
    idempotency_key = fields.CharField(max_length=100)
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    supplier_id: int
    buyer_id: int
    customer_account_id: int
    placed_by_id: int

    class Meta:
        table = "orders"
        unique_together = (("supplier", "number"), ("placed_by", "idempotency_key"))
        indexes = (
            ("supplier_id", "status", "id"),
            ("supplier_id", "id"),
            ("buyer_id", "id"),
            ("customer_account_id", "id"),
            ("customer_account_id", "created_at"),
            ("supplier_id", "created_at"),
        )


class OrderCount(Model):
    """How many of one customer account's orders are in one status, kept by the order process in the
    transaction that creates or moves each order, so a list's total over a million orders adds up a few
    thousand account rows. Derived data: `counts.rebuild` recomputes it, and the tests hold it equal to
    the orders."""

    id = fields.BigIntField(primary_key=True)
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="order_counts", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(OrderStatus, max_length=20)
    orders = fields.IntField(default=0)

    customer_account_id: int

    class Meta:
        table = "order_counts"
        unique_together = (("customer_account", "status"),)


class OrderLine(Model):
    """What was ordered, with its price as it stood at checkout."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="lines", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="order_lines", on_delete=fields.RESTRICT
    )
    sku = fields.CharField(max_length=64)
    name = fields.CharField(max_length=300)
    unit = fields.CharField(max_length=16)
    quantity = fields.IntField()
    unit_price = fields.DecimalField(max_digits=18, decimal_places=2)
    discount = fields.DecimalField(max_digits=18, decimal_places=2)
    line_total = fields.DecimalField(max_digits=18, decimal_places=2)
    is_gift = fields.BooleanField(default=False)
    price_explanation = fields.CharField(max_length=300)
    price_override = fields.DecimalField(
        max_digits=18, decimal_places=2, null=True, description="A unit price the supplier's staff set (改单)."
    )
    price_override_reason = fields.CharField(max_length=500, null=True)

    order_id: int
    variant_id: int

    class Meta:
        table = "order_lines"
        # The second covers sales analytics: a period's lines are read from the index alone.
        indexes = (("order_id", "id"), ("order_id", "variant_id", "quantity", "line_total"))


class OrderStatusChange(Model):
    """Who moved one of an order's three statuses, when and why.

    `from_status`/`to_status` are the order's status before and after (equal when the payment or
    fulfilment status moved); `from_value`/`to_value` are the moved track's own values."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="history", on_delete=fields.CASCADE
    )
    from_status = fields.CharEnumField(OrderStatus, max_length=20, null=True)
    to_status = fields.CharEnumField(OrderStatus, max_length=20)
    track = fields.CharEnumField(
        OrderTrack,
        max_length=12,
        null=True,
        default=OrderTrack.STATUS,
        description="Null only before its migration filled the earlier rows",
    )
    from_value = fields.CharField(max_length=20, null=True)
    to_value = fields.CharField(max_length=20, null=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="order_changes", null=True, on_delete=fields.SET_NULL
    )
    reason = fields.CharField(max_length=500, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    order_id: int

    class Meta:
        table = "order_status_changes"
        indexes = (("order_id", "id"),)


class OrderLineChange(Model):
    """One line of an order changed by the supplier's staff (改单): its quantity and unit price
    before and after (before null: the line was added; after quantity 0: it was removed)."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="line_changes", on_delete=fields.CASCADE
    )
    order_line: fields.ForeignKeyNullableRelation[OrderLine] = fields.ForeignKeyField(
        "models.OrderLine", related_name="changes", null=True, on_delete=fields.SET_NULL
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="order_line_changes", on_delete=fields.RESTRICT
    )
    sku = fields.CharField(max_length=64)
    name = fields.CharField(max_length=300)
    quantity_before = fields.IntField(null=True)
    quantity_after = fields.IntField()
    unit_price_before = fields.DecimalField(max_digits=18, decimal_places=2, null=True)
    unit_price_after = fields.DecimalField(max_digits=18, decimal_places=2, null=True)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="order_line_changes", null=True, on_delete=fields.SET_NULL
    )
    reason = fields.CharField(max_length=500, null=True)
    order_version = fields.IntField(description="The order's version the change produced.")
    created_at = fields.DatetimeField(auto_now_add=True)

    order_id: int
    order_line_id: int | None
    variant_id: int
    user_id: int | None

    class Meta:
        table = "order_line_changes"
        indexes = (("order_id", "id"),)


class OrderingWindow(Model):
    """订货周期: when a customer may order, weekly, in the supplier's timezone. An order placed in
    a window can be changed or cancelled by the buyer until the window closes (its cut-off)."""

    id = fields.IntField(primary_key=True)
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="ordering_windows", on_delete=fields.CASCADE
    )
    opens_weekday = fields.IntField(description="0 = Monday")
    opens_minute = fields.IntField(description="Minutes after midnight")
    closes_weekday = fields.IntField()
    closes_minute = fields.IntField()

    customer_account_id: int

    class Meta:
        table = "ordering_windows"
        indexes = (("customer_account_id",),)


class AllocationQuota(Model):
    """货源分配: how many units of a variant a customer may order in one ordering cycle. It applies to one customer account, a customer tier, a customer group or (none of them) every customer, and the most specific one wins."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="allocation_quotas", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="allocation_quotas", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyNullableRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="allocation_quotas", null=True, on_delete=fields.CASCADE
    )
    tier = fields.CharField(max_length=32, null=True)
    customer_group = fields.CharField(max_length=64, null=True)
    scope_key = fields.CharField(max_length=80, description="account:ID, tier:NAME, group:NAME or all")
    quantity = fields.IntField()
    updated_at = fields.DatetimeField(auto_now=True)

    supplier_id: int
    variant_id: int
    customer_account_id: int | None

    class Meta:
        table = "allocation_quotas"
        unique_together = (("variant", "scope_key"),)
        indexes = (("supplier_id", "variant_id", "id"), ("supplier_id", "customer_account_id", "id"))


class ShortfallReason(StrEnum):
    QUOTA = "QUOTA"
    STOCK = "STOCK"


class Shortfall(Model):
    """缺货登记: units a customer asked for in a cycle but was not allotted, kept so it can ask again in a later cycle."""

    id = fields.IntField(primary_key=True)
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="shortfalls", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="shortfalls", on_delete=fields.CASCADE
    )
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="shortfalls", null=True, on_delete=fields.SET_NULL
    )
    requested = fields.IntField()
    allotted = fields.IntField()
    reason = fields.CharEnumField(ShortfallReason, max_length=8)
    cycle_start = fields.DatetimeField(description="Start of the ordering cycle it was short in")
    created_at = fields.DatetimeField(auto_now_add=True)
    readded_at = fields.DatetimeField(null=True, description="When it went back into a cart")

    customer_account_id: int
    variant_id: int
    order_id: int | None

    class Meta:
        table = "shortfalls"
        indexes = (("customer_account_id", "readded_at", "id"),)
