"""cartPreview: supplier staff ask what a customer would pay for some lines now — priced as that
customer's cart with its promotions — and nothing is stored."""

from __future__ import annotations

from app.accounts.models import Role
from app.carts import service as carts
from app.carts.models import CustomerCart, CustomerCartLine
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from tests.support import gid, make_buyer, make_shop, make_user

PREVIEW = """query P($account: ID!, $lines: [CartLineInput!]!) {
  cartPreview(customerAccountId: $account, lines: $lines) {
    customerAccountId subtotal { amount currency } discountTotal { amount } total { amount }
    appliedPromotions { name discount { amount } }
    hints { message missingAmount { amount } }
    lines { variant { sku } quantity unitPrice { amount } lineTotal { amount } warnings { code } } } }"""


async def shop_with_threshold_for_tier_a():
    supplier, admin, variants = await make_shop(stock=1000)
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(
            name="满1000减100", kind=PromotionKind.THRESHOLD_DISCOUNT, steps=(("1000", "100"),), target_tiers=("A",)
        ),
    )
    _, _, tier_a = await make_buyer(supplier, "alpha", tier="A")
    _, _, tier_b = await make_buyer(supplier, "beta", tier="B")
    return supplier, variants, tier_a, tier_b


def lines(variants, **quantities) -> list[dict]:
    return [
        {"variantId": gid("Variant", variants[sku.replace("_", "-")].id), "quantity": q}
        for sku, q in quantities.items()
    ]


async def test_preview_prices_as_the_customer_with_its_promotions_and_stores_nothing(client):
    supplier, variants, tier_a, tier_b = await shop_with_threshold_for_tier_a()
    token = await client.token(supplier.admin.email)
    carts_before = await CustomerCart.all().count()
    as_a = (
        await client.data(
            PREVIEW, {"account": gid("CustomerAccount", tier_a.id), "lines": lines(variants, TEA_6=24)}, token=token
        )
    )["cartPreview"]
    assert as_a["customerAccountId"] == gid("CustomerAccount", tier_a.id)
    assert (as_a["subtotal"], as_a["discountTotal"], as_a["total"]) == (
        {"amount": "1200.00", "currency": "CNY"},
        {"amount": "100.00"},
        {"amount": "1100.00"},
    )
    assert as_a["appliedPromotions"] == [{"name": "满1000减100", "discount": {"amount": "100.00"}}]
    assert as_a["lines"] == [
        {
            "variant": {"sku": "TEA-6"},
            "quantity": 24,
            "unitPrice": {"amount": "50.00"},
            "lineTotal": {"amount": "1100.00"},
            "warnings": [],
        }
    ]
    as_b = (
        await client.data(
            PREVIEW, {"account": gid("CustomerAccount", tier_b.id), "lines": lines(variants, TEA_6=24)}, token=token
        )
    )["cartPreview"]
    assert (as_b["discountTotal"], as_b["total"], as_b["appliedPromotions"]) == (
        {"amount": "0.00"},
        {"amount": "1200.00"},
        [],
    )
    short = (
        await client.data(
            PREVIEW,
            {"account": gid("CustomerAccount", tier_a.id), "lines": lines(variants, TEA_6=6, TEA_1=5)},
            token=token,
        )
    )["cartPreview"]
    assert short["total"] == {"amount": "350.00"}
    assert [h["missingAmount"] for h in short["hints"]] == [{"amount": "650.00"}]
    assert await CustomerCart.all().count() == carts_before
    assert await CustomerCartLine.all().count() == 0


async def test_preview_warns_of_order_rules_and_refuses_bad_input(client):
    supplier, variants, tier_a, _ = await shop_with_threshold_for_tier_a()
    token = await client.token(supplier.admin.email)
    account = gid("CustomerAccount", tier_a.id)
    odd = (await client.data(PREVIEW, {"account": account, "lines": lines(variants, TEA_6=7)}, token=token))[
        "cartPreview"
    ]
    assert odd["lines"][0]["warnings"] == [{"code": "NOT_A_MULTIPLE"}]
    foreign = await make_shop("other")
    refused = await client.execute(
        PREVIEW,
        {"account": account, "lines": [{"variantId": gid("Variant", foreign[2]["TEA-1"].id), "quantity": 1}]},
        token=token,
    )
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    empty = await client.execute(PREVIEW, {"account": account, "lines": []}, token=token)
    assert empty["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    stranger = await client.execute(
        PREVIEW,
        {"account": gid("CustomerAccount", tier_a.id), "lines": lines(variants, TEA_1=1)},
        token=await client.token(foreign[0].admin.email),
    )
    assert stranger["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "customer account" in stranger["errors"][0]["message"]


async def test_preview_is_for_price_readers_and_a_rep_sees_only_their_customers(client):
    supplier, variants, _, _ = await shop_with_threshold_for_tier_a()
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    _, _, theirs = await make_buyer(supplier, "gamma", sales_rep=rep)
    _, _, not_theirs = await make_buyer(supplier, "delta")
    warehouse = await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})

    async def preview(login: str, account) -> dict:
        variables = {"account": gid("CustomerAccount", account.id), "lines": lines(variants, TEA_1=1)}
        return await client.execute(PREVIEW, variables, token=await client.token(login))

    assert (await preview(warehouse.email, theirs))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await preview(rep.email, theirs))["data"]["cartPreview"]["total"] == {"amount": "10.00"}
    assert (await preview(rep.email, not_theirs))["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_full_cart_refuses_a_new_line_but_not_more_of_one_it_holds(client, monkeypatch):
    monkeypatch.setattr(carts, "MAX_LINES", 1)
    supplier, _, variants = await make_shop()
    await make_buyer(supplier, "alpha")
    token = await client.token("buyer@alpha.test")
    add = """mutation A($s: ID!, $v: ID!, $q: Int!) { cartAddLines(input: {supplierId: $s, lines: [{variantId: $v, quantity: $q}]}) {
      cart { lines { quantity variant { sku } } } userErrors { field code message } } }"""
    s = gid("Organization", supplier.org.id)

    async def adding(sku: str, quantity: int) -> dict:
        variables = {"s": s, "v": gid("Variant", variants[sku].id), "q": quantity}
        return (await client.data(add, variables, token=token))["cartAddLines"]

    assert (await adding("TEA-1", 2))["userErrors"] == []
    assert (await adding("TEA-6", 6))["userErrors"] == [
        {"field": ["input", "lines"], "code": "OUT_OF_RANGE", "message": "A cart holds at most 1 lines."}
    ]
    more = await adding("TEA-1", 3)
    assert more["userErrors"] == [] and more["cart"]["lines"] == [{"quantity": 5, "variant": {"sku": "TEA-1"}}]
