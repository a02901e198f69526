"""The demo catalog of 华鑫食品 Huaxin Foods: warehouses, categories, brands, about 60 products
with stock, the tier and dealer price lists and one promotion of every kind.

Built from the tables below through the catalog, inventory, pricing and promotion services
(acting as admin@huaxin.demo), so every rule they enforce holds. The same data every run: no randomness
and no dates taken from the clock. Skipped entirely when the supplier already has products.
"""

from __future__ import annotations

from decimal import Decimal

from tortoise.transactions import in_transaction

from app.accounts.auth import principal_for_user
from app.accounts.models import CustomerAccount, Organization, User
from app.catalog import service as catalog
from app.catalog.models import Product, ProductTag, Variant
from app.inventory import service as inventory
from app.pricing import service as pricing
from app.pricing.models import PriceListKind
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind

SUPPLIER_CODE = "huaxin"
ADMIN_EMAIL = "admin@huaxin.demo"
STOCK_REASON = "期初库存 opening stock"
IMAGE_BASE = "https://img.dinghuo.example/huaxin"

WAREHOUSES = (("SH", "上海仓 Shanghai"), ("GZ", "广州仓 Guangzhou"))

# key, name, parent key, shelf life of its products (None: inherited from the parent)
CATEGORIES = (
    ("drinks", "饮料 Drinks", None, "12个月 12 months"),
    ("tea", "茶饮料 Tea drinks", "drinks", None),
    ("juice", "果汁 Juice", "drinks", "9个月 9 months"),
    ("water", "矿泉水 Water", "drinks", "24个月 24 months"),
    ("soda", "碳酸饮料 Soft drinks", "drinks", None),
    ("snacks", "休闲零食 Snacks", None, "12个月 12 months"),
    ("nuts", "坚果 Nuts", "snacks", "8个月 8 months"),
    ("biscuits", "饼干 Biscuits", "snacks", None),
    ("candy", "糖果 Candy", "snacks", "18个月 18 months"),
    ("pantry", "粮油调味 Pantry", None, "18个月 18 months"),
    ("oil", "食用油 Oil", "pantry", None),
    ("condiments", "调味品 Condiments", "pantry", None),
    ("soy", "酱油 Soy sauce", "condiments", "24个月 24 months"),
    ("vinegar", "醋 Vinegar", "condiments", "36个月 36 months"),
    ("dairy", "乳制品 Dairy", None, "6个月 6 months"),
)

# key, name, origin
BRANDS = (
    ("hx", "华鑫 Huaxin", "上海 Shanghai"),
    ("sq", "山泉 Mountain Spring", "浙江千岛湖 Qiandao Lake"),
    ("gy", "果园鲜 Orchard Fresh", "广东江门 Jiangmen"),
    ("jh", "金禾 Golden Harvest", "山东临沂 Linyi"),
    ("tx", "甜心 Sweetheart", "福建厦门 Xiamen"),
    ("mc", "牧场 Meadow Farm", "内蒙古呼和浩特 Hohhot"),
)

