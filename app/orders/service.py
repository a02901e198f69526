"""What buyers and staff do to an order once it exists: cancel it, find it, set ordering windows.
Every change of its three statuses goes through the order process (app/orders/process.py); the
rules of who may cancel or edit live here, once, for the operations and for the actions the
process offers to clients. Checkout and the buyer's edit are in app/carts/checkout.py."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount, Role
from app.accounts.permissions import (
    OrderingSide,
    Principal,
    customer_account_scope,
    may_order,
    require_authenticated,
    require_supplier_role,
)
from app.clock import utc_now
from app.db import plans_per_value
from app.errors import ErrorCode, PermissionDenied, UserInputError
from app.inventory import service as inventory
from app.notifications import inbox
from app.orders import calendar, counts, events, process
from app.orders.models import (
    FulfilmentStatus,
    Order,
    OrderingWindow,
    OrderStatus,
    OrderTrack,
)
from app.orders.process import OrderAction
from app.read_versions import Change, announce
from app.tenancy import own
from app.validation import Checker

OPEN_FOR_CANCEL_BY_BUYER = frozenset({OrderStatus.PENDING_APPROVAL})
OPEN_FOR_CANCEL_BY_SUPPLIER = frozenset({OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED})
SUPPLIER_CANCEL_ROLES = frozenset({Role.ADMIN, Role.SALES, Role.APPROVER})
SUPPLIER_EDIT_ROLES = frozenset({Role.ADMIN, Role.SALES})
"""Who of the supplier's staff may change an order's lines (改单); a sales rep only its own customers'."""


def locked_error(order: Order) -> UserInputError:
    return UserInputError.single(
        ("input", "orderId"),
        ErrorCode.ORDER_LOCKED,
        f"Order {order.number} passed its cut-off ({order.cutoff_at:%Y-%m-%d %H:%M} UTC); ask the supplier.",
    )


def _past_cutoff(order: Order) -> bool:
    return order.cutoff_at is not None and utc_now() >= order.cutoff_at


def edit_refusal(principal: Principal, order: Order) -> Exception | None:
    """Why the caller may not change the order's lines now, or None: its buyer's users who order
    (`may_order`) may, before approval and the cut-off."""
    if principal.organization_id != order.buyer_id or not may_order(principal, OrderingSide.BUYER):
        return PermissionDenied()
    if order.status is not OrderStatus.PENDING_APPROVAL:
        return UserInputError.single(
            ("input", "orderId"),
            ErrorCode.INVALID_STATE,
            f"Order {order.number} is {order.status.value}; it is locked.",
        )
    if _past_cutoff(order):
        return locked_error(order)
    return None


def supplier_edit_refusal(principal: Principal, order: Order) -> Exception | None:
    """Why the caller may not change the order's lines as its supplier now, or None: its ADMIN or
    the customer's sales rep (as `visible_orders` narrows them), before approval or, once
    approved, before anything of it ships. The buyer's cut-off does not bind the supplier."""
    if principal.organization_id != order.supplier_id or not principal.roles & SUPPLIER_EDIT_ROLES:
        return PermissionDenied()
    unshipped = order.status is OrderStatus.APPROVED and order.fulfilment_status is FulfilmentStatus.UNFULFILLED
    if order.status is not OrderStatus.PENDING_APPROVAL and not unshipped:
        return UserInputError.single(
            ("input", "orderId"),
            ErrorCode.INVALID_STATE,
            f"Order {order.number} is {order.status.value} ({order.fulfilment_status.value}); "
            "its lines can change only before it ships.",
        )
    return None


def visible_orders(principal: Principal) -> QuerySet[Order]:
    """Orders of the customer accounts the caller may see (a sales rep: its own customers). An order
    carries its account's supplier and buyer, so a supplier's admin counts its orders by the orders'
    own supplier index, not through a million-row semi-join on accounts."""
    scope = customer_account_scope(principal, sales_rep_field="customer_account__sales_rep_id")
    if scope is None:
        return Order.filter(id__in=[])
    return Order.filter(scope)


def cancel_refusal(principal: Principal, order: Order) -> Exception | None:
    """Why the caller may not cancel the order now, or None: the buyer's users who order
    (`may_order`) before approval and its cut-off; the supplier's admin, sales and approvers any
    time before shipment."""
    if principal.organization_id == order.supplier_id:
        if not principal.roles & SUPPLIER_CANCEL_ROLES:
            return PermissionDenied()
        allowed = OPEN_FOR_CANCEL_BY_SUPPLIER
    elif principal.organization_id == order.buyer_id:
        if not may_order(principal, OrderingSide.BUYER):
            return PermissionDenied()
        if _past_cutoff(order):
            return locked_error(order)
        allowed = OPEN_FOR_CANCEL_BY_BUYER
    else:
        return PermissionDenied()
    if order.status not in allowed:
        return UserInputError.single(
            ("input", "orderId"),
            ErrorCode.INVALID_STATE,
            f"Order {order.number} is {order.status.value}; it cannot become CANCELLED.",
        )
    return None


async def cancel(principal: Principal, order_id: int, reason: str | None) -> Order:
    """Cancels the order for whoever `cancel_refusal` lets; the process releases its stock."""
    require_authenticated(principal)
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500)
    checker.raise_if_any()
    async with in_transaction():
        order = await visible_orders(principal).filter(id=order_id).first()
        if order is None:
            raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
        refusal = cancel_refusal(principal, order)
        if refusal is not None:
            raise refusal
        await process.move(order, OrderTrack.STATUS, OrderStatus.CANCELLED, principal, reason)
    return order


async def _release_on_end(change: process.Change) -> None:
    await inventory.release_order(change.order.id, f"order {change.order.number} {change.target.value.lower()}")


