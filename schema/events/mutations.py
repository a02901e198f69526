"""Live events:
subscriptions, the notifications inbox, apps and their webhooks over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.notifications import inbox
from app.webhooks import queries as webhook_reads
from app.webhooks import service as webhooks
from schema.errors import mutation_payload
from schema.events.inputs import (
    AppCreateInput,
    NotificationsMarkReadInput,
    WebhookRedeliverInput,
    WebhookSubscriptionCreateInput,
)
from schema.events.loaders import app_types, delivery_types, subscription_type
from schema.events.types import (
    AppCreatePayload,
    NotificationsMarkReadPayload,
    WebhookRedeliverPayload,
    WebhookSubscriptionCreatePayload,
)
from schema.ids import decode_id


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
        app = await webhook_reads.app_with_token(app.id)
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
        return WebhookSubscriptionCreatePayload(subscription=subscription_type(subscription), secret=secret)

    @strawberry.mutation(description="Send a delivery again now, whatever its status.")
    @mutation_payload(WebhookRedeliverPayload)
    async def webhook_redeliver(self, info: strawberry.Info, input: WebhookRedeliverInput) -> WebhookRedeliverPayload:
        delivery = await webhooks.redeliver(
            info.context.principal, decode_id(input.delivery_id, "WebhookDelivery", ("input", "deliveryId"))
        )
        return WebhookRedeliverPayload(delivery=(await delivery_types([delivery]))[0])
