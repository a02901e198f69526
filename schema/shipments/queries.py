"""Shipments, tracking and receipt confirmation over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.inventory import service as inventory
from app.pagination import PageRequest
from app.shipments import service as shipments
from schema.catalog.types import WarehouseType
from schema.connection import Connection, connection_of, paginated
from schema.ids import decode_id, decode_optional_id
from schema.shipments.inputs import ShipmentFilter
from schema.shipments.loaders import fetch_shipments, load_order_fulfilment, shipment_types
from schema.shipments.types import OrderFulfilment, ShipmentType


@strawberry.type
class ShipmentsQuery:
    @strawberry.field(description="The caller's own warehouses (supplier staff), by code.")
    async def warehouses(self, info: strawberry.Info) -> list[WarehouseType]:
        return [WarehouseType.of(w) for w in await inventory.own_warehouses(info.context.principal)]

    @strawberry.field(description="Shipments of the orders the caller may see, newest first.")
    @paginated
    async def shipments(
        self,
        info: strawberry.Info,
        *,
        page: PageRequest,
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
        return await connection_of(query, ("-id",), page, shipment_types)

    @strawberry.field(
        description="Ordered, shipped, received and returned units of an order, with receiving differences."
    )
    async def order_fulfilment(self, info: strawberry.Info, order_id: strawberry.ID) -> OrderFulfilment | None:
        return await load_order_fulfilment(info, decode_id(order_id, "Order", "orderId"))

    @strawberry.field
    async def shipment(self, info: strawberry.Info, id: strawberry.ID) -> ShipmentType | None:
        return (await fetch_shipments(info, [decode_id(id, "Shipment", "id")]))[0]
