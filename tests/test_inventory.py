"""Inventory is the one owner of stock: every operation writes its movement row, reservations never
oversell under concurrency, a fall to the low-stock threshold is announced once per crossing, and
no module outside app/inventory writes the stock tables."""

from __future__ import annotations

import ast
import asyncio

import pytest
from tortoise.transactions import in_transaction

from app.errors import UserInputError
from app.inventory import service as inventory
from app.inventory.events import StockLow
from app.inventory.models import Stock, StockMovement, StockMovementKind, StockReservation
from app.orders import service as orders
from app.orders.models import OrderLine
from app.outbox import OutboxEvent
from app.settings import PROJECT_ROOT
from tests.support import make_buyer, make_shop, place_order, principal_of


async def _reserve(order_line_id: int, variant_id: int, quantity: int) -> bool:
    """Whether the one line was wholly reserved."""
    return not await inventory.reserve_lines([inventory.LineToReserve(order_line_id, variant_id, quantity)])


class Shortage(Exception):
    """Rolls back a transaction whose reservation came up short, as checkout does."""


async def _movements(variant_id: int) -> list[tuple]:
    return (
        await StockMovement.filter(variant_id=variant_id)
        .order_by("id")
        .values_list("warehouse_id", "kind", "on_hand_change", "reserved_change", "reason")
    )


async def _level(variant_id: int, warehouse_id: int) -> tuple[int, int]:
    stock = await Stock.get(variant_id=variant_id, warehouse_id=warehouse_id)
    return stock.on_hand, stock.reserved


@pytest.fixture
async def shop():
    """make_shop's SH warehouse with 10 of each variant, an empty GZ warehouse and a buyer."""
    supplier, admin, variants = await make_shop(stock=10)
    sh = (await Stock.get(variant_id=variants["TEA-1"].id)).warehouse_id
    gz = await inventory.create_warehouse(admin, "GZ", "Guangzhou")
    _, buyer, _ = await make_buyer(supplier, "alpha")
    return {"supplier": supplier, "admin": admin, "variants": variants, "sh": sh, "gz": gz.id, "buyer": buyer}


async def test_adjust_logs_an_adjustment_and_never_drops_below_reserved(shop):
    tea = shop["variants"]["TEA-1"]
    stock = await inventory.adjust_stock(shop["admin"], tea.id, shop["gz"], 7, "found in the back")
    assert (stock.on_hand, stock.reserved) == (7, 0)
    await Stock.filter(id=stock.id).update(reserved=5)
    with pytest.raises(UserInputError) as refused:
        await inventory.adjust_stock(shop["admin"], tea.id, shop["gz"], -3, "write-off")
    assert refused.value.errors[0].code.value == "INSUFFICIENT_STOCK"
    assert (await inventory.adjust_stock(shop["admin"], tea.id, shop["gz"], -2, "broken")).on_hand == 5
    gz_moves = [m for m in await _movements(tea.id) if m[0] == shop["gz"]]
    assert gz_moves == [
        (shop["gz"], StockMovementKind.ADJUSTMENT, 7, 0, "found in the back"),
        (shop["gz"], StockMovementKind.ADJUSTMENT, -2, 0, "broken"),
    ]
    assert (
        await StockMovement.filter(warehouse_id=shop["gz"]).values_list("user_id", flat=True)
        == [shop["admin"].user_id] * 2
    )


async def test_each_operation_writes_its_movement(shop):
    tea, sh, gz = shop["variants"]["TEA-1"], shop["sh"], shop["gz"]
    order = await place_order(shop["buyer"], shop["supplier"].org.id, {tea: 4})
    line = await OrderLine.get(order_id=order.id)
    assert await _level(tea.id, sh) == (10, 4)
    assert (await _movements(tea.id))[-1] == (sh, StockMovementKind.RESERVATION, 0, 4, f"order line {line.id}")

    assert await inventory.consume(line.id, tea.id, sh, 3, "shipment DO-1")
    assert await _level(tea.id, sh) == (7, 1)
    assert (await _movements(tea.id))[-1] == (sh, StockMovementKind.SHIPMENT, -3, -3, "shipment DO-1")
    assert not await inventory.consume(line.id, tea.id, gz, 1, "shipment DO-2"), "nothing is reserved in GZ"

    await inventory.restore(line.id, tea.id, sh, 3, "shipment DO-1 cancelled")
    assert await _level(tea.id, sh) == (10, 4)
    assert (await _movements(tea.id))[-1] == (sh, StockMovementKind.SHIPMENT, 3, 3, "shipment DO-1 cancelled")
    assert await inventory.held_by_variant(order.id) == {tea.id: 4}

    await inventory.release_order(order.id, "order cancelled")
    assert await _level(tea.id, sh) == (10, 0)
    assert (await _movements(tea.id))[-1] == (sh, StockMovementKind.RELEASE, 0, -4, "order cancelled")
    assert await StockReservation.filter(order_line_id=line.id, released=False).count() == 0

    assert await _reserve(line.id, tea.id, 6)
    assert (await _movements(tea.id))[-1] == (sh, StockMovementKind.RESERVATION, 0, 6, f"order line {line.id}")
    with pytest.raises(Shortage):
        async with in_transaction():
            if not await _reserve(line.id, tea.id, 5):
                raise Shortage("4 units are left")

    await inventory.restock(tea.id, gz, 2, "return RT-1", shop["admin"].user_id)
    assert await _level(tea.id, gz) == (2, 0)
    assert (await _movements(tea.id))[-1] == (gz, StockMovementKind.RETURN, 2, 0, "return RT-1")
    assert await _level(tea.id, sh) == (10, 6), "the short reservation rolled back"
    assert await inventory.available_by_variant([tea.id]) == {tea.id: 10 - 6 + 2}


