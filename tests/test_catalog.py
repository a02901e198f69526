"""The catalog priced for the caller: price lists, volume breaks, visibility, filters, stock,
promotions shown per product, and constant SQL per page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from app.accounts.models import CatalogVisibility, CustomerAccount, PublicPrices, Role
from app.catalog import service as catalog
from app.catalog.models import Product, ProductTag, Variant
from app.clock import utc_now
from app.db import fetch
from app.inventory import service as inventory
from app.inventory.models import Stock, StockMovement
from app.pricing import service as pricing
from app.pricing.models import PriceListKind
from tests.support import gid, make_buyer, make_supplier, make_user, principal_of

PRICES = """
query P($supplier: ID, $q: Int) {
  products(supplierId: $supplier, first: 50) {
    edges { node { name variants { sku price(quantity: $q) { amount currency }
      pricing(quantity: $q) { explanation priceListName }
      basePrice { amount } volumeBreaks { minQuantity unitPrice { amount } } available } } }
  }
}
"""


async def _catalog():
    supplier = await make_supplier("acme")
    admin = await principal_of(supplier.admin)
    tea = await catalog.create_category(admin, "Tea", None)
    green = await catalog.create_category(admin, "Green tea", tea.id)
    brand = await catalog.create_brand(admin, "Longjing House")
    product = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="西湖龙井 West Lake Longjing",
            category_id=green.id,
            brand_id=brand.id,
            tags=(ProductTag.HOT,),
            published=True,
            variants=(
                catalog.VariantInput(
                    sku="LJ-250",
                    base_price="100.00",
                    barcode="6901234567890",
                    volume_breaks=((10, "95.00"), (50, "90.00")),
                ),
            ),
        ),
    )
    variant = await Variant.get(product_id=product.id)
    return supplier, admin, variant, {"tea": tea, "green": green, "brand": brand, "product": product}


async def _prices_for(client, token, supplier_id, quantity=1):
    data = await client.data(PRICES, {"supplier": gid("Organization", supplier_id), "q": quantity}, token=token)
    return data["products"]["edges"][0]["node"]["variants"][0]


async def test_two_tiers_see_different_prices_and_an_account_price_beats_the_tier(client):
    supplier, admin, variant, _ = await _catalog()
    _, buyer_a, account_a = await make_buyer(supplier, "alpha", tier="A")
    _, buyer_b, _ = await make_buyer(supplier, "beta", tier="B")
    _, buyer_c, account_c = await make_buyer(supplier, "gamma", tier="A")
    await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Tier A 90%", kind=PriceListKind.RATE, rate=Decimal("0.9"), tiers=("A",))
    )
    own = await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Gamma special", kind=PriceListKind.FIXED, account_ids=(account_c.id,))
    )
    await pricing.set_prices(admin, own.id, [pricing.PriceInput(variant.id, "80.00")])

    a = await _prices_for(client, await client.token(buyer_a.email), supplier.org.id)
    b = await _prices_for(client, await client.token(buyer_b.email), supplier.org.id)
    c = await _prices_for(client, await client.token(buyer_c.email), supplier.org.id)
    assert a["price"] == {"amount": "90.00", "currency": "CNY"}
    assert a["pricing"] == {"explanation": "Tier A 90%: 90% of the base price", "priceListName": "Tier A 90%"}
    assert b["price"]["amount"] == "100.00" and b["pricing"]["explanation"] == "Base price"
    assert c["price"]["amount"] == "80.00" and c["pricing"]["priceListName"] == "Gamma special"
    assert account_a


async def test_rate_list_rounds_half_up(client):
    supplier, admin, variant, _ = await _catalog()
    await Variant.filter(id=variant.id).update(base_price=Decimal("10.05"))
    await catalog.VolumeBreak.filter(variant_id=variant.id).delete()
    _, buyer, _ = await make_buyer(supplier, "alpha", tier="A")
    await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Half", kind=PriceListKind.RATE, rate=Decimal("0.5"), tiers=("A",))
    )
    seen = await _prices_for(client, await client.token(buyer.email), supplier.org.id)
    assert seen["price"]["amount"] == "5.03"


@pytest.mark.parametrize(
    "quantity, amount", [(1, "100.00"), (9, "100.00"), (10, "95.00"), (49, "95.00"), (50, "90.00")]
)
async def test_base_volume_breaks_apply_at_their_quantities(client, quantity, amount):
    supplier, _, _, _ = await _catalog()
    _, buyer, _ = await make_buyer(supplier, "alpha", tier="B")
    seen = await _prices_for(client, await client.token(buyer.email), supplier.org.id, quantity)
    assert seen["price"]["amount"] == amount
    assert seen["volumeBreaks"] == [
        {"minQuantity": 1, "unitPrice": {"amount": "100.00"}},
        {"minQuantity": 10, "unitPrice": {"amount": "95.00"}},
        {"minQuantity": 50, "unitPrice": {"amount": "90.00"}},
    ]


async def test_fixed_list_volume_breaks_and_rate_lists_follow_base_breaks(client):
    supplier, admin, variant, _ = await _catalog()
    _, buyer, account = await make_buyer(supplier, "alpha", tier="A")
    fixed = await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Deal", kind=PriceListKind.FIXED, account_ids=(account.id,))
    )
    await pricing.set_prices(
        admin, fixed.id, [pricing.PriceInput(variant.id, "88.00"), pricing.PriceInput(variant.id, "70.00", 100)]
    )
    token = await client.token(buyer.email)
    assert (await _prices_for(client, token, supplier.org.id, 99))["price"]["amount"] == "88.00"
    assert (await _prices_for(client, token, supplier.org.id, 100))["price"]["amount"] == "70.00"


async def test_expired_and_future_lists_are_ignored(client):
    supplier, admin, _, _ = await _catalog()
    _, buyer, _ = await make_buyer(supplier, "alpha", tier="A")
    now = utc_now()
    await pricing.create_price_list(
        admin,
        pricing.PriceListInput(
            name="Last year",
            kind=PriceListKind.RATE,
            rate=Decimal("0.5"),
            tiers=("A",),
            valid_from=now - timedelta(days=400),
            valid_until=now - timedelta(days=35),
        ),
    )
    await pricing.create_price_list(
        admin,
        pricing.PriceListInput(
            name="Next month",
            kind=PriceListKind.RATE,
            rate=Decimal("0.6"),
            tiers=("A",),
            valid_from=now + timedelta(days=30),
        ),
    )
    seen = await _prices_for(client, await client.token(buyer.email), supplier.org.id)
    assert seen["price"]["amount"] == "100.00"


async def test_anonymous_visitors_see_what_the_supplier_allows(client):
    supplier, _, _, _ = await _catalog()
    query = """query P($s: ID) { products(supplierId: $s) { totalCount edges { node { name
        variants { price { amount } basePrice { amount } } } } } }"""
    variables = {"s": gid("Organization", supplier.org.id)}

    hidden = await client.data(query, variables)
    assert hidden["products"] == {"totalCount": 0, "edges": []}

    supplier.org.catalog_visibility = CatalogVisibility.PUBLIC
    await supplier.org.save()
    public = await client.data(query, variables)
    assert public["products"]["totalCount"] == 1
    assert public["products"]["edges"][0]["node"]["variants"] == [{"price": None, "basePrice": None}]

    supplier.org.public_prices = PublicPrices.BASE
    await supplier.org.save()
    priced = await client.data(query, variables)
    assert priced["products"]["edges"][0]["node"]["variants"] == [
        {"price": {"amount": "100.00"}, "basePrice": {"amount": "100.00"}}
    ]


async def test_pending_buyers_and_other_suppliers_buyers_see_nothing(client):
    supplier, _, _, _ = await _catalog()
    _, pending, _ = await make_buyer(supplier, "late", approve=False)
    other = await make_supplier("other")
    _, stranger, _ = await make_buyer(other, "stranger")
    for email in (pending.email, stranger.email):
        data = await client.data(
            "query P($s: ID) { products(supplierId: $s) { totalCount } }",
            {"s": gid("Organization", supplier.org.id)},
            token=await client.token(email),
        )
        assert data == {"products": {"totalCount": 0}}, email


async def test_unpublished_and_group_restricted_products(client):
    supplier, admin, _, _ = await _catalog()
    await catalog.create_product(
        admin,
        catalog.ProductInput(name="Draft", variants=(catalog.VariantInput(sku="D-1", base_price="1"),)),
    )
    await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="Chain only",
            published=True,
            customer_groups=("chain",),
            variants=(catalog.VariantInput(sku="C-1", base_price="1"),),
        ),
    )
    _, plain, _ = await make_buyer(supplier, "plain")
    _, chain_user, chain = await make_buyer(supplier, "chainco")
    await chain.__class__.filter(id=chain.id).update(customer_group="chain")
    query = "{ products(first: 50, sort: NAME) { edges { node { name } } } }"

    def names(data):
        return [e["node"]["name"] for e in data["products"]["edges"]]

    assert names(await client.data(query, token=await client.token(plain.email))) == ["西湖龙井 West Lake Longjing"]
    assert names(await client.data(query, token=await client.token(chain_user.email))) == [
        "Chain only",
        "西湖龙井 West Lake Longjing",
    ]
    staff = names(await client.data(query, token=await client.token("admin@acme.test")))
    assert staff == ["Chain only", "Draft", "西湖龙井 West Lake Longjing"]


async def test_search_filters_and_sorts(client):
    supplier, admin, _, refs = await _catalog()
    await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="乌龙茶 Oolong",
            category_id=refs["tea"].id,
            published=True,
            variants=(catalog.VariantInput(sku="OO-1", base_price="50.00"),),
        ),
    )
    await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="Teapot", published=True, variants=(catalog.VariantInput(sku="POT-9", base_price="300.00"),)
        ),
    )
    _, buyer, _ = await make_buyer(supplier, "alpha", tier="B")
    token = await client.token(buyer.email)
    query = """query P($f: ProductFilter, $s: ProductSort) { products(first: 50, filter: $f, sort: $s) {
        totalCount edges { node { name } } } }"""

    async def names(filter_=None, sort="NEWEST"):
        data = await client.data(query, {"f": filter_, "s": sort}, token=token)
        return [e["node"]["name"] for e in data["products"]["edges"]]

    assert await names({"search": "龙井"}) == ["西湖龙井 West Lake Longjing"]
    assert await names({"search": "pot-9"}) == ["Teapot"]
    assert await names({"search": "6901234567890"}) == ["西湖龙井 West Lake Longjing"]
    assert await names({"categoryId": gid("Category", refs["tea"].id)}, "NAME") == [
        "乌龙茶 Oolong",
        "西湖龙井 West Lake Longjing",
    ]
    assert await names({"brandId": gid("Brand", refs["brand"].id)}) == ["西湖龙井 West Lake Longjing"]
    assert await names({"tag": "HOT"}) == ["西湖龙井 West Lake Longjing"]
    assert await names(sort="PRICE_ASC") == ["乌龙茶 Oolong", "西湖龙井 West Lake Longjing", "Teapot"]
    assert await names(sort="PRICE_DESC") == ["Teapot", "西湖龙井 West Lake Longjing", "乌龙茶 Oolong"]
    assert await names({"minPrice": "60", "maxPrice": "200"}, "PRICE_ASC") == ["西湖龙井 West Lake Longjing"]


async def test_price_sorted_pages_walk_every_product_once(client):
    supplier, admin, _, _ = await _catalog()
    for n in range(7):
        await catalog.create_product(
            admin,
            catalog.ProductInput(
                name=f"Item {n}",
                published=True,
                variants=(catalog.VariantInput(sku=f"I-{n}", base_price=str(10 + n % 3)),),
            ),
        )
    _, buyer, _ = await make_buyer(supplier, "alpha", tier="B")
    token = await client.token(buyer.email)
    query = """query P($after: String) { products(first: 3, after: $after, sort: PRICE_ASC) {
        pageInfo { hasNextPage endCursor } edges { node { name variants { price { amount } } } } } }"""
    seen, after = [], None
    while True:
        page = (await client.data(query, {"after": after}, token=token))["products"]
        seen += [(Decimal(e["node"]["variants"][0]["price"]["amount"]), e["node"]["name"]) for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == 8 and len({name for _, name in seen}) == 8
    assert [price for price, _ in seen] == sorted(price for price, _ in seen)


async def test_stock_adjust_keeps_a_movement_log_and_never_goes_below_reserved(client):
    supplier, admin, variant, _ = await _catalog()
    warehouse = await inventory.create_warehouse(admin, "SH", "Shanghai")
    await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    token = await client.token("wh@acme.test")
    mutation = """mutation A($v: ID!, $w: ID!, $c: Int!, $r: String!) {
      stockAdjust(input: {variantId: $v, warehouseId: $w, change: $c, reason: $r}) {
        stock { onHand reserved available warehouse { code } } userErrors { field code } } }"""
    ids = {"v": gid("Variant", variant.id), "w": gid("Warehouse", warehouse.id)}
    added = await client.data(mutation, {**ids, "c": 40, "r": "opening count"}, token=token)
    assert added["stockAdjust"]["stock"] == {"onHand": 40, "reserved": 0, "available": 40, "warehouse": {"code": "SH"}}
    await Stock.filter(variant_id=variant.id).update(reserved=30)
    too_many = await client.data(mutation, {**ids, "c": -11, "r": "damaged"}, token=token)
    assert too_many["stockAdjust"]["userErrors"] == [{"field": ["input", "change"], "code": "INSUFFICIENT_STOCK"}]
    ok = await client.data(mutation, {**ids, "c": -10, "r": "damaged"}, token=token)
    assert ok["stockAdjust"]["stock"]["available"] == 0
    no_reason = await client.data(mutation, {**ids, "c": 5, "r": " "}, token=token)
    assert no_reason["stockAdjust"]["userErrors"] == [{"field": ["input", "reason"], "code": "REQUIRED"}]
    movements = await StockMovement.filter(variant_id=variant.id).order_by("id").values_list("on_hand_change", "reason")
    assert movements == [(40, "opening count"), (-10, "damaged")]

    _, buyer, _ = await make_buyer(supplier, "alpha")
    body = await client.execute(mutation, {**ids, "c": 5, "r": "x"}, token=await client.token(buyer.email))
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_products_page_runs_constant_sql_whatever_its_size(client, query_counter):
    supplier, admin, _, refs = await _catalog()
    warehouse = await inventory.create_warehouse(admin, "SH", "Shanghai")
    _, buyer, account = await make_buyer(supplier, "alpha", tier="A")
    await pricing.create_price_list(
        admin, pricing.PriceListInput(name="A", kind=PriceListKind.RATE, rate=Decimal("0.9"), tiers=("A",))
    )
    fixed = await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Own", kind=PriceListKind.FIXED, account_ids=(account.id,))
    )

    async def add_products(start: int, count: int) -> None:
        for n in range(start, start + count):
            product = await catalog.create_product(
                admin,
                catalog.ProductInput(
                    name=f"Item {n}",
                    published=True,
                    category_id=refs["green"].id,
                    brand_id=refs["brand"].id,
                    tags=(ProductTag.NEW,),
                    variants=(
                        catalog.VariantInput(sku=f"I-{n}-S", base_price="10", volume_breaks=((5, "9"),)),
                        catalog.VariantInput(sku=f"I-{n}-L", base_price="20"),
                    ),
                ),
            )
            small = await Variant.get(sku=f"I-{n}-S")
            await inventory.adjust_stock(admin, small.id, warehouse.id, 10, "count")
            await pricing.set_prices(admin, fixed.id, [pricing.PriceInput(small.id, "8.50")])
            assert product

    query = """{ products(first: 100) { totalCount edges { node { id name tags category { name } brand { name }
        promotions { name } variants { sku available price(quantity: 5) { amount } basePrice { amount }
        pricing { explanation } volumeBreaks { minQuantity unitPrice { amount } } } } } } }"""
    await add_products(0, 3)
    token = await client.token(buyer.email)
    query_counter.reset()
    small = await client.data(query, token=token)
    small_count = query_counter.count
    await add_products(3, 40)
    query_counter.reset()
    large = await client.data(query, token=token)
    assert len(large["products"]["edges"]) == 44 > len(small["products"]["edges"])
    assert query_counter.count == small_count, query_counter.statements
    assert small_count <= 16, query_counter.statements


async def test_bad_catalog_and_price_input_gets_user_errors(client):
    supplier, admin, variant, _ = await _catalog()
    token = await client.token("admin@acme.test")
    create = """mutation C($input: ProductCreateInput!) { productCreate(input: $input) {
        product { id } userErrors { field code } } }"""
    negative = await client.data(
        create, {"input": {"name": "X", "variants": [{"sku": "N-1", "basePrice": "-1"}]}}, token=token
    )
    assert negative["productCreate"]["userErrors"] == [
        {"field": ["input", "variants", "0", "basePrice"], "code": "OUT_OF_RANGE"}
    ]
    overlapping = await client.data(
        create,
        {
            "input": {
                "name": "X",
                "variants": [
                    {
                        "sku": "N-2",
                        "basePrice": "5",
                        "volumeBreaks": [{"minQuantity": 10, "price": "4"}, {"minQuantity": 10, "price": "3"}],
                    }
                ],
            }
        },
        token=token,
    )
    assert {"field": ["input", "variants", "0", "volumeBreaks", "1"], "code": "OVERLAPPING"} in overlapping[
        "productCreate"
    ]["userErrors"]
    duplicate_sku = await client.data(
        create, {"input": {"name": "X", "variants": [{"sku": "LJ-250", "basePrice": "5"}]}}, token=token
    )
    assert duplicate_sku["productCreate"]["userErrors"][0]["code"] == "ALREADY_EXISTS"

    price_list = """mutation L($input: PriceListCreateInput!) { priceListCreate(input: $input) {
        priceList { id } userErrors { field code } } }"""
    for rate in ("0", "-0.5", "10.01", "11"):
        result = await client.data(
            price_list, {"input": {"name": "R", "kind": "RATE", "rate": rate, "tiers": ["A"]}}, token=token
        )
        assert result["priceListCreate"]["userErrors"] == [{"field": ["input", "rate"], "code": "OUT_OF_RANGE"}], rate
    ok = await client.data(price_list, {"input": {"name": "Fixed", "kind": "FIXED", "tiers": ["A"]}}, token=token)
    list_id = ok["priceListCreate"]["priceList"]["id"]
    set_prices = """mutation S($input: PriceListSetPricesInput!) { priceListSetPrices(input: $input) {
        userErrors { field code } } }"""
    variant_id = gid("Variant", variant.id)
    negative_price = await client.data(
        set_prices,
        {"input": {"priceListId": list_id, "prices": [{"variantId": variant_id, "price": "-5"}]}},
        token=token,
    )
    assert negative_price["priceListSetPrices"]["userErrors"] == [
        {"field": ["input", "prices", "0", "price"], "code": "OUT_OF_RANGE"}
    ]
    overlap = await client.data(
        set_prices,
        {
            "input": {
                "priceListId": list_id,
                "prices": [
                    {"variantId": variant_id, "price": "5", "minQuantity": 10},
                    {"variantId": variant_id, "price": "4", "minQuantity": 10},
                ],
            }
        },
        token=token,
    )
    assert overlap["priceListSetPrices"]["userErrors"] == [
        {"field": ["input", "prices", "1", "minQuantity"], "code": "OVERLAPPING"}
    ]

    promotion = """mutation P($input: PromotionCreateInput!) { promotionCreate(input: $input) {
        promotion { id } userErrors { field code } } }"""
    backwards = await client.data(
        promotion,
        {
            "input": {
                "name": "Oops",
                "kind": "PERCENT_OFF",
                "percentOff": "10",
                "startsAt": "2026-12-01T00:00:00+00:00",
                "endsAt": "2026-11-01T00:00:00+00:00",
            }
        },
        token=token,
    )
    assert backwards["promotionCreate"]["userErrors"] == [{"field": ["input", "endsAt"], "code": "OUT_OF_RANGE"}]
    missing = await client.data(promotion, {"input": {"name": "Empty", "kind": "THRESHOLD_DISCOUNT"}}, token=token)
    assert missing["promotionCreate"]["userErrors"] == [{"field": ["input", "steps"], "code": "REQUIRED"}]


async def test_products_list_the_promotions_that_apply_to_the_caller(client):
    from app.promotions import service as promotions
    from app.promotions.engine import PromotionKind

    supplier, admin, _, refs = await _catalog()
    now = utc_now()
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(
            name="Green tea 10% off for tier A",
            kind=PromotionKind.PERCENT_OFF,
            percent_off=Decimal("10"),
            category_ids=(refs["tea"].id,),
            target_tiers=("A",),
            ends_at=now + timedelta(days=7),
        ),
    )
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(name="满1000减100", kind=PromotionKind.THRESHOLD_DISCOUNT, steps=(("1000", "100"),)),
    )
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(
            name="Over", kind=PromotionKind.PERCENT_OFF, percent_off=Decimal("5"), ends_at=now - timedelta(days=1)
        ),
    )
    _, tier_a, _ = await make_buyer(supplier, "alpha", tier="A")
    _, tier_b, _ = await make_buyer(supplier, "beta", tier="B")
    query = "{ products { edges { node { promotions { name kind } variants { promotions { name } } } } } }"

    def names(data):
        return sorted(p["name"] for p in data["products"]["edges"][0]["node"]["promotions"])

    assert names(await client.data(query, token=await client.token(tier_a.email))) == [
        "Green tea 10% off for tier A",
        "满1000减100",
    ]
    tier_b_view = await client.data(query, token=await client.token(tier_b.email))
    assert names(tier_b_view) == ["满1000减100"]
    assert tier_b_view["products"]["edges"][0]["node"]["variants"][0]["promotions"] == [{"name": "满1000减100"}]
    listed = await client.data("{ promotions { name kind } }", token=await client.token("admin@acme.test"))
    assert {p["name"] for p in listed["promotions"]} == {"Green tea 10% off for tier A", "满1000减100", "Over"}


async def test_in_stock_only_counts_unreserved_units(client):
    supplier, admin, variant, _ = await _catalog()
    warehouse = await inventory.create_warehouse(admin, "SH", "Shanghai")
    await catalog.create_product(
        admin,
        catalog.ProductInput(name="Empty", published=True, variants=(catalog.VariantInput(sku="E-1", base_price="1"),)),
    )
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    query = "{ products(filter: {inStockOnly: true}) { edges { node { name variants { available } } } } }"
    assert (await client.data(query, token=token))["products"]["edges"] == []
    await inventory.adjust_stock(admin, variant.id, warehouse.id, 5, "count")
    assert (await client.data(query, token=token))["products"]["edges"] == [
        {"node": {"name": "西湖龙井 West Lake Longjing", "variants": [{"available": 5}]}}
    ]
    await Stock.filter(variant_id=variant.id).update(reserved=5)
    assert (await client.data(query, token=token))["products"]["edges"] == []


async def test_the_hand_written_visibility_selects_what_visible_products_selects():
    supplier, admin, _, _ = await _catalog()
    draft = await catalog.create_product(
        admin, catalog.ProductInput(name="Draft", variants=(catalog.VariantInput(sku="D-1", base_price="1"),))
    )
    for name, groups in (("Chain only", ("chain",)), ("Archived", ())):
        await catalog.create_product(
            admin,
            catalog.ProductInput(
                name=name,
                published=True,
                customer_groups=groups,
                variants=(catalog.VariantInput(sku=f"{name[0]}-1", base_price="1"),),
            ),
        )
    await Product.filter(name="Archived").update(archived=True)
    other = await make_supplier("other")
    await catalog.create_product(
        await principal_of(other.admin),
        catalog.ProductInput(
            name="Elsewhere", published=True, variants=(catalog.VariantInput(sku="E-1", base_price="1"),)
        ),
    )
    _, _, plain = await make_buyer(supplier, "plain")
    _, _, chain = await make_buyer(supplier, "chainco")
    _, _, retail = await make_buyer(supplier, "retailco")
    await CustomerAccount.filter(id=chain.id).update(customer_group="chain")
    await CustomerAccount.filter(id=retail.id).update(customer_group="retail")
    accesses = [await catalog.catalog_access(admin, supplier.org.id)] + [
        await catalog.customer_access(await CustomerAccount.get(id=account.id)) for account in (plain, chain, retail)
    ]

    seen = []
    for access in accesses:
        condition, values = catalog.visible_to(access, "p", 1)
        by_hand = {row["id"] for row in await fetch(f"SELECT p.id FROM products p WHERE {condition}", values)}
        assert by_hand == set(await catalog.visible_products(access).values_list("id", flat=True))
        seen.append(await Product.filter(id__in=by_hand).order_by("name").values_list("name", flat=True))

    staff, plain_sees, chain_sees, retail_sees = seen
    assert draft.name in staff and "Chain only" in staff and "Archived" not in staff and "Elsewhere" not in staff
    assert "Chain only" in chain_sees and "Chain only" not in plain_sees and "Chain only" not in retail_sees
    assert draft.name not in plain_sees and plain_sees == retail_sees
