"""应收账龄: what every customer owes at the end of a day, bucketed by how long past due, across
the customers the caller may see (a sales rep: their own), the most overdue first.

Four queries whatever the number of customers: the accounts, the month totals before the day's
month, that month's entries up to the day, and the debits of the recent buckets. Accounts with
different payment terms have different bucket bounds, so each bucket's condition is an OR over the
terms in use (a handful).
"""

from __future__ import annotations

import asyncio
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
from app.db import plain_rows
from app.ledger import balances
from app.ledger.credit import ZERO
from app.ledger.models import LedgerEntry, LedgerMonthTotal
from app.ledger.statements import AGING_BUCKETS, Aging, age_balance, aging_windows

RECENT_BUCKETS = tuple(name for name, _, high in AGING_BUCKETS if high is not None)


@dataclass(frozen=True)
class Receivable:
    account_id: int
    payment_terms_days: int
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
    terms = {row[0]: row[1] for row in await plain_rows(accounts_query.values(id="id", terms="payment_terms_days"))}
    figures = await _ledger_figures(accounts_query, set(terms.values()), ends_at)
    receivables = [
        Receivable(account_id, terms[account_id], balance, age_balance(balance, recent))
        for account_id, (balance, recent) in figures.items()
        if balance > 0 and account_id in terms
    ]
    receivables.sort(key=lambda r: (r.aging.overdue, r.balance, r.account_id), reverse=True)
    return ReceivablesAging(as_of=day, currency=supplier.currency, receivables=receivables)


async def accounts_of(rows: list[Receivable]) -> list[CustomerAccount]:
    """The customer accounts of a page of receivables, in its order, in one query."""
    found = {a.id: a for a in await CustomerAccount.filter(id__in=[r.account_id for r in rows])}
    return [found[r.account_id] for r in rows]


async def _ledger_figures(
    accounts_query: QuerySet[CustomerAccount], terms_in_use: set[int], ends_at: datetime
) -> dict[int, tuple[Decimal, dict[str, Decimal]]]:
    """Per account: the balance at `ends_at` and its debits in each recent bucket. The balance is the
    month totals before `ends_at`'s month plus that month's entries so far; the buckets read only the
    debits of the last weeks. The (occurred_at, account, amount) index serves both reads of entries."""
    if not terms_in_use:
        return {}
    in_scope = Subquery(accounts_query.values("id"))
    cut = balances.month_start(ends_at)
    # Three independent reads: on PostgreSQL each runs on its own pooled connection at the same time.
    months, this_month, debits = await asyncio.gather(
        _summed(
            LedgerMonthTotal.filter(customer_account_id__in=in_scope, month__lt=balances.month_of(cut)),
            total=Sum("amount"),
        ),
        _summed(
            LedgerEntry.filter(customer_account_id__in=in_scope, occurred_at__gte=cut, occurred_at__lt=ends_at),
            total=Sum("amount"),
        ),
        _recent_debits(in_scope, terms_in_use, ends_at),
    )
    figures = {}
    for account_id in months.keys() | this_month.keys():
        balance = _amount(months.get(account_id, {}).get("total")) + _amount(
            this_month.get(account_id, {}).get("total")
        )
        recent = debits.get(account_id, {}) if balance > 0 else {}
        figures[account_id] = (balance, {name: _amount(recent.get(name)) for name in RECENT_BUCKETS})
    return figures


async def _recent_debits(in_scope: Subquery, terms_in_use: set[int], ends_at: datetime) -> dict[int, dict]:
    windows: dict[str, list[Q]] = {name: [] for name in RECENT_BUCKETS}
    earliest = ends_at
    for terms in terms_in_use:
        for name, after, until in aging_windows(ends_at, terms):
            earliest = min(earliest, after)
            window = Q(customer_account__payment_terms_days=terms, occurred_at__gt=after)
            windows[name].append(window if until is None else window & Q(occurred_at__lte=until))
    debits = (
        LedgerEntry.filter(customer_account_id__in=in_scope, amount__gt=0, occurred_at__gt=earliest)
        .filter(occurred_at__lt=ends_at)
        # Joins the account once: each bucket's condition reads its payment terms from the join.
        .filter(customer_account__payment_terms_days__in=sorted(terms_in_use))
    )
    return await _summed(
        debits, **{name: Sum("amount", _filter=Q(*any_of, join_type=Q.OR)) for name, any_of in windows.items()}
    )


async def _summed(query: QuerySet, **sums: Sum) -> dict[int, dict]:
    """The sums grouped by customer account (thousands of rows: read plainly)."""
    names = list(sums)
    grouped = query.group_by("customer_account_id").annotate(**sums)
    rows = await plain_rows(grouped.values(account="customer_account_id", **{name: name for name in names}))
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}


def _amount(value: Decimal | float | None) -> Decimal:
    """PostgreSQL sums numeric(18,2) to two places already; SQLite may answer a float."""
    if value is None:
        return ZERO
    return value if isinstance(value, Decimal) else Decimal(str(value)).quantize(ZERO)