# Product code (SKU stem after "HX-"), name, category, brand, tags (N new, R recommended, H hot),
# variants: (SKU suffix, 包装 pack, unit, base price in CNY).
PRODUCTS = (
    # 饮料 Drinks
    (
        "DR-001",
        "乌龙茶饮料 Oolong tea drink 500ml",
        "tea",
        "hx",
        "H",
        (("12", "12瓶/箱", "箱", "42.00"), ("24", "24瓶/箱", "箱", "79.00"), ("1", "单瓶", "瓶", "3.80")),
    ),
    (
        "DR-002",
        "茉莉花茶 Jasmine tea drink 500ml",
        "tea",
        "hx",
        "N",
        (("12", "12瓶/箱", "箱", "39.00"), ("24", "24瓶/箱", "箱", "74.00")),
    ),
    ("DR-003", "无糖绿茶 Unsweetened green tea 500ml", "tea", "sq", "R", (("15", "15瓶/箱", "箱", "52.50"),)),
    ("DR-004", "柠檬红茶 Lemon black tea 250ml", "tea", "hx", "", (("24", "24盒/箱", "箱", "36.00"),)),
    (
        "DR-005",
        "冰红茶 Iced black tea 1L",
        "tea",
        "hx",
        "",
        (("12", "12瓶/箱", "箱", "48.00"), ("1", "单瓶", "瓶", "4.50")),
    ),
    ("DR-006", "大麦茶 Roasted barley tea 500ml", "tea", "sq", "N", (("15", "15瓶/箱", "箱", "45.00"),)),
    ("DR-007", "桂花乌龙 Osmanthus oolong 330ml", "tea", "hx", "N", (("24", "24罐/箱", "箱", "86.40"),)),
    (
        "DR-008",
        "橙汁 Orange juice 1L",
        "juice",
        "gy",
        "H",
        (("6", "6瓶/箱", "箱", "59.40"), ("12", "12瓶/箱", "箱", "112.80")),
    ),
    ("DR-009", "苹果汁 Apple juice 1L", "juice", "gy", "", (("6", "6瓶/箱", "箱", "54.00"),)),
    ("DR-010", "NFC鲜榨橙汁 NFC orange juice 300ml", "juice", "gy", "NR", (("12", "12瓶/箱", "箱", "118.80"),)),
    ("DR-011", "椰子汁 Coconut milk drink 245ml", "juice", "gy", "", (("24", "24罐/箱", "箱", "72.00"),)),
    ("DR-012", "芒果汁 Mango juice 500ml", "juice", "gy", "", (("15", "15瓶/箱", "箱", "63.00"),)),
    ("DR-013", "葡萄汁 Grape juice 1L", "juice", "gy", "", (("6", "6瓶/箱", "箱", "57.00"),)),
    ("DR-014", "天然矿泉水 Natural mineral water 550ml", "water", "sq", "H", (("24", "24瓶/箱", "箱", "28.80"),)),
    ("DR-015", "饮用纯净水 Purified water 4.5L", "water", "sq", "", (("4", "4桶/箱", "箱", "26.00"),)),
    ("DR-016", "苏打水 Soda water 350ml", "water", "sq", "N", (("24", "24瓶/箱", "箱", "55.20"),)),
    ("DR-017", "高端矿泉水 Premium mineral water glass 500ml", "water", "sq", "", (("24", "24瓶/箱", "箱", "168.00"),)),
    ("DR-018", "可乐 Cola 330ml", "soda", "gy", "", (("24", "24罐/箱", "箱", "45.60"), ("6", "6罐/组", "组", "11.80"))),
    ("DR-019", "柠檬汽水 Lemon soda 330ml", "soda", "gy", "", (("24", "24罐/箱", "箱", "43.20"),)),
    ("DR-020", "零度橙味汽水 Zero-sugar orange soda 500ml", "soda", "gy", "N", (("12", "12瓶/箱", "箱", "38.40"),)),
    # 休闲零食 Snacks
    (
        "SN-001",
        "每日坚果 Daily mixed nuts 25g×30",
        "nuts",
        "hx",
        "H",
        (("30", "30袋/盒", "盒", "69.00"), ("C6", "6盒/箱", "箱", "399.00")),
    ),
    (
        "SN-002",
        "碧根果 Pecans 200g",
        "nuts",
        "hx",
        "",
        (("1", "单袋", "袋", "28.50"), ("20", "20袋/箱", "箱", "540.00")),
    ),
    ("SN-003", "夏威夷果 Macadamia nuts 200g", "nuts", "hx", "", (("20", "20袋/箱", "箱", "560.00"),)),
    ("SN-004", "开心果 Pistachios 250g", "nuts", "hx", "R", (("20", "20袋/箱", "箱", "620.00"),)),
    ("SN-005", "巴旦木 Almonds 200g", "nuts", "hx", "", (("20", "20袋/箱", "箱", "480.00"),)),
    ("SN-006", "坚果礼盒 Nut gift box 1.2kg", "nuts", "hx", "R", (("1", "礼盒", "盒", "168.00"),)),
    ("SN-007", "盐焗腰果 Salted cashews 160g", "nuts", "hx", "", (("24", "24袋/箱", "箱", "432.00"),)),
    ("SN-008", "苏打饼干 Soda crackers 400g", "biscuits", "tx", "", (("12", "12包/箱", "箱", "96.00"),)),
    (
        "SN-009",
        "黄油曲奇 Butter cookies tin 908g",
        "biscuits",
        "tx",
        "H",
        (("6", "6罐/箱", "箱", "354.00"), ("1", "单罐", "罐", "62.00")),
    ),
    ("SN-010", "威化饼干 Wafers 200g", "biscuits", "tx", "", (("24", "24包/箱", "箱", "148.80"),)),
    ("SN-011", "全麦消化饼 Wholewheat digestives 400g", "biscuits", "tx", "N", (("12", "12包/箱", "箱", "118.80"),)),
    ("SN-012", "夹心饼干 Sandwich cookies 388g", "biscuits", "tx", "", (("12", "12包/箱", "箱", "105.60"),)),
    ("SN-013", "蛋卷 Egg rolls 400g", "biscuits", "tx", "", (("10", "10盒/箱", "箱", "168.00"),)),
    ("SN-014", "水果硬糖 Fruit hard candy 500g", "candy", "tx", "", (("20", "20袋/箱", "箱", "240.00"),)),
    ("SN-015", "奶糖 Milk candy 454g", "candy", "tx", "H", (("24", "24袋/箱", "箱", "379.20"),)),
    (
        "SN-016",
        "黑巧克力 Dark chocolate 100g",
        "candy",
        "tx",
        "R",
        (("48", "48块/箱", "箱", "576.00"), ("12", "12块/盒", "盒", "150.00")),
    ),
    ("SN-017", "软糖 Gummies 200g", "candy", "tx", "N", (("30", "30袋/箱", "箱", "255.00"),)),
    ("SN-018", "喜糖礼盒 Wedding candy gift box 260g", "candy", "tx", "", (("1", "礼盒", "盒", "45.00"),)),
    (
        "SN-019",
        "便利店装混合坚果 Chain-store mixed nuts 30g×50",
        "nuts",
        "hx",
        "",
        (("50", "50袋/箱", "箱", "185.00"),),
    ),
    # 粮油调味 Pantry
    (
        "PA-001",
        "花生油 Peanut oil 5L",
        "oil",
        "jh",
        "H",
        (("1", "单桶", "桶", "139.00"), ("4", "4桶/箱", "箱", "540.00")),
    ),
    ("PA-002", "菜籽油 Rapeseed oil 5L", "oil", "jh", "", (("4", "4桶/箱", "箱", "396.00"),)),
    ("PA-003", "玉米油 Corn oil 5L", "oil", "jh", "", (("4", "4桶/箱", "箱", "352.00"),)),
    (
        "PA-004",
        "橄榄油 Olive oil 750ml",
        "oil",
        "jh",
        "R",
        (("6", "6瓶/箱", "箱", "468.00"), ("1", "单瓶", "瓶", "82.00")),
    ),
    ("PA-005", "芝麻油 Sesame oil 400ml", "oil", "jh", "", (("12", "12瓶/箱", "箱", "299.00"),)),
    ("PA-006", "生抽 Light soy sauce 500ml", "soy", "jh", "H", (("12", "12瓶/箱", "箱", "118.80"),)),
    ("PA-007", "老抽 Dark soy sauce 500ml", "soy", "jh", "", (("12", "12瓶/箱", "箱", "124.80"),)),
    ("PA-008", "薄盐生抽 Low-salt soy sauce 1L", "soy", "jh", "N", (("6", "6瓶/箱", "箱", "99.00"),)),
    ("PA-009", "陈醋 Aged vinegar 500ml", "vinegar", "jh", "", (("12", "12瓶/箱", "箱", "86.40"),)),
    ("PA-010", "香醋 Zhenjiang black vinegar 500ml", "vinegar", "jh", "", (("12", "12瓶/箱", "箱", "79.20"),)),
    ("PA-011", "蚝油 Oyster sauce 700g", "condiments", "jh", "", (("12", "12瓶/箱", "箱", "142.80"),)),
    ("PA-012", "辣椒酱 Chili sauce 280g", "condiments", "jh", "R", (("24", "24瓶/箱", "箱", "211.20"),)),
    ("PA-013", "食用盐 Table salt 400g", "condiments", "jh", "", (("40", "40袋/箱", "箱", "88.00"),)),
    ("PA-014", "白砂糖 White sugar 1kg", "condiments", "jh", "", (("10", "10袋/箱", "箱", "79.00"),)),
    # 乳制品 Dairy
    (
        "DA-001",
        "纯牛奶 Whole milk 250ml",
        "dairy",
        "mc",
        "H",
        (("24", "24盒/箱", "箱", "69.60"), ("12", "12盒/提", "提", "36.00"), ("6", "6盒/组", "组", "18.60")),
    ),
    ("DA-002", "低脂牛奶 Low-fat milk 250ml", "dairy", "mc", "", (("24", "24盒/箱", "箱", "72.00"),)),
    ("DA-003", "原味酸奶 Plain yogurt 200g", "dairy", "mc", "N", (("16", "16杯/箱", "箱", "76.80"),)),
    ("DA-004", "风味发酵乳 Flavoured yogurt drink 230g", "dairy", "mc", "", (("10", "10瓶/箱", "箱", "59.00"),)),
    ("DA-005", "儿童成长奶 Kids' growth milk 190ml", "dairy", "mc", "R", (("24", "24盒/箱", "箱", "96.00"),)),
    ("DA-006", "奶酪棒 Cheese sticks 500g", "dairy", "mc", "", (("12", "12袋/箱", "箱", "588.00"),)),
    (
        "DA-007",
        "全脂奶粉 Whole milk powder 900g",
        "dairy",
        "mc",
        "",
        (("6", "6罐/箱", "箱", "594.00"), ("1", "单罐", "罐", "102.00")),
    ),
    ("DA-008", "黄油 Butter 227g", "dairy", "mc", "", (("20", "20块/箱", "箱", "396.00"),)),
    ("DA-009", "燕麦奶 Oat milk 1L", "dairy", "mc", "N", (("6", "6盒/箱", "箱", "89.40"),)),
    ("DA-010", "鲜牛奶 Fresh milk 950ml", "dairy", "mc", "", (("12", "12瓶/箱", "箱", "155.40"),)),
)

