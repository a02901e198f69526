"""Live subscriptions: the stream of events one caller may receive, checked event by event.

The caller is re-checked from its bearer token on an interval and whenever an account event
touches its organization, so a revoked session or a disabled user stops receiving. Each
check per event reads only memory and what the hub loaded once for all subscribers.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from app.accounts.auth import principal_for_bearer
from app.accounts.models import CustomerAccountStatus
from app.accounts.permissions import (
    Principal,
    require_authenticated,
    sees_customer_account,
)
from app.errors import ErrorCode, NotAuthenticated, UserInputError
from app.events.delivery import LiveEvent
from app.events.outbox import EventKind
from app.notifications.inbox import is_approver_for
from app.orders.models import Order
from app.orders.service import visible_orders
from app.runtime import get_runtime


async def _revalidate(credential: str | None) -> Principal:
    if credential is None:
        raise NotAuthenticated()
    return await principal_for_bearer(credential)


async def stream(principal: Principal, credential: str | None) -> AsyncIterator[tuple[Principal, LiveEvent]]:
    """Every event published from now on, with the caller as it stands at that event."""
    require_authenticated(principal)
    runtime = get_runtime()
    if runtime.hub is None:
        raise RuntimeError("Live events are not running; start_live() in the lifespan.")
    loop = asyncio.get_running_loop()
    async with runtime.hub.listen() as queue:
        check_at = loop.time() + runtime.settings.subscription_recheck_seconds
        while True:
            try:
                async with asyncio.timeout_at(check_at):
                    event = await queue.get()
            except TimeoutError:
                principal = await _revalidate(credential)
                check_at = loop.time() + runtime.settings.subscription_recheck_seconds
                continue
            if event.kind.startswith("customer_account.") and principal.organization_id in (
                event.supplier_id,
                event.buyer_id,
            ):
                principal = await _revalidate(credential)
            yield principal, event


async def require_visible_order(principal: Principal, order_id: int) -> None:
    require_authenticated(principal)
    if not await visible_orders(principal).filter(id=order_id).exists():
        raise UserInputError.single("orderId", ErrorCode.NOT_FOUND, "No such order.")


async def _load_order(order_id: int) -> Order | None:
    return await Order.get_or_none(id=order_id).select_related("customer_account")


async def order_seen_by(principal: Principal, event: LiveEvent, order_id: int | None = None) -> Order | None:
    """The changed order as the caller may see it, or None when the event is not theirs.

    Only the order's own events count: approval steps reach approvers through approvalRequested.
    """
    if not event.kind.startswith("order.") or event.subject_type != "Order" or (order_id is not None and event.subject_id != order_id):
        return None
    if principal.organization_id not in (event.supplier_id, event.buyer_id):
        return None
    order = await event.shared(f"order:{event.subject_id}", lambda: _load_order(event.subject_id))
    if order is None:
        return None
    account = order.customer_account
    if not sees_customer_account(principal, account.supplier_id, account.buyer_id, account.sales_rep_id):
        return None
    if principal.organization_id != account.supplier_id and account.status == CustomerAccountStatus.SUSPENDED:
        return None
    return order


async def approval_for(principal: Principal, event: LiveEvent) -> Order | None:
    """The order awaiting the caller's approval, when the event asks this caller."""
    if event.kind != EventKind.APPROVAL_REQUESTED or principal.is_app:
        return None
    if principal.organization_id != event.supplier_id or not principal.can_sell:
        return None
    if not any(
        is_approver_for(event.payload, principal.user_id, role.value, principal.approval_level)
        for role in principal.roles
    ):
        return None
    order_id = event.payload.get("orderId", event.subject_id)
    return await event.shared(f"order:{order_id}", lambda: _load_order(order_id))


def notifications_for(principal: Principal, event: LiveEvent) -> list[dict]:
    return [n for n in event.notifications if n["userId"] == principal.user_id]
