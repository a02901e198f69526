"""Promotions and price lists target regions as well as tiers, groups and accounts; precedence
for price lists is own account → tier/group → region → base price."""

from __future__ import annotations

from decimal import Decimal

from app.accounts import service as accounts
from app.accounts.models import CustomerAccount
from app.pricing import service as pricing
from app.pricing.models import PriceListKind
from tests.support import gid, make_buyer, make_shop, principal_of
from tests.test_catalog import _catalog, _prices_for

PROMOTION = """
mutation ($input: PromotionCreateInput!) {
  promotionCreate(input: $input) { promotion { id targetRegions } userErrors { field code message } }
}
"""
ADD = """
mutation ($input: CartAddLinesInput!) {
  cartAddLines(input: $input) { cart { subtotal { amount } discountTotal { amount } total { amount } }
    userErrors { code } }
}
"""


async def _in_region(supplier, account: CustomerAccount, region: str | None, tier: str | None = "B") -> None:
    terms = {"region": region, "tier": tier}
    await accounts.update_customer_account(
        await principal_of(supplier.admin),
        account.id,
        accounts.CustomerTerms(**terms, fields_set=frozenset(terms)),
    )


async def test_a_region_targeted_promotion_applies_in_that_region_only(client):
    supplier, _, variants = await make_shop()
    variant = variants["TEA-1"]
    _, east_buyer, east = await make_buyer(supplier, "east", tier="B")
    _, west_buyer, west = await make_buyer(supplier, "west", tier="B")
    await _in_region(supplier, east, "华东/上海")
    await _in_region(supplier, west, "西南/成都")
    admin_token = await client.token(supplier.admin.email)
    blank = (
        await client.data(
            PROMOTION,
            {"input": {"name": "East 10%", "kind": "PERCENT_OFF", "percentOff": "10", "targetRegions": [" "]}},
            token=admin_token,
        )
    )["promotionCreate"]
    assert blank["userErrors"][0]["field"] == ["input", "targetRegions"]
    created = (
        await client.data(
            PROMOTION,
            {"input": {"name": "East 10%", "kind": "PERCENT_OFF", "percentOff": "10", "targetRegions": ["华东/上海"]}},
            token=admin_token,
        )
    )["promotionCreate"]
    assert created["userErrors"] == [] and created["promotion"]["targetRegions"] == ["华东/上海"]

    lines = {
        "supplierId": gid("Organization", supplier.org.id),
        "lines": [{"variantId": gid("Variant", variant.id), "quantity": 2}],
    }
    east_cart = (await client.data(ADD, {"input": lines}, token=await client.token(east_buyer.email)))["cartAddLines"]
    west_cart = (await client.data(ADD, {"input": lines}, token=await client.token(west_buyer.email)))["cartAddLines"]
    assert east_cart["userErrors"] == [], east_cart
    assert east_cart["cart"]["discountTotal"]["amount"] == "2.00"
    assert east_cart["cart"]["total"]["amount"] == "18.00"
    assert west_cart["cart"]["discountTotal"]["amount"] == "0.00"
    assert west_cart["cart"]["total"]["amount"] == "20.00"


async def test_price_lists_by_region_rank_below_account_tier_and_group(client):
    supplier, admin, variant, _ = await _catalog()
    _, plain, plain_account = await make_buyer(supplier, "plain", tier="B")
    _, tiered, tiered_account = await make_buyer(supplier, "tiered", tier="A")
    _, own, own_account = await make_buyer(supplier, "own", tier="B")
    _, elsewhere, elsewhere_account = await make_buyer(supplier, "elsewhere", tier="B")
    for account, tier in ((plain_account, "B"), (tiered_account, "A"), (own_account, "B")):
        await _in_region(supplier, account, "华东", tier)
    await _in_region(supplier, elsewhere_account, "华北")
    region = await pricing.create_price_list(
        admin,
        pricing.PriceListInput(
            name="East 95%", kind=PriceListKind.RATE, rate=Decimal("0.95"), regions=("华东",), priority=100
        ),
    )
    assert region.id
    await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Tier A 90%", kind=PriceListKind.RATE, rate=Decimal("0.9"), tiers=("A",))
    )
    special = await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Own deal", kind=PriceListKind.FIXED, account_ids=(own_account.id,))
    )
    await pricing.set_prices(admin, special.id, [pricing.PriceInput(variant.id, "80.00")])

    seen = {}
    for name, user in (("plain", plain), ("tiered", tiered), ("own", own), ("elsewhere", elsewhere)):
        priced = await _prices_for(client, await client.token(user.email), supplier.org.id)
        seen[name] = (priced["price"]["amount"], priced["pricing"]["priceListName"])
    assert seen == {
        "plain": ("95.00", "East 95%"),
        "tiered": ("90.00", "Tier A 90%"),
        "own": ("80.00", "Own deal"),
        "elsewhere": ("100.00", None),
    }


async def test_a_price_list_may_be_assigned_to_regions_alone_over_the_api(client):
    supplier, _, _, _ = await _catalog()
    token = await client.token(supplier.admin.email)
    created = await client.data(
        """mutation ($input: PriceListCreateInput!) {
          priceListCreate(input: $input) { priceList { id } userErrors { field code } } }""",
        {"input": {"name": "North", "kind": "RATE", "rate": "0.97", "regions": ["华北"]}},
        token=token,
    )
    assert created["priceListCreate"]["userErrors"] == []
    too_long = await client.data(
        """mutation ($input: PriceListCreateInput!) {
          priceListCreate(input: $input) { priceList { id } userErrors { field code } } }""",
        {"input": {"name": "Long", "kind": "RATE", "rate": "0.97", "regions": ["x" * 129]}},
        token=token,
    )
    assert too_long["priceListCreate"]["userErrors"] == [{"field": ["input", "regions"], "code": "TOO_LONG"}]
