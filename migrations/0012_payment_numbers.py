from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops
from tortoise.migrations.constraints import UniqueConstraint


class Migration(migrations.Migration):
    dependencies = [("models", "0011_approvals_payments_shipments_returns_live_events")]

    initial = False

    operations = [
        ops.CreateModel(
            name="PaymentSequence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="payment_sequences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("year", fields.IntField()),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "payment_sequences",
                "app": "models",
                "unique_together": (("supplier", "year"),),
                "pk_attr": "id",
                "table_description": "The last payment number a supplier gave out in a year.",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Payment",
            name="number",
            field=fields.CharField(
                null=True, description="收款单号 PM-2026-000123, per supplier and year", max_length=32
            ),
        ),
        ops.AddConstraint(
            model_name="Payment",
            constraint=UniqueConstraint(fields=("supplier", "number"), name=None),
        ),
    ]
