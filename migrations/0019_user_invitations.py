from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0018_order_parties_supplier_edit")]

    initial = False

    operations = [
        ops.CreateModel(
            name="UserInvitation",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="invitations",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "invited_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="invited_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="invitations_sent",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "user_invitations",
                "app": "models",
                "pk_attr": "id",
                "table_description": "An invitation to join an organization: a single-use link token, stored as its digest.",
            },
            bases=["Model"],
        ),
    ]
