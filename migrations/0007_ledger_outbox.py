import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.accounts.models import ChargeMoment
from app.ledger.models import LedgerEntryKind


class Migration(migrations.Migration):
    dependencies = [("models", "0006_favorites")]

    initial = False

    operations = [
        ops.CreateModel(
            name="LedgerEntry",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ledger_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "kind",
                    fields.CharEnumField(
                        description="ORDER_CHARGE: ORDER_CHARGE\nPAYMENT: PAYMENT\nREFUND: REFUND\nRETURN_CREDIT: RETURN_CREDIT\nADJUSTMENT: ADJUSTMENT",
                        enum_type=LedgerEntryKind,
                        max_length=16,
                    ),
                ),
                ("amount", fields.DecimalField(max_digits=18, decimal_places=2)),
                ("currency", fields.CharField(max_length=3)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="ledger_entries",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                (
                    "document_type",
                    fields.CharField(null=True, description="Payment, Shipment, Return, ...", max_length=32),
                ),
                ("document_id", fields.IntField(null=True)),
                ("document_number", fields.CharField(null=True, max_length=64)),
                ("note", fields.CharField(null=True, max_length=500)),
                ("occurred_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                (
                    "created_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="created_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="ledger_entries",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "ledger_entries",
                "app": "models",
                "indexes": [
                    Index(fields=["customer_account_id", "occurred_at", "id"]),
                    Index(fields=["document_type", "document_id"]),
                ],
                "pk_attr": "id",
                "table_description": "One movement on a customer account, never changed once written (a mistake is reversed by",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OutboxEvent",
            fields=[
                ("id", fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("kind", fields.CharField(description="e.g. order.placed, order.status_changed", max_length=64)),
                ("subject_type", fields.CharField(description="The changed object's type, e.g. Order", max_length=32)),
                ("subject_id", fields.IntField()),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="supplier_events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "buyer",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="buyer_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="buyer_events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "actor",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="actor_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="events",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "payload",
                    fields.JSONField(
                        default=dict, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("published_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "outbox_events",
                "app": "models",
                "indexes": [Index(fields=["published_at", "id"]), Index(fields=["subject_type", "subject_id", "id"])],
                "pk_attr": "id",
                "table_description": "A state change, written in the same transaction as the change itself.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Organization",
            name="auto_confirm_receipt_days",
            field=fields.IntField(
                null=True,
                description="A shipment the buyer has not confirmed is taken as received after this many days.",
            ),
        ),
        ops.AddField(
            model_name="Organization",
            name="charge_orders_on",
            field=fields.CharEnumField(
                default=ChargeMoment.SHIPMENT,
                description="APPROVAL: APPROVAL\nSHIPMENT: SHIPMENT",
                enum_type=ChargeMoment,
                max_length=16,
            ),
        ),
    ]
