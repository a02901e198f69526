"""Shipments, tracking and receipt confirmation over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.shipments.models import ShipmentStatus
from schema.catalog.types import WarehouseType
from schema.errors import UserError
from schema.node import Node
from schema.orders.types import OrderLineType, OrderType
from schema.scalars import Money

strawberry.enum(ShipmentStatus, name="ShipmentStatus")
ShipmentStatusEnum = ShipmentStatus


@strawberry.type(name="ShipmentLine")
class ShipmentLineType:
    id: strawberry.ID
    order_line: OrderLineType
    quantity: int
    received_quantity: int | None = strawberry.field(description="Counted by the buyer on arrival; null until then.")
    difference_reason: str | None
    amount: Money = strawberry.field(description="Value of the shipped units at the order's prices.")


@strawberry.type(description="Units shipped but not counted on arrival (short, damaged), per shipment line.")
class ReceivingDifference:
    shipment_line_id: strawberry.ID
    sku: str
    shipped: int
    received: int
    difference: int
    reason: str | None


@strawberry.type(name="TrackingEvent")
class TrackingEventType:
    occurred_at: datetime
    description: str
    location: str | None


@strawberry.type(name="Shipment")
class ShipmentType(Node):
    number: str
    status: ShipmentStatusEnum
    order: OrderType
    warehouse: WarehouseType
    carrier: str | None
    tracking_number: str | None
    shipped_at: datetime
    received_at: datetime | None
    receipt_note: str | None
    amount: Money
    lines: list[ShipmentLineType]
    tracking_events: list[TrackingEventType]
    receiving_differences: list[ReceivingDifference]


@strawberry.type(description="Units of an order line: ordered, shipped, on the way, counted on arrival, returned.")
class LineFulfilment:
    order_line: OrderLineType
    ordered: int
    shipped: int
    in_transit: int
    received: int
    short: int = strawberry.field(description="Shipped, received, but not counted on arrival (short, damaged).")
    returned: int


@strawberry.type(description="What became of an order's units, as the statement (对账单) shows them.")
class OrderFulfilment:
    order: OrderType
    ordered: int
    shipped: int
    in_transit: int
    received: int
    short: int
    returned: int
    lines: list[LineFulfilment]
    receiving_differences: list[ReceivingDifference]


@strawberry.type(
    description="The result of shipmentCreate. UserErrorCode values its userErrors can carry: DUPLICATE, "
    "EXCEEDS_ORDERED, INSUFFICIENT_STOCK, INVALID_ID, INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, "
    "TOO_LONG, TOO_SHORT."
)
class ShipmentCreatePayload:
    shipment: ShipmentType | None = None
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of shipmentCancel. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ShipmentCancelPayload:
    shipment: ShipmentType | None = None
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of shipmentConfirmReceipt. UserErrorCode values its userErrors can carry: DUPLICATE, "
    "EXCEEDS_SHIPPED, INVALID_ID, INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ShipmentConfirmReceiptPayload:
    shipment: ShipmentType | None = None
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of shipmentAddTrackingEvent. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ShipmentAddTrackingEventPayload:
    shipment: ShipmentType | None = None
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
