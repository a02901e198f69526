from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.orders.models import ShortfallReason


class Migration(migrations.Migration):
    dependencies = [("models", "0008_shipments")]

    initial = False

    operations = [
        ops.CreateModel(
            name="AllocationQuota",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="allocation_quotas",
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
                        related_name="allocation_quotas",
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
                        related_name="allocation_quotas",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("tier", fields.CharField(null=True, max_length=32)),
                ("customer_group", fields.CharField(null=True, max_length=64)),
                ("scope_key", fields.CharField(description="account:ID, tier:NAME, group:NAME or all", max_length=80)),
                ("quantity", fields.IntField()),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "allocation_quotas",
                "app": "models",
                "unique_together": (("variant", "scope_key"),),
                "indexes": [
                    Index(fields=["supplier_id", "variant_id", "id"]),
                    Index(fields=["supplier_id", "customer_account_id", "id"]),
                ],
                "pk_attr": "id",
                "table_description": "货源分配: how many units of a variant a customer may order in one ordering cycle. It applies to one customer account, a customer tier, a customer group or (none of them) every customer, and the most specific one wins.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CustomerCart",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="customer_carts",
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
                        related_name="carts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("updated_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "customer_carts",
                "app": "models",
                "unique_together": (("user", "customer_account"),),
                "pk_attr": "id",
                "table_description": "What one user intends to order for one customer account: a buyer for its own account, or supplier staff ordering on its behalf (代客下单).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CustomerCartLine",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "cart",
                    fields.ForeignKeyField(
                        "models.CustomerCart",
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
                        related_name="customer_cart_lines",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("quantity", fields.IntField()),
                ("added_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("changed_at", fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={
                "table": "customer_cart_lines",
                "app": "models",
                "unique_together": (("cart", "variant"),),
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="Shortfall",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "customer_account",
                    fields.ForeignKeyField(
                        "models.CustomerAccount",
                        source_field="customer_account_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="shortfalls",
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
                        related_name="shortfalls",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="shortfalls",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("requested", fields.IntField()),
                ("allotted", fields.IntField()),
                (
                    "reason",
                    fields.CharEnumField(
                        description="QUOTA: QUOTA\nSTOCK: STOCK", enum_type=ShortfallReason, max_length=8
                    ),
                ),
                (
                    "cycle_start",
                    fields.DatetimeField(
                        description="Start of the ordering cycle it was short in", auto_now=False, auto_now_add=False
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                (
                    "readded_at",
                    fields.DatetimeField(
                        null=True, description="When it went back into a cart", auto_now=False, auto_now_add=False
                    ),
                ),
            ],
            options={
                "table": "shortfalls",
                "app": "models",
                "indexes": [Index(fields=["customer_account_id", "readded_at", "id"])],
                "pk_attr": "id",
                "table_description": "缺货登记: units a customer asked for in a cycle but was not allotted, kept so it can ask again in a later cycle.",
            },
            bases=["Model"],
        ),
        ops.AddIndex(
            model_name="Order",
            index=Index(fields=["customer_account_id", "created_at"]),
        ),
        ops.DeleteModel(name="CartLine"),
    ]
