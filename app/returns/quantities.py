"""Fulfilment's count of the units of orders, for the statement and the order's pages."""

from __future__ import annotations

from app.ledger import quantities
from app.ledger.quantities import OrderQuantities, Quantities
from app.orders.models import OrderLine
from app.returns.models import ReturnLine, ReturnStatus
from app.shipments.models import ShipmentLine, ShipmentStatus
from app.shipments.service import ACTIVE


async def quantities_by_order(order_ids: list[int]) -> dict[int, OrderQuantities]:
    """Ordered, shipped, received and returned units per order and per order line, in three
    queries whatever the number of orders (for the statement, 对账单)."""
    result = {order_id: OrderQuantities() for order_id in order_ids}
    line_order: dict[int, int] = {}
    for line_id, order_id, quantity in await OrderLine.filter(order_id__in=order_ids).values_list(
        "id", "order_id", "quantity"
    ):
        line_order[line_id] = order_id
        result[order_id].lines[line_id] = Quantities(ordered=quantity)
    shipped = await ShipmentLine.filter(order_line__order_id__in=order_ids, shipment__status__in=ACTIVE).values_list(
        "order_line_id", "quantity", "received_quantity", "shipment__status"
    )
    for line_id, quantity, received, status in shipped:
        line = result[line_order[line_id]].lines[line_id]
        line.shipped += quantity
        if ShipmentStatus(status) is ShipmentStatus.SHIPPED:
            line.in_transit += quantity
        else:
            line.received += received or 0
    returned = await ReturnLine.filter(
        order_line__order_id__in=order_ids,
        return_request__status__in=(ReturnStatus.RECEIVED, ReturnStatus.REFUNDED),
    ).values_list("order_line_id", "quantity")
    for line_id, quantity in returned:
        result[line_order[line_id]].lines[line_id].returned += quantity
    for totals in result.values():
        for line in totals.lines.values():
            totals.add(line)
    return result


def install() -> None:
    quantities.provide(quantities_by_order)
