"""Live events:
subscriptions, the notifications inbox, apps and their webhooks over GraphQL: the input types and their decoding."""

from __future__ import annotations

import strawberry


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
    event_kind: str = strawberry.field(description="An event kind, e.g. order.status_changed.")
    target_url: str


@strawberry.input
class WebhookRedeliverInput:
    delivery_id: strawberry.ID
