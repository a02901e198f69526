"""Returns (退货) over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry

from app.returns import queries as return_reads
from app.returns import service as returns
from app.returns.models import Return as ReturnModel
from schema.catalog.types import WarehouseType
from schema.ids import encode_id
from schema.node import register_visible_node
from schema.returns.types import ReturnLineType, ReturnStatusChangeType, ReturnType
from schema.scalars import Money


async def return_types(rows: list[ReturnModel]) -> list[ReturnType]:
    details = await return_reads.return_details(rows)
    history = {
        return_id: [
            ReturnStatusChangeType(
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                user_name=change.user.name if change.user else None,
                at=change.created_at,
            )
            for change in changes
        ]
        for return_id, changes in details.history.items()
    }
    return [
        ReturnType(
            id=strawberry.ID(encode_id("Return", row.id)),
            number=row.number,
            status=row.status,
            order_id=strawberry.ID(encode_id("Order", row.order_id)),
            order_number=details.order_numbers[row.order_id],
            reason=row.reason,
            photos=list(row.photos),
            refund_method=row.refund_method,
            amount=Money(amount=row.amount, currency=row.currency),
            warehouse=WarehouseType.of(details.warehouses[row.warehouse_id]) if row.warehouse_id else None,
            created_at=row.created_at,
            refunded_at=row.refunded_at,
            history=history[row.id],
            lines=[
                ReturnLineType(
                    id=strawberry.ID(encode_id("ReturnLine", line.id)),
                    shipment_line_id=strawberry.ID(encode_id("ShipmentLine", line.shipment_line_id)),
                    order_line_id=strawberry.ID(encode_id("OrderLine", line.order_line_id)),
                    sku=details.order_lines[line.order_line_id].sku,
                    name=details.order_lines[line.order_line_id].name,
                    quantity=line.quantity,
                    amount=Money(amount=line.amount, currency=row.currency),
                )
                for line in details.lines[row.id]
            ],
        )
        for row in rows
    ]


register_visible_node("Return", returns.visible_returns, return_types)
