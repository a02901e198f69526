"""Live events over GraphQL: subscriptions, the notifications inbox, apps and their webhooks."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime

import strawberry

from app.approvals.live import approval_for
from app.events import live
from app.notifications import inbox
from app.notifications.models import Notification as NotificationModel
from app.notifications.models import NotificationKind
from app.orders import live as order_live
from app.orders.models import OrderStatus
from app.pagination import PageRequest
from app.webhooks import service as webhooks
from app.webhooks.models import App as AppModel
from app.webhooks.models import DeliveryStatus
from app.webhooks.models import WebhookDelivery as WebhookDeliveryModel
from app.webhooks.models import WebhookSubscription as WebhookSubscriptionModel
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node, register_node
from schema.orders import OrderStatusEnum, OrderType, order_types

NotificationKindEnum = strawberry.enum(NotificationKind, name="NotificationKind")
DeliveryStatusEnum = strawberry.enum(DeliveryStatus, name="WebhookDeliveryStatus")


# --- subscriptions -----------------------------------------------------------------------

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


async def _order_type(event, order) -> OrderType:
    """Built once per event and shared by every subscriber who may see it."""
    built = await event.shared(f"OrderType:{order.id}", lambda: order_types([order]))
    return built[0]


def _previous_status(payload: dict) -> OrderStatus | None:
    previous = payload.get("previousStatus")
    return OrderStatus(previous) if previous else None


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Changes of one order, or of every order the caller may see.")
    async def order_updated(
        self, info: strawberry.Info, order_id: strawberry.ID | None = None
    ) -> AsyncGenerator[OrderUpdate, None]:
        context = info.context
        wanted = decode_optional_id(order_id, "Order", "orderId")
        if wanted is not None:
            await order_live.require_visible_order(context.principal, wanted)
        async for principal, event in live.stream(context.principal, context.credential, context.services.hub, context.services.settings.subscription_recheck_seconds):
            order = await order_live.order_seen_by(principal, event, wanted)
            if order is None:
                continue
            yield OrderUpdate(
                order=await _order_type(event, order),
                previous_status=_previous_status(event.payload) if event.kind == "order.status_changed" else None,
                occurred_at=event.created_at,
                event_kind=event.kind,
                event_id=str(event.id),
            )

    @strawberry.subscription(description="Orders waiting for the caller's approval.")
    async def approval_requested(self, info: strawberry.Info) -> AsyncGenerator[ApprovalRequested, None]:
        context = info.context
        async for principal, event in live.stream(context.principal, context.credential, context.services.hub, context.services.settings.subscription_recheck_seconds):
            order = await approval_for(principal, event)
            if order is None:
                continue
            yield ApprovalRequested(
                order=await _order_type(event, order),
                step_index=event.payload.get("stepIndex"),
                step_name=event.payload.get("stepName"),
                occurred_at=event.created_at,
            )

    @strawberry.subscription(description="New entries of the caller's inbox.")
    async def notification_received(self, info: strawberry.Info) -> AsyncGenerator[NotificationType, None]:
        context = info.context
        async for principal, event in live.stream(context.principal, context.credential, context.services.hub, context.services.settings.subscription_recheck_seconds):
            for message in live.notifications_for(principal, event):
                yield NotificationType(
                    id=strawberry.ID(encode_id("Notification", message["id"])),
                    kind=NotificationKind(message["kind"]),
                    title=message["title"],
                    body=message["body"],
                    subject_id=strawberry.ID(encode_id(message["subjectType"], message["subjectId"])),
                    read_at=None,
                    created_at=datetime.fromisoformat(message["createdAt"]),
                )


# --- notifications -----------------------------------------------------------------------

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


async def notification_types(rows: list[NotificationModel]) -> list[NotificationType]:
    return [
        NotificationType(
            id=strawberry.ID(encode_id("Notification", n.id)),
            kind=n.kind,
            title=n.title,
            body=n.body,
            subject_id=strawberry.ID(encode_id(n.subject_type, n.subject_id)),
            read_at=n.read_at,
            created_at=n.created_at,
        )
        for n in rows
    ]


async def _fetch_notifications(info: strawberry.Info, pks: list[int]) -> list[NotificationType | None]:
    rows = await inbox.inbox_of(info.context.principal).filter(id__in=pks)
    built = dict(zip((r.id for r in rows), await notification_types(rows), strict=True))
    return [built.get(pk) for pk in pks]


register_node("Notification", _fetch_notifications)


@strawberry.input
class NotificationsMarkReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(default=None, description="None: the whole inbox.")


@strawberry.type
class NotificationsMarkReadPayload:
    unread_count: int | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


# --- apps and webhooks -------------------------------------------------------------------

@strawberry.type(name="WebhookSubscription")
class WebhookSubscriptionType(Node):
    event_kind: str
    target_url: str
    active: bool
    created_at: datetime


def _subscription_type(s: WebhookSubscriptionModel) -> WebhookSubscriptionType:
    return WebhookSubscriptionType(
        id=strawberry.ID(encode_id("WebhookSubscription", s.id)),
        event_kind=s.event_kind,
        target_url=s.target_url,
        active=s.active,
        created_at=s.created_at,
    )


@strawberry.type(name="App")
class AppType(Node):
    name: str
    scopes: list[str]
    created_at: datetime
    webhook_subscriptions: list[WebhookSubscriptionType]


async def app_types(apps: list[AppModel]) -> list[AppType]:
    subscriptions: dict[int, list[WebhookSubscriptionType]] = {a.id: [] for a in apps}
    for s in await WebhookSubscriptionModel.filter(app_id__in=list(subscriptions)).order_by("id"):
        subscriptions[s.app_id].append(_subscription_type(s))
    return [
        AppType(
            id=strawberry.ID(encode_id("App", a.id)),
            name=a.name,
            scopes=list(a.token.scopes),
            created_at=a.created_at,
            webhook_subscriptions=subscriptions[a.id],
        )
        for a in apps
    ]


@strawberry.type(name="WebhookDelivery")
class WebhookDeliveryType(Node):
    subscription: WebhookSubscriptionType
    event_kind: str
    event_id: str
    status: DeliveryStatusEnum
    attempts: int
    response_code: int | None
    last_error: str | None
    next_attempt_at: datetime | None = strawberry.field(description="None once it succeeded or gave up.")
    delivered_at: datetime | None
    created_at: datetime


async def delivery_types(rows: list[WebhookDeliveryModel]) -> list[WebhookDeliveryType]:
    loaded = {
        d.id: d
        for d in await WebhookDeliveryModel.filter(id__in=[r.id for r in rows]).select_related("subscription", "event")
    }
    result = []
    for row in rows:
        d = loaded[row.id]
        result.append(
            WebhookDeliveryType(
                id=strawberry.ID(encode_id("WebhookDelivery", d.id)),
                subscription=_subscription_type(d.subscription),
                event_kind=d.event.kind,
                event_id=str(d.event_id),
                status=d.status,
                attempts=d.attempts,
                response_code=d.response_code,
                last_error=d.last_error,
                next_attempt_at=d.next_attempt_at if d.status == DeliveryStatus.PENDING else None,
                delivered_at=d.delivered_at,
                created_at=d.created_at,
            )
        )
    return result


@strawberry.input
class AppCreateInput:
    name: str
    scopes: list[str] = strawberry.field(description="e.g. orders:read, customers:read.")


@strawberry.type
class AppCreatePayload:
    app: AppType | None = None
    token: str | None = strawberry.field(default=None, description="The app's API token; shown only once.")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class WebhookSubscriptionCreateInput:
    app_id: strawberry.ID
    event_kind: str = strawberry.field(description="An event kind, e.g. order.status_changed.")
    target_url: str


@strawberry.type
class WebhookSubscriptionCreatePayload:
    subscription: WebhookSubscriptionType | None = None
    secret: str | None = strawberry.field(
        default=None, description="Signs X-Dinghuo-Signature (HMAC-SHA256 of timestamp.body); shown only once."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class WebhookRedeliverInput:
    delivery_id: strawberry.ID


@strawberry.type
class WebhookRedeliverPayload:
    delivery: WebhookDeliveryType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


# --- queries and mutations ---------------------------------------------------------------

@strawberry.type
class EventsQuery:
    @strawberry.field(description="The caller's inbox, newest first.")
    async def notifications(
        self,
        info: strawberry.Info,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[NotificationType]:
        return await connection_of(
            inbox.inbox_of(info.context.principal, unread_only),
            ("-id",),
            PageRequest(first=first, after=after, last=last, before=before),
            notification_types,
        )

    @strawberry.field
    async def unread_notification_count(self, info: strawberry.Info) -> int:
        return await inbox.unread_count(info.context.principal)

    @strawberry.field(description="The organization's third-party apps (admins only).")
    async def apps(self, info: strawberry.Info) -> list[AppType]:
        return await app_types(await webhooks.visible_apps(info.context.principal).select_related("token").order_by("id"))

    @strawberry.field(description="Webhook deliveries of the organization's apps, newest first.")
    async def webhook_deliveries(
        self,
        info: strawberry.Info,
        subscription_id: strawberry.ID | None = None,
        status: DeliveryStatusEnum | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[WebhookDeliveryType]:
        query = webhooks.visible_deliveries(info.context.principal)
        wanted = decode_optional_id(subscription_id, "WebhookSubscription", "subscriptionId")
        if wanted is not None:
            query = query.filter(subscription_id=wanted)
        if status is not None:
            query = query.filter(status=status)
        return await connection_of(
            query, ("-id",), PageRequest(first=first, after=after, last=last, before=before), delivery_types
        )


@strawberry.type
class EventsMutation:
    @strawberry.mutation(description="Mark inbox entries read.")
    @mutation_payload(NotificationsMarkReadPayload)
    async def notifications_mark_read(
        self, info: strawberry.Info, input: NotificationsMarkReadInput
    ) -> NotificationsMarkReadPayload:
        ids = None
        if input.ids is not None:
            ids = [decode_id(value, "Notification", ("input", "ids", str(i))) for i, value in enumerate(input.ids)]
        return NotificationsMarkReadPayload(unread_count=await inbox.mark_read(info.context.principal, ids))

    @strawberry.mutation(description="Register a third-party app and issue its API token.")
    @mutation_payload(AppCreatePayload)
    async def app_create(self, info: strawberry.Info, input: AppCreateInput) -> AppCreatePayload:
        app, token = await webhooks.create_app(info.context.principal, input.name, input.scopes)
        app = await AppModel.get(id=app.id).select_related("token")
        return AppCreatePayload(app=(await app_types([app]))[0], token=token)

    @strawberry.mutation(description="Send one kind of event to a URL, signed with a new secret.")
    @mutation_payload(WebhookSubscriptionCreatePayload)
    async def webhook_subscription_create(
        self, info: strawberry.Info, input: WebhookSubscriptionCreateInput
    ) -> WebhookSubscriptionCreatePayload:
        subscription, secret = await webhooks.subscribe(
            info.context.principal,
            decode_id(input.app_id, "App", ("input", "appId")),
            input.event_kind,
            input.target_url,
        )
        return WebhookSubscriptionCreatePayload(subscription=_subscription_type(subscription), secret=secret)

    @strawberry.mutation(description="Send a delivery again now, whatever its status.")
    @mutation_payload(WebhookRedeliverPayload)
    async def webhook_redeliver(self, info: strawberry.Info, input: WebhookRedeliverInput) -> WebhookRedeliverPayload:
        delivery = await webhooks.redeliver(
            info.context.principal, decode_id(input.delivery_id, "WebhookDelivery", ("input", "deliveryId"))
        )
        return WebhookRedeliverPayload(delivery=(await delivery_types([delivery]))[0])
