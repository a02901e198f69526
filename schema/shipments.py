"""Shipments, tracking and receipt confirmation over GraphQL."""

from __future__ import annotations

from datetime import datetime

import strawberry
from tortoise.expressions import F

from app.inventory.models import Warehouse as WarehouseModel
from app.orders import service as orders
from app.orders.models import Order as OrderModel
from app.pagination import PageRequest
from app.returns import quantities as unit_counts
from app.shipments import service as shipments
from app.shipments.models import Shipment as ShipmentModel
from app.shipments.models import ShipmentLine as ShipmentLineModel
from app.shipments.models import ShipmentStatus
from app.shipments.models import TrackingEvent as TrackingEventModel
from schema.catalog import WarehouseType
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node, register_visible_node
from schema.orders import OrderLineType, OrderType, order_types
from schema.scalars import Money

ShipmentStatusEnum = strawberry.enum(ShipmentStatus, name="ShipmentStatus")


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


async def shipment_types(rows: list[ShipmentModel]) -> list[ShipmentType]:
    """The page's lines, orders, warehouses and tracking in one query each."""
    ids = [row.id for row in rows]
    orders = {o.id: o for o in await OrderModel.filter(id__in={row.order_id for row in rows})}
    built_orders = dict(zip(orders, await order_types(list(orders.values())), strict=True))
    order_lines = {str(line.id): line for order in built_orders.values() for line in order.lines}
    warehouses = {w.id: w for w in await WarehouseModel.filter(id__in={row.warehouse_id for row in rows})}
    lines: dict[int, list[ShipmentLineModel]] = {pk: [] for pk in ids}
    for line in await ShipmentLineModel.filter(shipment_id__in=ids).order_by("id"):
        lines[line.shipment_id].append(line)
    tracking: dict[int, list[TrackingEventType]] = {pk: [] for pk in ids}
    for event in await TrackingEventModel.filter(shipment_id__in=ids).order_by("occurred_at", "id"):
        tracking[event.shipment_id].append(
            TrackingEventType(occurred_at=event.occurred_at, description=event.description, location=event.location)
        )
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
                amount=money(sum((line.amount for line in own_lines), 0)),
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
                    if line.received_quantity is not None and line.received_quantity < line.quantity
                ],
            )
        )
    return result


_fetch_shipments = register_visible_node("Shipment", shipments.visible_shipments, shipment_types)


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


async def _order_fulfilment(info: strawberry.Info, order_id: int) -> OrderFulfilment | None:
    order = await orders.visible_orders(info.context.principal).filter(id=order_id).first()
    if order is None:
        return None
    built = (await order_types([order]))[0]
    totals = (await unit_counts.quantities_by_order([order.id]))[order.id]
    by_id = {str(line.id): line for line in built.lines}
    short_lines = await ShipmentLineModel.filter(
        shipment__order_id=order.id, shipment__status=ShipmentStatus.RECEIVED,
        received_quantity__lt=F("quantity"),
    ).order_by("id")
    return OrderFulfilment(
        order=built,
        ordered=totals.ordered, shipped=totals.shipped, in_transit=totals.in_transit,
        received=totals.received, short=totals.short, returned=totals.returned,
        lines=[
            LineFulfilment(
                order_line=by_id[encode_id("OrderLine", line_id)],
                ordered=q.ordered, shipped=q.shipped, in_transit=q.in_transit,
                received=q.received, short=q.short, returned=q.returned,
            )
            for line_id, q in sorted(totals.lines.items())
        ],
        receiving_differences=[
            _difference(line, by_id[encode_id("OrderLine", line.order_line_id)].sku) for line in short_lines
        ],
    )


def _difference(line: ShipmentLineModel, sku: str) -> ReceivingDifference:
    return ReceivingDifference(
        shipment_line_id=strawberry.ID(encode_id("ShipmentLine", line.id)),
        sku=sku,
        shipped=line.quantity,
        received=line.received_quantity,
        difference=line.quantity - line.received_quantity,
        reason=line.difference_reason,
    )


@strawberry.input
class ShipmentFilter:
    order_id: strawberry.ID | None = None
    status: list[ShipmentStatusEnum] | None = None
    warehouse_id: strawberry.ID | None = None


