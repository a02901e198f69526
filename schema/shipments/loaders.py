"""Shipments, tracking and receipt confirmation over GraphQL:
a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.returns import quantities as unit_counts
from app.shipments import queries as shipment_reads
from app.shipments import service as shipments
from app.shipments.models import Shipment as ShipmentModel
from app.shipments.models import ShipmentLine as ShipmentLineModel
from schema.catalog.types import WarehouseType
from schema.ids import encode_id
from schema.node import one_by_one, register_visible_node
from schema.orders.loaders import order_types
from schema.scalars import Money
from schema.shipments.types import (
    LineFulfilment,
    OrderFulfilment,
    ReceivingDifference,
    ShipmentLineType,
    ShipmentType,
    TrackingEventType,
)


async def shipment_types(rows: list[ShipmentModel]) -> list[ShipmentType]:
    """The page's lines, orders, warehouses and tracking in one query each."""
    details = await shipment_reads.shipment_details(rows)
    orders = details.orders
    built_orders = dict(zip(orders, await order_types(list(orders.values())), strict=True))
    order_lines = {str(line.id): line for order in built_orders.values() for line in order.lines}
    warehouses = details.warehouses
    lines = details.lines
    tracking = {
        shipment_id: [
            TrackingEventType(occurred_at=event.occurred_at, description=event.description, location=event.location)
            for event in events
        ]
        for shipment_id, events in details.tracking.items()
    }
    result = []
    for row in rows:
        order = orders[row.order_id]

        def money(amount, currency: str = order.currency) -> Money:
            return Money(amount=amount, currency=currency)

        own_lines = lines[row.id]
        result.append(
            ShipmentType(
                id=strawberry.ID(encode_id("Shipment", row.id)),
                number=row.number,
                status=row.status,
                order=built_orders[row.order_id],
                warehouse=WarehouseType.of(warehouses[row.warehouse_id]),
                carrier=row.carrier,
                tracking_number=row.tracking_number,
                shipped_at=row.shipped_at,
                received_at=row.received_at,
                receipt_note=row.receipt_note,
                amount=money(shipment_reads.amount(own_lines)),
                lines=[
                    ShipmentLineType(
                        id=strawberry.ID(encode_id("ShipmentLine", line.id)),
                        order_line=order_lines[encode_id("OrderLine", line.order_line_id)],
                        quantity=line.quantity,
                        received_quantity=line.received_quantity,
                        difference_reason=line.difference_reason,
                        amount=money(line.amount),
                    )
                    for line in own_lines
                ],
                tracking_events=tracking[row.id],
                receiving_differences=[
                    _difference(line, order_lines[encode_id("OrderLine", line.order_line_id)].sku)
                    for line in own_lines
                    if shipment_reads.is_short(line)
                ],
            )
        )
    return result


fetch_shipments = register_visible_node("Shipment", shipments.visible_shipments, shipment_types)
register_visible_node("Warehouse", shipments.visible_warehouses, one_by_one(WarehouseType.of))


async def load_order_fulfilment(info: strawberry.Info, order_id: int) -> OrderFulfilment | None:
    found = await shipment_reads.order_fulfilment(info.context.principal, order_id)
    if found is None:
        return None
    built = (await order_types([found.order]))[0]
    totals = (await unit_counts.quantities_by_order([found.order.id]))[found.order.id]
    by_id = {str(line.id): line for line in built.lines}
    return OrderFulfilment(
        order=built,
        ordered=totals.ordered,
        shipped=totals.shipped,
        in_transit=totals.in_transit,
        received=totals.received,
        short=totals.short,
        returned=totals.returned,
        lines=[
            LineFulfilment(
                order_line=by_id[encode_id("OrderLine", line_id)],
                ordered=q.ordered,
                shipped=q.shipped,
                in_transit=q.in_transit,
                received=q.received,
                short=q.short,
                returned=q.returned,
            )
            for line_id, q in sorted(totals.lines.items())
        ],
        receiving_differences=[
            _difference(line, by_id[encode_id("OrderLine", line.order_line_id)].sku) for line in found.short_lines
        ],
    )


def _difference(line: ShipmentLineModel, sku: str) -> ReceivingDifference:
    assert line.received_quantity is not None, "a short line is one received with fewer units than shipped"
    return ReceivingDifference(
        shipment_line_id=strawberry.ID(encode_id("ShipmentLine", line.id)),
        sku=sku,
        shipped=line.quantity,
        received=line.received_quantity,
        difference=line.quantity - line.received_quantity,
        reason=line.difference_reason,
    )
