"""Per customer: orders, frequency, last order and the churn warning (流失预警).

Frequency is the average number of days between consecutive orders in the period (days in the
supplier's timezone). A customer is at risk when it ordered at least twice in the period and the
days from its last order to the period's end (or today, if earlier) exceed CHURN_FACTOR times its
median gap between orders (a gap of less than a day counts as one day).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

from app.reports.breakdowns import Measure, account_facts, account_figures
from app.reports.figures import ZERO, share
from app.reports.scope import SalesScope

CHURN_FACTOR = 2


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
        return {
            Measure.SALES: self.sales,
            Measure.QUANTITY: Decimal(self.quantity),
            Measure.ORDERS: Decimal(self.orders),
        }[measure]


def _gaps(days: list[date]) -> list[int]:
    ordered = sorted(days)
    return [(later - earlier).days for earlier, later in zip(ordered, ordered[1:], strict=False)]


def churn_risk(days_since_last: int, gaps: list[int]) -> bool:
    return bool(gaps) and days_since_last > CHURN_FACTOR * max(median(gaps), 1)


async def customer_activity(scope: SalesScope) -> list[CustomerActivity]:
    figures = await account_figures(scope)
    accounts = await account_facts(scope)
    days: dict[int, list[date]] = defaultdict(list)
    for account_id, created_at in await scope.orders().values_list("customer_account_id", "created_at"):
        days[account_id].append(scope.local_day(created_at))
    as_of = min(scope.today(), scope.period_to)
    total = sum((figure.sales for figure in figures.values()), ZERO)
    found = []
    for account_id, figure in figures.items():
        account = accounts[account_id]
        gaps = _gaps(days[account_id])
        last = max(days[account_id])
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
                first_order_on=min(days[account_id]),
                last_order_on=last,
                days_since_last_order=max((as_of - last).days, 0),
                average_days_between_orders=_days(sum(gaps) / len(gaps)) if gaps else None,
                median_days_between_orders=_days(median(gaps)) if gaps else None,
                at_risk=churn_risk(max((as_of - last).days, 0), gaps),
            )
        )
    return found


def _days(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.1"))
