"""Reads of the ledger for the API: an account's balance and what a page of entries shows besides
its rows."""

from __future__ import annotations

from dataclasses import dataclass

from app.accounts.permissions import Principal
from app.ledger import statements
from app.ledger.credit import Position, position
from app.orders.models import Order


@dataclass(frozen=True)
class AccountBalance:
    position: Position
    currency: str
    payment_terms_days: int


async def account_balance(principal: Principal, customer_account_id: int) -> AccountBalance | None:
    """A customer account's credit position now, in the supplier's currency; None when not visible."""
    account = await statements.visible_account(principal, customer_account_id)
    if account is None:
        return None
    current = await position(account)
    currency = (await account.supplier).currency
    return AccountBalance(position=current, currency=currency, payment_terms_days=account.payment_terms_days)


async def order_numbers(order_ids: set[int]) -> dict[int, str]:
    return dict(await Order.filter(id__in=list(order_ids)).values_list("id", "number"))
