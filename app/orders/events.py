"""What happens to an order, as the outbox records it; the order process writes them all."""

from __future__ import annotations

from dataclasses import dataclass

from app.notifications.inbox import Audience, Planned, roles
from app.notifications.models import NotificationKind
from app.outbox import Event


@dataclass(frozen=True, kw_only=True)
class OrderEvent(Event, subject_type="Order", scope="orders:read"):
    order_id: int
    number: str
    status: str
    previous_status: str | None = None
    version: int = 1


@dataclass(frozen=True, kw_only=True)
class OrderPlaced(OrderEvent, kind="order.placed"):
    pass


@dataclass(frozen=True, kw_only=True)
class OrderUpdated(OrderEvent, kind="order.updated"):
    """Its lines changed (改单): by the buyer, or by the supplier's staff (`by_supplier`)."""

    by_supplier: bool = False
    previous_total: str | None = None
    total: str | None = None


@dataclass(frozen=True, kw_only=True)
class OrderStatusChanged(OrderEvent, kind="order.status_changed"):
    reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class OrderPaymentStatusChanged(OrderEvent, kind="order.payment_status_changed"):
    payment_status: str
    previous_payment_status: str


@dataclass(frozen=True, kw_only=True)
class OrderFulfilmentStatusChanged(OrderEvent, kind="order.fulfilment_status_changed"):
    fulfilment_status: str
    previous_fulfilment_status: str


SHIPPED_STATUSES = frozenset({"SHIPPED", "PARTIALLY_SHIPPED"})


def buyer_notice(event: OrderStatusChanged) -> Planned | None:
    """The buyer hears when its order is approved and when it ships."""
    number = event.number
    if event.status == "APPROVED":
        return Planned(
            NotificationKind.ORDER_APPROVED,
            f"Order {number} approved",
            f"Your order {number} has been approved.",
            "Order",
            event.subject_id,
        )
    if event.status in SHIPPED_STATUSES:
        return Planned(
            NotificationKind.ORDER_SHIPPED,
            f"Order {number} shipped",
            f"Your order {number} is on its way.",
            "Order",
            event.subject_id,
        )
    return None


def changed_notice(event: OrderUpdated) -> Planned | None:
    """The buyer hears when the supplier's staff change its order's lines."""
    if not event.by_supplier:
        return None
    totals = f" Total {event.previous_total} → {event.total}." if event.previous_total and event.total else ""
    return Planned(
        NotificationKind.ORDER_CHANGED,
        f"Order {event.number} changed by the supplier",
        f"The supplier changed the lines of your order {event.number}.{totals}",
        "Order",
        event.subject_id,
    )


def supplier_notice(event: OrderPlaced) -> Planned:
    """The supplier's admins and the customer's sales rep hear of a new order (not whoever placed it)."""
    waiting = "waits for approval" if event.status == "PENDING_APPROVAL" else "is approved"
    return Planned(
        NotificationKind.ORDER_PLACED,
        f"New order {event.number}",
        f"Order {event.number} was placed and {waiting}.",
        "Order",
        event.subject_id,
        audience=Audience.SUPPLIER_STAFF,
        accepts=roles("ADMIN"),
        sales_rep=True,
        skip_actor=True,
    )
