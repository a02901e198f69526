"""Shipments (分批发货), cancellation, tracking, receipt confirmation (收货确认) with
differences, auto-confirmation, charges on shipment and the quantities the statement shows."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal

from app.accounts.auth import create_api_token
from app.accounts.models import ChargeMoment, Organization, Role
from app.clock import utc_now
from app.errors import UserInputError
from app.inventory.models import Stock, StockReservation
from app.ledger import service as ledger
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import FulfilmentStatus, Order, OrderLine, OrderStatus, OrderStatusChange, OrderTrack
from app.outbox import OutboxEvent
from app.returns import quantities as unit_counts
from app.shipments import service as shipments
from app.shipments.models import Shipment, ShipmentLine, ShipmentStatus
from tests.support import gid, make_buyer, make_user, place_order, principal_of
from tests.support_shipments import approved_order, make_shipping_shop, ship
from tests.test_server import _cli_env, _run_cli

CREATE = """mutation S($input: ShipmentCreateInput!) { shipmentCreate(input: $input) {
  shipment { id number status amount { amount } warehouse { code } carrier trackingNumber
             lines { id quantity receivedQuantity amount { amount } orderLine { sku } } }
  order { id status fulfilmentStatus }
  userErrors { field code message } } }"""

RECEIVE = """mutation R($input: ShipmentConfirmReceiptInput!) { shipmentConfirmReceipt(input: $input) {
  shipment { status receiptNote receivingDifferences { sku shipped received difference reason } }
  order { status }
  userErrors { field code message } } }"""

CANCEL = """mutation X($input: ShipmentCancelInput!) { shipmentCancel(input: $input) {
  shipment { status } order { status fulfilmentStatus } userErrors { field code message } } }"""

TRACK = """mutation T($input: ShipmentAddTrackingEventInput!) { shipmentAddTrackingEvent(input: $input) {
  shipment { trackingEvents { description location } } userErrors { field code message } } }"""


def _ship_input(order, warehouse, lines: dict) -> dict:
    return {
        "orderId": gid("Order", order.id),
        "warehouseId": gid("Warehouse", warehouse.id),
        "lines": [{"orderLineId": gid("OrderLine", line.id), "quantity": q} for line, q in lines.items()],
        "carrier": "SF Express",
        "trackingNumber": "SF1",
    }


async def test_three_lines_in_two_shipments_to_completed_after_two_receipts(client):
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-6": 12, "TEA-1": 5, "CUP": 3})
    assert order.total == Decimal("600.00") + Decimal("50.00") + Decimal("10.05")
    staff = await client.token(shop.warehouse_user.email)

    first = (
        await client.data(
            CREATE, {"input": _ship_input(order, shop.sh, {lines["TEA-6"]: 12, lines["TEA-1"]: 2})}, token=staff
        )
    )["shipmentCreate"]
    assert first["userErrors"] == []
    year = utc_now().year
    assert first["shipment"]["number"] == f"DO-{year}-000001"
    assert first["shipment"]["amount"] == {"amount": "620.00"}
    assert (
        first["order"]["status"] == "PARTIALLY_SHIPPED" and first["order"]["fulfilmentStatus"] == "PARTIALLY_FULFILLED"
    )
    second = (
        await client.data(
            CREATE, {"input": _ship_input(order, shop.sh, {lines["TEA-1"]: 3, lines["CUP"]: 3})}, token=staff
        )
    )["shipmentCreate"]
    assert second["shipment"]["number"] == f"DO-{year}-000002"
    assert second["order"] == {"id": gid("Order", order.id), "status": "SHIPPED", "fulfilmentStatus": "FULFILLED"}

    stock = {s.variant_id: (s.on_hand, s.reserved) for s in await Stock.filter(warehouse_id=shop.sh.id)}
    assert stock == {
        shop.variants["TEA-6"].id: (88, 0),
        shop.variants["TEA-1"].id: (95, 0),
        shop.variants["CUP"].id: (97, 0),
    }
    assert await StockReservation.filter(order_line__order_id=order.id, released=False).count() == 0

    charges = await LedgerEntry.filter(customer_account_id=shop.account.id).order_by("id")
    assert [(c.kind, c.amount, c.document_type, c.document_number) for c in charges] == [
        (LedgerEntryKind.ORDER_CHARGE, Decimal("620.00"), "Shipment", f"DO-{year}-000001"),
        (LedgerEntryKind.ORDER_CHARGE, Decimal("40.05"), "Shipment", f"DO-{year}-000002"),
    ]
    assert await ledger.balance(shop.account.id) == order.total

    receiver = await client.token(shop.receiver.email)
    done = (await client.data(RECEIVE, {"input": {"shipmentId": first["shipment"]["id"]}}, token=receiver))[
        "shipmentConfirmReceipt"
    ]
    assert done["userErrors"] == [] and done["order"]["status"] == "SHIPPED"
    assert done["shipment"]["receivingDifferences"] == []
    cup_line = next(line for line in second["shipment"]["lines"] if line["orderLine"]["sku"] == "CUP")
    short = (
        await client.data(
            RECEIVE,
            {
                "input": {
                    "shipmentId": second["shipment"]["id"],
                    "note": "one cup broken",
                    "lines": [{"shipmentLineId": cup_line["id"], "receivedQuantity": 2, "differenceReason": "damaged"}],
                }
            },
            token=receiver,
        )
    )["shipmentConfirmReceipt"]
    assert short["userErrors"] == []
    assert short["order"]["status"] == "COMPLETED"
    assert short["shipment"]["status"] == "RECEIVED" and short["shipment"]["receiptNote"] == "one cup broken"
    assert short["shipment"]["receivingDifferences"] == [
        {"sku": "CUP", "shipped": 3, "received": 2, "difference": 1, "reason": "damaged"}
    ]

    history = (
        await OrderStatusChange.filter(order_id=order.id, track=OrderTrack.STATUS)
        .order_by("id")
        .values_list("to_status", flat=True)
    )
    assert history == ["PENDING_APPROVAL", "APPROVED", "PARTIALLY_SHIPPED", "SHIPPED", "COMPLETED"]
    # the short receipt is a difference on the statement, not a change of the charges
    assert await ledger.balance(shop.account.id) == order.total
    quantities = (await unit_counts.quantities_by_order([order.id]))[order.id]
    assert (quantities.ordered, quantities.shipped, quantities.received, quantities.short) == (20, 20, 19, 1)
    assert quantities.lines[lines["CUP"].id].short == 1 and quantities.lines[lines["TEA-1"].id].short == 0

    fulfilment_query = """query F($id: ID!) { orderFulfilment(orderId: $id) { order { number status }
      ordered shipped inTransit received short returned
      lines { orderLine { sku } ordered shipped received short }
      receivingDifferences { sku shipped received difference reason } } }"""
    seen = (
        await client.data(fulfilment_query, {"id": gid("Order", order.id)}, token=await client.token(shop.buyer.email))
    )["orderFulfilment"]
    assert seen["order"] == {"number": order.number, "status": "COMPLETED"}
    assert [seen[k] for k in ("ordered", "shipped", "inTransit", "received", "short", "returned")] == [
        20,
        20,
        0,
        19,
        1,
        0,
    ]
    assert [(line["orderLine"]["sku"], line["short"]) for line in seen["lines"]] == [
        ("TEA-6", 0),
        ("TEA-1", 0),
        ("CUP", 1),
    ]
    assert seen["receivingDifferences"] == [
        {"sku": "CUP", "shipped": 3, "received": 2, "difference": 1, "reason": "damaged"}
    ]
    _, stranger, _ = await make_buyer(shop.supplier, "stranger")
    hidden = await client.data(
        fulfilment_query, {"id": gid("Order", order.id)}, token=await client.token(stranger.email)
    )
    assert hidden == {"orderFulfilment": None}

    kinds = await OutboxEvent.filter(subject_type="Shipment").order_by("id").values_list("kind", "payload")
    assert [k for k, _ in kinds] == ["shipment.created", "shipment.created", "shipment.received", "shipment.received"]
    cup_shipment_line = await ShipmentLine.get(order_line_id=lines["CUP"].id)
    assert kinds[3][1]["differences"] == [
        {"shipmentLineId": cup_shipment_line.id, "shipped": 3, "received": 2, "reason": "damaged"}
    ]
    fulfilment = await OutboxEvent.filter(kind="order.fulfilment_status_changed").values_list("payload", flat=True)
    assert [p["fulfilmentStatus"] for p in fulfilment] == ["PARTIALLY_FULFILLED", "FULFILLED"]


async def test_shipping_more_than_ordered_or_receiving_more_than_shipped_is_refused(client):
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-1": 5, "CUP": 3})
    staff = await client.token(shop.warehouse_user.email)

    too_many = (await client.data(CREATE, {"input": _ship_input(order, shop.sh, {lines["TEA-1"]: 6})}, token=staff))[
        "shipmentCreate"
    ]
    assert too_many["shipment"] is None
    assert too_many["userErrors"] == [
        {
            "field": ["input", "lines", "0", "quantity"],
            "code": "EXCEEDS_ORDERED",
            "message": "TEA-1: 5 ordered, 0 shipped already, 5 left to ship; cannot ship 6.",
        }
    ]
    await ship(shop, order, {lines["TEA-1"]: 4})
    again = (await client.data(CREATE, {"input": _ship_input(order, shop.sh, {lines["TEA-1"]: 2})}, token=staff))[
        "shipmentCreate"
    ]
    assert again["userErrors"][0]["code"] == "EXCEEDS_ORDERED"
    assert "4 shipped already, 1 left to ship" in again["userErrors"][0]["message"]
    wrong_place = (await client.data(CREATE, {"input": _ship_input(order, shop.gz, {lines["CUP"]: 1})}, token=staff))[
        "shipmentCreate"
    ]
    assert wrong_place["userErrors"][0]["code"] == "INSUFFICIENT_STOCK"
    assert "warehouse GZ" in wrong_place["userErrors"][0]["message"]
    assert await Shipment.all().count() == 1
    assert await LedgerEntry.all().count() == 1

    shipment = await Shipment.get().prefetch_related("lines")
    receiver = await client.token(shop.receiver.email)
    over = (
        await client.data(
            RECEIVE,
            {
                "input": {
                    "shipmentId": gid("Shipment", shipment.id),
                    "lines": [{"shipmentLineId": gid("ShipmentLine", shipment.lines[0].id), "receivedQuantity": 5}],
                }
            },
            token=receiver,
        )
    )["shipmentConfirmReceipt"]
    assert over["userErrors"] == [
        {
            "field": ["input", "lines", "0", "receivedQuantity"],
            "code": "EXCEEDS_SHIPPED",
            "message": "Only 4 units were shipped on this line; 5 cannot have arrived.",
        }
    ]
    assert (await Shipment.get(id=shipment.id)).status is ShipmentStatus.SHIPPED
    assert await OutboxEvent.filter(subject_type="Shipment").values_list("kind", flat=True) == ["shipment.created"]
    confirm = {"input": {"shipmentId": gid("Shipment", shipment.id)}}
    assert (await client.data(RECEIVE, confirm, token=receiver))["shipmentConfirmReceipt"]["userErrors"] == []
    twice = (await client.data(RECEIVE, confirm, token=receiver))["shipmentConfirmReceipt"]
    assert twice["userErrors"][0]["code"] == "INVALID_STATE"
    assert await OutboxEvent.filter(kind="shipment.received").count() == 1

    pending = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1}, key="order-2")
    pending_line = await OrderLine.get(order_id=pending.id)
    refused = (await client.data(CREATE, {"input": _ship_input(pending, shop.sh, {pending_line: 1})}, token=staff))[
        "shipmentCreate"
    ]
    assert refused["userErrors"] == [
        {
            "field": ["input", "orderId"],
            "code": "INVALID_STATE",
            "message": f"Order {pending.number} is PENDING_APPROVAL; only an approved order can be shipped.",
        }
    ]


async def test_who_may_ship_receive_and_see(client):
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-1": 5})
    rep = await make_user(shop.supplier.org, "rep@acme.test", {Role.SALES: None})
    for login in (shop.buyer.email, rep.email):
        denied = await client.execute(
            CREATE, {"input": _ship_input(order, shop.sh, {lines["TEA-1"]: 1})}, token=await client.token(login)
        )
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN", login
    other = await make_shipping_shop("other")
    foreign = (
        await client.data(
            CREATE,
            {"input": _ship_input(order, other.sh, {lines["TEA-1"]: 1})},
            token=await client.token(other.warehouse_user.email),
        )
    )["shipmentCreate"]
    assert foreign["userErrors"][0]["code"] == "NOT_FOUND"

    shipment = await ship(shop, order, {lines["TEA-1"]: 5})
    denied = await client.execute(
        RECEIVE,
        {"input": {"shipmentId": gid("Shipment", shipment.id)}},
        token=await client.token(shop.warehouse_user.email),
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    stranger = (
        await client.data(
            RECEIVE,
            {"input": {"shipmentId": gid("Shipment", shipment.id)}},
            token=await client.token(other.buyer.email),
        )
    )["shipmentConfirmReceipt"]
    assert stranger["userErrors"][0]["code"] == "NOT_FOUND"

    listing = "{ shipments { totalCount nodes { number order { number } } } }"
    for login in (shop.buyer.email, shop.receiver.email, shop.warehouse_user.email, shop.supplier.admin.email):
        seen = (await client.data(listing, token=await client.token(login)))["shipments"]
        assert seen == {"totalCount": 1, "nodes": [{"number": shipment.number, "order": {"number": order.number}}]}, (
            login
        )
    for login in (rep.email, other.buyer.email, other.warehouse_user.email):
        assert (await client.data(listing, token=await client.token(login)))["shipments"]["totalCount"] == 0, login
    node = await client.data(
        "query N($id: ID!) { node(id: $id) { ... on Shipment { number } } }",
        {"id": gid("Shipment", shipment.id)},
        token=await client.token(other.buyer.email),
    )
    assert node == {"node": None}


async def test_cancelling_a_shipment_restores_stock_status_and_charge(client):
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-1": 5, "CUP": 3})
    first = await ship(shop, order, {lines["TEA-1"]: 5})
    second = await ship(shop, order, {lines["CUP"]: 3})
    assert (await Order.get(id=order.id)).status is OrderStatus.SHIPPED
    staff = await client.token(shop.warehouse_user.email)

    result = (
        await client.data(
            CANCEL, {"input": {"shipmentId": gid("Shipment", second.id), "reason": "truck full"}}, token=staff
        )
    )["shipmentCancel"]
    assert result == {
        "shipment": {"status": "CANCELLED"},
        "order": {"status": "PARTIALLY_SHIPPED", "fulfilmentStatus": "PARTIALLY_FULFILLED"},
        "userErrors": [],
    }
    cup = await Stock.get(variant_id=shop.variants["CUP"].id, warehouse_id=shop.sh.id)
    assert (cup.on_hand, cup.reserved) == (100, 3)
    assert await StockReservation.filter(order_line_id=lines["CUP"].id, released=False).values_list(
        "quantity", flat=True
    ) == [3]
    assert await ledger.balance(shop.account.id) == Decimal("50.00")
    entries = await LedgerEntry.filter(document_type="Shipment", document_id=second.id).values_list("amount", flat=True)
    assert sorted(entries) == [Decimal("-10.05"), Decimal("10.05")]

    await client.data(CANCEL, {"input": {"shipmentId": gid("Shipment", first.id)}}, token=staff)
    back = await Order.get(id=order.id)
    assert (back.status, back.fulfilment_status) == (OrderStatus.APPROVED, FulfilmentStatus.UNFULFILLED)
    assert await ledger.balance(shop.account.id) == Decimal("0.00")
    again = await ship(shop, order, {lines["TEA-1"]: 5, lines["CUP"]: 3})
    await shipments.confirm_receipt(await principal_of(shop.receiver), again.id, (), None)
    received = (await client.data(CANCEL, {"input": {"shipmentId": gid("Shipment", again.id)}}, token=staff))[
        "shipmentCancel"
    ]
    assert received["userErrors"][0]["code"] == "INVALID_STATE"
    assert (await Order.get(id=order.id)).status is OrderStatus.COMPLETED
    assert await ledger.balance(shop.account.id) == order.total
    events = await OutboxEvent.filter(subject_type="Shipment").values_list("kind", flat=True)
    assert events.count("shipment.cancelled") == 2


async def test_no_charge_on_shipment_when_the_supplier_charges_on_approval():
    shop = await make_shipping_shop()
    await Organization.filter(id=shop.supplier.org.id).update(charge_orders_on=ChargeMoment.APPROVAL)
    order, lines = await approved_order(shop, {"TEA-1": 5})
    shipment = await ship(shop, order, {lines["TEA-1"]: 5})
    assert await LedgerEntry.filter(document_type="Shipment").count() == 0
    await shipments.cancel(await principal_of(shop.warehouse_user), shipment.id, None)
    charges = await LedgerEntry.all().values_list("kind", "amount", "order_id")
    assert charges == [(LedgerEntryKind.ORDER_CHARGE, order.total, order.id)], "charged once, on approval"


def test_the_shipment_completing_a_line_takes_the_rounding_remainder():
    line = OrderLine(id=1, quantity=3, line_total=Decimal("10.00"))
    values = []
    active: list = []
    for _ in range(3):
        value = shipments._line_values({1: line}, (shipments.ShipLine(1, 1),), active)[1]
        active.append((1, 1, value))
        values.append(value)
    assert values == [Decimal("3.33"), Decimal("3.33"), Decimal("3.34")]
    half = OrderLine(id=2, quantity=2, line_total=Decimal("0.05"))
    assert shipments._line_values({2: half}, (shipments.ShipLine(2, 1),), [])[2] == Decimal("0.03")


async def test_tracking_events_by_staff_and_by_an_app_with_the_scope(client):
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-1": 5})
    shipment = await ship(shop, order, {lines["TEA-1"]: 5})
    variables = {
        "input": {"shipmentId": gid("Shipment", shipment.id), "description": "picked up", "location": "Shanghai"}
    }
    staff = (await client.data(TRACK, variables, token=await client.token(shop.warehouse_user.email)))[
        "shipmentAddTrackingEvent"
    ]
    assert staff["shipment"]["trackingEvents"] == [{"description": "picked up", "location": "Shanghai"}]

    app_token = await create_api_token(shop.supplier.org.id, "TMS", ["shipments:write"])
    variables["input"].update(
        description="arrived at hub", location="Hangzhou", occurredAt=(utc_now() + timedelta(minutes=1)).isoformat()
    )
    by_app = (await client.data(TRACK, variables, token=app_token))["shipmentAddTrackingEvent"]
    assert [e["description"] for e in by_app["shipment"]["trackingEvents"]] == ["picked up", "arrived at hub"]
    read_only = await create_api_token(shop.supplier.org.id, "CRM", ["customers:read"])
    assert (await client.execute(TRACK, variables, token=read_only))["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = await make_shipping_shop("other")
    foreign = (await client.data(TRACK, variables, token=await client.token(other.warehouse_user.email)))[
        "shipmentAddTrackingEvent"
    ]
    assert foreign["userErrors"][0]["code"] == "NOT_FOUND"
    empty = (
        await client.data(
            TRACK,
            {"input": {**variables["input"], "description": " "}},
            token=await client.token(shop.warehouse_user.email),
        )
    )["shipmentAddTrackingEvent"]
    assert empty["userErrors"][0]["code"] == "REQUIRED"
    assert await OutboxEvent.filter(kind="shipment.tracking_added").count() == 2


async def test_auto_confirm_takes_old_shipments_as_received():
    shop = await make_shipping_shop()
    await Organization.filter(id=shop.supplier.org.id).update(auto_confirm_receipt_days=7)
    order, lines = await approved_order(shop, {"TEA-1": 5, "CUP": 3})
    old = await ship(shop, order, {lines["TEA-1"]: 5})
    recent = await ship(shop, order, {lines["CUP"]: 3})
    now = utc_now()
    await Shipment.filter(id=old.id).update(shipped_at=now - timedelta(days=8))
    await Shipment.filter(id=recent.id).update(shipped_at=now - timedelta(days=2))

    assert await shipments.auto_confirm_receipts(now) == 1
    confirmed = await Shipment.get(id=old.id).prefetch_related("lines")
    assert confirmed.status is ShipmentStatus.RECEIVED and confirmed.received_by_id is None
    assert confirmed.receipt_note == "confirmed automatically after 7 days"
    assert [line.received_quantity for line in confirmed.lines] == [5]
    assert (await Shipment.get(id=recent.id)).status is ShipmentStatus.SHIPPED
    assert (await Order.get(id=order.id)).status is OrderStatus.SHIPPED

    assert await shipments.auto_confirm_receipts(now + timedelta(days=6)) == 1
    assert (await Order.get(id=order.id)).status is OrderStatus.COMPLETED
    assert await shipments.auto_confirm_receipts(now + timedelta(days=30)) == 0
    other = await make_shipping_shop("other")
    order2, lines2 = await approved_order(other, {"TEA-1": 1})
    never = await ship(other, order2, {lines2["TEA-1"]: 1})
    await Shipment.filter(id=never.id).update(shipped_at=now - timedelta(days=400))
    assert await shipments.auto_confirm_receipts(now) == 0


async def test_concurrent_shipments_never_ship_more_than_ordered():
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-1": 5})

    async def attempt() -> str:
        try:
            await ship(shop, order, {lines["TEA-1"]: 3})
            return "shipped"
        except UserInputError as error:
            return error.errors[0].code.value

    outcomes = await asyncio.gather(*(attempt() for _ in range(6)))
    assert outcomes.count("shipped") == 1, outcomes
    stock = await Stock.get(variant_id=shop.variants["TEA-1"].id, warehouse_id=shop.sh.id)
    assert (stock.on_hand, stock.reserved) == (97, 2)
    assert sum(await Shipment.all().prefetch_related("lines").values_list("lines__quantity", flat=True)) == 3


async def test_lists_and_quantities_use_a_constant_number_of_queries(client, query_counter):
    shop = await make_shipping_shop()
    token = await client.token(shop.supplier.admin.email)
    query = """{ shipments(first: 50) { totalCount edges { cursor node { id number status amount { amount }
      warehouse { code } order { number status lines { sku } } lines { quantity orderLine { sku } amount { amount } }
      trackingEvents { description } receivingDifferences { sku difference } } } } }"""
    counts = []
    order_ids = []
    for n in range(1, 4):
        order, lines = await approved_order(shop, {"TEA-1": 2, "CUP": 2}, key=f"k{n}")
        order_ids.append(order.id)
        shipment = await ship(shop, order, {lines["TEA-1"]: 2, lines["CUP"]: 2})
        await shipments.add_tracking_event(shop.admin, shipment.id, "picked up", None, None)
        await shipments.confirm_receipt(
            await principal_of(shop.receiver),
            shipment.id,
            (shipments.ReceivedLine((await shipment.lines.all())[1].id, 1, "short"),),
            None,
        )
        query_counter.reset()
        result = await client.data(query, token=token)
        assert len(result["shipments"]["edges"]) == n
        counts.append(query_counter.count)
        query_counter.reset()
        by_order = await unit_counts.quantities_by_order(order_ids)
        assert query_counter.count == 3
        assert [q.short for q in by_order.values()] == [1] * n
    assert counts[0] == counts[1] == counts[2], counts
    assert result["shipments"]["edges"][0]["node"]["receivingDifferences"] == [{"sku": "CUP", "difference": 1}]

    filtered = await client.data(
        "query F($o: ID!) { shipments(filter: {orderId: $o, status: [RECEIVED]}) { totalCount } }",
        {"o": gid("Order", order_ids[0])},
        token=token,
    )
    assert filtered["shipments"]["totalCount"] == 1
    by_warehouse = await client.data(
        "query F($w: ID!) { shipments(filter: {warehouseId: $w}) { totalCount } }",
        {"w": gid("Warehouse", shop.gz.id)},
        token=token,
    )
    assert by_warehouse["shipments"]["totalCount"] == 0
    page = await client.data(
        "{ shipments(first: 2) { pageInfo { hasNextPage endCursor } nodes { number } } }", token=token
    )
    rest = await client.data(
        "query P($a: String!) { shipments(first: 2, after: $a) { nodes { number } } }",
        {"a": page["shipments"]["pageInfo"]["endCursor"]},
        token=token,
    )
    assert [n["number"] for n in page["shipments"]["nodes"] + rest["shipments"]["nodes"]] == [
        s.number for s in await Shipment.all().order_by("-id")
    ]


async def test_a_buyer_in_another_account_cannot_receive(client):
    shop = await make_shipping_shop()
    _, stranger, _ = await make_buyer(shop.supplier, "stranger")
    order, lines = await approved_order(shop, {"TEA-1": 1})
    shipment = await ship(shop, order, {lines["TEA-1"]: 1})
    refused = (
        await client.data(
            RECEIVE, {"input": {"shipmentId": gid("Shipment", shipment.id)}}, token=await client.token(stranger.email)
        )
    )["shipmentConfirmReceipt"]
    assert refused["userErrors"][0]["code"] == "NOT_FOUND"


def test_auto_confirm_command_runs_against_a_migrated_database(test_env, cli_database):
    env = _cli_env(test_env, cli_database)
    assert _run_cli(env, "migrate").returncode == 0
    result = _run_cli(env, "auto-confirm-receipts")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "confirmed 0 shipment(s) as received"


async def test_without_a_warehouse_the_one_holding_the_reservation_ships(client):
    shop = await make_shipping_shop(stock=3, gz_stock=2)
    order, lines = await approved_order(shop, {"TEA-1": 5})
    held = await StockReservation.filter(order_line_id=lines["TEA-1"].id).values_list(
        "stock__warehouse__code", "quantity"
    )
    assert sorted(held) == [("GZ", 2), ("SH", 3)]
    staff = await client.token(shop.warehouse_user.email)

    def without_warehouse(quantity: int) -> dict:
        variables = _ship_input(order, shop.sh, {lines["TEA-1"]: quantity})
        del variables["warehouseId"]
        return {"input": variables}

    split = (await client.data(CREATE, without_warehouse(5), token=staff))["shipmentCreate"]
    assert split["userErrors"] == [
        {
            "field": ["input", "warehouseId"],
            "code": "REQUIRED",
            "message": "No single warehouse holds the reservation of all these lines; choose the warehouse to ship from.",
        }
    ]
    first = (await client.data(CREATE, without_warehouse(2), token=staff))["shipmentCreate"]
    assert first["shipment"]["warehouse"] == {"code": "SH"}
    from_gz = (await client.data(CREATE, {"input": _ship_input(order, shop.gz, {lines["TEA-1"]: 2})}, token=staff))[
        "shipmentCreate"
    ]
    assert from_gz["shipment"]["warehouse"] == {"code": "GZ"}
    last = (await client.data(CREATE, without_warehouse(1), token=staff))["shipmentCreate"]
    assert last["shipment"]["warehouse"] == {"code": "SH"} and last["order"]["status"] == "SHIPPED"
    stock = {s.warehouse_id: (s.on_hand, s.reserved) for s in await Stock.filter(variant_id=shop.variants["TEA-1"].id)}
    assert stock == {shop.sh.id: (0, 0), shop.gz.id: (0, 0)}
