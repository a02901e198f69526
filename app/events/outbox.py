"""Writing events. `record` must run inside the transaction of the change it describes, so an
event exists exactly when its change was committed; the relay publishes it afterwards."""

from __future__ import annotations

from enum import StrEnum

from app.events.models import OutboxEvent


class EventKind(StrEnum):
    ORDER_PLACED = "order.placed"
    ORDER_UPDATED = "order.updated"
    ORDER_STATUS_CHANGED = "order.status_changed"


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
    return await OutboxEvent.create(
        kind=str(kind),
        subject_type=subject_type,
        subject_id=subject_id,
        supplier_id=supplier_id,
        buyer_id=buyer_id,
        customer_account_id=customer_account_id,
        actor_id=actor_id,
        payload=payload or {},
    )
