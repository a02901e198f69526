"""`dinghuo seed-bench` at its smallest scale: the bulk history it writes is consistent, and the
API and the order process carry on from it (ids, document numbers, search, balances)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from tortoise.functions import Sum

from app.accounts.models import CustomerAccount, User
from app.catalog.models import Variant
from app.demo.scale import BENCH_PASSWORD, SCALES, seed_bench
from app.inventory.models import Stock, StockMovement
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import Order, OrderLine, OrderStatus, PaymentStatus
from app.shipments.models import ShipmentLine
from tests.support import give_default_address, place_order
from tests.test_order_counts import kept_counts, orders_counted

SCALE = SCALES["XS"]
SEARCH = """query S($search: String!) { products(first: 10, filter: {search: $search}) {
  totalCount nodes { name variants { sku price { amount } } } } }"""
ORDERS = "{ orders(first: 5) { totalCount nodes { number status } } }"


@pytest.fixture
async def seeded(runtime):
    progress: list[tuple[str, int, int]] = []
    await seed_bench(SCALE, lambda step, done, total: progress.append((step, done, total)))
    return progress


async def test_sizes_progress_and_a_closed_consistent_history(seeded):
    assert await Variant.filter(supplier__code="bench").count() == SCALE.skus
    assert await CustomerAccount.filter(supplier__code="bench").count() == SCALE.buyers
    assert await Order.all().count() == SCALE.orders
    entries = await LedgerEntry.all().count()
    assert 0.8 * SCALE.ledger_entries <= entries <= 1.2 * SCALE.ledger_entries
    assert {step for step, *_ in seeded} == {"products", "buyers", "orders"}
    assert ("orders", SCALE.orders, SCALE.orders) in seeded

    assert await Order.filter(status__in=[OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED]).count() == 0
    assert await Stock.filter(reserved__gt=0).count() == 0
    assert await kept_counts() == await orders_counted()
    moved = {
        (row["variant_id"], row["warehouse_id"]): row["moved"]
        for row in await StockMovement.all()
        .group_by("variant_id", "warehouse_id")
        .annotate(moved=Sum("on_hand_change"))
        .values("variant_id", "warehouse_id", "moved")
    }
    for stock in await Stock.all():
        assert stock.on_hand == moved[(stock.variant_id, stock.warehouse_id)]

    totals = {o.id: o for o in await Order.all()}
    line_sums: dict[int, Decimal] = defaultdict(Decimal)
    for line in await OrderLine.all():
        line_sums[line.order_id] += line.line_total
    assert all(line_sums[o.id] == o.total for o in totals.values())
    shipped = {line.order_line_id: line.quantity for line in await ShipmentLine.all()}
    completed = [o for o in totals.values() if o.status is OrderStatus.COMPLETED]
    for line in await OrderLine.filter(order_id__in=[o.id for o in completed]):
        assert shipped[line.id] == line.quantity

    owed: dict[int, Decimal] = defaultdict(Decimal)
    for order in completed:
        if order.payment_status is PaymentStatus.UNPAID:
            owed[order.customer_account_id] += order.total
    balances = {
        row["customer_account_id"]: row["balance"]
        for row in await LedgerEntry.all()
        .group_by("customer_account_id")
        .annotate(balance=Sum("amount"))
        .values("customer_account_id", "balance")
    }
    assert {k: Decimal(v) for k, v in balances.items() if Decimal(v)} == {k: v for k, v in owed.items() if v}
    charges = await LedgerEntry.filter(kind=LedgerEntryKind.ORDER_CHARGE).count()
    assert charges == len(completed)
    with pytest.raises(ValueError, match="exists already"):
        await seed_bench(SCALE)


async def test_the_api_and_the_order_process_carry_on(seeded, client):
    buyer = await User.get(email="buyer1@bench.test").select_related("organization")
    token = await client.token("buyer1@bench.test", BENCH_PASSWORD)
    found = (await client.data(SEARCH, {"search": "bn-000003"}, token))["products"]
    assert found["totalCount"] == 1 and found["nodes"][0]["variants"][0]["sku"] == "BN-000003-1"
    assert (await client.data(SEARCH, {"search": "茶"}, token))["products"]["totalCount"] > 0

    own = await Order.filter(placed_by_id=buyer.id).count()
    assert (await client.data(ORDERS, token=token))["orders"]["totalCount"] == own

    last = await Order.all().order_by("-id").first()
    assert last is not None
    await give_default_address(buyer, "bench-buyer-1")
    variant = await Variant.filter(supplier__code="bench").order_by("id").first()
    assert variant is not None
    order = await place_order(buyer, variant.supplier_id, {variant: variant.min_order_quantity}, key="after-bench")
    assert order.id > last.id
    year = order.created_at.year
    bulk_numbers = await Order.filter(number__startswith=f"SO-{year}-", id__lt=order.id).values_list(
        "number", flat=True
    )
    assert order.number > max(bulk_numbers)
