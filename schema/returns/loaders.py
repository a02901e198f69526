"""Returns (退货) over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.catalog.models import Warehouse as WarehouseModel
from app.orders.models import Order as OrderModel
from app.orders.models import OrderLine as OrderLineModel
from app.returns import service as returns
from app.returns.models import Return as ReturnModel
from app.returns.models import ReturnLine as ReturnLineModel
from app.returns.models import ReturnStatusChange as ReturnStatusChangeModel
from schema.catalog.types import WarehouseType
from schema.ids import encode_id
from schema.node import register_visible_node
from schema.returns.types import ReturnLineType, ReturnStatusChangeType, ReturnType
from schema.scalars import Money


async def return_types(rows: list[ReturnModel]) -> list[ReturnType]:
    ids = [row.id for row in rows]
    numbers = dict(await OrderModel.filter(id__in={r.order_id for r in rows}).values_list("id", "number"))
    warehouses = {w.id: w for w in await WarehouseModel.filter(id__in={r.warehouse_id for r in rows if r.warehouse_id})}
    lines: dict[int, list[ReturnLineModel]] = {pk: [] for pk in ids}
    return_lines = await ReturnLineModel.filter(return_request_id__in=ids).order_by("id")
    for line in return_lines:
        lines[line.return_request_id].append(line)
    order_lines = {
        line.id: line for line in await OrderLineModel.filter(id__in={line.order_line_id for line in return_lines})
    }
    history: dict[int, list[ReturnStatusChangeType]] = {pk: [] for pk in ids}
    for change in await ReturnStatusChangeModel.filter(return_request_id__in=ids).select_related("user").order_by("id"):
        history[change.return_request_id].append(
            ReturnStatusChangeType(
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                user_name=change.user.name if change.user else None,
                at=change.created_at,
            )
        )
    return [
        ReturnType(
            id=strawberry.ID(encode_id("Return", row.id)),
            number=row.number,
            status=row.status,
            order_id=strawberry.ID(encode_id("Order", row.order_id)),
            order_number=numbers[row.order_id],
            reason=row.reason,
            photos=list(row.photos),
            refund_method=row.refund_method,
            amount=Money(amount=row.amount, currency=row.currency),
            warehouse=WarehouseType.of(warehouses[row.warehouse_id]) if row.warehouse_id else None,
            created_at=row.created_at,
            refunded_at=row.refunded_at,
            history=history[row.id],
            lines=[
                ReturnLineType(
                    id=strawberry.ID(encode_id("ReturnLine", line.id)),
                    shipment_line_id=strawberry.ID(encode_id("ShipmentLine", line.shipment_line_id)),
                    order_line_id=strawberry.ID(encode_id("OrderLine", line.order_line_id)),
                    sku=order_lines[line.order_line_id].sku,
                    name=order_lines[line.order_line_id].name,
                    quantity=line.quantity,
                    amount=Money(amount=line.amount, currency=row.currency),
                )
                for line in lines[row.id]
            ],
        )
        for row in rows
    ]


_fetch_returns = register_visible_node("Return", returns.visible_returns, return_types)
