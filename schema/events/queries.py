"""Live events: subscriptions, the notifications inbox, apps and their webhooks over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.accounts.permissions import require_authenticated
from app.notifications import inbox
from app.pagination import PageRequest
from app.webhooks import queries as webhook_reads
from schema.connection import Connection, connection_of, paginated
from schema.events.kinds import AppScopeInfo, WebhookEventKindInfo, app_scope_infos, event_kind_infos
from schema.events.loaders import app_types, delivery_types, notification_types
from schema.events.types import AppType, DeliveryStatusEnum, NotificationType, WebhookDeliveryType
from schema.ids import decode_optional_id


@strawberry.type
class EventsQuery:
    @strawberry.field(description="The caller's inbox, newest first.")
    @paginated
    async def notifications(
        self,
        info: strawberry.Info,
        unread_only: bool = False,
        *,
        page: PageRequest,
    ) -> Connection[NotificationType]:
        return await connection_of(
            inbox.inbox_of(info.context.principal, unread_only),
            ("-id",),
            page,
            notification_types,
        )

    @strawberry.field
    async def unread_notification_count(self, info: strawberry.Info) -> int:
        return await inbox.unread_count(info.context.principal)

    @strawberry.field(description="The organization's third-party apps (admins only).")
    async def apps(self, info: strawberry.Info) -> list[AppType]:
        return await app_types(await webhook_reads.apps(info.context.principal))

    @strawberry.field(description="Every scope an app's token can carry, with what it opens (admins).")
    def app_scopes(self, info: strawberry.Info) -> list[AppScopeInfo]:
        require_authenticated(info.context.principal)
        return app_scope_infos()

    @strawberry.field(description="Every event kind a webhook can subscribe to, with the scope it needs.")
    def webhook_event_kinds(self, info: strawberry.Info) -> list[WebhookEventKindInfo]:
        require_authenticated(info.context.principal)
        return event_kind_infos()

    @strawberry.field(description="Webhook deliveries of the organization's apps, newest first.")
    @paginated
    async def webhook_deliveries(
        self,
        info: strawberry.Info,
        subscription_id: strawberry.ID | None = None,
        status: DeliveryStatusEnum | None = None,
        *,
        page: PageRequest,
    ) -> Connection[WebhookDeliveryType]:
        query = webhook_reads.deliveries(
            info.context.principal, decode_optional_id(subscription_id, "WebhookSubscription", "subscriptionId"), status
        )
        return await connection_of(query, ("-id",), page, delivery_types)
