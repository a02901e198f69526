"""The demo data set: the users the README lists can log in and see what DESIGN.md promises."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from app.accounts.models import CustomerAccount, Organization, User
from app.catalog.models import Product, Stock, StockMovement, Variant
from app.demo.catalog import DEALER_A_PRICES
from app.demo.seed import DEMO_PASSWORD, HUAXIN_BUYERS, HUAXIN_STAFF, RETAIL_BUYERS, seed_demo
from app.pricing.models import PriceList, PriceListItem
from app.promotions.engine import PromotionKind
from app.promotions.models import Promotion
from tests.support import gid

ACCOUNTS = "{ customerAccounts(first: 100) { totalCount nodes { status tier supplier { code } buyer { code } salesRep { email } } } }"


async def test_seed_is_repeatable_and_every_demo_user_logs_in(client):
    await seed_demo()
    counts = (await Organization.all().count(), await User.all().count(), await CustomerAccount.all().count())
    await seed_demo()
    assert (await Organization.all().count(), await User.all().count(), await CustomerAccount.all().count()) == counts

    emails = [u.email for u in HUAXIN_STAFF] + [u.email for b in HUAXIN_BUYERS + RETAIL_BUYERS for u in b.users]
    emails.append("admin@dongfang.demo")
    for email in emails:
        assert await client.token(email, DEMO_PASSWORD), email


async def test_demo_accounts_follow_the_design(client):
    await seed_demo()
    admin = (await client.data(ACCOUNTS, token=await client.token("admin@huaxin.demo", DEMO_PASSWORD)))
    by_buyer = {n["buyer"]["code"]: n for n in admin["customerAccounts"]["nodes"]}
    assert by_buyer["dealer-a"]["tier"] == "A" and by_buyer["dealer-a"]["salesRep"]["email"] == "sales1@huaxin.demo"
    assert by_buyer["dealer-b"]["tier"] == "B" and by_buyer["dealer-b"]["salesRep"]["email"] == "sales2@huaxin.demo"
    assert [code for code, n in by_buyer.items() if n["status"] == "PENDING"] == ["dealer-e"]
    assert by_buyer["dongfang"]["status"] == "APPROVED"

    sales1 = await client.data(ACCOUNTS, token=await client.token("sales1@huaxin.demo", DEMO_PASSWORD))
    sales2 = await client.data(ACCOUNTS, token=await client.token("sales2@huaxin.demo", DEMO_PASSWORD))
    assert {n["buyer"]["code"] for n in sales1["customerAccounts"]["nodes"]} == {"dealer-a", "dealer-c", "dongfang"}
    assert {n["buyer"]["code"] for n in sales2["customerAccounts"]["nodes"]} == {"dealer-b", "dealer-d"}

    dongfang = await client.data(ACCOUNTS, token=await client.token("admin@dongfang.demo", DEMO_PASSWORD))
    sides = {(n["supplier"]["code"], n["buyer"]["code"]) for n in dongfang["customerAccounts"]["nodes"]}
    assert sides == {("huaxin", "dongfang"), ("dongfang", "retail-1")}

    retail = await client.data("{ suppliers { code } }", token=await client.token("buyer@retail-1.demo", DEMO_PASSWORD))
    assert retail == {"suppliers": [{"code": "dongfang"}]}
    pending = await client.data("{ suppliers { code } }", token=await client.token("buyer@dealer-e.demo", DEMO_PASSWORD))
    assert pending == {"suppliers": []}


CATALOG = """{ products(first: 100) { totalCount edges { node { name
    variants { sku available price { amount } basePrice { amount } pricing { explanation } }
    promotions { name } } } } }"""


def _variants(data: dict) -> dict[str, dict]:
    return {v["sku"]: v for e in data["products"]["edges"] for v in e["node"]["variants"]}


def _promotion_names(data: dict) -> set[str]:
    return {p["name"] for e in data["products"]["edges"] for p in e["node"]["promotions"]}


async def test_demo_catalog_is_priced_per_buyer(client):
    await seed_demo()
    dealer_a = await client.data(CATALOG, token=await client.token("buyer@dealer-a.demo", DEMO_PASSWORD))
    assert dealer_a["products"]["totalCount"] >= 55
    assert len(dealer_a["products"]["edges"]) == dealer_a["products"]["totalCount"]
    seen_a = _variants(dealer_a)
    rated = [
        v for sku, v in seen_a.items() if sku not in DEALER_A_PRICES
        and Decimal(v["price"]["amount"])
        == (Decimal(v["basePrice"]["amount"]) * Decimal("0.9")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        and v["pricing"]["explanation"] == "A级客户 90%: 90% of the base price"
    ]
    assert len(rated) == len(seen_a) - len(DEALER_A_PRICES)
    fixed = seen_a["HX-DA-002-24"]
    assert (fixed["price"]["amount"], fixed["basePrice"]["amount"]) == ("62.00", "72.00")
    assert fixed["pricing"]["explanation"] == "dealer-a 专属价: fixed price"
    assert seen_a["HX-SN-004-20"]["available"] == 0 and 0 < seen_a["HX-SN-006-1"]["available"] < 10
    assert {"全场满1000减100", "A级客户满3000减300 满5000减600"} <= _promotion_names(dealer_a)

    dealer_b = await client.data(CATALOG, token=await client.token("buyer@dealer-b.demo", DEMO_PASSWORD))
    seen_b = _variants(dealer_b)
    assert seen_b["HX-DA-002-24"]["price"]["amount"] == "72.00"
    assert seen_b["HX-DA-002-24"]["pricing"]["explanation"] == "Base price"
    assert all(v["price"] == v["basePrice"] for v in seen_b.values())
    assert "全场满1000减100" in _promotion_names(dealer_b)
    assert "A级客户满3000减300 满5000减600" not in _promotion_names(dealer_b)

    huaxin = await Organization.get(code="huaxin")
    anonymous = await client.data(
        "query P($s: ID) { products(supplierId: $s) { totalCount } }", {"s": gid("Organization", huaxin.id)}
    )
    assert anonymous == {"products": {"totalCount": 0}}

    staff = await client.data("{ promotions { name kind } }", token=await client.token("admin@huaxin.demo", DEMO_PASSWORD))
    assert len(staff["promotions"]) >= 6
    assert {p["kind"] for p in staff["promotions"]} == {kind.value for kind in PromotionKind}


async def test_demo_catalog_is_built_once(client):
    await seed_demo()
    models = (Product, Variant, Stock, StockMovement, PriceList, PriceListItem, Promotion)
    counts = [await model.all().count() for model in models]
    assert counts[0] >= 60
    await seed_demo()
    assert [await model.all().count() for model in models] == counts


async def test_chain_group_sees_its_restricted_product(client):
    await seed_demo()
    query = "{ products(first: 100) { totalCount } }"
    dealer_a = await client.data(query, token=await client.token("buyer@dealer-a.demo", DEMO_PASSWORD))
    dealer_c = await client.data(query, token=await client.token("buyer@dealer-c.demo", DEMO_PASSWORD))
    assert dealer_c["products"]["totalCount"] == dealer_a["products"]["totalCount"] + 1
