"""Reads of orders for the API: what a page of orders shows besides its rows, and the checks of
read arguments."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.models import User
from app.errors import ErrorCode, UserInputError
from app.orders.models import Order, OrderLine, OrderLineChange, OrderStatusChange

MAX_FREQUENTLY_BOUGHT = 100


@dataclass(frozen=True)
class OrderDetails:
    """Who placed each order, its lines, its status history and its line changes, keyed by order id."""

    placers: dict[int, User]
    lines: dict[int, list[OrderLine]]
    history: dict[int, list[OrderStatusChange]]
    line_changes: dict[int, list[OrderLineChange]]


async def order_details(orders: list[Order]) -> OrderDetails:
    """One query each for placers, lines, history and line changes, whatever the number of orders."""
    placers = {
        user.id: user
        for user in await User.filter(id__in={o.placed_by_id for o in orders}).only("id", "name", "organization_id")
    }
    lines: dict[int, list[OrderLine]] = {o.id: [] for o in orders}
    for line in await OrderLine.filter(order_id__in=list(lines)).order_by("id"):
        lines[line.order_id].append(line)
    history: dict[int, list[OrderStatusChange]] = {o.id: [] for o in orders}
    for change in await OrderStatusChange.filter(order_id__in=list(history)).select_related("user").order_by("id"):
        history[change.order_id].append(change)
    line_changes: dict[int, list[OrderLineChange]] = {o.id: [] for o in orders}
    for line_change in (
        await OrderLineChange.filter(order_id__in=list(line_changes)).select_related("user").order_by("id")
    ):
        line_changes[line_change.order_id].append(line_change)
    return OrderDetails(placers=placers, lines=lines, history=history, line_changes=line_changes)


def check_frequently_bought_size(first: int) -> int:
    if not 1 <= first <= MAX_FREQUENTLY_BOUGHT:
        raise UserInputError.single(
            "first", ErrorCode.OUT_OF_RANGE, f"first must be between 1 and {MAX_FREQUENTLY_BOUGHT}."
        )
    return first


def placed_on_behalf(order: Order, placer: User) -> bool:
    """Placed by supplier staff for the customer (代客下单): the placer is not of the buying organization."""
    return placer.organization_id != order.buyer_id