async def _offer_buyer_and_cancel_actions(principal: Principal, orders: list[Order]) -> dict[int, set[OrderAction]]:
    offered: dict[int, set[OrderAction]] = {}
    for order in orders:
        actions = offered.setdefault(order.id, set())
        if cancel_refusal(principal, order) is None:
            actions.add(OrderAction.CANCEL)
        if edit_refusal(principal, order) is None or supplier_edit_refusal(principal, order) is None:
            actions.add(OrderAction.EDIT)
        if principal.organization_id == order.buyer_id and may_order(principal, OrderingSide.BUYER):
            actions.add(OrderAction.REORDER)
    return offered


def install() -> None:
    """Ordering's own part of the order process: an order that ends unshipped frees its stock."""
    process.on_enter(OrderTrack.STATUS, OrderStatus.CANCELLED, _release_on_end)
    process.on_enter(OrderTrack.STATUS, OrderStatus.REJECTED, _release_on_end)
    process.offer_actions(_offer_buyer_and_cancel_actions)
    inbox.plan_for(events.OrderStatusChanged, events.buyer_notice)
    inbox.plan_for(events.OrderUpdated, events.changed_notice)
    inbox.plan_for(events.OrderPlaced, events.supplier_notice)


class OrderSide(StrEnum):
    """Which side of an order the caller's organization is on (a distributor is on both)."""

    PURCHASES = "PURCHASES"
    SALES = "SALES"


@dataclass(frozen=True)
class OrderFilter:
    statuses: tuple[OrderStatus, ...] = ()
    created_from: date | None = None
    created_to: date | None = None
    search: str | None = None
    buyer_id: int | None = None
    side: OrderSide | None = None
    customer_account_id: int | None = None
    sales_rep_id: int | None = None


def _account_side(
    wanted: OrderFilter, organization_id: int | None, account_field: str, sales_rep_field: str
) -> list[Q]:
    """The filter's conditions on the customer account: an order carries its account's supplier and buyer,
    so they read the same on orders and on accounts; the account and its rep are named per model."""
    conditions: list[Q] = []
    if wanted.side is OrderSide.PURCHASES:
        conditions.append(Q(buyer_id=organization_id))
    elif wanted.side is OrderSide.SALES:
        conditions.append(Q(supplier_id=organization_id))
    named: dict[str, Any] = {}
    if wanted.customer_account_id is not None:
        named[account_field] = wanted.customer_account_id
    if wanted.sales_rep_id is not None:
        named[sales_rep_field] = wanted.sales_rep_id
    if named:
        conditions.append(Q(**named))
    if wanted.buyer_id is not None:
        conditions.append(Q(buyer_id=wanted.buyer_id))
    return conditions


def filter_orders(query: QuerySet[Order], wanted: OrderFilter, organization_id: int | None = None) -> QuerySet[Order]:
    """Narrows the caller's visible orders; `organization_id` (the caller's) decides the side."""
    query = query.filter(
        *_account_side(wanted, organization_id, "customer_account_id", "customer_account__sales_rep_id")
    )
    if wanted.statuses:
        query = query.filter(status__in=wanted.statuses)
    if wanted.created_from:
        query = query.filter(created_at__gte=datetime.combine(wanted.created_from, datetime.min.time(), UTC))
    if wanted.created_to:
        query = query.filter(created_at__lt=datetime.combine(wanted.created_to, datetime.max.time(), UTC))
    if wanted.search:
        term = wanted.search.strip()
        query = query.filter(Q(number__icontains=term) | Q(po_number__icontains=term))
    return query


async def count_orders(principal: Principal, wanted: OrderFilter, listed: QuerySet[Order]) -> int:
    """How many orders `listed` (`filter_orders(visible_orders(principal), wanted, …)`) holds. Without a
    period or a search it adds up the order counts of the accounts in reach (a few thousand rows for a
    million orders); otherwise it counts the orders themselves, narrowed by the period's or the search's
    index."""
    if wanted.created_from or wanted.created_to or wanted.search:
        async with plans_per_value(bool(wanted.search)):
            return await listed.count()
    scope = customer_account_scope(principal)
    if scope is None:
        return 0
    accounts = Q(scope, *_account_side(wanted, principal.organization_id, "id", "sales_rep_id"))
    return await counts.total(accounts, wanted.statuses)


async def set_ordering_windows(principal: Principal, account_id: int, windows: list[calendar.Window]) -> None:
    """Replaces a customer's weekly ordering windows; none means it may order at any time."""
    require_supplier_role(principal, frozenset({Role.ADMIN}))
    account = await own(
        CustomerAccount, account_id, principal.require_organization_id(), "customerAccountId", "customer account"
    )
    checker = Checker()
    for index, window in enumerate(windows):
        for field, day in (("opensWeekday", window.opens_weekday), ("closesWeekday", window.closes_weekday)):
            checker.integer(f"windows.{index}.{field}", day, minimum=0, maximum=6)
        if window.opens_weekday == window.closes_weekday and window.opens_at == window.closes_at:
            checker.add(f"windows.{index}", ErrorCode.INVALID, "A window must close at another time than it opens.")
    checker.raise_if_any()
    async with in_transaction():
        await OrderingWindow.filter(customer_account_id=account.id).delete()
        await OrderingWindow.bulk_create(
            [
                OrderingWindow(
                    customer_account=account,
                    opens_weekday=w.opens_weekday,
                    opens_minute=calendar.minutes(w.opens_at),
                    closes_weekday=w.closes_weekday,
                    closes_minute=calendar.minutes(w.closes_at),
                )
                for w in windows
            ]
        )
    await announce(Change.ordering_rules(account.supplier_id))
