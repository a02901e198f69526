"""Who may see which sales, over which period: the one filter every analytics figure starts from.

A sale is an order placed in the period (its creation instant, days in the supplier's timezone)
whose status is neither REJECTED nor CANCELLED. PENDING_APPROVAL orders count: they are demand the
customer placed, and an approval that later rejects or a cancellation removes them from every figure.
Amounts are what the customer owes after discounts: order totals for customer-side figures, line
totals for product-side ones. Admins and finance see every customer of their supplier, a sales rep
only the customers assigned to them (totals included); anyone else is refused.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Hashable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from app.accounts.models import CustomerAccount, Organization, Role
from app.accounts.permissions import Action, Principal, allows, require_supplier_role
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.orders.models import Order, OrderLine, OrderStatus

ANALYTICS_ROLES = frozenset({Role.ADMIN, Role.FINANCE, Role.SALES})
NOT_SALES = (OrderStatus.REJECTED, OrderStatus.CANCELLED)
MAX_PERIOD_DAYS = 3660
T = TypeVar("T")


@dataclass(frozen=True)
class SalesScope:
    supplier_id: int
    currency: str
    zone: ZoneInfo
    period_from: date
    period_to: date
    rep_id: int | None
    """Set for a sales rep: only the accounts assigned to them count."""
    shared: dict[Hashable, asyncio.Future] = field(default_factory=dict, compare=False, repr=False)
    """Figures computed once per request, however many views read them (top and slow-moving
    products both rank the product breakdown)."""

    def once(self, key: Hashable, compute: Callable[[], Coroutine[Any, Any, T]]) -> asyncio.Future[T]:
        """The one computation of `key` in this scope; views resolved concurrently await the same."""
        if key not in self.shared:
            self.shared[key] = asyncio.ensure_future(compute())
        return self.shared[key]

    def start_of(self, day: date) -> datetime:
        return datetime.combine(day, time.min, self.zone).astimezone(UTC)

    @property
    def starts_at(self) -> datetime:
        return self.start_of(self.period_from)

    @property
    def ends_at(self) -> datetime:
        return self.start_of(self.period_to + timedelta(days=1))

    def today(self) -> date:
        return utc_now().astimezone(self.zone).date()

    def local_day(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def accounts(self) -> QuerySet[CustomerAccount]:
        accounts = CustomerAccount.filter(supplier_id=self.supplier_id)
        return accounts if self.rep_id is None else accounts.filter(sales_rep_id=self.rep_id)

    def orders(self) -> QuerySet[Order]:
        return self.orders_between(self.period_from, self.period_to)

    def orders_between(self, first_day: date, last_day: date) -> QuerySet[Order]:
        """The sales placed from the start of `first_day` to the end of `last_day` (supplier's days)."""
        orders = Order.filter(
            supplier_id=self.supplier_id,
            created_at__gte=self.start_of(first_day),
            created_at__lt=self.start_of(last_day + timedelta(days=1)),
            status__not_in=NOT_SALES,
        )
        if self.rep_id is not None:
            orders = orders.filter(customer_account_id__in=self.account_ids())
        return orders

    def split(self) -> Split:
        return split(self.period_from, self.period_to)

    def account_ids(self) -> Subquery | None:
        """The rep's accounts, for a filter on account ids; None for a caller who sees every account."""
        return None if self.rep_id is None else Subquery(self.accounts().values("id"))

    def lines(self) -> QuerySet[OrderLine]:
        return self.lines_between(self.period_from, self.period_to)

    def lines_between(self, first_day: date, last_day: date) -> QuerySet[OrderLine]:
        """The sales' lines, joined to their orders so the period narrows them through the orders' index."""
        lines = OrderLine.filter(
            order__supplier_id=self.supplier_id,
            order__created_at__gte=self.start_of(first_day),
            order__created_at__lt=self.start_of(last_day + timedelta(days=1)),
            order__status__not_in=NOT_SALES,
        )
        if self.rep_id is not None:
            lines = lines.filter(order__customer_account_id__in=self.account_ids())
        return lines


@dataclass(frozen=True)
class Split:
    """A period as the rollups read it: the months it covers whole, and the days left at its ends."""

    months: tuple[date, ...]
    """Each month's first day."""
    days: tuple[tuple[date, date], ...]
    """At most two runs of days (first, last), before the first whole month and after the last."""


def split(period_from: date, period_to: date) -> Split:
    first_whole = period_from if period_from.day == 1 else _next_month(period_from)
    months: list[date] = []
    month = first_whole
    while _next_month(month) - timedelta(days=1) <= period_to:
        months.append(month)
        month = _next_month(month)
    if not months:
        return Split((), ((period_from, period_to),))
    head = (period_from, months[0] - timedelta(days=1))
    tail = (_next_month(months[-1]), period_to)
    return Split(tuple(months), tuple(run for run in (head, tail) if run[0] <= run[1]))


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def check_period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise UserInputError.single("to", ErrorCode.OUT_OF_RANGE, "to must not be before from.")
    if (period_to - period_from).days > MAX_PERIOD_DAYS:
        raise UserInputError.single("to", ErrorCode.OUT_OF_RANGE, f"A period covers at most {MAX_PERIOD_DAYS} days.")


async def sales_scope(principal: Principal, period_from: date, period_to: date) -> SalesScope:
    """Raises PermissionDenied for buyers, apps and supplier roles without analytics."""
    require_supplier_role(principal, ANALYTICS_ROLES)
    check_period(period_from, period_to)
    supplier = await Organization.get(id=principal.organization_id)
    sees_all = allows(principal, Action.READ_ALL_CUSTOMER_ACCOUNTS)
    return SalesScope(
        supplier_id=supplier.id,
        currency=supplier.currency,
        zone=ZoneInfo(supplier.timezone),
        period_from=period_from,
        period_to=period_to,
        rep_id=None if sees_all else principal.user_id,
    )
