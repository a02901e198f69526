"""The supplier managing its catalog over GraphQL: products, variants, stock warnings,
price lists, promotions and catalog settings, guarded by role."""

from __future__ import annotations

from app.accounts.models import Role, User
from app.catalog.models import Product, Variant, VolumeBreak
from app.pricing.models import PriceList
from app.promotions.models import Promotion
from tests.support import Supplier, gid, make_buyer, make_supplier, make_user

CREATE = """mutation C($input: ProductCreateInput!) { productCreate(input: $input) {
  product { id name published tags category { name } brand { name }
            variants { id sku unit spec { name value } minOrderQuantity orderMultiple maxPerOrder
                       basePrice { amount } volumeBreaks { minQuantity unitPrice { amount } } } }
  userErrors { field code message } } }"""


async def _setup(client):
    await make_supplier("acme")
    token = await client.token("admin@acme.test")
    category = await client.data(
        'mutation { categoryCreate(input: {name: "Tea"}) { category { id name parentId } userErrors { code } } }',
        token=token,
    )
    parent_id = category["categoryCreate"]["category"]["id"]
    child = await client.data(
        'mutation C($p: ID) { categoryCreate(input: {name: "Green", parentId: $p}) { category { id parentId } } }',
        {"p": parent_id},
        token=token,
    )
    assert child["categoryCreate"]["category"]["parentId"] == parent_id
    brand = await client.data('mutation { brandCreate(input: {name: "Hangzhou"}) { brand { id } } }', token=token)
    return token, child["categoryCreate"]["category"]["id"], brand["brandCreate"]["brand"]["id"]


async def test_create_update_publish_and_archive_a_product(client):
    token, category_id, brand_id = await _setup(client)
    created = (
        await client.data(
            CREATE,
            {
                "input": {
                    "name": "龙井 Longjing",
                    "categoryId": category_id,
                    "brandId": brand_id,
                    "tags": ["NEW"],
                    "variants": [
                        {
                            "sku": "LJ-1",
                            "basePrice": "88.5",
                            "unit": "盒",
                            "orderMultiple": 6,
                            "minOrderQuantity": 6,
                            "maxPerOrder": 120,
                            "spec": [{"name": "规格", "value": "250g"}],
                            "volumeBreaks": [{"minQuantity": 60, "price": "80"}],
                        }
                    ],
                }
            },
            token=token,
        )
    )["productCreate"]
    assert created["userErrors"] == []
    product = created["product"]
    assert product["published"] is False and product["tags"] == ["NEW"]
    assert product["category"] == {"name": "Green"} and product["brand"] == {"name": "Hangzhou"}
    assert product["variants"][0]["spec"] == [{"name": "规格", "value": "250g"}]
    assert product["variants"][0]["volumeBreaks"] == [
        {"minQuantity": 1, "unitPrice": {"amount": "88.50"}},
        {"minQuantity": 60, "unitPrice": {"amount": "80.00"}},
    ]

    update = """mutation U($input: ProductUpdateInput!) { productUpdate(input: $input) {
        product { name tags brand { name } } userErrors { field code } } }"""
    updated = await client.data(
        update,
        {"input": {"productId": product["id"], "name": "西湖龙井", "tags": ["HOT", "RECOMMENDED"], "brandId": None}},
        token=token,
    )
    assert updated["productUpdate"]["product"] == {"name": "西湖龙井", "tags": ["HOT", "RECOMMENDED"], "brand": None}
    assert "西湖龙井" in (await Product.get()).search_text

    publish = """mutation P($id: ID!, $p: Boolean!) { productPublish(input: {productId: $id, published: $p}) {
        product { published } } }"""
    assert (await client.data(publish, {"id": product["id"], "p": True}, token=token))["productPublish"]["product"] == {
        "published": True
    }
    archived = await client.data(
        "mutation A($id: ID!) { productArchive(input: {productId: $id}) { product { published } } }",
        {"id": product["id"]},
        token=token,
    )
    assert archived["productArchive"]["product"]["published"] is False
    assert (await client.data("{ products { totalCount } }", token=token))["products"]["totalCount"] == 0


