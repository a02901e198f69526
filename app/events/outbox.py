"""Writing events. `record` must run inside the transaction of the change it describes, so an
event exists exactly when its change was committed; the relay publishes it afterwards."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from app.events.models import OutboxEvent


class EventKind(StrEnum):
    """Every kind of event, named `<subject>.<what happened>`; subscribers and webhooks key on them."""

    ORDER_PLACED = "order.placed"
    ORDER_UPDATED = "order.updated"
    ORDER_STATUS_CHANGED = "order.status_changed"
    ORDER_PAYMENT_STATUS_CHANGED = "order.payment_status_changed"
    ORDER_FULFILMENT_STATUS_CHANGED = "order.fulfilment_status_changed"
    APPROVAL_REQUESTED = "approval.requested"
    APPROVAL_DECIDED = "approval.decided"
    PAYMENT_RECORDED = "payment.recorded"
    PAYMENT_CONFIRMED = "payment.confirmed"
    PAYMENT_REJECTED = "payment.rejected"
    SHIPMENT_CREATED = "shipment.created"
    SHIPMENT_CANCELLED = "shipment.cancelled"
    SHIPMENT_RECEIVED = "shipment.received"
    SHIPMENT_TRACKING_ADDED = "shipment.tracking_added"
    RETURN_REQUESTED = "return.requested"
    RETURN_APPROVED = "return.approved"
    RETURN_REJECTED = "return.rejected"
    RETURN_RECEIVED = "return.received"
    RETURN_REFUNDED = "return.refunded"
    CUSTOMER_ACCOUNT_REGISTERED = "customer_account.registered"
    CUSTOMER_ACCOUNT_APPROVED = "customer_account.approved"
    CUSTOMER_ACCOUNT_REJECTED = "customer_account.rejected"
    CUSTOMER_ACCOUNT_SUSPENDED = "customer_account.suspended"
    CUSTOMER_ACCOUNT_UPDATED = "customer_account.updated"
    STATEMENT_ISSUED = "statement.issued"
    STATEMENT_CONFIRMED = "statement.confirmed"
    STATEMENT_DISPUTED = "statement.disputed"
    STOCK_LOW = "stock.low"


_recorded_hooks: list[Callable[[], None]] = []


def on_record(hook: Callable[[], None]) -> Callable[[], None]:
    """Call `hook` whenever a row is written (the relay wakes on it); returns the undo."""
    _recorded_hooks.append(hook)
    return lambda: _recorded_hooks.remove(hook)


async def record(
    kind: EventKind | str,
    *,
    subject_type: str,
    subject_id: int,
    supplier_id: int,
    buyer_id: int | None = None,
    customer_account_id: int | None = None,
    actor_id: int | None = None,
    payload: dict | None = None,
) -> OutboxEvent:
    event = await OutboxEvent.create(
        kind=str(kind),
        subject_type=subject_type,
        subject_id=subject_id,
        supplier_id=supplier_id,
        buyer_id=buyer_id,
        customer_account_id=customer_account_id,
        actor_id=actor_id,
        payload=payload or {},
    )
    for hook in _recorded_hooks:
        hook()
    return event
