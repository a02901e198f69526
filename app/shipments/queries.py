"""Reads of shipments for the API: what a page of shipments shows besides its rows (in one query
each), an order's fulfilment, and the receiving differences."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.expressions import F

from app.accounts.permissions import Principal
from app.inventory.models import Warehouse
from app.orders import service as orders
from app.orders.models import Order
from app.shipments.models import Shipment, ShipmentLine, ShipmentStatus, TrackingEvent


@dataclass(frozen=True)
class ShipmentDetails:
    """The orders, warehouses, lines and tracking of a page of shipments, by id."""

    orders: dict[int, Order]
    warehouses: dict[int, Warehouse]
    lines: dict[int, list[ShipmentLine]]
    tracking: dict[int, list[TrackingEvent]]


async def shipment_details(shipments: list[Shipment]) -> ShipmentDetails:
    ids = [row.id for row in shipments]
    found_orders = {o.id: o for o in await Order.filter(id__in={row.order_id for row in shipments})}
    warehouses = {w.id: w for w in await Warehouse.filter(id__in={row.warehouse_id for row in shipments})}
    lines: dict[int, list[ShipmentLine]] = {pk: [] for pk in ids}
    for line in await ShipmentLine.filter(shipment_id__in=ids).order_by("id"):
        lines[line.shipment_id].append(line)
    tracking: dict[int, list[TrackingEvent]] = {pk: [] for pk in ids}
    for event in await TrackingEvent.filter(shipment_id__in=ids).order_by("occurred_at", "id"):
        tracking[event.shipment_id].append(event)
    return ShipmentDetails(orders=found_orders, warehouses=warehouses, lines=lines, tracking=tracking)


def amount(lines: list[ShipmentLine]) -> Decimal:
    """Value of a shipment's units at the order's prices."""
    return sum((line.amount for line in lines), Decimal(0))


def is_short(line: ShipmentLine) -> bool:
    """Counted on arrival, and fewer than shipped (short, damaged)."""
    return line.received_quantity is not None and line.received_quantity < line.quantity


@dataclass(frozen=True)
class Fulfilment:
    order: Order
    short_lines: list[ShipmentLine]


async def order_fulfilment(principal: Principal, order_id: int) -> Fulfilment | None:
    """What became of the units of an order the caller may see; None when it may not."""
    order = await orders.visible_orders(principal).filter(id=order_id).first()
    if order is None:
        return None
    short_lines = await ShipmentLine.filter(
        shipment__order_id=order.id,
        shipment__status=ShipmentStatus.RECEIVED,
        received_quantity__lt=F("quantity"),
    ).order_by("id")
    return Fulfilment(order=order, short_lines=short_lines)


async def shipment(shipment_id: int) -> Shipment:
    return await Shipment.get(id=shipment_id)
