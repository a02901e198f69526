"""What the dashboard edits in place: a price list reads back its assignments and its prices (and
a price can be taken out again); a promotion reads back every rule promotionCreate took."""

from __future__ import annotations

from tests.support import gid, make_buyer, make_shop

CREATE_LIST = """mutation L($input: PriceListCreateInput!) { priceListCreate(input: $input) {
  priceList { id } userErrors { field code } } }"""
SET_PRICES = """mutation S($input: PriceListSetPricesInput!) { priceListSetPrices(input: $input) {
  priceList { id } userErrors { field code } } }"""
REMOVE_PRICES = """mutation R($input: PriceListRemovePricesInput!) { priceListRemovePrices(input: $input) {
  priceList { prices(first: 10) { totalCount } } userErrors { field code } } }"""
LISTS = """{ priceLists { name kind customerAccountIds tiers customerGroups regions
  prices(first: 2) { totalCount pageInfo { hasNextPage } nodes { variantId sku productName minQuantity price { amount currency } } } } }"""
PRICE_OF = """query P { products(filter: {search: "tea"}) { nodes { variants { sku price { amount } } } } }"""


async def test_a_price_list_reads_back_its_assignments_and_prices_and_loses_one(client):
    supplier, _, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha", tier="B")
    token = await client.token(supplier.admin.email)
    created = await client.data(
        CREATE_LIST,
        {
            "input": {
                "name": "Alpha net",
                "kind": "FIXED",
                "customerAccountIds": [gid("CustomerAccount", account.id)],
                "tiers": ["A"],
                "customerGroups": ["KA"],
                "regions": ["上海"],
            }
        },
        token=token,
    )
    list_id = created["priceListCreate"]["priceList"]["id"]
    tea_1, tea_6 = gid("Variant", variants["TEA-1"].id), gid("Variant", variants["TEA-6"].id)
    prices = [
        {"variantId": tea_1, "price": "9.50"},
        {"variantId": tea_1, "price": "9.00", "minQuantity": 100},
        {"variantId": tea_6, "price": "45.00"},
    ]
    await client.data(SET_PRICES, {"input": {"priceListId": list_id, "prices": prices}}, token=token)
    listed = (await client.data(LISTS, token=token))["priceLists"][0]
    assert {k: listed[k] for k in ("name", "kind", "customerAccountIds", "tiers", "customerGroups", "regions")} == {
        "name": "Alpha net",
        "kind": "FIXED",
        "customerAccountIds": [gid("CustomerAccount", account.id)],
        "tiers": ["A"],
        "customerGroups": ["KA"],
        "regions": ["上海"],
    }
    assert listed["prices"]["totalCount"] == 3 and listed["prices"]["pageInfo"]["hasNextPage"] is True
    assert listed["prices"]["nodes"] == [
        {
            "variantId": tea_1,
            "sku": "TEA-1",
            "productName": "Green tea",
            "minQuantity": 1,
            "price": {"amount": "9.50", "currency": "CNY"},
        },
        {
            "variantId": tea_1,
            "sku": "TEA-1",
            "productName": "Green tea",
            "minQuantity": 100,
            "price": {"amount": "9.00", "currency": "CNY"},
        },
    ]
    buyer_token = await client.token(buyer.email)
    seen = await client.data(PRICE_OF, token=buyer_token)
    assert {v["sku"]: v["price"]["amount"] for v in seen["products"]["nodes"][0]["variants"]}["TEA-1"] == "9.50"

    removed = await client.data(REMOVE_PRICES, {"input": {"priceListId": list_id, "variantIds": [tea_1]}}, token=token)
    assert removed["priceListRemovePrices"] == {"priceList": {"prices": {"totalCount": 1}}, "userErrors": []}
    seen = await client.data(PRICE_OF, token=buyer_token)
    assert {v["sku"]: v["price"]["amount"] for v in seen["products"]["nodes"][0]["variants"]}["TEA-1"] == "10.00"
    nothing = await client.data(REMOVE_PRICES, {"input": {"priceListId": list_id, "variantIds": []}}, token=token)
    assert nothing["priceListRemovePrices"]["userErrors"] == [{"field": ["input", "variantIds"], "code": "REQUIRED"}]
    unassigned = await client.data(CREATE_LIST, {"input": {"name": "Nobody", "kind": "FIXED"}}, token=token)
    assert unassigned["priceListCreate"]["userErrors"] == [
        {"field": ["input", "customerAccountIds"], "code": "REQUIRED"}
    ]


