from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0013_number_existing_payments")]

    initial = False

    operations = [
        ops.CreateModel(
            name="DocumentSequence",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="document_sequences",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("kind", fields.CharField(max_length=8)),
                ("year", fields.IntField()),
                ("last_number", fields.IntField(default=0)),
            ],
            options={
                "table": "document_sequences",
                "app": "models",
                "unique_together": (("supplier", "kind", "year"),),
                "pk_attr": "id",
                "table_description": "The last number of one kind a supplier gave out in a year.",
            },
            bases=["Model"],
        ),
    ]
