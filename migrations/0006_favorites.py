from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0005_address_book")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Favorite",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="favorites",
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
                        related_name="favorited_by",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("added_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "favorites",
                "app": "models",
                "unique_together": (("user", "variant"),),
                "pk_attr": "id",
                "table_description": "A variant a buyer user keeps at hand for reordering (常购清单).",
            },
            bases=["Model"],
        ),
    ]