async def test_price_lists_with_their_assignments_cost_the_same_queries_for_one_or_three(client, query_counter):
    supplier, _, _ = await make_shop()
    token = await client.token(supplier.admin.email)
    query = "{ priceLists { id tiers customerAccountIds } }"

    async def count() -> int:
        query_counter.reset()
        await client.data(query, token=token)
        return query_counter.count

    await client.data(
        CREATE_LIST, {"input": {"name": "One", "kind": "RATE", "rate": "0.9", "tiers": ["A"]}}, token=token
    )
    one = await count()
    for name in ("Two", "Three"):
        await client.data(
            CREATE_LIST, {"input": {"name": name, "kind": "RATE", "rate": "0.9", "tiers": [name]}}, token=token
        )
    assert await count() == one


async def test_a_promotion_reads_back_every_rule(client):
    supplier, _, variants = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha")
    token = await client.token(supplier.admin.email)
    product_id = gid("Product", variants["TEA-1"].product_id)
    gift = gid("Variant", variants["TEA-1"].id)
    rules = {
        "name": "买十送一",
        "kind": "BUY_X_GET_Y",
        "priority": 5,
        "stackable": False,
        "targetTiers": ["A"],
        "targetCustomerAccountIds": [gid("CustomerAccount", account.id)],
        "productIds": [product_id],
        "buyQuantity": 10,
        "giftQuantity": 1,
        "giftVariantId": gift,
        "usesPerAccount": 3,
    }
    created = await client.data(
        "mutation P($input: PromotionCreateInput!) { promotionCreate(input: $input) { userErrors { field code } } }",
        {"input": rules},
        token=token,
    )
    assert created["promotionCreate"]["userErrors"] == []
    await client.data(
        "mutation P($input: PromotionCreateInput!) { promotionCreate(input: $input) { userErrors { code } } }",
        {
            "input": {
                "name": "满1000减100",
                "kind": "THRESHOLD_DISCOUNT",
                "repeatable": True,
                "steps": [{"threshold": "1000", "discount": "100"}],
            }
        },
        token=token,
    )
    listed = (
        await client.data(
            """{ promotions { name kind priority stackable targetTiers targetCustomerAccountIds productIds categoryIds brandIds
              steps { threshold discount } repeatable percentOff minQuantity specialPrice threshold buyQuantity giftQuantity
              giftVariantId usesPerAccount } }""",
            token=token,
        )
    )["promotions"]
    by_name = {p["name"]: p for p in listed}
    assert by_name["买十送一"] == {
        "name": "买十送一",
        "kind": "BUY_X_GET_Y",
        "priority": 5,
        "stackable": False,
        "targetTiers": ["A"],
        "targetCustomerAccountIds": [gid("CustomerAccount", account.id)],
        "productIds": [product_id],
        "categoryIds": [],
        "brandIds": [],
        "steps": [],
        "repeatable": False,
        "percentOff": None,
        "minQuantity": None,
        "specialPrice": None,
        "threshold": None,
        "buyQuantity": 10,
        "giftQuantity": 1,
        "giftVariantId": gift,
        "usesPerAccount": 3,
    }
    assert by_name["满1000减100"]["steps"] == [{"threshold": "1000.00", "discount": "100.00"}]
    assert by_name["满1000减100"]["repeatable"] is True
