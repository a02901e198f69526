import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.orders.models import FulfilmentStatus, OrderStatus, PaymentMethod, PaymentStatus


class Migration(migrations.Migration):
    dependencies = [("models", "0002_catalog_pricing_promotions")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Cart",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="carts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="carts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={"table": "carts", "app": "models", "unique_together": (("user", "supplier"),), "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CartLine",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "cart",
                    fields.ForeignKeyField(
                        "models.Cart",
                        source_field="cart_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="cart_lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("quantity", fields.IntField()),
                ("added_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "cart_lines",
                "app": "models",
                "unique_together": (("cart", "variant"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Order",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("number", fields.CharField(max_length=32)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sales_orders",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "buyer",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="buyer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="purchase_orders",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="orders",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "placed_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="placed_by_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="placed_orders",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        description="PENDING_APPROVAL: PENDING_APPROVAL\nAPPROVED: APPROVED\nPARTIALLY_SHIPPED: PARTIALLY_SHIPPED\nSHIPPED: SHIPPED\nCOMPLETED: COMPLETED\nREJECTED: REJECTED\nCANCELLED: CANCELLED",
                        enum_type=OrderStatus,
                        max_length=20,
                    ),
                ),
                (
                    "payment_status",
                    fields.CharEnumField(
                        default=PaymentStatus.UNPAID,
                        description="UNPAID: UNPAID\nPARTIALLY_PAID: PARTIALLY_PAID\nPAID: PAID",
                        enum_type=PaymentStatus,
                        max_length=16,
                    ),
                ),
                (
                    "fulfilment_status",
                    fields.CharEnumField(
                        default=FulfilmentStatus.UNFULFILLED,
                        description="UNFULFILLED: UNFULFILLED\nPARTIALLY_FULFILLED: PARTIALLY_FULFILLED\nFULFILLED: FULFILLED",
                        enum_type=FulfilmentStatus,
                        max_length=20,
                    ),
                ),
                (
                    "payment_method",
                    fields.CharEnumField(
                        description="BANK_TRANSFER: BANK_TRANSFER\nONLINE: ONLINE\nPREPAID_BALANCE: PREPAID_BALANCE\nON_ACCOUNT: ON_ACCOUNT",
                        enum_type=PaymentMethod,
                        max_length=16,
                    ),
                ),
                ("currency", fields.CharField(max_length=3)),
                ("subtotal", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("discount_total", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("total", fields.DecimalField(max_digits=18, decimal_places=2)),
                (
                    "shipping_address",
                    fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads),
                ),
                ("requested_delivery_date", fields.DateField(null=True)),
                ("po_number", fields.CharField(null=True, max_length=64)),
                ("note", fields.CharField(null=True, max_length=1000)),
                (
                    "applied_promotions",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("idempotency_key", fields.CharField(max_length=100)),
                ("version", fields.IntField(default=1)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "orders",
                "app": "models",
                "unique_together": (("supplier", "number"), ("placed_by", "idempotency_key")),
                "indexes": [
                    Index(fields=["supplier_id", "status", "id"]),
                    Index(fields=["buyer_id", "id"]),
                    Index(fields=["customer_account_id", "id"]),
                ],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrderLine",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="order_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("sku", fields.CharField(max_length=64)),
                ("name", fields.CharField(max_length=300)),
                ("unit", fields.CharField(max_length=16)),
                ("quantity", fields.IntField()),
                ("unit_price", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("discount", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("line_total", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("is_gift", fields.BooleanField(default=False)),
                ("price_explanation", fields.CharField(max_length=300)),
            ],
            options={
                "table": "order_lines",
                "app": "models",
                "pk_attr": "id",
                "table_description": "What was ordered, with its price as it stood at checkout.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrderSequence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="order_sequences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("year", fields.IntField()),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "order_sequences",
                "app": "models",
                "unique_together": (("supplier", "year"),),
                "pk_attr": "id",
                "table_description": "The last order number a supplier gave out in a year.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OrderStatusChange",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="history",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "from_status",
                    fields.CharEnumField(
                        null=True,
                        description="PENDING_APPROVAL: PENDING_APPROVAL\nAPPROVED: APPROVED\nPARTIALLY_SHIPPED: PARTIALLY_SHIPPED\nSHIPPED: SHIPPED\nCOMPLETED: COMPLETED\nREJECTED: REJECTED\nCANCELLED: CANCELLED",
                        enum_type=OrderStatus,
                        max_length=20,
                    ),
                ),
                (
                    "to_status",
                    fields.CharEnumField(
                        description="PENDING_APPROVAL: PENDING_APPROVAL\nAPPROVED: APPROVED\nPARTIALLY_SHIPPED: PARTIALLY_SHIPPED\nSHIPPED: SHIPPED\nCOMPLETED: COMPLETED\nREJECTED: REJECTED\nCANCELLED: CANCELLED",
                        enum_type=OrderStatus,
                        max_length=20,
                    ),
                ),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="order_changes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("reason", fields.CharField(null=True, max_length=500)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "order_status_changes",
                "app": "models",
                "indexes": [Index(fields=["order_id", "id"])],
                "pk_attr": "id",
                "table_description": "Who moved an order from one status to another, when and why.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="StockReservation",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order_line",
                    fields.ForeignKeyField(
                        "models.OrderLine",
                        source_field="order_line_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reservations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "stock",
                    fields.ForeignKeyField(
                        "models.Stock",
                        source_field="stock_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="reservations",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("quantity", fields.IntField()),
                ("released", fields.BooleanField(default=False)),
            ],
            options={"table": "stock_reservations", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
