from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.notifications.models import NotificationKind


class AlterFieldInStateOnly(ops.AlterField):
    """A change the database does not see (an enum's choices in a CHAR column): SQLite's AlterField
    would rebuild the table without its indexes and unique constraints."""

    async def database_forward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        return None


class AddColumn(ops.AddField):
    """Unapplied by ALTER TABLE … DROP COLUMN: SQLite's RemoveField rebuilds the table, which fails
    on a table other tables reference (organizations, order_lines)."""

    async def database_backward(self, app_label, old_state, new_state, state_editor=None) -> None:
        if not state_editor:
            return
        model = old_state.apps.get_model(f"{app_label}.{self.model_name}")
        field = model._meta.fields_map[self.name]
        column = field.source_field or field.model_field_name
        await state_editor.client.execute_script(f'ALTER TABLE "{model._meta.db_table}" DROP COLUMN "{column}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0017_order_history_tracks")]

    initial = False

    operations = [
        ops.CreateModel(
            name="OrderLineChange",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "order",
                    fields.ForeignKeyField(
                        "models.Order",
                        source_field="order_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="line_changes",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "order_line",
                    fields.ForeignKeyField(
                        "models.OrderLine",
                        source_field="order_line_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="changes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                (
                    "variant",
                    fields.ForeignKeyField(
                        "models.Variant",
                        source_field="variant_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="order_line_changes",
                        on_delete=OnDelete.RESTRICT,
                    ),
                ),
                ("sku", fields.CharField(max_length=64)),
                ("name", fields.CharField(max_length=300)),
                ("quantity_before", fields.IntField(null=True)),
                ("quantity_after", fields.IntField()),
                ("unit_price_before", fields.DecimalField(null=True, max_digits=18, decimal_places=2)),
                ("unit_price_after", fields.DecimalField(null=True, max_digits=18, decimal_places=2)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="order_line_changes",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("reason", fields.CharField(null=True, max_length=500)),
                ("order_version", fields.IntField(description="The order's version the change produced.")),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "order_line_changes",
                "app": "models",
                "indexes": [Index(fields=["order_id", "id"])],
                "pk_attr": "id",
                "table_description": "One line of an order changed by the supplier's staff (改单): its quantity and unit price",
            },
            bases=["Model"],
        ),
        AlterFieldInStateOnly(
            model_name="Notification",
            name="kind",
            field=fields.CharEnumField(
                description="ORDER_APPROVED: ORDER_APPROVED\nORDER_SHIPPED: ORDER_SHIPPED\nPAYMENT_CONFIRMED: PAYMENT_CONFIRMED\nSTATEMENT_READY: STATEMENT_READY\nAPPROVAL_REQUESTED: APPROVAL_REQUESTED\nORDER_CHANGED: ORDER_CHANGED",
                enum_type=NotificationKind,
                max_length=32,
            ),
        ),
        ops.AddIndex(
            model_name="Order",
            index=Index(fields=["supplier_id", "id"]),
        ),
        AddColumn(
            model_name="OrderLine",
            name="price_override",
            field=fields.DecimalField(
                null=True, description="A unit price the supplier's staff set (改单).", max_digits=18, decimal_places=2
            ),
        ),
        AddColumn(
            model_name="OrderLine",
            name="price_override_reason",
            field=fields.CharField(null=True, max_length=500),
        ),
        AddColumn(
            model_name="Organization",
            name="orders_need_approval",
            field=fields.BooleanField(
                default=True,
                description="False: a placed order is approved at once, whatever the approval flows say.",
                db_default=True,
            ),
        ),
        AddColumn(
            model_name="Organization",
            name="sales_max_discount_percent",
            field=fields.DecimalField(
                default=0,
                description="How far below the resolved unit price a SALES user may set a price when editing an order.",
                db_default=0,
                max_digits=5,
                decimal_places=2,
            ),
        ),
    ]
