"""Returns (退货) over GraphQL."""

from __future__ import annotations

from datetime import datetime

import strawberry

from app.inventory.models import Warehouse as WarehouseModel
from app.orders.models import Order as OrderModel
from app.orders.models import OrderLine as OrderLineModel
from app.pagination import PageRequest
from app.returns import service as returns
from app.returns.models import RefundMethod, ReturnStatus
from app.returns.models import Return as ReturnModel
from app.returns.models import ReturnLine as ReturnLineModel
from app.returns.models import ReturnStatusChange as ReturnStatusChangeModel
from schema.catalog import WarehouseType
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node, register_visible_node
from schema.scalars import Money

ReturnStatusEnum = strawberry.enum(ReturnStatus, name="ReturnStatus")
RefundMethodEnum = strawberry.enum(RefundMethod, name="RefundMethod")


@strawberry.type(name="ReturnLine")
class ReturnLineType:
    id: strawberry.ID
    shipment_line_id: strawberry.ID
    order_line_id: strawberry.ID
    sku: str
    name: str
    quantity: int
    amount: Money


@strawberry.type(name="ReturnStatusChange")
class ReturnStatusChangeType:
    from_status: ReturnStatusEnum | None
    to_status: ReturnStatusEnum
    reason: str | None
    user_name: str | None
    at: datetime


@strawberry.type(name="Return")
class ReturnType(Node):
    number: str
    status: ReturnStatusEnum
    order_id: strawberry.ID
    order_number: str
    reason: str
    photos: list[str]
    refund_method: RefundMethodEnum
    amount: Money = strawberry.field(description="Value of the returned units, credited when they are received.")
    warehouse: WarehouseType | None = strawberry.field(description="Where the goods were restocked.")
    created_at: datetime
    refunded_at: datetime | None
    lines: list[ReturnLineType]
    history: list[ReturnStatusChangeType]


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


@strawberry.input
class ReturnFilter:
    order_id: strawberry.ID | None = None
    status: list[ReturnStatusEnum] | None = None


@strawberry.type
class ReturnsQuery:
    @strawberry.field(description="Returns of the orders the caller may see, newest first.")
    async def returns(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ReturnFilter | None = None,
    ) -> Connection[ReturnType]:
        wanted = returns.ReturnFilter()
        if filter is not None:
            wanted = returns.ReturnFilter(
                order_id=decode_optional_id(filter.order_id, "Order", ("filter", "orderId")),
                statuses=tuple(filter.status or ()),
            )
        query = returns.filter_returns(returns.visible_returns(info.context.principal), wanted)
        return await connection_of(
            query, ("-id",), PageRequest(first=first, after=after, last=last, before=before), return_types
        )


@strawberry.input
class ReturnLineInput:
    shipment_line_id: strawberry.ID
    quantity: int


@strawberry.input
class ReturnRequestInput:
    order_id: strawberry.ID
    lines: list[ReturnLineInput]
    reason: str
    photos: list[str] = strawberry.field(default_factory=list, description="http(s) URLs of photos.")
    refund_method: RefundMethodEnum = RefundMethod.CREDIT


@strawberry.input
class ReturnApproveInput:
    return_id: strawberry.ID
    comment: str | None = None


@strawberry.input
class ReturnRejectInput:
    return_id: strawberry.ID
    reason: str


@strawberry.input
class ReturnReceiveInput:
    return_id: strawberry.ID
    warehouse_id: strawberry.ID = strawberry.field(description="Where the goods go back on hand.")


@strawberry.type
class ReturnPayload:
    return_: ReturnType | None = strawberry.field(default=None, name="return")
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _payload(row: ReturnModel) -> ReturnPayload:
    return ReturnPayload(return_=(await return_types([await ReturnModel.get(id=row.id)]))[0])


def _return_id(value: strawberry.ID) -> int:
    return decode_id(value, "Return", ("input", "returnId"))


@strawberry.type
class ReturnsMutation:
    @strawberry.mutation(description="The buyer asks to return units it received (退货申请).")
    @mutation_payload(ReturnPayload)
    async def return_request(self, info: strawberry.Info, input: ReturnRequestInput) -> ReturnPayload:
        lines = tuple(
            returns.ReturnLineInput(
                decode_id(line.shipment_line_id, "ShipmentLine", ("input", "lines", str(i), "shipmentLineId")),
                line.quantity,
            )
            for i, line in enumerate(input.lines)
        )
        created = await returns.request(
            info.context.principal,
            returns.ReturnInput(
                order_id=decode_id(input.order_id, "Order", ("input", "orderId")),
                lines=lines,
                reason=input.reason,
                photos=tuple(input.photos),
                refund_method=input.refund_method,
            ),
        )
        return await _payload(created)

    @strawberry.mutation
    @mutation_payload(ReturnPayload)
    async def return_approve(self, info: strawberry.Info, input: ReturnApproveInput) -> ReturnPayload:
        return await _payload(await returns.approve(info.context.principal, _return_id(input.return_id), input.comment))

    @strawberry.mutation
    @mutation_payload(ReturnPayload)
    async def return_reject(self, info: strawberry.Info, input: ReturnRejectInput) -> ReturnPayload:
        return await _payload(await returns.reject(info.context.principal, _return_id(input.return_id), input.reason))

    @strawberry.mutation(description="The goods are back: restocked in the warehouse and credited to the ledger once.")
    @mutation_payload(ReturnPayload)
    async def return_receive(self, info: strawberry.Info, input: ReturnReceiveInput) -> ReturnPayload:
        returned = await returns.receive(
            info.context.principal,
            _return_id(input.return_id),
            decode_id(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
        )
        return await _payload(returned)
