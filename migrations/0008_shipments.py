from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.shipments.models import ShipmentStatus


class Migration(migrations.Migration):
    dependencies = [("models", "0007_ledger_outbox")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Shipment",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("number", fields.CharField(max_length=32)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="shipments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="shipments",
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
                        related_name="shipments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "warehouse",
                    fields.ForeignKeyField(
                        "models.Warehouse",
                        source_field="warehouse_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="shipments",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        default=ShipmentStatus.SHIPPED,
                        description="SHIPPED: SHIPPED\nRECEIVED: RECEIVED\nCANCELLED: CANCELLED",
                        enum_type=ShipmentStatus,
                        max_length=16,
                    ),
                ),
                ("carrier", fields.CharField(null=True, max_length=100)),
                ("tracking_number", fields.CharField(null=True, max_length=100)),
                ("shipped_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("received_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("receipt_note", fields.CharField(null=True, max_length=1000)),
                (
                    "received_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="received_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="received_shipments",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="created_shipments",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("version", fields.IntField(default=1)),
            ],
            options={
                "table": "shipments",
                "app": "models",
                "unique_together": (("supplier", "number"),),
                "indexes": [
                    Index(fields=["supplier_id", "status", "id"]),
                    Index(fields=["customer_account_id", "id"]),
                    Index(fields=["order_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "One dispatch of an order's lines from one warehouse (分批发货: an order has many).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ShipmentLine",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "shipment",
                    fields.ForeignKeyField(
                        "models.Shipment",
                        source_field="shipment_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "order_line",
                    fields.ForeignKeyField(
                        "models.OrderLine",
                        source_field="order_line_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="shipment_lines",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("quantity", fields.IntField()),
                ("received_quantity", fields.IntField(null=True)),
                (
                    "difference_reason",
                    fields.CharField(null=True, description="Why fewer arrived: short, damaged", max_length=300),
                ),
            ],
            options={
                "table": "shipment_lines",
                "app": "models",
                "indexes": [Index(fields=["order_line_id"])],
                "pk_attr": "id",
                "table_description": "Units of one order line in a shipment, and how many of them the buyer counted on arrival.",
            },
            bases=["Model"],
        ),
    ]
