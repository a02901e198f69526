from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import ApiToken, Organization
    from app.outbox import OutboxEvent


class App(Model):
    """A third-party app of an organization. Its credential is its ApiToken, scopes included."""

    id = fields.IntField(primary_key=True)
    organization: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="apps", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    token: fields.OneToOneRelation[ApiToken] = fields.OneToOneField(
        "models.ApiToken", related_name="app", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    organization_id: int
    token_id: int

    class Meta:
        table = "apps"
        indexes = (("organization_id", "id"),)


class WebhookSubscription(Model):
    """An app's wish to receive one kind of event at a URL, signed with the secret."""

    id = fields.IntField(primary_key=True)
    app: fields.ForeignKeyRelation[App] = fields.ForeignKeyField(
        "models.App", related_name="webhook_subscriptions", on_delete=fields.CASCADE
    )
    event_kind = fields.CharField(max_length=64)
    target_url = fields.CharField(max_length=500)
    secret = fields.CharField(max_length=100)
    active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    app_id: int

    class Meta:
        table = "webhook_subscriptions"
        indexes = (("event_kind", "active"), ("app_id", "id"))


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class WebhookDelivery(Model):
    """One event owed to one subscription: made once by the relay, attempted until it succeeds or gives up."""

    id = fields.IntField(primary_key=True)
    subscription: fields.ForeignKeyRelation[WebhookSubscription] = fields.ForeignKeyField(
        "models.WebhookSubscription", related_name="deliveries", on_delete=fields.CASCADE
    )
    event: fields.ForeignKeyRelation[OutboxEvent] = fields.ForeignKeyField(
        "models.OutboxEvent", related_name="webhook_deliveries", on_delete=fields.CASCADE
    )
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    response_code = fields.IntField(null=True)
    last_error = fields.CharField(max_length=500, null=True)
    next_attempt_at = fields.DatetimeField()
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    subscription_id: int
    event_id: int

    class Meta:
        table = "webhook_deliveries"
        unique_together = (("subscription", "event"),)
        indexes = (("status", "next_attempt_at"), ("subscription_id", "id"))