async def test_add_and_update_variants(client):
    token, _, _ = await _setup(client)
    product = (
        await client.data(
            CREATE, {"input": {"name": "Tea", "variants": [{"sku": "T-1", "basePrice": "10"}]}}, token=token
        )
    )["productCreate"]["product"]
    added = await client.data(
        """mutation V($input: VariantCreateInput!) { variantCreate(input: $input) {
            product { variants { sku } } userErrors { field code } } }""",
        {
            "input": {
                "productId": product["id"],
                "variant": {"sku": "T-2", "basePrice": "18", "barcode": "690000000001"},
            }
        },
        token=token,
    )
    assert added["variantCreate"]["product"]["variants"] == [{"sku": "T-1"}, {"sku": "T-2"}]
    variant_id = gid("Variant", (await Variant.get(sku="T-2")).id)
    update = """mutation U($input: VariantUpdateInput!) { variantUpdate(input: $input) {
        product { variants { sku basePrice { amount } } } userErrors { field code } } }"""
    changed = await client.data(
        update,
        {
            "input": {
                "variantId": variant_id,
                "variant": {"sku": "T-2B", "basePrice": "17.5", "volumeBreaks": [{"minQuantity": 12, "price": "16"}]},
            }
        },
        token=token,
    )
    assert changed["variantUpdate"]["product"]["variants"][1] == {"sku": "T-2B", "basePrice": {"amount": "17.50"}}
    assert await VolumeBreak.filter(variant__sku="T-2B").count() == 1
    clash = await client.data(
        update, {"input": {"variantId": variant_id, "variant": {"sku": "T-1", "basePrice": "1"}}}, token=token
    )
    assert clash["variantUpdate"]["userErrors"][0]["code"] == "ALREADY_EXISTS"
    archived = await client.data(
        update,
        {"input": {"variantId": variant_id, "variant": {"sku": "T-2B", "basePrice": "17.5"}, "archived": True}},
        token=token,
    )
    assert [v["sku"] for v in archived["variantUpdate"]["product"]["variants"]] == ["T-1"]


async def test_low_stock_warning_is_visible_to_staff_only(client):
    token, _, _ = await _setup(client)
    product = (
        await client.data(
            CREATE,
            {"input": {"name": "Tea", "published": True, "variants": [{"sku": "T-1", "basePrice": "10"}]}},
            token=token,
        )
    )["productCreate"]["product"]
    warehouse = await client.data(
        'mutation { warehouseCreate(input: {code: "SH", name: "Shanghai"}) { warehouse { id } } }', token=token
    )
    ids = {"v": product["variants"][0]["id"], "w": warehouse["warehouseCreate"]["warehouse"]["id"]}
    await client.data(
        'mutation A($v: ID!, $w: ID!) { stockAdjust(input: {variantId: $v, warehouseId: $w, change: 8, reason: "count"}) { stock { onHand } } }',
        ids,
        token=token,
    )
    threshold = await client.data(
        "mutation T($v: ID!, $w: ID!) { stockSetThreshold(input: {variantId: $v, warehouseId: $w, threshold: 10}) { stock { available lowStockThreshold isLow } } }",
        ids,
        token=token,
    )
    assert threshold["stockSetThreshold"]["stock"] == {"available": 8, "lowStockThreshold": 10, "isLow": True}
    query = "{ products { edges { node { variants { available stockLevels { warehouse { code } onHand isLow } } } } } }"
    staff = await client.data(query, token=token)
    assert staff["products"]["edges"][0]["node"]["variants"][0] == {
        "available": 8,
        "stockLevels": [{"warehouse": {"code": "SH"}, "onHand": 8, "isLow": True}],
    }
    admin = await User.get(email="admin@acme.test").select_related("organization")
    _, buyer, _ = await make_buyer(Supplier(admin.organization, admin), "alpha")
    seen = await client.data(query, token=await client.token(buyer.email))
    assert seen["products"]["edges"][0]["node"]["variants"][0] == {"available": 8, "stockLevels": []}


async def test_catalog_management_is_for_supplier_admins(client):
    supplier = await make_supplier("acme")
    await make_user(supplier.org, "sales@acme.test", {Role.SALES: None})
    _, buyer, _ = await make_buyer(supplier, "alpha")
    for email in ("sales@acme.test", buyer.email):
        body = await client.execute(
            CREATE,
            {"input": {"name": "X", "variants": [{"sku": "X", "basePrice": "1"}]}},
            token=await client.token(email),
        )
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", email
    assert await Product.all().count() == 0


