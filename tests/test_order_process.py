"""The one order process: every transition of its table, allowed and refused, on all three
tracks; who writes the three statuses; and the actions it offers to each caller."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from tortoise.transactions import in_transaction

from app.errors import ErrorCode, UserInputError
from app.orders import process
from app.orders import service as orders
from app.orders.models import (
    FulfilmentStatus,
    Order,
    OrderStatus,
    OrderStatusChange,
    OrderTrack,
    PaymentStatus,
)
from app.orders.process import OrderAction
from app.outbox import OutboxEvent
from tests.support import place_order, principal_of
from tests.support_shipments import approve, make_shipping_shop, ship

APP = Path(__file__).resolve().parent.parent / "app"
PROCESS = APP / "orders" / "process.py"
TRACK_FIELDS = {"status", "payment_status", "fulfilment_status"}


def _every_pair():
    for track in process.TRANSITIONS:
        states = list(process.STATE[track])
        for source in states:
            for target in states:
                if source is not target:
                    yield track, source, target


async def _order_in(order_id: int, track: OrderTrack, source) -> Order:
    """The order reset to a starting state for one case (a test's shortcut past the process)."""
    start = {
        "status": OrderStatus.APPROVED,
        "payment_status": PaymentStatus.UNPAID,
        "fulfilment_status": FulfilmentStatus.UNFULFILLED,
        process.FIELD[track]: source,
    }
    await Order.filter(id=order_id).update(**start)
    return await Order.get(id=order_id)


async def test_every_transition_of_the_table_moves_or_is_refused_with_version_history_and_event():
    shop = await make_shipping_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1})
    admin = shop.admin
    checked = {True: 0, False: 0}
    for track, source, target in _every_pair():
        current = await _order_in(order.id, track, source)
        version = current.version
        events_before = await OutboxEvent.filter(subject_type="Order", subject_id=order.id).count()
        history_before = await OrderStatusChange.filter(order_id=order.id).count()
        allowed = target.value in process.TRANSITIONS[track][source.value]
        if allowed:
            async with in_transaction():
                await process.move(current, track, target, admin, f"{source.value}->{target.value}")
            stored = await Order.get(id=order.id)
            assert getattr(stored, process.FIELD[track]) is target, (track, source, target)
            assert stored.version == version + 1 == current.version, (track, source, target)
            change = await OrderStatusChange.filter(order_id=order.id).order_by("-id").first()
            assert (change.track, change.from_value, change.to_value) == (track, source.value, target.value)
            assert change.user_id == admin.user_id and change.reason == f"{source.value}->{target.value}"
            event = await OutboxEvent.filter(subject_type="Order", subject_id=order.id).order_by("-id").first()
            assert event.kind == process.EVENT[track].kind and event.payload["version"] == version + 1
            assert await OutboxEvent.filter(subject_type="Order", subject_id=order.id).count() == events_before + 1
        else:
            with pytest.raises(UserInputError) as refused:
                async with in_transaction():
                    await process.move(current, track, target, admin, None)
            assert refused.value.errors[0].code is ErrorCode.INVALID_STATE, (track, source, target)
            stored = await Order.get(id=order.id)
            assert getattr(stored, process.FIELD[track]) is source and stored.version == version
            assert await OrderStatusChange.filter(order_id=order.id).count() == history_before
            assert await OutboxEvent.filter(subject_type="Order", subject_id=order.id).count() == events_before
        checked[allowed] += 1
    declared = sum(len(targets) for table in process.TRANSITIONS.values() for targets in table.values())
    assert checked[True] == declared
    assert checked[False] == 7 * 6 + 3 * 2 + 3 * 2 - declared


async def test_a_status_move_on_a_stale_order_is_refused_and_writes_nothing():
    shop = await make_shipping_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1})
    stale = await Order.get(id=order.id)
    await orders.cancel(await principal_of(shop.buyer), order.id, "changed my mind")
    with pytest.raises(UserInputError):
        async with in_transaction():
            await process.move(stale, OrderTrack.STATUS, OrderStatus.REJECTED, shop.admin, None)
    assert (await Order.get(id=order.id)).status is OrderStatus.CANCELLED


async def test_the_process_refuses_to_run_without_its_hooks():
    process.reset()
    try:
        with pytest.raises(RuntimeError, match="wiring"):
            await process.move(Order(status=OrderStatus.APPROVED), OrderTrack.STATUS, OrderStatus.SHIPPED, None, None)
    finally:
        from app import wiring

        wiring.install()


