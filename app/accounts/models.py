from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Role(StrEnum):
    """A user's roles; which side (selling or buying) one applies to follows from the object.

    ADMIN and FINANCE exist on both sides: an admin of a distributor administers its purchasing
    and its sales alike.
    """

    ADMIN = "ADMIN"
    SALES = "SALES"
    APPROVER = "APPROVER"
    WAREHOUSE = "WAREHOUSE"
    FINANCE = "FINANCE"
    SERVICE = "SERVICE"
    PURCHASER = "PURCHASER"
    RECEIVER = "RECEIVER"


SUPPLIER_ROLES = frozenset({Role.ADMIN, Role.SALES, Role.APPROVER, Role.WAREHOUSE, Role.FINANCE, Role.SERVICE})
BUYER_ROLES = frozenset({Role.ADMIN, Role.PURCHASER, Role.RECEIVER, Role.FINANCE})


class UserStatus(StrEnum):
    """Where a user stands in its organization; only ACTIVE users sign in. Not stored: a user is
    ACTIVE when is_active, INVITED when it has no password yet and an open invitation, else
    DEACTIVATED (app.accounts.users decides it)."""

    INVITED = "INVITED"
    """Invited, has not accepted yet (no password)."""
    ACTIVE = "ACTIVE"
    DEACTIVATED = "DEACTIVATED"
    """Turned off by an admin; its sessions ended. Reactivation brings it back."""


class CatalogVisibility(StrEnum):
    PUBLIC = "PUBLIC"
    """Anyone may browse the catalog."""
    LOGIN_ONLY = "LOGIN_ONLY"
    """Only signed-in users of the supplier or of its approved customers."""


class PublicPrices(StrEnum):
    HIDDEN = "HIDDEN"
    BASE = "BASE"


class ChargeMoment(StrEnum):
    """When an order's amount is charged to the customer's ledger."""

    APPROVAL = "APPROVAL"
    SHIPMENT = "SHIPMENT"


class CustomerAccountStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    SUSPENDED = "SUSPENDED"


class Organization(Model):
    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    can_sell = fields.BooleanField(default=False)
    can_buy = fields.BooleanField(default=False)
    currency = fields.CharField(max_length=3, default="CNY")
    timezone = fields.CharField(max_length=64, default="Asia/Shanghai")
    registration_open = fields.BooleanField(default=True)
    catalog_visibility = fields.CharEnumField(CatalogVisibility, max_length=16, default=CatalogVisibility.LOGIN_ONLY)
    public_prices = fields.CharEnumField(PublicPrices, max_length=16, default=PublicPrices.HIDDEN)
    contact_phone = fields.CharField(max_length=32, null=True)
    charge_orders_on = fields.CharEnumField(ChargeMoment, max_length=16, default=ChargeMoment.SHIPMENT)
    auto_confirm_receipt_days = fields.IntField(
        null=True, description="A shipment the buyer has not confirmed is taken as received after this many days."
    )
    orders_need_approval = fields.BooleanField(
        default=True,
        db_default=True,
        description="False: a placed order is approved at once, whatever the approval flows say.",
    )
    sales_max_discount_percent = fields.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        db_default=0,
        description="How far below the resolved unit price a SALES user may set a price when editing an order.",
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organizations"
        indexes = (("can_sell", "registration_open"),)


class User(Model):
    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="users", on_delete=fields.CASCADE
    )
    email = fields.CharField(max_length=254, unique=True, null=True)
    phone = fields.CharField(max_length=32, unique=True, null=True)
    username = fields.CharField(max_length=64, unique=True, null=True)
    name = fields.CharField(max_length=100)
    password_hash = fields.CharField(max_length=255)  # empty until an invited user sets a password
    is_active = fields.BooleanField(default=True)  # the one flag sign-in checks (UserStatus.ACTIVE)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    organization_id: int

    class Meta:
        table = "users"
        indexes = (("organization_id",),)


