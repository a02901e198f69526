"""The supplier's view of its dealers' reports for one month: per dealer and product the units
sold and the stock held, and how many days that stock lasts.

Days of stock (库存可售天数) = stock on hand at the month's end ÷ average daily sales over the month
(units sold ÷ days in the month), to one decimal; none when nothing was sold (the stock does not
run down at all). Totals and regions use the same formula on their sums.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from tortoise.expressions import Subquery
from tortoise.functions import Sum

from app.accounts.models import CustomerAccount
from app.accounts.permissions import Principal, require_authenticated
from app.catalog.models import Product
from app.errors import PermissionDenied
from app.sellthrough.models import SellThroughLine
from app.sellthrough.periods import Period
from app.sellthrough.reports import ReportFilter, filter_reports, visible_reports

LOW_DAYS = Decimal(15)
"""Below this the dealer may run out before the next delivery: worth an order."""
HIGH_DAYS = Decimal(90)
"""Above this the dealer holds a quarter's stock or more: slow sellers, or too much pushed."""


class StockCover(StrEnum):
    NO_SALES = "NO_SALES"
    LOW = "LOW"
    NORMAL = "NORMAL"
    HIGH = "HIGH"


@dataclass(frozen=True)
class Figures:
    quantity_sold: int
    stock_on_hand: int
    days_of_stock: Decimal | None
    cover: StockCover


def figures(quantity_sold: int, stock_on_hand: int, period: Period) -> Figures:
    if quantity_sold <= 0:
        return Figures(quantity_sold, stock_on_hand, None, StockCover.NO_SALES)
    days = (Decimal(stock_on_hand) * period.days / quantity_sold).quantize(Decimal("0.1"), ROUND_HALF_UP)
    cover = StockCover.LOW if days < LOW_DAYS else StockCover.HIGH if days > HIGH_DAYS else StockCover.NORMAL
    return Figures(quantity_sold, stock_on_hand, days, cover)


@dataclass(frozen=True)
class DealerProduct:
    customer_account_id: int
    buyer_name: str
    region: str | None
    product_id: int
    product_name: str
    figures: Figures

    @property
    def key(self) -> int:
        """Unique per row, for keyset paging in memory: the account in the high bits."""
        return (self.customer_account_id << 32) | self.product_id


@dataclass(frozen=True)
class RegionFigures:
    region: str | None
    dealer_count: int
    figures: Figures


@dataclass(frozen=True)
class Analysis:
    period: Period
    rows: list[DealerProduct]
    """Most units sold first."""
    totals: Figures
    by_region: list[RegionFigures]
    """Most units sold first."""


def require_analyst(principal: Principal) -> int:
    require_authenticated(principal)
    if not principal.can_sell:
        raise PermissionDenied("The sell-through analysis is for a supplier's staff.")
    return principal.require_organization_id()


async def analyse(principal: Principal, wanted: ReportFilter) -> Analysis:
    """Three queries whatever the number of dealers and products: the sums, the accounts, the products."""
    supplier_id = require_analyst(principal)
    assert wanted.period is not None
    reports = filter_reports(visible_reports(principal).filter(supplier_id=supplier_id), wanted)
    lines = SellThroughLine.filter(report_id__in=Subquery(reports.values("id")))
    if wanted.product_id is not None:
        lines = lines.filter(variant__product_id=wanted.product_id)
    sums = (
        await lines.annotate(sold=Sum("quantity_sold"), stock=Sum("stock_on_hand"))
        .group_by("report__customer_account_id", "variant__product_id")
        .values_list("report__customer_account_id", "variant__product_id", "sold", "stock")
    )
    accounts = await _accounts({row[0] for row in sums})
    products = dict(await Product.filter(id__in={row[1] for row in sums}).values_list("id", "name")) if sums else {}
    rows = [
        DealerProduct(
            account_id,
            accounts[account_id][0],
            accounts[account_id][1],
            product_id,
            products[product_id],
            figures(int(sold), int(stock), wanted.period),
        )
        for account_id, product_id, sold, stock in sums
    ]
    rows.sort(key=lambda r: (-r.figures.quantity_sold, r.key))
    return Analysis(wanted.period, rows, _total(rows, wanted.period), _regions(rows, wanted.period))


async def _accounts(ids: set[int]) -> dict[int, tuple[str, str | None]]:
    if not ids:
        return {}
    found = await CustomerAccount.filter(id__in=ids).values_list("id", "buyer__name", "region")
    return {pk: (name, region) for pk, name, region in found}


def _total(rows: list[DealerProduct], period: Period) -> Figures:
    return figures(sum(r.figures.quantity_sold for r in rows), sum(r.figures.stock_on_hand for r in rows), period)


def _regions(rows: list[DealerProduct], period: Period) -> list[RegionFigures]:
    grouped: dict[str | None, list[DealerProduct]] = defaultdict(list)
    for row in rows:
        grouped[row.region].append(row)
    regions = [
        RegionFigures(region, len({r.customer_account_id for r in members}), _total(members, period))
        for region, members in grouped.items()
    ]
    return sorted(regions, key=lambda r: (-r.figures.quantity_sold, r.region or ""))