def _writes_of_track_fields(path: Path) -> list[str]:
    """Assignments to `<x>.status/payment_status/fulfilment_status` of an order, ORM updates or
    creations of Order naming those fields, and new Order instances given them (written by `insert_all`)."""
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr in TRACK_FIELDS:
                        base = ast.unparse(part.value)
                        if "order" in base.lower() and base not in {"approval", "payment", "shipment", "item"}:
                            found.append(f"{path.relative_to(APP.parent)}:{node.lineno} {ast.unparse(node)}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr
            in {
                "update",
                "create",
                "bulk_create",
                "get_or_create",
                "update_or_create",
            }
        ):
            chain = ast.unparse(node.func.value)
            if chain.startswith("Order.") or chain == "Order":
                named = {k.arg for k in node.keywords} & TRACK_FIELDS
                if named:
                    found.append(f"{path.relative_to(APP.parent)}:{node.lineno} {ast.unparse(node)[:80]}")
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "Order":
            if {k.arg for k in node.keywords} & TRACK_FIELDS:
                found.append(f"{path.relative_to(APP.parent)}:{node.lineno} {ast.unparse(node)[:80]}")
    return found


def test_no_code_outside_the_process_writes_the_three_statuses():
    writes = [w for path in APP.rglob("*.py") if path != PROCESS for w in _writes_of_track_fields(path)]
    assert writes == []
    assert _writes_of_track_fields(PROCESS), "the inspection finds the process's own writes"


async def _actions(user, order_id: int) -> list[OrderAction]:
    order = await Order.get(id=order_id)
    return (await process.available_actions(await principal_of(user), [order]))[order_id]


async def test_available_actions_follow_the_caller_and_the_order():
    shop = await make_shipping_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2})
    assert await _actions(shop.buyer, order.id) == [
        OrderAction.EDIT,
        OrderAction.CANCEL,
        OrderAction.RECORD_PAYMENT,
        OrderAction.REORDER,
    ]
    assert await _actions(shop.approver, order.id) == [OrderAction.CANCEL, OrderAction.APPROVE, OrderAction.REJECT]
    assert await _actions(shop.warehouse_user, order.id) == []

    await approve(shop, order)
    assert await _actions(shop.warehouse_user, order.id) == [OrderAction.SHIP]
    assert await _actions(shop.buyer, order.id) == [OrderAction.RECORD_PAYMENT, OrderAction.REORDER]
    line = (await Order.get(id=order.id).prefetch_related("lines")).lines[0]
    await ship(shop, order, {line: 2})
    assert OrderAction.CONFIRM_RECEIPT in await _actions(shop.receiver, order.id)
    assert await _actions(shop.warehouse_user, order.id) == []


async def test_available_actions_of_a_page_cost_a_fixed_number_of_queries(query_counter):
    shop = await make_shipping_shop()
    placed = [
        await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1}, key=f"k{i}") for i in range(6)
    ]
    principal = await principal_of(shop.buyer)
    counts = []
    for size in (2, 6):
        page = await Order.filter(id__in=[o.id for o in placed[:size]])
        query_counter.reset()
        await process.available_actions(principal, page)
        counts.append(query_counter.count)
    assert counts[0] == counts[1]


ORDERS = """{ orders(first: 50) { edges { node { number status availableActions
  history { toStatus }
  tracks: history(tracks: [STATUS, PAYMENT, FULFILMENT]) { track fromValue toValue } } } } }"""


async def test_the_api_shows_each_caller_its_actions_and_every_track_of_the_history(client, query_counter):
    shop = await make_shipping_shop()
    placed = [
        await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 2}, key=f"k{i}") for i in range(3)
    ]
    await approve(shop, placed[0])
    line = (await Order.get(id=placed[0].id).prefetch_related("lines")).lines[0]
    await ship(shop, placed[0], {line: 2})

    async def nodes(email: str) -> dict[str, dict]:
        token = await client.token(email)
        query_counter.reset()
        edges = (await client.data(ORDERS, token=token))["orders"]["edges"]
        nodes.queries = query_counter.count
        return {edge["node"]["number"]: edge["node"] for edge in edges}

    shipped, waiting = placed[0].number, placed[1].number
    buyer = await nodes(shop.buyer.email)
    assert buyer[shipped]["availableActions"] == ["CONFIRM_RECEIPT", "RECORD_PAYMENT", "REORDER"]
    assert buyer[waiting]["availableActions"] == ["EDIT", "CANCEL", "RECORD_PAYMENT", "REORDER"]
    assert [h["toStatus"] for h in buyer[shipped]["history"]] == ["PENDING_APPROVAL", "APPROVED", "SHIPPED"]
    assert {"track": "FULFILMENT", "fromValue": "UNFULFILLED", "toValue": "FULFILLED"} in buyer[shipped]["tracks"]
    warehouse = await nodes(shop.warehouse_user.email)
    assert warehouse[shipped]["availableActions"] == [] and warehouse[waiting]["availableActions"] == []
    approver = await nodes(shop.approver.email)
    assert approver[waiting]["availableActions"] == ["CANCEL", "APPROVE", "REJECT"]

    three_orders = nodes.queries
    for i in range(3, 9):
        await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1}, key=f"k{i}")
    await nodes(shop.approver.email)
    assert nodes.queries == three_orders, "the actions of a page cost the same queries whatever its length"