async def test_lines_of_one_variant_reserve_in_turn_across_warehouses(shop):
    """An order's lines share the stock rows read once: the second line of a variant (a gift of one
    ordered) takes what the first left, the fullest warehouse first; a line short of stock takes what is
    left and is named, and the caller rolls back."""
    tea, sh, gz = shop["variants"]["TEA-1"], shop["sh"], shop["gz"]
    await inventory.adjust_stock(shop["admin"], tea.id, sh, -4, "move to GZ")
    await inventory.adjust_stock(shop["admin"], tea.id, gz, 4, "moved from SH")
    order = await place_order(shop["buyer"], shop["supplier"].org.id, {shop["variants"]["TEA-6"]: 6})
    anchor = await OrderLine.get(order_id=order.id)
    wanted = [inventory.LineToReserve(anchor.id, tea.id, quantity) for quantity in (5, 3, 3)]
    with pytest.raises(Shortage):
        async with in_transaction():
            assert await inventory.reserve_lines(wanted) == [2]
            assert (await _level(tea.id, sh), await _level(tea.id, gz)) == ((6, 6), (4, 4))
            takes = await StockReservation.filter(order_line_id=anchor.id, stock__variant_id=tea.id).order_by("id")
            assert [(r.stock_id, r.quantity) for r in takes] == [
                ((await Stock.get(variant_id=tea.id, warehouse_id=w)).id, q)
                for w, q in ((sh, 5), (sh, 1), (gz, 2), (gz, 2))
            ]
            raise Shortage()
    assert (await _level(tea.id, sh), await _level(tea.id, gz)) == ((6, 0), (4, 0))


@pytest.mark.parametrize("run", range(20))
async def test_concurrent_reservations_never_oversell(shop, run):
    """Twelve transactions released at once each reserve 2 of the 10 units spread over SH (6)
    and GZ (4): exactly five succeed, and the one crossing of SH's threshold is announced once."""
    tea, sh, gz = shop["variants"]["TEA-1"], shop["sh"], shop["gz"]
    await inventory.adjust_stock(shop["admin"], tea.id, sh, -4, "move to GZ")
    await inventory.adjust_stock(shop["admin"], tea.id, gz, 4, "moved from SH")
    await inventory.set_low_stock_threshold(shop["admin"], tea.id, sh, 2)
    order = await place_order(shop["buyer"], shop["supplier"].org.id, {shop["variants"]["TEA-6"]: 6})
    anchor = await OrderLine.get(order_id=order.id)  # the reservations only need a line to belong to
    attempts = 12
    all_started = asyncio.Barrier(attempts)

    async def attempt() -> bool:
        await all_started.wait()
        try:
            async with in_transaction():
                if not await _reserve(anchor.id, tea.id, 2):
                    raise Shortage()
        except Shortage:
            return False
        return True

    outcomes = await asyncio.gather(*(attempt() for _ in range(attempts)))
    assert outcomes.count(True) == 5
    assert {await _level(tea.id, sh), await _level(tea.id, gz)} == {(6, 6), (4, 4)}
    assert await inventory.available_by_variant([tea.id]) == {tea.id: 0}
    held = await StockReservation.filter(stock__variant_id=tea.id, released=False).values_list("quantity", flat=True)
    logged = await StockMovement.filter(variant_id=tea.id, kind=StockMovementKind.RESERVATION).values_list(
        "reserved_change", flat=True
    )
    assert sum(held) == sum(logged) == 10
    assert await OutboxEvent.filter(kind=StockLow.kind).count() == 1


async def _low_events() -> list[tuple]:
    return (
        await OutboxEvent.filter(kind=StockLow.kind)
        .order_by("id")
        .values_list("subject_type", "subject_id", "supplier_id", "actor_id", "payload")
    )


