"""Orders file (订单导出): one row per order line of the orders the caller sees, filtered by period and status."""

from __future__ import annotations

from datetime import date

from tortoise.expressions import Subquery

from app.accounts.permissions import Principal
from app.orders.models import OrderLine, OrderStatus
from app.orders.service import OrderFilter, OrderSide, filter_orders, visible_orders

COLUMNS = (
    "orderNumber",
    "placedAt",
    "customerCode",
    "customerName",
    "status",
    "paymentStatus",
    "fulfilmentStatus",
    "sku",
    "productName",
    "unit",
    "quantity",
    "unitPrice",
    "lineTotal",
    "orderTotal",
    "currency",
)


async def export_rows(
    principal: Principal, *, period_from: date | None, period_to: date | None, statuses: tuple[OrderStatus, ...]
) -> dict[str, list[tuple]]:
    """The caller's sales orders (a sales rep: its own customers'), newest first, in two queries."""
    wanted = OrderFilter(statuses=statuses, created_from=period_from, created_to=period_to, side=OrderSide.SALES)
    orders = filter_orders(visible_orders(principal), wanted, principal.organization_id)
    lines = (
        await OrderLine.filter(order_id__in=Subquery(orders.values("id")))
        .select_related("order__customer_account", "order__buyer")
        .order_by("-order__created_at", "order_id", "id")
    )
    rows: list[tuple] = [COLUMNS]
    for line in lines:
        order = line.order
        rows.append(
            (
                order.number,
                order.created_at.isoformat(timespec="seconds"),
                order.customer_account.code or order.buyer.code,
                order.buyer.name,
                order.status.value,
                order.payment_status.value,
                order.fulfilment_status.value,
                line.sku,
                line.name,
                line.unit,
                line.quantity,
                str(line.unit_price),
                str(line.line_total),
                str(order.total),
                order.currency,
            )
        )
    return {"orders": rows}