@strawberry.type
class ShipmentsQuery:
    @strawberry.field(description="Shipments of the orders the caller may see, newest first.")
    async def shipments(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ShipmentFilter | None = None,
    ) -> Connection[ShipmentType]:
        wanted = shipments.ShipmentFilter()
        if filter is not None:
            wanted = shipments.ShipmentFilter(
                order_id=decode_optional_id(filter.order_id, "Order", ("filter", "orderId")),
                statuses=tuple(filter.status or ()),
                warehouse_id=decode_optional_id(filter.warehouse_id, "Warehouse", ("filter", "warehouseId")),
            )
        query = shipments.filter_shipments(shipments.visible_shipments(info.context.principal), wanted)
        return await connection_of(
            query, ("-id",), PageRequest(first=first, after=after, last=last, before=before), shipment_types
        )

    @strawberry.field(description="Ordered, shipped, received and returned units of an order, with receiving differences.")
    async def order_fulfilment(self, info: strawberry.Info, order_id: strawberry.ID) -> OrderFulfilment | None:
        return await _order_fulfilment(info, decode_id(order_id, "Order", "orderId"))

    @strawberry.field
    async def shipment(self, info: strawberry.Info, id: strawberry.ID) -> ShipmentType | None:
        return (await _fetch_shipments(info, [decode_id(id, "Shipment", "id")]))[0]


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


@strawberry.type
class ShipmentPayload:
    shipment: ShipmentType | None = None
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


async def _payload(shipment: ShipmentModel) -> ShipmentPayload:
    built = (await shipment_types([shipment]))[0]
    return ShipmentPayload(shipment=built, order=built.order)


def _shipment_id(value: strawberry.ID) -> int:
    return decode_id(value, "Shipment", ("input", "shipmentId"))


@strawberry.type
class ShipmentsMutation:
    @strawberry.mutation(description="Ship lines of an approved order from one warehouse (分批发货: any number of times).")
    @mutation_payload(ShipmentPayload)
    async def shipment_create(self, info: strawberry.Info, input: ShipmentCreateInput) -> ShipmentPayload:
        lines = tuple(
            shipments.ShipLine(
                decode_id(line.order_line_id, "OrderLine", ("input", "lines", str(i), "orderLineId")), line.quantity
            )
            for i, line in enumerate(input.lines)
        )
        shipment = await shipments.create(
            info.context.principal,
            shipments.ShipmentInput(
                order_id=decode_id(input.order_id, "Order", ("input", "orderId")),
                warehouse_id=decode_optional_id(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
                lines=lines,
                carrier=input.carrier,
                tracking_number=input.tracking_number,
                shipped_at=input.shipped_at,
            ),
        )
        return await _payload(shipment)

    @strawberry.mutation(description="Call back a shipment the buyer has not received: stock and charge are undone.")
    @mutation_payload(ShipmentPayload)
    async def shipment_cancel(self, info: strawberry.Info, input: ShipmentCancelInput) -> ShipmentPayload:
        shipment = await shipments.cancel(info.context.principal, _shipment_id(input.shipment_id), input.reason)
        return await _payload(shipment)

    @strawberry.mutation(description="The buyer confirms receipt (收货确认) with the quantities that actually arrived.")
    @mutation_payload(ShipmentPayload)
    async def shipment_confirm_receipt(
        self, info: strawberry.Info, input: ShipmentConfirmReceiptInput
    ) -> ShipmentPayload:
        counts = tuple(
            shipments.ReceivedLine(
                decode_id(line.shipment_line_id, "ShipmentLine", ("input", "lines", str(i), "shipmentLineId")),
                line.received_quantity,
                line.difference_reason,
            )
            for i, line in enumerate(input.lines)
        )
        shipment = await shipments.confirm_receipt(
            info.context.principal, _shipment_id(input.shipment_id), counts, input.note
        )
        return await _payload(shipment)

    @strawberry.mutation(description="Append a tracking event (staff, or an app with the shipments:write scope).")
    @mutation_payload(ShipmentPayload)
    async def shipment_add_tracking_event(
        self, info: strawberry.Info, input: ShipmentAddTrackingEventInput
    ) -> ShipmentPayload:
        shipment_id = _shipment_id(input.shipment_id)
        await shipments.add_tracking_event(
            info.context.principal, shipment_id, input.description, input.location, input.occurred_at
        )
        return await _payload(await ShipmentModel.get(id=shipment_id))
