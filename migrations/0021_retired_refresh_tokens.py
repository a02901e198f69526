from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0020_supplier_hears_regions")]

    initial = False

    operations = [
        ops.CreateModel(
            name="RetiredRefreshToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "session",
                    fields.ForeignKeyField(
                        "models.AuthSession",
                        source_field="session_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="retired_refresh_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("retired_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "auth_retired_refresh_tokens",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A refresh token already exchanged for a new one. Presented again, it was copied: whoever",
            },
            bases=["Model"],
        ),
    ]
