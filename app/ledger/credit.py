"""Credit headroom and prepaid balance (信用额度/预付款), from the ledger and the open orders.

The ledger holds what was charged; an open order not yet charged (charged on shipment, say)
is owed too, so it counts against the credit limit:

    credit headroom = credit limit − ledger balance − open uncharged orders
    prepaid balance = −ledger balance (when negative) − open uncharged orders to be paid from it
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from tortoise.functions import Sum

from app.accounts.models import CustomerAccount
from app.errors import ErrorCode, UserInputError
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import Order, OrderStatus, PaymentMethod

ZERO = Decimal("0.00")
UNSETTLED = (OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED, OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED)


@dataclass(frozen=True)
class Position:
    credit_limit: Decimal
    balance: Decimal
    uncharged_by_order: dict[int, Decimal]
    prepaid_orders: frozenset[int]

    def uncharged(self, excluding: int | None = None) -> Decimal:
        return sum((a for o, a in self.uncharged_by_order.items() if o != excluding), ZERO)

    def credit_headroom(self, excluding: int | None = None) -> Decimal:
        return self.credit_limit - self.balance - self.uncharged(excluding)

    def prepaid_balance(self, excluding: int | None = None) -> Decimal:
        committed = sum(
            (a for o, a in self.uncharged_by_order.items() if o in self.prepaid_orders and o != excluding), ZERO
        )
        return max(-self.balance, ZERO) - committed


async def positions(accounts: list[CustomerAccount]) -> dict[int, Position]:
    """Every account's position in three queries, whatever the number of accounts."""
    ids = [a.id for a in accounts]
    balances = dict(
        await LedgerEntry.filter(customer_account_id__in=ids)
        .annotate(total=Sum("amount"))
        .group_by("customer_account_id")
        .values_list("customer_account_id", "total")
    )
    open_orders = await Order.filter(customer_account_id__in=ids, status__in=UNSETTLED).values_list(
        "id", "customer_account_id", "total", "payment_method"
    )
    charged = dict(
        await LedgerEntry.filter(order_id__in=[o[0] for o in open_orders], kind=LedgerEntryKind.ORDER_CHARGE)
        .annotate(total=Sum("amount"))
        .group_by("order_id")
        .values_list("order_id", "total")
    )
    uncharged: dict[int, dict[int, Decimal]] = {pk: {} for pk in ids}
    prepaid: dict[int, set[int]] = {pk: set() for pk in ids}
    for order_id, account_id, total, method in open_orders:
        uncharged[account_id][order_id] = max(Decimal(total) - Decimal(charged.get(order_id) or 0), ZERO)
        if method == PaymentMethod.PREPAID_BALANCE:
            prepaid[account_id].add(order_id)
    return {
        a.id: Position(
            credit_limit=Decimal(a.credit_limit),
            balance=Decimal(balances.get(a.id) or 0).quantize(ZERO),
            uncharged_by_order=uncharged[a.id],
            prepaid_orders=frozenset(prepaid[a.id]),
        )
        for a in accounts
    }


async def position(account: CustomerAccount) -> Position:
    return (await positions([account]))[account.id]


def terms_problem(current: Position, method: PaymentMethod, total: Decimal, order_id: int | None = None):
    """What keeps the payment method from carrying the order, or None: (code, message)."""
    if method is PaymentMethod.PREPAID_BALANCE:
        available = max(current.prepaid_balance(excluding=order_id), ZERO)
        if total > available:
            return (
                ErrorCode.INSUFFICIENT_BALANCE,
                f"Your prepaid balance is ¥{available:,.2f}; top up ¥{total - available:,.2f} "
                "or choose another payment method.",
            )
    elif method is PaymentMethod.ON_ACCOUNT:
        headroom = current.credit_headroom(excluding=order_id)
        if total > headroom:
            return (
                ErrorCode.CREDIT_LIMIT_EXCEEDED,
                f"This order exceeds your credit limit by ¥{total - max(headroom, ZERO):,.2f}.",
            )
    return None


async def require_terms(
    account: CustomerAccount,
    method: PaymentMethod,
    total: Decimal,
    *,
    order_id: int | None = None,
    field: tuple[str, ...] = ("input", "paymentMethod"),
) -> None:
    """Refuses an order (a new one, or `order_id` at approval) its payment method cannot carry."""
    if method not in (PaymentMethod.PREPAID_BALANCE, PaymentMethod.ON_ACCOUNT):
        return
    problem = terms_problem(await position(account), method, total, order_id)
    if problem is not None:
        raise UserInputError.single(field, *problem)