TAGS = {"N": ProductTag.NEW, "R": ProductTag.RECOMMENDED, "H": ProductTag.HOT}

UNPUBLISHED = frozenset({"DR-007", "DA-010"})  # 待上架: still being set up
CHAIN_ONLY = {"SN-019": ("chain",)}  # customer groups that alone see the product

# SKU: (min_order_quantity, order_multiple, max_per_order)
ORDER_RULES = {
    "HX-DR-001-1": (12, 12, None),
    "HX-DR-005-1": (6, 6, None),
    "HX-DR-010-12": (2, 1, None),
    "HX-DR-017-24": (1, 1, 50),
    "HX-DR-018-6": (4, 4, None),
    "HX-SN-002-1": (6, 6, None),
    "HX-SN-006-1": (1, 1, 20),
    "HX-SN-009-1": (6, 6, None),
    "HX-SN-016-12": (2, 1, None),
    "HX-SN-018-1": (10, 10, None),
    "HX-PA-004-1": (6, 6, None),
    "HX-PA-013-40": (5, 1, None),
    "HX-DA-001-12": (2, 2, None),
    "HX-DA-007-1": (6, 6, 30),
}

# SKU: base volume breaks (from quantity, unit price)
VOLUME_BREAKS = {
    "HX-DR-001-12": ((10, "40.50"), (50, "39.00")),
    "HX-DR-014-24": ((10, "27.50"), (50, "26.00")),
    "HX-SN-001-30": ((10, "66.00"), (50, "62.00")),
    "HX-PA-001-1": ((10, "135.00"), (50, "129.00")),
    "HX-DA-001-24": ((10, "66.00"), (50, "63.00")),
}