class UserRole(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="role_grants", on_delete=fields.CASCADE
    )
    role = fields.CharEnumField(Role, max_length=16)
    approval_level = fields.IntField(null=True)

    user_id: int

    class Meta:
        table = "user_roles"
        unique_together = (("user", "role"),)


class CustomerAccount(Model):
    """The relationship of one supplier and one buyer (客户档案)."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="customer_accounts", on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="supplier_accounts", on_delete=fields.CASCADE
    )
    code = fields.CharField(
        max_length=64, null=True
    )  # the supplier's own customer code (客户编码); imports upsert by it
    status = fields.CharEnumField(CustomerAccountStatus, max_length=16)
    status_reason = fields.CharField(max_length=500, null=True)
    tier = fields.CharField(max_length=32, null=True)
    customer_group = fields.CharField(max_length=64, null=True)
    region = fields.CharField(max_length=128, null=True)
    sales_rep: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="assigned_accounts", null=True, on_delete=fields.SET_NULL
    )
    credit_limit = fields.DecimalField(max_digits=18, decimal_places=2, default=0)
    payment_terms_days = fields.IntField(default=0)
    contact_name = fields.CharField(max_length=100, null=True)
    contact_phone = fields.CharField(max_length=32, null=True)
    note = fields.CharField(max_length=1000, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    decided_at = fields.DatetimeField(null=True)
    decided_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="decided_accounts", null=True, on_delete=fields.SET_NULL
    )

    supplier_id: int
    buyer_id: int
    sales_rep_id: int | None

    class Meta:
        table = "customer_accounts"
        unique_together = (("supplier", "buyer"), ("supplier", "code"))
        indexes = (("supplier_id", "status"), ("supplier_id", "sales_rep_id"), ("supplier_id", "tier"), ("buyer_id",))


class AuthSession(Model):
    """One login: the refresh token that renews it, and whether it was revoked."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    refresh_token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    revoked_at = fields.DatetimeField(null=True)
    client_address = fields.CharField(max_length=64, null=True)

    user_id: int

    class Meta:
        table = "auth_sessions"


class RetiredRefreshToken(Model):
    """A refresh token already exchanged for a new one. Presented again, it was copied: whoever
    holds the session's current token may be the thief, so the whole session ends."""

    id = fields.IntField(primary_key=True)
    session: fields.ForeignKeyRelation[AuthSession] = fields.ForeignKeyField(
        "models.AuthSession", related_name="retired_refresh_tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    retired_at = fields.DatetimeField(auto_now_add=True)

    session_id: int

    class Meta:
        table = "auth_retired_refresh_tokens"


class PasswordResetToken(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="password_reset_tokens", on_delete=fields.CASCADE
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    user_id: int

    class Meta:
        table = "password_reset_tokens"


class UserInvitation(Model):
    """An invitation to join an organization: a single-use link token, stored as its digest."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invitations", on_delete=fields.CASCADE
    )
    invited_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invitations_sent", null=True, on_delete=fields.SET_NULL
    )
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    user_id: int
    invited_by_id: int | None

    class Meta:
        table = "user_invitations"


class ApiToken(Model):
    """A third-party app's credential: acts for one organization, within its scopes."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="api_tokens", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    token_hash = fields.CharField(max_length=64, unique=True)
    scopes: fields.JSONField[list[str]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    disabled_at = fields.DatetimeField(null=True, description="Set while its app is disabled: refused until enabled.")

    organization_id: int

    class Meta:
        table = "api_tokens"


class Address(Model):
    """A buyer organization's delivery address book."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="addresses", on_delete=fields.CASCADE
    )
    label = fields.CharField(max_length=50, null=True)
    recipient = fields.CharField(max_length=100)
    phone = fields.CharField(max_length=32)
    region = fields.CharField(max_length=128)
    street = fields.CharField(max_length=300)
    postal_code = fields.CharField(max_length=16, null=True)
    is_default = fields.BooleanField(default=False)
    archived = fields.BooleanField(default=False)

    organization_id: int

    class Meta:
        table = "addresses"
        indexes = (("organization_id", "archived"),)