async def test_low_stock_is_announced_once_per_crossing(shop):
    tea, sh = shop["variants"]["TEA-1"], shop["sh"]
    supplier_id = shop["supplier"].org.id
    await inventory.set_low_stock_threshold(shop["admin"], tea.id, sh, 5)
    first = await place_order(shop["buyer"], supplier_id, {tea: 3}, key="a")
    assert await _low_events() == [], "7 available is above the threshold"
    await place_order(shop["buyer"], supplier_id, {tea: 2}, key="b")
    payload = {
        "variantId": tea.id,
        "sku": "TEA-1",
        "warehouseId": sh,
        "warehouseCode": "SH",
        "available": 5,
        "threshold": 5,
    }
    assert await _low_events() == [("Variant", tea.id, supplier_id, None, payload)]
    await place_order(shop["buyer"], supplier_id, {tea: 1}, key="c")
    await inventory.adjust_stock(shop["admin"], tea.id, sh, -1, "broken")
    assert len(await _low_events()) == 1, "it stays low: no second warning"

    await orders.cancel(await principal_of(shop["buyer"]), first.id, None)
    assert await inventory.available_by_variant([tea.id]) == {tea.id: 6}
    await inventory.adjust_stock(shop["admin"], tea.id, sh, -2, "broken")
    events = await _low_events()
    assert len(events) == 2, "back above the threshold and down again is a new crossing"
    assert events[1][3] == shop["admin"].user_id and events[1][4]["available"] == 4


async def test_low_stock_warning_rolls_back_with_its_change(shop):
    tea, sh = shop["variants"]["TEA-1"], shop["sh"]
    await inventory.set_low_stock_threshold(shop["admin"], tea.id, sh, 5)
    order = await place_order(shop["buyer"], shop["supplier"].org.id, {shop["variants"]["TEA-6"]: 6})
    line = await OrderLine.get(order_id=order.id)
    with pytest.raises(Shortage):
        async with in_transaction():
            assert await _reserve(line.id, tea.id, 8)
            assert await OutboxEvent.filter(kind=StockLow.kind).count() == 1
            raise Shortage()
    assert await OutboxEvent.filter(kind=StockLow.kind).count() == 0
    assert await _level(tea.id, sh) == (10, 0)


STOCK_MODELS = frozenset({"Stock", "StockReservation", "StockMovement"})
WRITES = frozenset(
    {"create", "bulk_create", "get_or_create", "update_or_create", "update", "bulk_update", "save", "delete"}
)
SCANNED = ("app", "schema", "bench", "migrations")
"""The tests are left out: their set-ups put stock into states no operation reaches on purpose."""


def _names_a_stock_model(node: ast.AST, aliases: set[str]) -> bool:
    """Whether a call chain (`Stock.filter(...).first()`, `models.Stock.get(...)`) starts at a stock model."""
    while True:
        if isinstance(node, ast.Await):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in STOCK_MODELS:
                return True
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id in aliases
        else:
            return False


def _targets(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [name for element in target.elts for name in _targets(element)]
    return []


def stock_writes(source: str) -> list[str]:
    """The writes to the stock tables in a module: on the models and their querysets, and on the
    instances it loads from them (`stock, _ = await Stock.get_or_create(...)` then `stock.save()`)."""
    tree = ast.parse(source)
    aliases = set(STOCK_MODELS)
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name in STOCK_MODELS}
    instances: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            if _names_a_stock_model(node.value, aliases):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                instances |= {name for target in targets for name in _targets(target)}
        elif isinstance(node, ast.For | ast.AsyncFor) and _names_a_stock_model(node.iter, aliases):
            instances |= set(_targets(node.target))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES:
            receiver = node.func.value
            if _names_a_stock_model(receiver, aliases) or (isinstance(receiver, ast.Name) and receiver.id in instances):
                found.append((node.lineno, f"line {node.lineno}: {ast.unparse(node.func)}"))
    return [write for _, write in sorted(found)]


def test_the_write_finder_sees_every_kind_of_write():
    source = """
from app.inventory.models import Stock as StockRow, StockMovement
from app.inventory import models
async def sneaky(variant_id):
    await StockRow.filter(variant_id=variant_id).update(reserved=0)
    await StockMovement.create(variant_id=variant_id)
    await models.StockReservation.bulk_create([])
    stock, _ = await StockRow.get_or_create(variant_id=variant_id)
    stock.on_hand = 0
    await stock.save()
    for row in await StockRow.filter(variant_id=variant_id):
        await row.delete()
    await StockRow.filter(variant_id=variant_id).first()
    await Order.filter(id=1).update(status="X")
"""
    assert [write.split(":")[0] for write in stock_writes(source)] == [
        "line 5",
        "line 6",
        "line 7",
        "line 8",
        "line 10",
        "line 12",
    ]
    assert len(stock_writes((PROJECT_ROOT / "app/inventory/service.py").read_text(encoding="utf-8"))) >= 10


def test_no_module_outside_inventory_writes_stock():
    inventory_package = PROJECT_ROOT / "app" / "inventory"
    offenders = {}
    for folder in SCANNED:
        for path in sorted((PROJECT_ROOT / folder).rglob("*.py")):
            if inventory_package in path.parents:
                continue
            writes = stock_writes(path.read_text(encoding="utf-8"))
            if writes:
                offenders[str(path.relative_to(PROJECT_ROOT))] = writes
    assert offenders == {}, "stock is written only through app.inventory.service"
