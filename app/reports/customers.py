"""Per customer: orders, frequency, last order and the churn warning (流失预警).

A customer's habit is read from its orders of the HABIT_DAYS up to the period's end (or the whole
period, if longer): its first and last order there and the average number of days between them
(days in the supplier's timezone). It is at risk when it ordered at least twice in that time and the
days from its last order to the period's end (or today, if earlier) exceed CHURN_FACTOR times its
average gap (a gap of less than a day counts as one day). So a customer that stopped ordering is
listed, with no orders in the period, and warned about: the case the warning exists for. Orders,
sales, units and the median gap are the period's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import median

from tortoise.functions import Count, Max, Min, Sum

from app.db import plain_rows
from app.reports.breakdowns import AccountFigures, Measure, account_facts, account_figures, measured
from app.reports.figures import ZERO, share
from app.reports.models import AccountSalesMonth
from app.reports.scope import SalesScope, split

CHURN_FACTOR = 2
HABIT_DAYS = 365


@dataclass(frozen=True)
class CustomerActivity:
    account_id: int
    name: str
    tier: str | None
    region: str | None
    orders: int
    sales: Decimal
    quantity: int
    share: Decimal
    first_order_on: date
    last_order_on: date
    days_since_last_order: int
    average_days_between_orders: Decimal | None
    median_days_between_orders: Decimal | None
    at_risk: bool

    def measure(self, measure: Measure) -> Decimal:
        return measured(measure, self.sales, self.quantity, self.orders)


def _gaps(days: list[date]) -> list[int]:
    ordered = sorted(days)
    return [(later - earlier).days for earlier, later in zip(ordered, ordered[1:], strict=False)]


def churn_risk(days_since_last: int, average_gap: Decimal | None) -> bool:
    return average_gap is not None and days_since_last > CHURN_FACTOR * max(average_gap, Decimal(1))


@dataclass(frozen=True)
class Habit:
    orders: int
    first: date
    last: date

    def average_gap(self) -> Decimal | None:
        return _days((self.last - self.first).days / (self.orders - 1)) if self.orders > 1 else None


async def _habits(scope: SalesScope) -> dict[int, Habit]:
    """Each customer's orders, first and last order over the habit window: its whole months from the
    accounts' month rollups, the days at its ends from the orders."""
    since = min(scope.period_from, scope.period_to - timedelta(days=HABIT_DAYS - 1))
    parts = split(since, scope.period_to)
    found: dict[int, list] = {}
    if parts.months:
        months = AccountSalesMonth.filter(supplier_id=scope.supplier_id, month__in=parts.months, orders__gt=0)
        if (accounts := scope.account_ids()) is not None:
            months = months.filter(customer_account_id__in=accounts)
        for row in await plain_rows(
            months.group_by("customer_account_id")
            .annotate(orders=Sum("orders"), first=Min("first_at"), last=Max("last_at"))
            .values(account="customer_account_id", orders="orders", first="first", last="last")
        ):
            _add_habit(found, *row)
    for first_day, last_day in parts.days:
        for row in await plain_rows(
            scope.orders_between(first_day, last_day)
            .group_by("customer_account_id")
            .annotate(orders=Count("id"), first=Min("created_at"), last=Max("created_at"))
            .values(account="customer_account_id", orders="orders", first="first", last="last")
        ):
            _add_habit(found, *row)
    return {
        account: Habit(orders, scope.local_day(first), scope.local_day(last))
        for account, (orders, first, last) in found.items()
    }


def _add_habit(found: dict[int, list], account: int, orders: int, first: datetime | str, last: datetime | str) -> None:
    habit = found.setdefault(account, [0, _instant(first), _instant(last)])
    habit[0] += int(orders)
    habit[1] = min(habit[1], _instant(first))
    habit[2] = max(habit[2], _instant(last))


def _instant(value: datetime | str) -> datetime:
    """SQLite answers a timestamp read plainly as its text."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


async def customer_activity(scope: SalesScope) -> list[CustomerActivity]:
    """Every customer with a habit, without its median gap (`with_medians` adds it to those shown)."""
    figures = await account_figures(scope)
    accounts = await account_facts(scope)
    habits = await _habits(scope)
    as_of = min(scope.today(), scope.period_to)
    total = sum((figure.sales for figure in figures.values()), ZERO)
    found = []
    for account_id, habit in habits.items():
        account = accounts[account_id]
        figure = figures.get(account_id) or AccountFigures(account_id, 0, ZERO, 0)
        since_last = max((as_of - habit.last).days, 0)
        found.append(
            CustomerActivity(
                account_id=account_id,
                name=account.name,
                tier=account.tier,
                region=account.region,
                orders=figure.orders,
                sales=figure.sales,
                quantity=figure.quantity,
                share=share(figure.sales, total),
                first_order_on=habit.first,
                last_order_on=habit.last,
                days_since_last_order=since_last,
                average_days_between_orders=habit.average_gap(),
                median_days_between_orders=None,
                at_risk=churn_risk(since_last, habit.average_gap()),
            )
        )
    return found


async def with_medians(scope: SalesScope, shown: list[CustomerActivity]) -> list[CustomerActivity]:
    """`shown` with the median days between each one's orders in the period: one query over the
    orders of those customers only (a page of them, or all for an export)."""
    days: dict[int, list[date]] = defaultdict(list)
    ids = [activity.account_id for activity in shown if activity.orders > 1]
    if ids:
        orders = scope.orders().filter(customer_account_id__in=ids)
        for row in await plain_rows(orders.values(account="customer_account_id", at="created_at")):
            days[row[0]].append(scope.local_day(_instant(row[1])))
    return [replace(activity, median_days_between_orders=_median_gap(days[activity.account_id])) for activity in shown]


def _median_gap(days: list[date]) -> Decimal | None:
    gaps = _gaps(days)
    return _days(median(gaps)) if gaps else None


def _days(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))
