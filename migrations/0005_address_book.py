from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0004_ordering_windows")]

    initial = False

    operations = [
        ops.CreateModel(
            name="Address",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "organization",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="organization_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="addresses",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("label", fields.CharField(null=True, max_length=50)),
                ("recipient", fields.CharField(max_length=100)),
                ("phone", fields.CharField(max_length=32)),
                ("region", fields.CharField(max_length=128)),
                ("street", fields.CharField(max_length=300)),
                ("postal_code", fields.CharField(null=True, max_length=16)),
                ("is_default", fields.BooleanField(default=False)),
                ("archived", fields.BooleanField(default=False)),
            ],
            options={
                "table": "addresses",
                "app": "models",
                "indexes": [Index(fields=["organization_id", "archived"])],
                "pk_attr": "id",
                "table_description": "A buyer organization's delivery address book.",
            },
            bases=["Model"],
        ),
    ]
