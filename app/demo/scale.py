"""Bench data at scale (`dinghuo seed-bench --scale XS|S|M|L`): one supplier with a large catalog,
thousands of buyers in five tiers with their price lists, promotions, and two years of orders,
shipments and ledger entries.

The rows that carry rules (the supplier and its staff, warehouses, categories, brands, the tier
price lists, the promotions) are made by the services the API uses. The bulk is history and is
written straight to the tables (COPY on PostgreSQL): a million orders through the checkout would
take days. The history is closed and consistent so that later requests can build on it: every
order has ended (completed, cancelled or rejected), so nothing is reserved; stock equals its
movements; each account's ledger is charges on shipment and payments, the older orders paid in
full and the last weeks' still owed; document numbers continue after the bulk.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from tortoise import connections
from tortoise.models import Model

from app.accounts import credentials, service
from app.accounts.auth import principal_for_user
from app.accounts.models import CustomerAccount, CustomerAccountStatus, Organization, Role, User, UserRole
from app.catalog import service as catalog
from app.catalog.models import Product, Variant
from app.demo import bulk
from app.inventory import service as inventory
from app.inventory.models import Stock, StockMovement, StockMovementKind
from app.ledger import balances
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.money import round_money
from app.numbering import DocumentKind, DocumentSequence
from app.orders import counts
from app.orders.models import FulfilmentStatus, Order, OrderLine, OrderStatus, PaymentMethod, PaymentStatus
from app.pricing import service as pricing
from app.pricing.models import PriceListKind
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from app.reports import rollups
from app.settings import get_settings
from app.shipments.models import Shipment, ShipmentLine, ShipmentStatus


@dataclass(frozen=True)
class Scale:
    skus: int
    buyers: int
    promotions: int
    orders: int
    ledger_entries: int


SCALES = {
    "XS": Scale(skus=40, buyers=10, promotions=5, orders=300, ledger_entries=1_500),
    "S": Scale(skus=2_000, buyers=100, promotions=10, orders=20_000, ledger_entries=100_000),
    "M": Scale(skus=20_000, buyers=1_000, promotions=30, orders=200_000, ledger_entries=1_000_000),
    "L": Scale(skus=100_000, buyers=5_000, promotions=50, orders=1_000_000, ledger_entries=5_000_000),
}

SUPPLIER_CODE = "bench"
ADMIN_EMAIL = "admin@bench.test"
BENCH_PASSWORD = "bench12345"
VARIANTS_PER_PRODUCT = 4
TIER_RATES = {"A": "0.80", "B": "0.85", "C": "0.90", "D": "0.95", "E": "0.98"}
REGIONS = ("华东/上海", "华东/杭州", "华北/北京", "华南/广州", "西南/成都", "华中/武汉")
SALES_REPS = 10
DAYS = 730
# Orders of the last weeks are still owed: the receivables and the statement's aging have something to show.
OWED_DAYS = 45
COMPLETED_SHARE = 0.92
CHUNK = 20_000
ADJECTIVES = ("经典", "特级", "有机", "低糖", "无糖", "原味", "香辣", "清爽", "浓香", "鲜榨", "精选", "家庭装")
NOUNS = (
    "绿茶",
    "红茶",
    "乌龙茶",
    "矿泉水",
    "苏打水",
    "橙汁",
    "酸奶",
    "牛奶",
    "饼干",
    "薯片",
    "坚果",
    "挂面",
    "酱油",
    "大米",
)
NOUNS_EN = ("green tea", "black tea", "oolong", "water", "soda", "orange juice", "yogurt", "milk", "biscuits")
SIZES = ("250ml×24", "500ml×12", "1L×6", "2kg")
CATEGORIES = {
    "饮料 Drinks": ("茶饮", "果汁", "饮用水", "乳品"),
    "零食 Snacks": ("饼干", "膨化", "坚果"),
    "粮油 Staples": ("米面", "调味"),
    "日化 Household": ("清洁", "纸品"),
}

Progress = Callable[[str, int, int], None]


def _quiet(_step: str, _done: int, _total: int) -> None:
    return None


@dataclass
class _World:
    """What the bulk rows point at."""

    supplier: Organization
    admin: User
    warehouse_ids: list[int]
    variants: list[tuple[int, int, str, str, Decimal]]  # id, product id, sku, name, base price
    accounts: list[tuple[int, int, int, str]]  # account id, buyer org id, buyer user id, tier


async def seed_bench(scale: Scale, progress: Progress = _quiet, seed: int = 7) -> None:
    """Refuses a database that has the bench supplier already: run it on an empty, migrated one."""
    if await Organization.exists(code=SUPPLIER_CODE):
        raise ValueError(f"the bench supplier ({SUPPLIER_CODE}) exists already: give seed-bench an empty database")
    rng = random.Random(seed)
    world = await _supplier_with_staff()
    admin = await principal_for_user(await User.get(id=world.admin.id).select_related("organization"))
    world.warehouse_ids = [
        (await inventory.create_warehouse(admin, c, n)).id for c, n in (("SH", "上海仓"), ("BJ", "北京仓"))
    ]
    category_ids, brand_ids = await _categories_and_brands(admin)
    await _catalog(world, scale, rng, category_ids, brand_ids, progress)
    for tier, rate in TIER_RATES.items():
        await pricing.create_price_list(
            admin,
            pricing.PriceListInput(
                name=f"{tier}级价 Tier {tier}", kind=PriceListKind.RATE, rate=Decimal(rate), tiers=(tier,)
            ),
        )
    await _promotions(admin, scale, rng, category_ids, world)
    await _buyers(world, scale, rng, progress)
    await _history(world, scale, rng, progress)
    await _analyze()


async def _supplier_with_staff() -> _World:
    supplier = await service.create_organization(
        code=SUPPLIER_CODE, name="基准食品 Bench Foods", can_sell=True, can_buy=False
    )
    admin = await service.create_user(
        supplier, service.NewUser(name="管理员 admin", password=BENCH_PASSWORD, email=ADMIN_EMAIL), {Role.ADMIN: None}
    )
    for number in range(1, SALES_REPS + 1):
        await service.create_user(
            supplier,
            service.NewUser(name=f"业务员 sales {number}", password=BENCH_PASSWORD, email=f"sales{number}@bench.test"),
            {Role.SALES: None},
        )
    return _World(supplier=supplier, admin=admin, warehouse_ids=[], variants=[], accounts=[])


async def _categories_and_brands(admin) -> tuple[list[int], list[int]]:
    leaves = []
    for top, children in CATEGORIES.items():
        parent = await catalog.create_category(admin, top, None)
        for child in children:
            leaves.append((await catalog.create_category(admin, child, parent.id)).id)
    brands = [(await catalog.create_brand(admin, f"品牌{n:02d} Brand {n:02d}")).id for n in range(1, 21)]
    return leaves, brands


def _chunks(total: int) -> Iterator[range]:
    for start in range(0, total, CHUNK):
        yield range(start, min(start + CHUNK, total))


async def _catalog(
    world: _World, scale: Scale, rng: random.Random, category_ids: list[int], brand_ids: list[int], progress: Progress
) -> None:
    products = max(1, scale.skus // VARIANTS_PER_PRODUCT)
    product_id, variant_id = await bulk.next_id(Product), await bulk.next_id(Variant)
    stock_id, movement_id = await bulk.next_id(Stock), await bulk.next_id(StockMovement)
    supplier_id = world.supplier.id
    progress("products", 0, products)
    for chunk in _chunks(products):
        product_rows, variant_rows, stock_rows, movement_rows = [], [], [], []
        for index in chunk:
            name = f"{rng.choice(ADJECTIVES)}{rng.choice(NOUNS)} {rng.choice(NOUNS_EN)} No.{index + 1}"
            skus: list[tuple[str, str | None]] = []
            for position, size in enumerate(SIZES):
                sku = f"BN-{index + 1:06d}-{position + 1}"
                price = Decimal(rng.randint(500, 30_000)) / 100
                skus.append((sku, None))
                variant_rows.append(
                    {
                        "id": variant_id,
                        "product_id": product_id,
                        "supplier_id": supplier_id,
                        "sku": sku,
                        "spec": {"规格 Size": size},
                        "unit": "箱",
                        "base_price": price,
                        "position": position,
                    }
                )
                world.variants.append((variant_id, product_id, sku, name, price))
                for warehouse_id in world.warehouse_ids:
                    on_hand = rng.randint(0, 5_000)
                    stock_rows.append(
                        {"id": stock_id, "variant_id": variant_id, "warehouse_id": warehouse_id, "on_hand": on_hand}
                    )
                    movement_rows.append(
                        {
                            "id": movement_id,
                            "variant_id": variant_id,
                            "warehouse_id": warehouse_id,
                            "kind": StockMovementKind.ADJUSTMENT,
                            "on_hand_change": on_hand,
                            "reason": "seed-bench",
                            "user_id": world.admin.id,
                        }
                    )
                    stock_id += 1
                    movement_id += 1
                variant_id += 1
            product_rows.append(
                {
                    "id": product_id,
                    "supplier_id": supplier_id,
                    "name": name,
                    "description": f"{name}。整箱发货。",
                    "category_id": rng.choice(category_ids),
                    "brand_id": rng.choice(brand_ids),
                    "published": True,
                    "search_text": catalog.search_text_of(name, skus),
                    "sales_volume": rng.randint(0, 10_000),
                }
            )
            product_id += 1
        for model, rows in (
            (Product, product_rows),
            (Variant, variant_rows),
            (Stock, stock_rows),
            (StockMovement, movement_rows),
        ):
            await bulk.write(model, rows)
        progress("products", chunk.stop, products)
    for model in (Product, Variant, Stock, StockMovement):
        await bulk.finish(model)


async def _promotions(admin, scale: Scale, rng: random.Random, category_ids: list[int], world: _World) -> None:
    P, K = promotions.PromotionInput, PromotionKind
    tiers = list(TIER_RATES)
    for number in range(scale.promotions):
        tier = tiers[number % len(tiers)]
        kind = (K.PERCENT_OFF, K.THRESHOLD_DISCOUNT, K.SPECIAL_PRICE, K.BUY_X_GET_Y)[number % 4]
        _variant_id, product_id, _sku, _name, price = rng.choice(world.variants)
        data = {
            K.PERCENT_OFF: P(
                name=f"品类{number}折扣",
                kind=kind,
                category_ids=(rng.choice(category_ids),),
                percent_off=Decimal(rng.choice((5, 8, 10))),
            ),
            K.THRESHOLD_DISCOUNT: P(
                name=f"{tier}级满减{number}",
                kind=kind,
                target_tiers=(tier,),
                steps=(("3000.00", "150.00"), ("8000.00", "500.00")),
            ),
            K.SPECIAL_PRICE: P(
                name=f"特价{number}",
                kind=kind,
                product_ids=(product_id,),
                special_price=round_money(price * Decimal("0.7")),
            ),
            K.BUY_X_GET_Y: P(
                name=f"买十送一{number}", kind=kind, product_ids=(product_id,), buy_quantity=10, gift_quantity=1
            ),
        }[kind]
        await promotions.create_promotion(admin, data)


async def _buyers(world: _World, scale: Scale, rng: random.Random, progress: Progress) -> None:
    password_hash = await credentials.hash_password(get_settings(), BENCH_PASSWORD)
    reps = await User.filter(organization_id=world.supplier.id, role_grants__role=Role.SALES).values_list(
        "id", flat=True
    )
    org_id, user_id = await bulk.next_id(Organization), await bulk.next_id(User)
    role_id, account_id = await bulk.next_id(UserRole), await bulk.next_id(CustomerAccount)
    tiers = list(TIER_RATES)
    progress("buyers", 0, scale.buyers)
    for chunk in _chunks(scale.buyers):
        orgs, users, roles, accounts = [], [], [], []
        for index in chunk:
            number = index + 1
            tier = tiers[index % len(tiers)]
            orgs.append(
                {
                    "id": org_id,
                    "code": f"bench-buyer-{number}",
                    "name": f"经销商{number} Dealer {number}",
                    "can_sell": False,
                    "can_buy": True,
                }
            )
            users.append(
                {
                    "id": user_id,
                    "organization_id": org_id,
                    "email": f"buyer{number}@bench.test",
                    "name": f"采购{number}",
                    "password_hash": password_hash,
                }
            )
            roles += [
                {"id": role_id, "user_id": user_id, "role": Role.ADMIN},
                {"id": role_id + 1, "user_id": user_id, "role": Role.PURCHASER},
            ]
            accounts.append(
                {
                    "id": account_id,
                    "supplier_id": world.supplier.id,
                    "buyer_id": org_id,
                    "status": CustomerAccountStatus.APPROVED,
                    "tier": tier,
                    "region": rng.choice(REGIONS),
                    "sales_rep_id": reps[index % len(reps)],
                    "credit_limit": Decimal(rng.choice((0, 50_000, 200_000))),
                    "payment_terms_days": rng.choice((0, 30, 60)),
                }
            )
            world.accounts.append((account_id, org_id, user_id, tier))
            org_id, user_id, role_id, account_id = org_id + 1, user_id + 1, role_id + 2, account_id + 1
        for model, rows in ((Organization, orgs), (User, users), (UserRole, roles), (CustomerAccount, accounts)):
            await bulk.write(model, rows)
        progress("buyers", chunk.stop, scale.buyers)
    for model in (Organization, User, UserRole, CustomerAccount):
        await bulk.finish(model)


class _History:
    """Orders in time order with their lines, shipments and ledger entries, handing out ids and numbers."""

    def __init__(self, world: _World, scale: Scale, rng: random.Random, ids: dict[type[Model], int]) -> None:
        self.world, self.rng, self.ids = world, rng, ids
        self.now = datetime.now(UTC)
        self.start = self.now - timedelta(days=DAYS)
        self.step = timedelta(days=DAYS) / scale.orders
        paid = scale.orders * COMPLETED_SHARE * (1 - OWED_DAYS / DAYS)
        # Every completed order has its charge; the other entries are the payments that settle the paid ones.
        self.payments_per_order = max(1.0, (scale.ledger_entries - scale.orders * COMPLETED_SHARE) / paid)
        self.numbers: dict[tuple[DocumentKind, int], int] = {}
        self.rows: dict[type[Model], list[dict[str, Any]]] = {}

    def _id(self, model: type[Model]) -> int:
        value = self.ids[model]
        self.ids[model] = value + 1
        return value

    def _number(self, kind: DocumentKind, year: int) -> str:
        last = self.numbers.get((kind, year), 0) + 1
        self.numbers[(kind, year)] = last
        return f"{kind}-{year}-{last:06d}"

    def _add(self, model: type[Model], row: dict[str, Any]) -> dict[str, Any]:
        row["id"] = self._id(model)
        self.rows.setdefault(model, []).append(row)
        return row

    def order(self, index: int) -> None:
        rng, world = self.rng, self.world
        placed_at = self.start + self.step * index
        account_id, buyer_id, user_id, tier = rng.choice(world.accounts)
        rate = Decimal(TIER_RATES[tier])
        roll = rng.random()
        status = (
            OrderStatus.COMPLETED
            if roll < COMPLETED_SHARE
            else OrderStatus.CANCELLED
            if roll < COMPLETED_SHARE + 0.05
            else OrderStatus.REJECTED
        )
        lines: list[dict[str, Any]] = []
        for variant_id, _product_id, sku, name, base_price in rng.sample(
            world.variants, k=min(len(world.variants), rng.randint(1, 3))
        ):
            quantity = rng.randint(1, 40)
            unit_price = round_money(base_price * rate)
            lines.append(
                {
                    "variant_id": variant_id,
                    "sku": sku,
                    "name": name,
                    "unit": "箱",
                    "quantity": quantity,
                    "unit_price": unit_price,
                    "discount": Decimal(0),
                    "line_total": unit_price * quantity,
                    "price_explanation": f"{tier}级价 {rate}",
                }
            )
        total = sum((line["line_total"] for line in lines), Decimal(0))
        done = status is OrderStatus.COMPLETED
        paid = done and placed_at < self.now - timedelta(days=OWED_DAYS)
        order = self._add(
            Order,
            {
                "number": self._number(DocumentKind.ORDER, placed_at.year),
                "supplier_id": world.supplier.id,
                "buyer_id": buyer_id,
                "customer_account_id": account_id,
                "placed_by_id": user_id,
                "status": status,
                "payment_status": PaymentStatus.PAID if paid else PaymentStatus.UNPAID,
                "fulfilment_status": FulfilmentStatus.FULFILLED if done else FulfilmentStatus.UNFULFILLED,
                "payment_method": PaymentMethod.ON_ACCOUNT,
                "currency": "CNY",
                "subtotal": total,
                "discount_total": Decimal(0),
                "total": total,
                "idempotency_key": f"bench-{index}",
                "created_at": placed_at,
                "updated_at": placed_at,
            },
        )
        order_lines = [self._add(OrderLine, line | {"order_id": order["id"]}) for line in lines]
        if done:
            self._fulfil(order, order_lines, placed_at, user_id, paid)

    def _fulfil(
        self, order: dict[str, Any], lines: list[dict[str, Any]], placed_at: datetime, user_id: int, paid: bool
    ) -> None:
        account_id = order["customer_account_id"]
        shipped_at = placed_at + timedelta(hours=self.rng.randint(4, 72))
        shipment = self._add(
            Shipment,
            {
                "number": self._number(DocumentKind.SHIPMENT, shipped_at.year),
                "order_id": order["id"],
                "supplier_id": self.world.supplier.id,
                "customer_account_id": account_id,
                "warehouse_id": self.world.warehouse_ids[order["id"] % len(self.world.warehouse_ids)],
                "status": ShipmentStatus.RECEIVED,
                "shipped_at": shipped_at,
                "received_at": shipped_at + timedelta(days=2),
                "received_by_id": user_id,
                "created_at": shipped_at,
            },
        )
        for line in lines:
            self._add(
                ShipmentLine,
                {
                    "shipment_id": shipment["id"],
                    "order_line_id": line["id"],
                    "quantity": line["quantity"],
                    "received_quantity": line["quantity"],
                },
            )
        document = {
            "order_id": order["id"],
            "document_type": "Order",
            "document_id": order["id"],
            "document_number": order["number"],
        }
        self._add(
            LedgerEntry,
            {
                "customer_account_id": account_id,
                "kind": LedgerEntryKind.ORDER_CHARGE,
                "amount": order["total"],
                "currency": "CNY",
                "occurred_at": shipped_at,
            }
            | document,
        )
        if paid:
            self._payments(order["total"], account_id, shipped_at)

    def _payments(self, total: Decimal, account_id: int, shipped_at: datetime) -> None:
        whole = int(self.payments_per_order)
        parts = whole + (1 if self.rng.random() < self.payments_per_order - whole else 0)
        share = round_money(total / parts)
        for part in range(parts):
            amount = total - share * (parts - 1) if part == parts - 1 else share
            self._add(
                LedgerEntry,
                {
                    "customer_account_id": account_id,
                    "kind": LedgerEntryKind.PAYMENT,
                    "amount": -amount,
                    "currency": "CNY",
                    "note": "seed-bench",
                    "occurred_at": shipped_at + timedelta(days=1 + part),
                },
            )

    async def flush(self) -> None:
        for model in (Order, OrderLine, Shipment, ShipmentLine, LedgerEntry):
            await bulk.write(model, self.rows.pop(model, []))


async def _history(world: _World, scale: Scale, rng: random.Random, progress: Progress) -> None:
    models = (Order, OrderLine, Shipment, ShipmentLine, LedgerEntry)
    history = _History(world, scale, rng, {model: await bulk.next_id(model) for model in models})
    progress("orders", 0, scale.orders)
    for chunk in _chunks(scale.orders):
        for index in chunk:
            history.order(index)
        await history.flush()
        progress("orders", chunk.stop, scale.orders)
    for model in models:
        await bulk.finish(model)
    await balances.rebuild_month_totals()
    await counts.rebuild()
    await rollups.rebuild()
    await DocumentSequence.bulk_create(
        [
            DocumentSequence(supplier_id=world.supplier.id, kind=kind, year=year, last_number=last)
            for (kind, year), last in history.numbers.items()
        ]
    )


async def _analyze() -> None:
    client = connections.get("default")
    await client.execute_script("ANALYZE")
