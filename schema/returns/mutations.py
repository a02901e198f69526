"""Returns (退货) over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.returns import queries as return_reads
from app.returns import service as returns
from app.returns.models import Return as ReturnModel
from schema.errors import mutation_payload
from schema.ids import decode_id
from schema.returns.inputs import ReturnApproveInput, ReturnReceiveInput, ReturnRejectInput, ReturnRequestInput
from schema.returns.loaders import return_types
from schema.returns.types import (
    ReturnApprovePayload,
    ReturnReceivePayload,
    ReturnRejectPayload,
    ReturnRequestPayload,
)


async def _payload(payload_type, row: ReturnModel):
    return payload_type(return_=(await return_types([await return_reads.reloaded(row)]))[0])


def _return_id(value: strawberry.ID) -> int:
    return decode_id(value, "Return", ("input", "returnId"))


@strawberry.type
class ReturnsMutation:
    @strawberry.mutation(description="The buyer asks to return units it received (退货申请).")
    @mutation_payload(ReturnRequestPayload)
    async def return_request(self, info: strawberry.Info, input: ReturnRequestInput) -> ReturnRequestPayload:
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
        return await _payload(ReturnRequestPayload, created)

    @strawberry.mutation
    @mutation_payload(ReturnApprovePayload)
    async def return_approve(self, info: strawberry.Info, input: ReturnApproveInput) -> ReturnApprovePayload:
        approved = await returns.approve(info.context.principal, _return_id(input.return_id), input.comment)
        return await _payload(ReturnApprovePayload, approved)

    @strawberry.mutation
    @mutation_payload(ReturnRejectPayload)
    async def return_reject(self, info: strawberry.Info, input: ReturnRejectInput) -> ReturnRejectPayload:
        rejected = await returns.reject(info.context.principal, _return_id(input.return_id), input.reason)
        return await _payload(ReturnRejectPayload, rejected)

    @strawberry.mutation(description="The goods are back: restocked in the warehouse and credited to the ledger once.")
    @mutation_payload(ReturnReceivePayload)
    async def return_receive(self, info: strawberry.Info, input: ReturnReceiveInput) -> ReturnReceivePayload:
        returned = await returns.receive(
            info.context.principal,
            _return_id(input.return_id),
            decode_id(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
        )
        return await _payload(ReturnReceivePayload, returned)
