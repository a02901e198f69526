"""Shipments, tracking and receipt confirmation over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.shipments import queries as shipment_reads
from app.shipments import service as shipments
from app.shipments.models import Shipment as ShipmentModel
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id
from schema.shipments.inputs import (
    ShipmentAddTrackingEventInput,
    ShipmentCancelInput,
    ShipmentConfirmReceiptInput,
    ShipmentCreateInput,
)
from schema.shipments.loaders import shipment_types
from schema.shipments.types import (
    ShipmentAddTrackingEventPayload,
    ShipmentCancelPayload,
    ShipmentConfirmReceiptPayload,
    ShipmentCreatePayload,
)


async def _payload(payload_type, shipment: ShipmentModel):
    built = (await shipment_types([shipment]))[0]
    return payload_type(shipment=built, order=built.order)


def _shipment_id(value: strawberry.ID) -> int:
    return decode_id(value, "Shipment", ("input", "shipmentId"))


@strawberry.type
class ShipmentsMutation:
    @strawberry.mutation(
        description="Ship lines of an approved order from one warehouse (分批发货: any number of times)."
    )
    @mutation_payload(ShipmentCreatePayload)
    async def shipment_create(self, info: strawberry.Info, input: ShipmentCreateInput) -> ShipmentCreatePayload:
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
        return await _payload(ShipmentCreatePayload, shipment)

    @strawberry.mutation(description="Call back a shipment the buyer has not received: stock and charge are undone.")
    @mutation_payload(ShipmentCancelPayload)
    async def shipment_cancel(self, info: strawberry.Info, input: ShipmentCancelInput) -> ShipmentCancelPayload:
        shipment = await shipments.cancel(info.context.principal, _shipment_id(input.shipment_id), input.reason)
        return await _payload(ShipmentCancelPayload, shipment)

    @strawberry.mutation(description="The buyer confirms receipt (收货确认) with the quantities that actually arrived.")
    @mutation_payload(ShipmentConfirmReceiptPayload)
    async def shipment_confirm_receipt(
        self, info: strawberry.Info, input: ShipmentConfirmReceiptInput
    ) -> ShipmentConfirmReceiptPayload:
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
        return await _payload(ShipmentConfirmReceiptPayload, shipment)

    @strawberry.mutation(description="Append a tracking event (staff, or an app with the shipments:write scope).")
    @mutation_payload(ShipmentAddTrackingEventPayload)
    async def shipment_add_tracking_event(
        self, info: strawberry.Info, input: ShipmentAddTrackingEventInput
    ) -> ShipmentAddTrackingEventPayload:
        shipment_id = _shipment_id(input.shipment_id)
        await shipments.add_tracking_event(
            info.context.principal, shipment_id, input.description, input.location, input.occurred_at
        )
        return await _payload(ShipmentAddTrackingEventPayload, await shipment_reads.shipment(shipment_id))
