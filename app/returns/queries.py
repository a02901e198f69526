"""Reads of returns for the API: what a page of returns shows besides its rows, in one query each."""

from __future__ import annotations

from dataclasses import dataclass

from app.inventory.models import Warehouse
from app.orders.models import Order, OrderLine
from app.returns.models import Return, ReturnLine, ReturnStatusChange


@dataclass(frozen=True)
class ReturnDetails:
    """Order numbers, warehouses, lines (with their order lines) and history of a page of returns."""

    order_numbers: dict[int, str]
    warehouses: dict[int, Warehouse]
    lines: dict[int, list[ReturnLine]]
    order_lines: dict[int, OrderLine]
    history: dict[int, list[ReturnStatusChange]]


async def return_details(returns: list[Return]) -> ReturnDetails:
    ids = [row.id for row in returns]
    numbers = dict(await Order.filter(id__in={r.order_id for r in returns}).values_list("id", "number"))
    warehouses = {w.id: w for w in await Warehouse.filter(id__in={r.warehouse_id for r in returns if r.warehouse_id})}
    lines: dict[int, list[ReturnLine]] = {pk: [] for pk in ids}
    return_lines = await ReturnLine.filter(return_request_id__in=ids).order_by("id")
    for line in return_lines:
        lines[line.return_request_id].append(line)
    order_lines = {
        line.id: line for line in await OrderLine.filter(id__in={line.order_line_id for line in return_lines})
    }
    history: dict[int, list[ReturnStatusChange]] = {pk: [] for pk in ids}
    for change in await ReturnStatusChange.filter(return_request_id__in=ids).select_related("user").order_by("id"):
        history[change.return_request_id].append(change)
    return ReturnDetails(
        order_numbers=numbers, warehouses=warehouses, lines=lines, order_lines=order_lines, history=history
    )


async def reloaded(row: Return) -> Return:
    """The return as stored now."""
    return await Return.get(id=row.id)
