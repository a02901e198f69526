"""Which live approval requests a subscriber may receive: those whose step waits for it."""

from __future__ import annotations

from app import outbox
from app.accounts.permissions import Principal
from app.approvals.events import ApprovalRequested
from app.events.delivery import LiveEvent
from app.orders.live import load_order
from app.orders.models import Order


async def approval_for(principal: Principal, event: LiveEvent) -> Order | None:
    """The order awaiting the caller's approval, when the event asks this caller."""
    if event.kind != ApprovalRequested.kind or principal.is_app:
        return None
    if principal.organization_id != event.supplier_id or not principal.can_sell:
        return None
    request = outbox.decode(event)
    assert isinstance(request, ApprovalRequested)
    if not any(request.asks(principal.user_id, role.value, principal.approval_level) for role in principal.roles):
        return None
    return await event.shared(f"order:{request.order_id}", lambda: load_order(request.order_id))
