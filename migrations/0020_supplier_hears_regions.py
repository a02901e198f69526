import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.notifications.models import NotificationKind

# Hand-added: tortoise's SQLite AlterField rebuilds the table without its unique constraint and
# indexes; put them back under their original names, after it and after its rollback (PostgreSQL
# keeps them, so this is SQLite only).
SQLITE_NOTIFICATION_INDEXES = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_notificatio_user_id_67c014" ON "notifications" ("user_id", "event_id")',
    'CREATE INDEX IF NOT EXISTS "idx_notificatio_user_id_5ecf33" ON "notifications" ("user_id", "read_at", "id")',
    'CREATE INDEX IF NOT EXISTS "idx_notificatio_user_id_bf5d2b" ON "notifications" ("user_id", "id")',
)


async def restore_sqlite_notification_indexes(apps, schema_editor) -> None:
    if schema_editor.client.capabilities.dialect != "sqlite":
        return
    for statement in SQLITE_NOTIFICATION_INDEXES:
        await schema_editor.client.execute_script(statement)


class Migration(migrations.Migration):
    dependencies = [("models", "0019_user_invitations")]

    initial = False

    operations = [
        ops.AddField(
            model_name="ApiToken",
            name="disabled_at",
            field=fields.DatetimeField(
                null=True,
                description="Set while its app is disabled: refused until enabled.",
                auto_now=False,
                auto_now_add=False,
            ),
        ),
        ops.RunPython(ops.RunPython.noop, restore_sqlite_notification_indexes),
        ops.AlterField(
            model_name="Notification",
            name="kind",
            field=fields.CharEnumField(
                description="What it is about: a NotificationKind.", enum_type=NotificationKind, max_length=32
            ),
        ),
        ops.RunPython(restore_sqlite_notification_indexes, ops.RunPython.noop),
        ops.AlterModelOptions(
            name="PriceListAssignment",
            options={
                "table": "price_list_assignments",
                "app": "models",
                "indexes": [
                    Index(fields=["customer_account_id"]),
                    Index(fields=["tier"]),
                    Index(fields=["customer_group"]),
                    Index(fields=["region"]),
                ],
                "pk_attr": "id",
                "table_description": "Who a list prices for: one customer account, a tier, a customer group, or a region.",
            },
        ),
        ops.AddField(
            model_name="PriceListAssignment",
            name="region",
            field=fields.CharField(null=True, max_length=128),
        ),
        ops.AddIndex(
            model_name="PriceListAssignment",
            index=Index(fields=["region"]),
        ),
        ops.AddField(
            model_name="Promotion",
            name="target_regions",
            field=fields.JSONField(
                default=list, db_default=[], encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
            ),
        ),
        ops.AddField(
            model_name="StatementResponse",
            name="answer",
            field=fields.CharField(null=True, description="The supplier's answer to a dispute.", max_length=1000),
        ),
        ops.AddField(
            model_name="StatementResponse",
            name="answered_at",
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name="StatementResponse",
            name="answered_by",
            field=fields.ForeignKeyField(
                "models.User",
                source_field="answered_by_id",
                null=True,
                db_constraint=True,
                to_field="id",
                related_name="statement_answers",
                on_delete=OnDelete.SET_NULL,
            ),
        ),
    ]
