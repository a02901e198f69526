from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import User
    from app.outbox import OutboxEvent


class NotificationKind(StrEnum):
    ORDER_APPROVED = "ORDER_APPROVED"
    ORDER_SHIPPED = "ORDER_SHIPPED"
    PAYMENT_CONFIRMED = "PAYMENT_CONFIRMED"
    STATEMENT_READY = "STATEMENT_READY"
    APPROVAL_REQUESTED = "APPROVAL_REQUESTED"
    ORDER_CHANGED = "ORDER_CHANGED"
    ORDER_PLACED = "ORDER_PLACED"
    REGISTRATION_PENDING = "REGISTRATION_PENDING"
    STATEMENT_DISPUTED = "STATEMENT_DISPUTED"
    STATEMENT_DISPUTE_ANSWERED = "STATEMENT_DISPUTE_ANSWERED"
    STOCK_LOW = "STOCK_LOW"
    ANNOUNCEMENT = "ANNOUNCEMENT"
    SERVICE_THREAD_OPENED = "SERVICE_THREAD_OPENED"
    SERVICE_MESSAGE = "SERVICE_MESSAGE"
    SERVICE_THREAD_CLOSED = "SERVICE_THREAD_CLOSED"
    SELL_THROUGH_SUBMITTED = "SELL_THROUGH_SUBMITTED"


class Notification(Model):
    """One entry of a user's inbox, made from an outbox event by the relay (once per user and event)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="notifications", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyRelation[OutboxEvent] = fields.ForeignKeyField(
        "models.OutboxEvent", related_name="notifications", on_delete=fields.CASCADE
    )
    # A fixed description: one derived from the enum's values would alter the column (and on
    # SQLite rebuild the table) with every new kind.
    kind = fields.CharEnumField(NotificationKind, max_length=32, description="What it is about: a NotificationKind.")
    title = fields.CharField(max_length=200)
    body = fields.CharField(max_length=1000)
    subject_type = fields.CharField(max_length=32)
    subject_id = fields.IntField()
    read_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    user_id: int
    event_id: int

    class Meta:
        table = "notifications"
        unique_together = (("user", "event"),)
        indexes = (("user_id", "read_at", "id"), ("user_id", "id"))
