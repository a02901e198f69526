"""Live events:
subscriptions, the notifications inbox, apps and their webhooks over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.notifications import inbox
from app.notifications.models import Notification as NotificationModel
from app.webhooks import queries as webhook_reads
from app.webhooks import service as webhooks
from app.webhooks.models import App as AppModel
from app.webhooks.models import WebhookDelivery as WebhookDeliveryModel
from app.webhooks.models import WebhookSubscription as WebhookSubscriptionModel
from schema.events.kinds import WebhookEventKind
from schema.events.types import AppType, NotificationType, WebhookDeliveryType, WebhookSubscriptionType
from schema.ids import encode_id
from schema.node import one_by_one, register_visible_node


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


register_visible_node("Notification", inbox.inbox_of, notification_types)


def subscription_type(s: WebhookSubscriptionModel) -> WebhookSubscriptionType:
    return WebhookSubscriptionType(
        id=strawberry.ID(encode_id("WebhookSubscription", s.id)),
        event_kind=WebhookEventKind(s.event_kind),
        target_url=s.target_url,
        active=s.active,
        created_at=s.created_at,
    )


async def app_types(apps: list[AppModel]) -> list[AppType]:
    subscriptions = {
        app_id: [subscription_type(s) for s in found]
        for app_id, found in (await webhook_reads.subscriptions_by_app([a.id for a in apps])).items()
    }
    return [
        AppType(
            id=strawberry.ID(encode_id("App", a.id)),
            name=a.name,
            scopes=list(a.token.scopes),
            disabled_at=a.token.disabled_at,
            token_revoked_at=a.token.revoked_at,
            created_at=a.created_at,
            webhook_subscriptions=subscriptions[a.id],
        )
        for a in apps
    ]


async def delivery_types(rows: list[WebhookDeliveryModel]) -> list[WebhookDeliveryType]:
    loaded = await webhook_reads.deliveries_with_event([r.id for r in rows])
    result = []
    for row in rows:
        d = loaded[row.id]
        result.append(
            WebhookDeliveryType(
                id=strawberry.ID(encode_id("WebhookDelivery", d.id)),
                subscription=subscription_type(d.subscription),
                event_kind=WebhookEventKind(d.event.kind),
                event_id=str(d.event_id),
                status=d.status,
                attempts=d.attempts,
                response_code=d.response_code,
                last_error=d.last_error,
                next_attempt_at=webhook_reads.next_attempt_at(d),
                delivered_at=d.delivered_at,
                created_at=d.created_at,
            )
        )
    return result


register_visible_node("App", lambda principal: webhooks.visible_apps(principal).select_related("token"), app_types)
register_visible_node("WebhookSubscription", webhooks.visible_subscriptions, one_by_one(subscription_type))
register_visible_node("WebhookDelivery", webhooks.visible_deliveries, delivery_types)
