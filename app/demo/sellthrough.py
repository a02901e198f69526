"""Huaxin's dealers' sell-through reports (信息上报) in the demo: dealers a to d report the last two
full months, each on the first SKUs of the catalog, with figures that give the analysis page low,
normal and high days of stock. Built by the service, once."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from app.accounts.auth import principal_for_user
from app.accounts.models import Organization, User
from app.catalog.models import Variant
from app.clock import utc_now
from app.demo.history import SUPPLIER_CODE
from app.sellthrough import reports
from app.sellthrough.models import SellThroughReport
from app.sellthrough.periods import Period

# Per dealer: units sold per SKU in a month, and how many months of sales it keeps in stock
# (a-dealer restocks tightly, d-dealer holds far too much).
DEALERS = (
    ("buyer@dealer-a.demo", 120, 0.4),
    ("buyer@dealer-b.demo", 60, 1.2),
    ("buyer@dealer-c.demo", 90, 0.8),
    ("buyer@dealer-d.demo", 20, 5.0),
)
SKUS_REPORTED = 8


async def seed_sell_through() -> None:
    supplier = await Organization.get(code=SUPPLIER_CODE)
    if await SellThroughReport.exists(supplier_id=supplier.id):
        return
    skus = await Variant.filter(supplier_id=supplier.id, archived=False, product__published=True).order_by("sku")
    this_month = utc_now().astimezone(ZoneInfo(supplier.timezone)).date().replace(day=1)
    last = Period.starting(this_month - timedelta(days=1))
    before = Period.starting(last.start - timedelta(days=1))
    for email, monthly, months_held in DEALERS:
        principal = await principal_for_user(await User.get(email=email).select_related("organization"))
        for shift, period in enumerate((before, last)):
            lines = [
                _line(variant.id, index, monthly, months_held, shift)
                for index, variant in enumerate(skus[:SKUS_REPORTED])
            ]
            await reports.submit(principal, supplier.id, period, lines)


def _line(variant_id: int, index: int, monthly: int, months_held: float, shift: int) -> reports.LineInput:
    """Sales fall off along the SKU list and grow a little month on month; the last SKU reported
    sits at a fixed 30 units, so a dealer selling little of it shows a long cover."""
    sold = monthly // (index + 1) + 5 * shift
    held = 30 if index == SKUS_REPORTED - 1 else round(sold * months_held)
    return reports.LineInput(variant_id, sold, held)
