from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0003_carts_orders")]

    initial = False

    operations = [
        ops.CreateModel(
            name="OrderingWindow",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="ordering_windows",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("opens_weekday", fields.IntField(description="0 = Monday")),
                ("opens_minute", fields.IntField(description="Minutes after midnight")),
                ("closes_weekday", fields.IntField()),
                ("closes_minute", fields.IntField()),
            ],
            options={
                "table": "ordering_windows",
                "app": "models",
                "indexes": [Index(fields=["customer_account_id"])],
                "pk_attr": "id",
                "table_description": "订货周期: when a customer may order, weekly, in the supplier's timezone. An order placed in",
            },
            bases=["Model"],
        ),
        ops.AddField(
            model_name="Order",
            name="cutoff_at",
            field=fields.DatetimeField(
                null=True,
                description="After this the buyer can no longer change it.",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.AddField(
            model_name="Organization",
            name="timezone",
            field=fields.CharField(default="Asia/Shanghai", max_length=64),
        ),
    ]
