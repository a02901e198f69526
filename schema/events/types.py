"""Live events:
subscriptions, the notifications inbox, apps and their webhooks over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.notifications.models import NotificationKind
from app.webhooks.models import DeliveryStatus
from schema.errors import UserError
from schema.events.kinds import WebhookEventKindEnum
from schema.node import Node
from schema.orders.types import OrderStatusEnum, OrderType

strawberry.enum(NotificationKind, name="NotificationKind")
NotificationKindEnum = NotificationKind


strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")
DeliveryStatusEnum = DeliveryStatus


@strawberry.type
class OrderUpdate:
    order: OrderType
    previous_status: OrderStatusEnum | None
    occurred_at: datetime
    event_kind: str = strawberry.field(description="The outbox event kind, e.g. order.status_changed.")
    event_id: str = strawberry.field(description="Grows with every event; the same event never comes twice.")


@strawberry.type
class ApprovalRequested:
    order: OrderType
    step_index: int | None
    step_name: str | None
    occurred_at: datetime


@strawberry.type(name="Notification")
class NotificationType(Node):
    kind: NotificationKindEnum
    title: str
    body: str
    subject_id: strawberry.ID = strawberry.field(description="The order, payment or statement it is about.")
    read_at: datetime | None
    created_at: datetime

    @strawberry.field
    def read(self) -> bool:
        return self.read_at is not None


@strawberry.type(
    description="The result of notificationsMarkRead. UserErrorCode values its userErrors can carry: INVALID_ID."
)
class NotificationsMarkReadPayload:
    unread_count: int | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(name="WebhookSubscription")
class WebhookSubscriptionType(Node):
    event_kind: WebhookEventKindEnum
    target_url: str
    active: bool
    created_at: datetime


@strawberry.type(name="App")
class AppType(Node):
    name: str
    scopes: list[str]
    disabled_at: datetime | None = strawberry.field(description="Set while disabled: its token is refused.")
    token_revoked_at: datetime | None = strawberry.field(description="Set once its token was revoked, for good.")
    created_at: datetime
    webhook_subscriptions: list[WebhookSubscriptionType]


@strawberry.type(name="WebhookDelivery")
class WebhookDeliveryType(Node):
    subscription: WebhookSubscriptionType
    event_kind: WebhookEventKindEnum
    event_id: str
    status: DeliveryStatusEnum
    attempts: int
    response_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None = strawberry.field(description="None once it succeeded or gave up.")
    delivered_at: datetime | None
    created_at: datetime


@strawberry.type(
    description="The result of appCreate. UserErrorCode values its userErrors can carry: INVALID, REQUIRED, TOO_LONG,"
    " TOO_SHORT."
)
class AppCreatePayload:
    app: AppType | None = None
    token: str | None = strawberry.field(default=None, description="The app's API token; shown only once.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of webhookSubscriptionCreate. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class WebhookSubscriptionCreatePayload:
    subscription: WebhookSubscriptionType | None = None
    secret: str | None = strawberry.field(
        default=None, description="Signs X-Dinghuo-Signature (HMAC-SHA256 of timestamp.body); shown only once."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of webhookRedeliver. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND."
)
class WebhookRedeliverPayload:
    delivery: WebhookDeliveryType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of webhookSubscriptionUpdate. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class WebhookSubscriptionUpdatePayload:
    subscription: WebhookSubscriptionType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of webhookSubscriptionDelete. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "NOT_FOUND."
)
class WebhookSubscriptionDeletePayload:
    deleted_subscription_id: strawberry.ID | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of appDisable, appEnable and appTokenRevoke. UserErrorCode values its userErrors can "
    "carry: INVALID_ID, INVALID_STATE, NOT_FOUND."
)
class AppStatePayload:
    app: AppType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
