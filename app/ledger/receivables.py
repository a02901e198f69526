"""应收账龄: what every customer owes at the end of a day, bucketed by how long past due, across
the customers the caller may see (a sales rep: their own), the most overdue first.

Two queries whatever the number of customers: the accounts, then one grouped sum over the ledger
with a conditional sum per recent bucket. Accounts with different payment terms have different
bucket bounds, so each bucket's condition is an OR over the terms in use (a handful).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum
from tortoise.queryset import QuerySet

from app.accounts.models import CustomerAccount, Organization
from app.accounts.permissions import Principal, customer_account_scope, require_authenticated
from app.accounts.queries import CustomerAccountFilter, filter_customer_accounts
from app.clock import utc_now
from app.ledger.credit import ZERO
from app.ledger.models import LedgerEntry
from app.ledger.statements import AGING_BUCKETS, Aging, age_balance, aging_windows

RECENT_BUCKETS = tuple(name for name, _, high in AGING_BUCKETS if high is not None)


@dataclass(frozen=True)
class Receivable:
    account: CustomerAccount
    balance: Decimal
    aging: Aging


@dataclass(frozen=True)
class ReceivablesAging:
    as_of: date
    currency: str
    receivables: list[Receivable]
    """Every customer that owes something, the most overdue first."""

    def total(self) -> Aging:
        sums = {name: sum((getattr(r.aging, name) for r in self.receivables), ZERO) for name, *_ in AGING_BUCKETS}
        return Aging(**sums)

    def balance(self) -> Decimal:
        return sum((r.balance for r in self.receivables), ZERO)


async def receivables_aging(
    principal: Principal, as_of: date | None, wanted: CustomerAccountFilter
) -> ReceivablesAging | None:
    """None for a caller that sells nothing (a buyer has no receivables)."""
    require_authenticated(principal)
    scope = customer_account_scope(principal)
    if scope is None or not principal.can_sell:
        return None
    supplier = await Organization.get(id=principal.organization_id)
    zone = ZoneInfo(supplier.timezone)
    day = as_of or utc_now().astimezone(zone).date()
    ends_at = datetime.combine(day + timedelta(days=1), time.min, zone)
    accounts_query = filter_customer_accounts(CustomerAccount.filter(scope, supplier_id=supplier.id), wanted)
    accounts = {a.id: a for a in await accounts_query}
    figures = await _ledger_figures(accounts_query, {a.payment_terms_days for a in accounts.values()}, ends_at)
    receivables = [
        Receivable(account=accounts[account_id], balance=balance, aging=age_balance(balance, recent))
        for account_id, (balance, recent) in figures.items()
        if balance > 0 and account_id in accounts
    ]
    receivables.sort(key=lambda r: (r.aging.overdue, r.balance, r.account.id), reverse=True)
    return ReceivablesAging(as_of=day, currency=supplier.currency, receivables=receivables)


async def _ledger_figures(
    accounts_query: QuerySet[CustomerAccount], terms_in_use: set[int], ends_at: datetime
) -> dict[int, tuple[Decimal, dict[str, Decimal]]]:
    """Per account: the balance at `ends_at` and its debits in each recent bucket."""
    if not terms_in_use:
        return {}
    windows: dict[str, list[Q]] = {name: [] for name in RECENT_BUCKETS}
    for terms in terms_in_use:
        with_terms = Subquery(accounts_query.filter(payment_terms_days=terms).values("id"))
        for name, after, until in aging_windows(ends_at, terms):
            window = Q(customer_account_id__in=with_terms, occurred_at__gt=after)
            windows[name].append(window if until is None else window & Q(occurred_at__lte=until))
    sums = {
        name: Sum("amount", _filter=Q(amount__gt=0) & Q(*any_of, join_type=Q.OR)) for name, any_of in windows.items()
    }
    rows = (
        await LedgerEntry.filter(customer_account_id__in=Subquery(accounts_query.values("id")), occurred_at__lt=ends_at)
        .group_by("customer_account_id")
        .annotate(balance=Sum("amount"), **sums)
        .values("customer_account_id", "balance", *RECENT_BUCKETS)
    )
    return {
        row["customer_account_id"]: (
            _amount(row["balance"]),
            {name: _amount(row[name]) for name in RECENT_BUCKETS},
        )
        for row in rows
    }


def _amount(value: Decimal | int | None) -> Decimal:
    return Decimal(value or 0).quantize(ZERO)
