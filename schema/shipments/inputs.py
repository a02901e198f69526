"""Shipments, tracking and receipt confirmation over GraphQL: the input types and their decoding."""

from __future__ import annotations

from datetime import datetime

import strawberry

from schema.shipments.types import ShipmentStatusEnum


@strawberry.input
class ShipmentFilter:
    order_id: strawberry.ID | None = None
    status: list[ShipmentStatusEnum] | None = None
    warehouse_id: strawberry.ID | None = None


@strawberry.input
class ShipmentLineInput:
    order_line_id: strawberry.ID
    quantity: int


@strawberry.input
class ShipmentCreateInput:
    order_id: strawberry.ID
    warehouse_id: strawberry.ID | None = strawberry.field(
        default=None,
        description="It must hold the order's reservation of these lines; by default the one that does.",
    )
    lines: list[ShipmentLineInput]
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")


@strawberry.input
class ShipmentCancelInput:
    shipment_id: strawberry.ID
    reason: str | None = None


@strawberry.input
class ReceivedLineInput:
    shipment_line_id: strawberry.ID
    received_quantity: int
    difference_reason: str | None = strawberry.field(default=None, description="Why fewer arrived: short, damaged.")


@strawberry.input
class ShipmentConfirmReceiptInput:
    shipment_id: strawberry.ID
    lines: list[ReceivedLineInput] = strawberry.field(
        default_factory=list, description="Lines not listed arrived in full."
    )
    note: str | None = None


@strawberry.input
class ShipmentAddTrackingEventInput:
    shipment_id: strawberry.ID
    description: str
    location: str | None = None
    occurred_at: datetime | None = strawberry.field(default=None, description="Defaults to now.")
