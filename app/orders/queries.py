"""Reads of orders for the API: what a page of orders shows besides its rows, and the checks of
read arguments."""

from __future__ import annotations

from app.accounts.models import User
from app.db import columns_of, fetch_models, marks
from app.errors import ErrorCode, UserInputError
from app.orders.models import Order, OrderLine, OrderLineChange, OrderStatusChange

MAX_FREQUENTLY_BOUGHT = 100


async def placers(orders: list[Order]) -> dict[int, User]:
    """Who placed the orders, by user id: one query."""
    return {
        user.id: user
        for user in await User.filter(id__in={o.placed_by_id for o in orders}).only("id", "name", "organization_id")
    }


async def order_lines(orders: list[Order]) -> dict[int, list[OrderLine]]:
    """Each order's lines, by order id: one query (hand-written: every checkout's payload reads them)."""
    lines: dict[int, list[OrderLine]] = {o.id: [] for o in orders}
    if not lines:
        return lines
    for (line,) in await fetch_models(
        f"SELECT {columns_of(OrderLine, 'l')} FROM order_lines l WHERE l.order_id IN ({marks(len(lines))}) ORDER BY l.id",
        list(lines),
        (OrderLine, "l"),
    ):
        lines[line.order_id].append(line)
    return lines


async def status_history(orders: list[Order]) -> dict[int, list[OrderStatusChange]]:
    """Each order's status changes with who made them, oldest first: one query."""
    history: dict[int, list[OrderStatusChange]] = {o.id: [] for o in orders}
    for change in await OrderStatusChange.filter(order_id__in=list(history)).select_related("user").order_by("id"):
        history[change.order_id].append(change)
    return history


async def line_changes(orders: list[Order]) -> dict[int, list[OrderLineChange]]:
    """Each order's line changes (改单) with who made them, oldest first: one query."""
    changes: dict[int, list[OrderLineChange]] = {o.id: [] for o in orders}
    for change in await OrderLineChange.filter(order_id__in=list(changes)).select_related("user").order_by("id"):
        changes[change.order_id].append(change)
    return changes


def check_frequently_bought_size(first: int) -> int:
    if not 1 <= first <= MAX_FREQUENTLY_BOUGHT:
        raise UserInputError.single(
            "first", ErrorCode.OUT_OF_RANGE, f"first must be between 1 and {MAX_FREQUENTLY_BOUGHT}."
        )
    return first


def placed_on_behalf(order: Order, placer: User) -> bool:
    """Placed by supplier staff for the customer (代客下单): the placer is not of the buying organization."""
    return placer.organization_id != order.buyer_id
