from tortoise import fields, migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.orders.models import OrderTrack


async def fill_status_tracks(apps, schema_editor) -> None:
    """Every change recorded before the three tracks was a change of the order's status."""
    await schema_editor.client.execute_script(
        "UPDATE order_status_changes SET track = 'STATUS', from_value = from_status, to_value = to_status "
        "WHERE track IS NULL"
    )


class Migration(migrations.Migration):
    dependencies = [("models", "0016_drop_kind_sequence_tables")]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name="OrderStatusChange",
            options={
                "table": "order_status_changes",
                "app": "models",
                "indexes": [Index(fields=["order_id", "id"])],
                "pk_attr": "id",
                "table_description": "Who moved one of an order's three statuses, when and why.",
            },
        ),
        ops.AddField(
            model_name="OrderStatusChange",
            name="from_value",
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.AddField(
            model_name="OrderStatusChange",
            name="to_value",
            field=fields.CharField(null=True, max_length=20),
        ),
        ops.AddField(
            model_name="OrderStatusChange",
            name="track",
            field=fields.CharEnumField(
                null=True,
                default=OrderTrack.STATUS,
                description="Null only before its migration filled the earlier rows",
                enum_type=OrderTrack,
                max_length=12,
            ),
        ),
        ops.RunPython(fill_status_tracks, ops.RunPython.noop),
    ]
