"""Shipments (发货) and their receipt, as the outbox records them."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class ShipmentEvent(Event, subject_type="Shipment", scope="shipments:read"):
    shipment_id: int
    number: str
    order_id: int
    order_number: str


@dataclass(frozen=True, kw_only=True)
class ShipmentCreated(ShipmentEvent, kind="shipment.created"):
    amount: str


@dataclass(frozen=True, kw_only=True)
class ShipmentCancelled(ShipmentEvent, kind="shipment.cancelled"):
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class ShipmentReceived(ShipmentEvent, kind="shipment.received"):
    differences: list[dict] = field(default_factory=list)


@dataclass(frozen=True, kw_only=True)
class ShipmentTrackingAdded(ShipmentEvent, kind="shipment.tracking_added"):
    tracking_event_id: int
    description: str
