import functools
from json import dumps, loads

from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from app.accounts.models import CustomerAccountStatus, Role


class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name="Organization",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("code", fields.CharField(unique=True, max_length=64)),
                ("name", fields.CharField(max_length=200)),
                ("can_sell", fields.BooleanField(default=False)),
                ("can_buy", fields.BooleanField(default=False)),
                ("currency", fields.CharField(default="CNY", max_length=3)),
                ("registration_open", fields.BooleanField(default=True)),
                ("contact_phone", fields.CharField(null=True, max_length=32)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "organizations",
                "app": "models",
                "indexes": [Index(fields=["can_sell", "registration_open"])],
                "pk_attr": "id",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="ApiToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "organization",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="organization_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="api_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("name", fields.CharField(max_length=100)),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                (
                    "scopes",
                    fields.JSONField(
                        default=list, encoder=functools.partial(dumps, separators=(",", ":")), decoder=loads
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={
                "table": "api_tokens",
                "app": "models",
                "pk_attr": "id",
                "table_description": "A third-party app's credential: acts for one organization, within its scopes.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="User",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "organization",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="organization_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="users",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("email", fields.CharField(null=True, unique=True, max_length=254)),
                ("phone", fields.CharField(null=True, unique=True, max_length=32)),
                ("username", fields.CharField(null=True, unique=True, max_length=64)),
                ("name", fields.CharField(max_length=100)),
                ("password_hash", fields.CharField(max_length=255)),
                ("is_active", fields.BooleanField(default=True)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("last_login_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "users", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="AuthSession",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="sessions",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("refresh_token_hash", fields.CharField(unique=True, max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("revoked_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ("client_address", fields.CharField(null=True, max_length=64)),
            ],
            options={
                "table": "auth_sessions",
                "app": "models",
                "pk_attr": "id",
                "table_description": "One login: the refresh token that renews it, and whether it was revoked.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="CustomerAccount",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "supplier",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="supplier_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="customer_accounts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "buyer",
                    fields.ForeignKeyField(
                        "models.Organization",
                        source_field="buyer_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="supplier_accounts",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "status",
                    fields.CharEnumField(
                        description="PENDING: PENDING\nAPPROVED: APPROVED\nREJECTED: REJECTED\nSUSPENDED: SUSPENDED",
                        enum_type=CustomerAccountStatus,
                        max_length=16,
                    ),
                ),
                ("status_reason", fields.CharField(null=True, max_length=500)),
                ("tier", fields.CharField(null=True, max_length=32)),
                ("customer_group", fields.CharField(null=True, max_length=64)),
                ("region", fields.CharField(null=True, max_length=128)),
                (
                    "sales_rep",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="sales_rep_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="assigned_accounts",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("credit_limit", fields.DecimalField(default=0, max_digits=18, decimal_places=2)),
                ("payment_terms_days", fields.IntField(default=0)),
                ("contact_name", fields.CharField(null=True, max_length=100)),
                ("contact_phone", fields.CharField(null=True, max_length=32)),
                ("note", fields.CharField(null=True, max_length=1000)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("decided_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                (
                    "decided_by",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="decided_by_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="decided_accounts",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
            ],
            options={
                "table": "customer_accounts",
                "app": "models",
                "unique_together": (("supplier", "buyer"),),
                "indexes": [
                    Index(fields=["supplier_id", "status"]),
                    Index(fields=["supplier_id", "sales_rep_id"]),
                    Index(fields=["supplier_id", "tier"]),
                ],
                "pk_attr": "id",
                "table_description": "The relationship of one supplier and one buyer (客户档案).",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="OutboundMessage",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ("kind", fields.CharField(max_length=64)),
                ("channel", fields.CharField(max_length=16)),
                ("recipient", fields.CharField(max_length=254)),
                ("subject", fields.CharField(max_length=200)),
                ("body", fields.TextField(unique=False)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        null=True,
                        db_constraint=True,
                        to_field="id",
                        related_name="outbound_messages",
                        on_delete=OnDelete.SET_NULL,
                    ),
                ),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={
                "table": "outbound_messages",
                "app": "models",
                "indexes": [Index(fields=["recipient", "kind"])],
                "pk_attr": "id",
                "table_description": "Every message the notifier sends, kept so operators and tests can see what went out.",
            },
            bases=["Model"],
        ),
        ops.CreateModel(
            name="PasswordResetToken",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="password_reset_tokens",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                ("token_hash", fields.CharField(unique=True, max_length=64)),
                ("created_at", fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ("expires_at", fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ("used_at", fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={"table": "password_reset_tokens", "app": "models", "pk_attr": "id"},
            bases=["Model"],
        ),
        ops.CreateModel(
            name="UserRole",
            fields=[
                ("id", fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                (
                    "user",
                    fields.ForeignKeyField(
                        "models.User",
                        source_field="user_id",
                        db_constraint=True,
                        to_field="id",
                        related_name="role_grants",
                        on_delete=OnDelete.CASCADE,
                    ),
                ),
                (
                    "role",
                    fields.CharEnumField(
                        description="ADMIN: ADMIN\nSALES: SALES\nAPPROVER: APPROVER\nWAREHOUSE: WAREHOUSE\nFINANCE: FINANCE\nSERVICE: SERVICE\nPURCHASER: PURCHASER\nRECEIVER: RECEIVER",
                        enum_type=Role,
                        max_length=16,
                    ),
                ),
                ("approval_level", fields.IntField(null=True)),
            ],
            options={"table": "user_roles", "app": "models", "unique_together": (("user", "role"),), "pk_attr": "id"},
            bases=["Model"],
        ),
    ]