# Stock: every other variant gets a formula quantity in each warehouse; these are set by hand
# as (SH, GZ), 0 meaning no opening stock there.
STOCK_OVERRIDES = {
    "HX-SN-004-20": (0, 0),  # 缺货 sold out
    "HX-DA-008-20": (0, 0),
    "HX-DR-010-12": (3, 0),  # 库存紧张 low
    "HX-SN-006-1": (2, 4),
}

GIFT = ("GF-001", "赠品 Gift: 定制水杯 branded cup", "hx", ("1", "单个", "件", "15.00"), (500, 300))

TIER_A_LIST = "A级客户 90%"
DEALER_A_LIST = "dealer-a 专属价"
# SKU: ((from quantity, unit price), ...)
DEALER_A_PRICES = {
    "HX-DR-001-12": ((1, "37.00"), (50, "35.00")),
    "HX-PA-001-1": ((1, "119.00"),),
    "HX-DA-002-24": ((1, "62.00"),),
}


def _sku(code: str, suffix: str) -> str:
    return f"HX-{code}-{suffix}"


def _barcode(product_index: int, variant_index: int) -> str:
    """A valid EAN-13 under the 690 (China) prefix."""
    body = f"6901234{product_index:03d}{variant_index:02d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _stock(index: int) -> tuple[int, int]:
    return 20 + index * 137 % 480, 10 + index * 89 % 290