async def test_price_list_and_promotion_archive_and_settings(client):
    supplier = await make_supplier("acme")
    token = await client.token("admin@acme.test")
    created = await client.data(
        'mutation { priceListCreate(input: {name: "A", kind: RATE, rate: "0.9", tiers: ["A"]}) { priceList { id rate } } }',
        token=token,
    )
    list_id = created["priceListCreate"]["priceList"]["id"]
    assert created["priceListCreate"]["priceList"]["rate"] == "0.9000"
    await client.data(
        "mutation A($id: ID!) { priceListArchive(input: {priceListId: $id}) { priceList { id } } }",
        {"id": list_id},
        token=token,
    )
    assert (await PriceList.get()).archived is True
    assert (await client.data("{ priceLists { id } }", token=token)) == {"priceLists": []}

    promo = await client.data(
        'mutation { promotionCreate(input: {name: "满500减50", kind: THRESHOLD_DISCOUNT, steps: [{threshold: "500", discount: "50"}]}) { promotion { id kind } userErrors { code } } }',
        token=token,
    )
    promotion_id = promo["promotionCreate"]["promotion"]["id"]
    await client.data(
        "mutation A($id: ID!) { promotionArchive(input: {promotionId: $id}) { promotion { id } } }",
        {"id": promotion_id},
        token=token,
    )
    assert (await Promotion.get()).archived is True

    settings = await client.data(
        "mutation { supplierSettingsUpdate(input: {catalogVisibility: PUBLIC, publicPrices: BASE}) { organization { catalogVisibility publicPrices registrationOpen } } }",
        token=token,
    )
    assert settings["supplierSettingsUpdate"]["organization"] == {
        "catalogVisibility": "PUBLIC",
        "publicPrices": "BASE",
        "registrationOpen": True,
    }
    _, buyer, _ = await make_buyer(supplier, "alpha")
    body = await client.execute(
        "mutation { supplierSettingsUpdate(input: {registrationOpen: false}) { organization { id } } }",
        token=await client.token(buyer.email),
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_categories_and_brands_can_be_renamed_and_archived(client):
    token, category_id, brand_id = await _setup(client)
    renamed = await client.data(
        'mutation C($id: ID!) { categoryUpdate(input: {categoryId: $id, name: "绿茶 Green", position: 2}) { category { name position } } }',
        {"id": category_id},
        token=token,
    )
    assert renamed["categoryUpdate"]["category"] == {"name": "绿茶 Green", "position": 2}
    tree = await client.data("{ categories { name parentId } }", token=token)
    parent = tree["categories"][0]
    assert [c["name"] for c in tree["categories"]] == ["Tea", "绿茶 Green"] and parent["parentId"] is None
    parent_id = (await client.data("{ categories { id } }", token=token))["categories"][0]["id"]
    blocked = await client.data(
        "mutation C($id: ID!) { categoryUpdate(input: {categoryId: $id, archived: true}) { userErrors { code } } }",
        {"id": parent_id},
        token=token,
    )
    assert blocked["categoryUpdate"]["userErrors"] == [{"code": "INVALID_STATE"}]
    await client.data(
        "mutation C($id: ID!) { categoryUpdate(input: {categoryId: $id, archived: true}) { category { id } } }",
        {"id": category_id},
        token=token,
    )
    assert [c["name"] for c in (await client.data("{ categories { name } }", token=token))["categories"]] == ["Tea"]

    await client.data('mutation { brandCreate(input: {name: "Other"}) { brand { id } } }', token=token)
    clash = await client.data(
        'mutation B($id: ID!) { brandUpdate(input: {brandId: $id, name: "Other"}) { userErrors { code } } }',
        {"id": brand_id},
        token=token,
    )
    assert clash["brandUpdate"]["userErrors"] == [{"code": "ALREADY_EXISTS"}]
    await client.data(
        "mutation B($id: ID!) { brandUpdate(input: {brandId: $id, archived: true}) { brand { id } } }",
        {"id": brand_id},
        token=token,
    )
    assert (await client.data("{ brands { name } }", token=token)) == {"brands": [{"name": "Other"}]}


async def test_price_lists_and_promotions_can_be_replaced(client):
    supplier = await make_supplier("acme")
    _, buyer, _ = await make_buyer(supplier, "alpha", tier="B")
    token = await client.token("admin@acme.test")
    created = await client.data(
        'mutation { priceListCreate(input: {name: "A", kind: RATE, rate: "0.9", tiers: ["A"]}) { priceList { id } } }',
        token=token,
    )
    list_id = created["priceListCreate"]["priceList"]["id"]
    update = """mutation U($id: ID!, $list: PriceListCreateInput!) { priceListUpdate(input: {priceListId: $id, priceList: $list}) {
        priceList { name rate priority } userErrors { field code } } }"""
    changed = await client.data(
        update,
        {"id": list_id, "list": {"name": "A+B", "kind": "RATE", "rate": "0.95", "priority": 5, "tiers": ["A", "B"]}},
        token=token,
    )
    assert changed["priceListUpdate"]["priceList"] == {"name": "A+B", "rate": "0.9500", "priority": 5}
    product = await client.data(
        CREATE,
        {"input": {"name": "Tea", "published": True, "variants": [{"sku": "T", "basePrice": "100"}]}},
        token=token,
    )
    assert product["productCreate"]["userErrors"] == []
    price = await client.data(
        "{ products { edges { node { variants { price { amount } } } } } }", token=await client.token(buyer.email)
    )
    assert price["products"]["edges"][0]["node"]["variants"][0]["price"] == {"amount": "95.00"}
    kind_change = await client.data(
        update, {"id": list_id, "list": {"name": "F", "kind": "FIXED", "tiers": ["A"]}}, token=token
    )
    assert kind_change["priceListUpdate"]["userErrors"] == [{"field": ["input", "kind"], "code": "INVALID"}]

    promo = await client.data(
        'mutation { promotionCreate(input: {name: "9折", kind: PERCENT_OFF, percentOff: "10"}) { promotion { id } } }',
        token=token,
    )
    promotion_id = promo["promotionCreate"]["promotion"]["id"]
    replaced = await client.data(
        """mutation P($id: ID!) { promotionUpdate(input: {promotionId: $id, promotion: {name: "满800减80",
            kind: THRESHOLD_DISCOUNT, steps: [{threshold: "800", discount: "80"}], stackable: false}}) {
            promotion { name kind stackable } userErrors { code } } }""",
        {"id": promotion_id},
        token=token,
    )
    assert replaced["promotionUpdate"]["promotion"] == {
        "name": "满800减80",
        "kind": "THRESHOLD_DISCOUNT",
        "stackable": False,
    }
