from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.orders.models import Order


class AnnouncementKind(StrEnum):
    NEW_PRODUCT = "NEW_PRODUCT"
    PRICE_CHANGE = "PRICE_CHANGE"
    PROMOTION = "PROMOTION"
    POLICY = "POLICY"
    OTHER = "OTHER"


class Announcement(Model):
    """A supplier's notice (公告) to all its buyers or to some tiers and groups, shown while it is
    published and inside its window."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="announcements", on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(AnnouncementKind, max_length=16, description="What it is about: an AnnouncementKind.")
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    # No targets: every buyer. Otherwise a buyer whose account has any one of these tiers or groups.
    target_tiers: fields.JSONField[list[str]] = fields.JSONField(default=list)
    target_groups: fields.JSONField[list[str]] = fields.JSONField(default=list)
    pinned = fields.BooleanField(default=False)
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    published_at = fields.DatetimeField(null=True)
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="announcements", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    supplier_id: int
    created_by_id: int | None

    class Meta:
        table = "announcements"
        indexes = (("supplier_id", "published_at"),)


class AnnouncementRead(Model):
    """One buyer user has read one announcement."""

    id = fields.IntField(primary_key=True)
    announcement: fields.ForeignKeyRelation[Announcement] = fields.ForeignKeyField(
        "models.Announcement", related_name="reads", on_delete=fields.CASCADE
    )
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="announcement_reads", on_delete=fields.CASCADE
    )
    read_at = fields.DatetimeField(auto_now_add=True)

    announcement_id: int
    user_id: int

    class Meta:
        table = "announcement_reads"
        unique_together = (("user", "announcement"),)


class ThreadKind(StrEnum):
    QUESTION = "QUESTION"
    COMPLAINT = "COMPLAINT"
    SUGGESTION = "SUGGESTION"


class ThreadStatus(StrEnum):
    OPEN = "OPEN"
    """Waiting for the supplier."""
    ANSWERED = "ANSWERED"
    """The supplier replied last."""
    CLOSED = "CLOSED"


class ServiceThread(Model):
    """A conversation (客户服务) a buyer opened with its supplier, optionally about an order."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="service_threads", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="service_threads", on_delete=fields.CASCADE
    )
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="service_threads", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(ThreadKind, max_length=16, description="A ThreadKind.")
    subject = fields.CharField(max_length=200)
    status = fields.CharEnumField(ThreadStatus, max_length=16, default=ThreadStatus.OPEN, description="A ThreadStatus.")
    opened_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="opened_threads", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    last_message_at = fields.DatetimeField()
    closed_at = fields.DatetimeField(null=True)

    supplier_id: int
    customer_account_id: int
    order_id: int | None
    opened_by_id: int | None

    class Meta:
        table = "service_threads"
        indexes = (("supplier_id", "status", "id"), ("customer_account_id", "id"))


class ServiceMessage(Model):
    id = fields.IntField(primary_key=True)
    thread: fields.ForeignKeyRelation[ServiceThread] = fields.ForeignKeyField(
        "models.ServiceThread", related_name="messages", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="service_messages", null=True, on_delete=fields.SET_NULL
    )
    from_supplier = fields.BooleanField()
    body = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)

    thread_id: int
    author_id: int | None

    class Meta:
        table = "service_messages"
        indexes = (("thread_id", "id"),)