def _shelf_life(key: str) -> str:
    parents = {k: (parent, life) for k, _, parent, life in CATEGORIES}
    parent, life = parents[key]
    while life is None:
        if parent is None:
            raise ValueError(f"Neither category {key} nor any category above it has a shelf life.")
        parent, life = parents[parent]
    return life


def _variant_input(code: str, size: str, product_index: int, variant_index: int, variant) -> catalog.VariantInput:
    suffix, pack, unit, price = variant
    sku = _sku(code, suffix)
    minimum, multiple, maximum = ORDER_RULES.get(sku, (1, 1, None))
    return catalog.VariantInput(
        sku=sku,
        base_price=price,
        barcode=_barcode(product_index, variant_index),
        spec={"规格": size, "包装": pack},
        unit=unit,
        min_order_quantity=minimum,
        order_multiple=multiple,
        max_per_order=maximum,
        volume_breaks=VOLUME_BREAKS.get(sku, ()),
    )


def _size(name: str) -> str:
    """The last word of the English gloss is the size: "… 500ml" → "500ml"."""
    return name.rsplit(" ", 1)[-1]


async def seed_catalog() -> None:
    """All or nothing, so a seed that stopped half-way is simply run again."""
    supplier = await Organization.get(code=SUPPLIER_CODE)
    if await Product.exists(supplier_id=supplier.id):
        return
    async with in_transaction():
        await _build_catalog(supplier)


async def _build_catalog(supplier: Organization) -> None:
    admin = await principal_for_user(await User.get(email=ADMIN_EMAIL).select_related("organization"))

    warehouses = [await inventory.create_warehouse(admin, code, name) for code, name in WAREHOUSES]

    categories: dict[str, int] = {}
    for key, name, parent, _ in CATEGORIES:
        categories[key] = (await catalog.create_category(admin, name, categories.get(parent) if parent else None)).id
    brands: dict[str, int] = {}
    origins: dict[str, str] = {}
    for key, name, origin in BRANDS:
        brands[key] = (await catalog.create_brand(admin, name)).id
        origins[key] = origin

    variant_ids: dict[str, int] = {}
    product_ids: dict[str, int] = {}
    for index, (code, name, category, brand, tags, variants) in enumerate(PRODUCTS, start=1):
        size = _size(name)
        product = await catalog.create_product(
            admin,
            catalog.ProductInput(
                name=name,
                code=code,
                description=f"{name}。华鑫食品正品直供，整箱发货。Genuine stock shipped by the case from Huaxin Foods.",
                category_id=categories[category],
                brand_id=brands[brand],
                images=(f"{IMAGE_BASE}/{code.lower()}-1.jpg", f"{IMAGE_BASE}/{code.lower()}-2.jpg"),
                attributes={"产地 Origin": origins[brand], "保质期 Shelf life": _shelf_life(category)},
                tags=tuple(TAGS[t] for t in tags),
                customer_groups=CHAIN_ONLY.get(code, ()),
                published=code not in UNPUBLISHED,
                variants=tuple(_variant_input(code, size, index, position, v) for position, v in enumerate(variants)),
            ),
        )
        product_ids[code] = product.id
        for sku, variant_id in (
            await Variant.filter(product_id=product.id).order_by("position").values_list("sku", "id")
        ):
            variant_ids[sku] = variant_id

    gift_code, gift_name, gift_brand, gift_variant, gift_stock = GIFT
    gift = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name=gift_name,
            code=gift_code,
            description="满赠活动赠品，不单独销售。Promotion gift, not sold on its own.",
            brand_id=brands[gift_brand],
            images=(f"{IMAGE_BASE}/{gift_code.lower()}-1.jpg",),
            published=False,
            variants=(_variant_input(gift_code, "350ml", len(PRODUCTS) + 1, 0, gift_variant),),
        ),
    )
    gift_variant_id = (await Variant.get(product_id=gift.id)).id

    for index, (sku, variant_id) in enumerate(variant_ids.items()):
        for warehouse, quantity in zip(warehouses, STOCK_OVERRIDES.get(sku) or _stock(index), strict=True):
            if quantity:
                await inventory.adjust_stock(admin, variant_id, warehouse.id, quantity, STOCK_REASON)
    for warehouse, quantity in zip(warehouses, gift_stock, strict=True):
        await inventory.adjust_stock(admin, gift_variant_id, warehouse.id, quantity, STOCK_REASON)
    for sku in LOW_STOCK_WARNINGS:
        for warehouse in warehouses:
            await inventory.set_low_stock_threshold(admin, variant_ids[sku], warehouse.id, LOW_STOCK_THRESHOLD)

    await _price_lists(admin, supplier, variant_ids)
    await _promotions(admin, categories, product_ids, gift_variant_id)


