"""Live events:
subscriptions, the notifications inbox, apps and their webhooks over GraphQL: the subscriptions."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from typing import Annotated

import strawberry

from app.approvals.live import approval_for
from app.errors import ErrorCode, UserInputError
from app.events import live
from app.events.delivery import missed_events
from app.notifications.models import NotificationKind
from app.orders import live as order_live
from app.orders.models import OrderStatus
from app.support import live as support_live
from schema.events.types import ApprovalRequested, NotificationType, OrderUpdate
from schema.ids import decode_optional_id, encode_id
from schema.orders.loaders import order_types
from schema.orders.types import OrderType
from schema.support.loaders import thread_types
from schema.support.types import ServiceThreadUpdate


async def _order_type(event, order) -> OrderType:
    """Built once per event and shared by every subscriber who may see it."""
    built = await event.shared(f"OrderType:{order.id}", lambda: order_types([order]))
    return built[0]


def _previous_status(payload: dict) -> OrderStatus | None:
    previous = payload.get("previousStatus")
    return OrderStatus(previous) if previous else None


def _stream(context, replay=None):
    """The caller's live events, its access re-checked every so often on this worker's hub: by its
    token, or for a group of subscribers sharing one execution (schema/fanout.py) each by its own."""
    services = context.services
    return live.stream(
        context.principal,
        context.audience or live.OneCaller(context.credential),
        services.hub,
        services.settings.subscription_recheck_seconds,
        replay,
    )


def _event_id(value: str | None) -> int | None:
    if value is None:
        return None
    if not value.isdigit():
        raise UserInputError.single("afterEventId", ErrorCode.INVALID, 'An eventId this API sent, e.g. "1024".')
    return int(value)


@strawberry.type
class Subscription:
    @strawberry.subscription(description="Changes of one order, or of every order the caller may see.")
    async def order_updated(
        self,
        info: strawberry.Info,
        order_id: strawberry.ID | None = None,
        after_event_id: Annotated[
            str | None,
            strawberry.argument(
                description="The last eventId this client received: the events it missed since come first, "
                "from the outbox (at most 1,000; past that, reload), then the live ones, each once."
            ),
        ] = None,
    ) -> AsyncGenerator[OrderUpdate, None]:
        context = info.context
        wanted = decode_optional_id(order_id, "Order", "orderId")
        after = _event_id(after_event_id)
        if wanted is not None:
            await order_live.require_visible_order(context.principal, wanted)
        organization_id = context.principal.organization_id
        subject = None if wanted is None else ("Order", wanted)

        async def replay():
            return await missed_events(organization_id, after, subject) if after is not None else []

        async for principal, event in _stream(context, replay):
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
        async for principal, event in _stream(context):
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
        async for principal, event in _stream(context):
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

    @strawberry.subscription(
        description="Messages and status changes of one service thread, or of every thread the caller may see."
    )
    async def service_thread_updated(
        self, info: strawberry.Info, thread_id: strawberry.ID | None = None
    ) -> AsyncGenerator[ServiceThreadUpdate, None]:
        context = info.context
        wanted = decode_optional_id(thread_id, "ServiceThread", "threadId")
        if wanted is not None:
            await support_live.require_visible_thread(context.principal, wanted)
        async for principal, event in _stream(context):
            row = await support_live.thread_seen_by(principal, event, wanted)
            if row is None:
                continue
            built = await event.shared(f"ServiceThreadType:{row.id}", lambda row=row: thread_types([row]))
            thread = built[0]
            message_id = event.payload.get("messageId")
            posted = encode_id("ServiceMessage", message_id) if message_id else None
            yield ServiceThreadUpdate(
                thread=thread,
                message=next((m for m in thread.messages if m.id == posted), None),
                event_kind=event.kind,
                occurred_at=event.created_at,
            )
