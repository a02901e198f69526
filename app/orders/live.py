"""Which live order events a subscriber may receive: its own orders, as it may see them now."""

from __future__ import annotations

from app.accounts.models import CustomerAccountStatus
from app.accounts.permissions import (
    Principal,
    require_authenticated,
    sees_customer_account,
)
from app.errors import ErrorCode, UserInputError
from app.events.delivery import LiveEvent
from app.orders.models import Order
from app.orders.service import visible_orders


async def require_visible_order(principal: Principal, order_id: int) -> None:
    require_authenticated(principal)
    if not await visible_orders(principal).filter(id=order_id).exists():
        raise UserInputError.single("orderId", ErrorCode.NOT_FOUND, "No such order.")


async def load_order(order_id: int) -> Order | None:
    return await Order.get_or_none(id=order_id).select_related("customer_account")


async def order_seen_by(principal: Principal, event: LiveEvent, order_id: int | None = None) -> Order | None:
    """The changed order as the caller may see it, or None when the event is not theirs.

    Only the order's own events count: approval steps reach approvers through approvalRequested.
    """
    if (
        not event.kind.startswith("order.")
        or event.subject_type != "Order"
        or (order_id is not None and event.subject_id != order_id)
    ):
        return None
    if principal.organization_id not in (event.supplier_id, event.buyer_id):
        return None
    order = await event.shared(f"order:{event.subject_id}", lambda: load_order(event.subject_id))
    if order is None:
        return None
    account = order.customer_account
    if not sees_customer_account(principal, account.supplier_id, account.buyer_id, account.sales_rep_id):
        return None
    if principal.organization_id != account.supplier_id and account.status == CustomerAccountStatus.SUSPENDED:
        return None
    return order
