"""Live events:
subscriptions, the notifications inbox, apps and their webhooks over GraphQL: the input types and their decoding."""

from __future__ import annotations

import strawberry

from schema.events.kinds import WebhookEventKindEnum


@strawberry.input
class NotificationsMarkReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(default=None, description="None: the whole inbox.")


@strawberry.input
class AppCreateInput:
    name: str
    scopes: list[str] = strawberry.field(description="e.g. orders:read, customers:read.")


@strawberry.input
class WebhookSubscriptionCreateInput:
    app_id: strawberry.ID
    event_kind: WebhookEventKindEnum
    target_url: str


@strawberry.input(description="Only what is given changes; the signing secret stays.")
class WebhookSubscriptionUpdateInput:
    subscription_id: strawberry.ID
    event_kind: WebhookEventKindEnum | None = None
    target_url: str | None = None
    active: bool | None = strawberry.field(default=None, description="False pauses it: no new deliveries.")


@strawberry.input
class WebhookSubscriptionDeleteInput:
    subscription_id: strawberry.ID


@strawberry.input
class AppIdInput:
    app_id: strawberry.ID


@strawberry.input
class WebhookRedeliverInput:
    delivery_id: strawberry.ID
