"""Order counts per customer account and status (`OrderCount`), kept by the order process.

`opened` and `moved` run in the transaction that creates or moves an order. A move touches its two
rows in the statuses' declared order (the order of the process), whichever way it goes, so two moves
of one account's orders lock the rows they share in the same order. `total` answers a list's total
from them when the list narrows by account-side conditions and statuses only; `rebuild` recomputes
them all from the orders (after a bulk load, or to verify).
"""

from __future__ import annotations

from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount
from app.db import add_to_rows
from app.orders.models import OrderCount, OrderStatus

_PROCESS_ORDER = {status: position for position, status in enumerate(OrderStatus)}
KEY = ("customer_account_id", "status")
REBUILD_SQL = (
    "INSERT INTO order_counts (customer_account_id, status, orders) "
    "SELECT customer_account_id, status, COUNT(*) FROM orders GROUP BY customer_account_id, status"
)


async def _add(account_id: int, status: OrderStatus, delta: int) -> None:
    await add_to_rows(
        OrderCount._meta.db_table, ("customer_account_id", "status", "orders"), KEY, [(account_id, status.value, delta)]
    )


async def opened(account_id: int, status: OrderStatus) -> None:
    await _add(account_id, status, 1)


async def moved(account_id: int, source: OrderStatus, target: OrderStatus) -> None:
    for status, delta in sorted(((source, -1), (target, 1)), key=lambda change: _PROCESS_ORDER[change[0]]):
        await _add(account_id, status, delta)


async def total(accounts: Q, statuses: tuple[OrderStatus, ...] = ()) -> int:
    """How many orders the accounts matching `accounts` hold, in `statuses` (all if none)."""
    rows = OrderCount.filter(customer_account_id__in=Subquery(CustomerAccount.filter(accounts).values("id")))
    if statuses:
        rows = rows.filter(status__in=statuses)
    found = await rows.annotate(sum=Sum("orders")).values("sum")
    return int(found[0]["sum"] or 0) if found else 0


async def rebuild() -> int:
    """Recomputes every count from the orders, in one transaction; returns how many rows there are."""
    async with in_transaction() as connection:
        await OrderCount.all().delete()
        await connection.execute_query(REBUILD_SQL)
    return await OrderCount.all().count()
