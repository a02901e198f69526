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
    AppIdInput,
    NotificationsMarkReadInput,
    WebhookRedeliverInput,
    WebhookSubscriptionCreateInput,
    WebhookSubscriptionDeleteInput,
    WebhookSubscriptionUpdateInput,
)
from schema.events.loaders import app_types, delivery_types, subscription_type
from schema.events.types import (
    AppCreatePayload,
    AppStatePayload,
    NotificationsMarkReadPayload,
    WebhookRedeliverPayload,
    WebhookSubscriptionCreatePayload,
    WebhookSubscriptionDeletePayload,
    WebhookSubscriptionUpdatePayload,
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
            input.event_kind.value,
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

    @strawberry.mutation(description="Change a webhook subscription's kind or URL, or pause and resume it.")
    @mutation_payload(WebhookSubscriptionUpdatePayload)
    async def webhook_subscription_update(
        self, info: strawberry.Info, input: WebhookSubscriptionUpdateInput
    ) -> WebhookSubscriptionUpdatePayload:
        subscription = await webhooks.update_subscription(
            info.context.principal,
            decode_id(input.subscription_id, "WebhookSubscription", ("input", "subscriptionId")),
            input.event_kind.value if input.event_kind is not None else None,
            input.target_url,
            input.active,
        )
        return WebhookSubscriptionUpdatePayload(subscription=subscription_type(subscription))

    @strawberry.mutation(description="Delete a webhook subscription and its delivery log.")
    @mutation_payload(WebhookSubscriptionDeletePayload)
    async def webhook_subscription_delete(
        self, info: strawberry.Info, input: WebhookSubscriptionDeleteInput
    ) -> WebhookSubscriptionDeletePayload:
        await webhooks.delete_subscription(
            info.context.principal,
            decode_id(input.subscription_id, "WebhookSubscription", ("input", "subscriptionId")),
        )
        return WebhookSubscriptionDeletePayload(deleted_subscription_id=input.subscription_id)

    @strawberry.mutation(description="Disable an app: its token is refused and its webhooks get nothing new.")
    @mutation_payload(AppStatePayload)
    async def app_disable(self, info: strawberry.Info, input: AppIdInput) -> AppStatePayload:
        return await _app_state(info, input, disabled=True)

    @strawberry.mutation(description="Enable a disabled app again.")
    @mutation_payload(AppStatePayload)
    async def app_enable(self, info: strawberry.Info, input: AppIdInput) -> AppStatePayload:
        return await _app_state(info, input, disabled=False)

    @strawberry.mutation(description="Revoke an app's token for good (create a new app for a new token).")
    @mutation_payload(AppStatePayload)
    async def app_token_revoke(self, info: strawberry.Info, input: AppIdInput) -> AppStatePayload:
        app = await webhooks.revoke_app_token(
            info.context.principal, decode_id(input.app_id, "App", ("input", "appId"))
        )
        return AppStatePayload(app=(await app_types([app]))[0])


async def _app_state(info: strawberry.Info, input: AppIdInput, *, disabled: bool) -> AppStatePayload:
    app = await webhooks.set_app_disabled(
        info.context.principal, decode_id(input.app_id, "App", ("input", "appId")), disabled
    )
    return AppStatePayload(app=(await app_types([app]))[0])