LOW_STOCK_WARNINGS = ("HX-DR-010-12", "HX-SN-006-1")
LOW_STOCK_THRESHOLD = 10


async def _price_lists(admin, supplier: Organization, variant_ids: dict[str, int]) -> None:
    # Tier B pays the base price: no list.
    await pricing.create_price_list(
        admin,
        pricing.PriceListInput(name=TIER_A_LIST, kind=PriceListKind.RATE, rate=Decimal("0.90"), tiers=("A",)),
    )
    dealer_a = await CustomerAccount.get(supplier_id=supplier.id, buyer__code="dealer-a")
    own = await pricing.create_price_list(
        admin,
        pricing.PriceListInput(name=DEALER_A_LIST, kind=PriceListKind.FIXED, priority=10, account_ids=(dealer_a.id,)),
    )
    await pricing.set_prices(
        admin,
        own.id,
        [
            pricing.PriceInput(variant_ids[sku], price, quantity)
            for sku, steps in DEALER_A_PRICES.items()
            for quantity, price in steps
        ],
    )


async def _promotions(admin, categories: dict[str, int], products: dict[str, int], gift_variant_id: int) -> None:
    P = promotions.PromotionInput
    K = PromotionKind
    for data in (
        P(
            name="特价 无糖绿茶 ¥42/箱 (不与其他优惠同享)",
            kind=K.SPECIAL_PRICE,
            priority=50,
            stackable=False,
            product_ids=(products["DR-003"],),
            special_price=Decimal("42.00"),
        ),
        P(
            name="坚果9折 Nuts 10% off",
            kind=K.PERCENT_OFF,
            priority=30,
            category_ids=(categories["nuts"],),
            percent_off=Decimal(10),
        ),
        P(
            name="矿泉水买10送1 Water buy 10 get 1",
            kind=K.BUY_X_GET_Y,
            priority=20,
            product_ids=(products["DR-014"],),
            buy_quantity=10,
            gift_quantity=1,
        ),
        P(
            name="A级客户满3000减300 满5000减600",
            kind=K.THRESHOLD_DISCOUNT,
            priority=20,
            target_tiers=("A",),
            steps=(("3000.00", "300.00"), ("5000.00", "600.00")),
        ),
        P(
            name="全场满1000减100",
            kind=K.THRESHOLD_DISCOUNT,
            priority=10,
            steps=(("1000.00", "100.00"),),
            repeatable=False,
        ),
        P(
            name="满2000赠定制水杯 Spend 2000, get a branded cup",
            kind=K.THRESHOLD_GIFT,
            priority=5,
            threshold=Decimal("2000.00"),
            gift_variant_id=gift_variant_id,
            gift_quantity=1,
        ),
    ):
        await promotions.create_promotion(admin, data)
