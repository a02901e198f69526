"""A buyer's price scope: everything that decides what a page of a supplier's catalog shows it.

For one approved customer account the page depends on (see app/pricing, app/promotions and
app/catalog/service.visible_products):
- the supplier (its catalog, its settings);
- the account's tier, customer group and region: the tier, group and region price lists, the
  promotions targeting tiers, groups and regions, the products restricted to groups;
- the account itself only when a price list is assigned to it or a promotion targets it by id;
  otherwise every account with the same tier, group and region sees the same page;
- the time, through the windows of price lists and promotions: an answer is good until the next
  window opens or closes (`SupplierFacts.next_boundary`).

Promotion uses per account are not counted in the catalog (app/promotions/service.buyer_of), and
the per-account fields (quotas) are left to the caller to keep out of anything shared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.accounts.models import CustomerAccount, CustomerAccountStatus
from app.pricing.models import PriceList, PriceListAssignment
from app.promotions.models import Promotion


@dataclass(frozen=True)
class BuyerAccount:
    id: int
    supplier_id: int
    tier: str | None
    customer_group: str | None
    region: str | None


@dataclass(frozen=True)
class SupplierFacts:
    """What of one supplier's pricing singles out accounts, and when its next window turns."""

    targeted_account_ids: frozenset[int]
    next_boundary: datetime | None


@dataclass(frozen=True)
class AccountScope:
    supplier_id: int
    tier: str | None
    customer_group: str | None
    region: str | None
    account_id: int | None
    """Only for an account a price list or a promotion names by itself."""


async def buyer_accounts(buyer_id: int) -> tuple[BuyerAccount, ...]:
    """The approved accounts a buyer browses with (as catalog_access finds them): one query."""
    rows = await CustomerAccount.filter(
        buyer_id=buyer_id, status=CustomerAccountStatus.APPROVED, supplier__can_sell=True
    ).values_list("id", "supplier_id", "tier", "customer_group", "region")
    return tuple(BuyerAccount(*row) for row in sorted(rows))


async def supplier_facts(supplier_id: int, now: datetime) -> SupplierFacts:
    """Three queries over the supplier's price lists and promotions (tens of rows)."""
    assigned = await PriceListAssignment.filter(
        price_list__supplier_id=supplier_id, price_list__archived=False, customer_account_id__isnull=False
    ).values_list("customer_account_id")
    windows = list(
        await PriceList.filter(supplier_id=supplier_id, archived=False).values_list("valid_from", "valid_until")
    )
    targeted = {int(account_id) for (account_id,) in assigned}
    for account_ids, starts_at, ends_at in await Promotion.filter(supplier_id=supplier_id, archived=False).values_list(
        "target_account_ids", "starts_at", "ends_at"
    ):
        targeted.update(int(account_id) for account_id in account_ids or ())
        windows.append((starts_at, ends_at))
    upcoming = [moment for window in windows for moment in window if moment is not None and moment > now]
    return SupplierFacts(frozenset(targeted), min(upcoming, default=None))


def account_scope(account: BuyerAccount, facts: SupplierFacts) -> AccountScope:
    return AccountScope(
        account.supplier_id,
        account.tier,
        account.customer_group,
        account.region,
        account.id if account.id in facts.targeted_account_ids else None,
    )
