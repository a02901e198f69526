"""Returns (退货): requested on received lines, approved or rejected, received back into a chosen
warehouse and credited to the ledger exactly once."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from app.accounts.models import Role
from app.clock import utc_now
from app.errors import UserInputError
from app.inventory.models import Stock, StockMovement, StockMovementKind
from app.ledger import service as ledger
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.outbox import OutboxEvent
from app.returns import quantities as unit_counts
from app.returns import service as returns
from app.returns.models import Return, ReturnLine
from app.shipments import service as shipments
from app.shipments.models import ShipmentLine
from tests.support import gid, make_user, principal_of
from tests.support_shipments import approved_order, make_shipping_shop, ship

REQUEST = """mutation Q($input: ReturnRequestInput!) { returnRequest(input: $input) {
  return { id number status amount { amount } refundMethod photos lines { sku quantity amount { amount } } }
  userErrors { field code message } } }"""
APPROVE = """mutation A($input: ReturnApproveInput!) { returnApprove(input: $input) {
  return { status } userErrors { field code message } } }"""
REJECT = """mutation J($input: ReturnRejectInput!) { returnReject(input: $input) {
  return { status history { toStatus reason } } userErrors { field code message } } }"""
RECEIVE = """mutation V($input: ReturnReceiveInput!) { returnReceive(input: $input) {
  return { status warehouse { code } refundedAt history { fromStatus toStatus reason userName } }
  userErrors { field code message } } }"""


async def _received(shop, short_cup: int = 0):
    """An order of TEA-1 ×5 and CUP ×3, shipped and received (short_cup cups missing)."""
    order, lines = await approved_order(shop, {"TEA-1": 5, "CUP": 3})
    shipment = await ship(shop, order, {lines["TEA-1"]: 5, lines["CUP"]: 3})
    cup = await ShipmentLine.get(shipment_id=shipment.id, order_line_id=lines["CUP"].id)
    tea = await ShipmentLine.get(shipment_id=shipment.id, order_line_id=lines["TEA-1"].id)
    counts = (shipments.ReceivedLine(cup.id, 3 - short_cup, "damaged"),) if short_cup else ()
    await shipments.confirm_receipt(await principal_of(shop.receiver), shipment.id, counts, None)
    return order, tea, cup


def _request(order, *lines, reason="wrong flavour", **extra) -> dict:
    return {
        "input": {
            "orderId": gid("Order", order.id),
            "reason": reason,
            "lines": [{"shipmentLineId": gid("ShipmentLine", line.id), "quantity": q} for line, q in lines],
            **extra,
        }
    }


async def test_request_approve_receive_restocks_and_credits_once(client):
    shop = await make_shipping_shop()
    order, tea, cup = await _received(shop)
    buyer = await client.token(shop.buyer.email)
    requested = (
        await client.data(
            REQUEST,
            _request(order, (tea, 2), (cup, 1), photos=["https://img.test/1.jpg"], refundMethod="BALANCE"),
            token=buyer,
        )
    )["returnRequest"]
    assert requested["userErrors"] == []
    item = requested["return"]
    year = utc_now().year
    assert item["number"] == f"RT-{year}-000001" and item["status"] == "REQUESTED"
    assert item["amount"] == {"amount": "23.35"} and item["refundMethod"] == "BALANCE"
    assert item["photos"] == ["https://img.test/1.jpg"]
    assert [(line["sku"], line["quantity"], line["amount"]["amount"]) for line in item["lines"]] == [
        ("TEA-1", 2, "20.00"),
        ("CUP", 1, "3.35"),
    ]
    service = await make_user(shop.supplier.org, "service@acme.test", {Role.SERVICE: None})
    approved = (
        await client.data(
            APPROVE, {"input": {"returnId": item["id"], "comment": "ok"}}, token=await client.token(service.email)
        )
    )["returnApprove"]
    assert approved == {"return": {"status": "APPROVED"}, "userErrors": []}

    balance_before = await ledger.balance(shop.account.id)
    staff = await client.token(shop.warehouse_user.email)
    received = (
        await client.data(
            RECEIVE, {"input": {"returnId": item["id"], "warehouseId": gid("Warehouse", shop.gz.id)}}, token=staff
        )
    )["returnReceive"]
    assert received["userErrors"] == []
    assert received["return"]["status"] == "REFUNDED" and received["return"]["warehouse"] == {"code": "GZ"}
    assert [(h["fromStatus"], h["toStatus"]) for h in received["return"]["history"]] == [
        (None, "REQUESTED"),
        ("REQUESTED", "APPROVED"),
        ("APPROVED", "RECEIVED"),
        ("RECEIVED", "REFUNDED"),
    ]
    assert received["return"]["history"][3]["reason"] == "credited to prepaid balance"
    gz = {s.variant_id: (s.on_hand, s.reserved) for s in await Stock.filter(warehouse_id=shop.gz.id)}
    assert gz == {shop.variants["TEA-1"].id: (2, 0), shop.variants["CUP"].id: (1, 0)}
    assert await StockMovement.filter(kind=StockMovementKind.RETURN).count() == 2

    again = (
        await client.data(
            RECEIVE, {"input": {"returnId": item["id"], "warehouseId": gid("Warehouse", shop.gz.id)}}, token=staff
        )
    )["returnReceive"]
    assert again["userErrors"][0]["code"] == "INVALID_STATE"
    credits = await LedgerEntry.filter(kind=LedgerEntryKind.RETURN_CREDIT)
    assert [(c.amount, c.document_type, c.document_number) for c in credits] == [
        (Decimal("-23.35"), "Return", f"RT-{year}-000001")
    ]
    assert await ledger.balance(shop.account.id) == balance_before - Decimal("23.35")
    kinds = await OutboxEvent.filter(subject_type="Return").order_by("id").values_list("kind", flat=True)
    assert kinds == ["return.requested", "return.approved", "return.received", "return.refunded"]
    quantities = (await unit_counts.quantities_by_order([order.id]))[order.id]
    assert quantities.returned == 3 and quantities.lines[tea.order_line_id].returned == 2


async def test_returning_more_than_received_is_refused(client):
    shop = await make_shipping_shop()
    order, tea, cup = await _received(shop, short_cup=1)
    buyer = await client.token(shop.buyer.email)
    over = (await client.data(REQUEST, _request(order, (cup, 3)), token=buyer))["returnRequest"]
    assert over["return"] is None
    assert over["userErrors"] == [
        {
            "field": ["input", "lines", "0", "quantity"],
            "code": "EXCEEDS_RECEIVED",
            "message": "CUP: 2 received, 0 returned or asked back already, 2 can be returned; not 3.",
        }
    ]
    first = (await client.data(REQUEST, _request(order, (cup, 2)), token=buyer))["returnRequest"]
    assert first["userErrors"] == []
    second = (await client.data(REQUEST, _request(order, (cup, 1)), token=buyer))["returnRequest"]
    assert second["userErrors"][0]["code"] == "EXCEEDS_RECEIVED"

    service = await client.token(shop.supplier.admin.email)
    no_reason = (
        await client.data(REJECT, {"input": {"returnId": first["return"]["id"], "reason": " "}}, token=service)
    )["returnReject"]
    assert no_reason["userErrors"][0]["code"] == "REQUIRED"
    rejected = (
        await client.data(REJECT, {"input": {"returnId": first["return"]["id"], "reason": "used goods"}}, token=service)
    )["returnReject"]
    assert rejected["return"]["status"] == "REJECTED"
    assert rejected["return"]["history"][-1] == {"toStatus": "REJECTED", "reason": "used goods"}
    freed = (await client.data(REQUEST, _request(order, (cup, 2)), token=buyer))["returnRequest"]
    assert freed["userErrors"] == []
    assert await Return.all().count() == 2
    not_approved = (
        await client.data(
            RECEIVE,
            {"input": {"returnId": freed["return"]["id"], "warehouseId": gid("Warehouse", shop.sh.id)}},
            token=service,
        )
    )["returnReceive"]
    assert not_approved["userErrors"][0]["code"] == "INVALID_STATE"
    assert await LedgerEntry.filter(kind=LedgerEntryKind.RETURN_CREDIT).count() == 0


async def test_returns_only_on_received_shipments_and_by_the_right_roles(client):
    shop = await make_shipping_shop()
    order, lines = await approved_order(shop, {"TEA-1": 5})
    shipment = await ship(shop, order, {lines["TEA-1"]: 5})
    line = await ShipmentLine.get(shipment_id=shipment.id)
    buyer = await client.token(shop.buyer.email)
    on_the_way = (await client.data(REQUEST, _request(order, (line, 1)), token=buyer))["returnRequest"]
    assert on_the_way["userErrors"][0]["code"] == "INVALID_STATE"
    bad_photo = (await client.data(REQUEST, _request(order, (line, 1), photos=["javascript:alert(1)"]), token=buyer))[
        "returnRequest"
    ]
    assert bad_photo["userErrors"][0] == {
        "field": ["input", "photos", "0"],
        "code": "INVALID",
        "message": "A photo is an http(s) URL of at most 500 characters.",
    }
    await shipments.confirm_receipt(await principal_of(shop.receiver), shipment.id, (), None)

    receiver_only = await client.execute(
        REQUEST, _request(order, (line, 1)), token=await client.token(shop.receiver.email)
    )
    assert receiver_only["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = await make_shipping_shop("other")
    foreign = (await client.data(REQUEST, _request(order, (line, 1)), token=await client.token(other.buyer.email)))[
        "returnRequest"
    ]
    assert foreign["userErrors"][0]["code"] == "NOT_FOUND"
    created = (await client.data(REQUEST, _request(order, (line, 1)), token=buyer))["returnRequest"]["return"]
    for login in (shop.warehouse_user.email, shop.buyer.email):
        denied = await client.execute(APPROVE, {"input": {"returnId": created["id"]}}, token=await client.token(login))
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN", login
    stranger = (
        await client.data(
            APPROVE, {"input": {"returnId": created["id"]}}, token=await client.token(other.supplier.admin.email)
        )
    )["returnApprove"]
    assert stranger["userErrors"][0]["code"] == "NOT_FOUND"
    await returns.approve(shop.admin, (await Return.get()).id, None)
    service = await make_user(shop.supplier.org, "service@acme.test", {Role.SERVICE: None})
    denied = await client.execute(
        RECEIVE,
        {"input": {"returnId": created["id"], "warehouseId": gid("Warehouse", shop.sh.id)}},
        token=await client.token(service.email),
    )
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    wrong_warehouse = (
        await client.data(
            RECEIVE,
            {"input": {"returnId": created["id"], "warehouseId": gid("Warehouse", other.sh.id)}},
            token=await client.token(shop.warehouse_user.email),
        )
    )["returnReceive"]
    assert wrong_warehouse["userErrors"][0]["code"] == "NOT_FOUND"


async def test_returns_list_is_scoped_filtered_and_constant_in_queries(client, query_counter):
    shop = await make_shipping_shop()
    rep = await make_user(shop.supplier.org, "rep@acme.test", {Role.SALES: None})
    token = await client.token(shop.supplier.admin.email)
    query = """{ returns(first: 50) { totalCount nodes { number status orderNumber amount { amount } warehouse { code }
      lines { sku quantity } history { toStatus userName } } } }"""
    counts = []
    orders = []
    for n in range(1, 4):
        order, tea = await _received_again(shop, n)
        orders.append(order)
        created = await returns.request(
            await principal_of(shop.buyer),
            returns.ReturnInput(order_id=order.id, lines=(returns.ReturnLineInput(tea.id, 1),), reason="dented"),
        )
        await returns.approve(shop.admin, created.id, None)
        await returns.receive(shop.admin, created.id, shop.sh.id)
        query_counter.reset()
        result = await client.data(query, token=token)
        counts.append(query_counter.count)
        assert len(result["returns"]["nodes"]) == n
    assert counts[0] == counts[1] == counts[2], counts
    assert result["returns"]["nodes"][0]["warehouse"] == {"code": "SH"}
    for login in (shop.buyer.email, shop.receiver.email, shop.warehouse_user.email):
        assert (await client.data("{ returns { totalCount } }", token=await client.token(login)))["returns"][
            "totalCount"
        ] == 3
    other = await make_shipping_shop("other")
    for login in (rep.email, other.buyer.email, other.supplier.admin.email):
        assert (await client.data("{ returns { totalCount } }", token=await client.token(login)))["returns"][
            "totalCount"
        ] == 0
    filtered = await client.data(
        "query F($o: ID!) { returns(filter: {orderId: $o, status: [REFUNDED]}) { nodes { orderNumber } } }",
        {"o": gid("Order", orders[1].id)},
        token=token,
    )
    assert filtered["returns"]["nodes"] == [{"orderNumber": orders[1].number}]
    assert (await client.data("{ returns(filter: {status: [REQUESTED]}) { totalCount } }", token=token))["returns"][
        "totalCount"
    ] == 0


async def _received_again(shop, n: int):
    order, lines = await approved_order(shop, {"TEA-1": 2}, key=f"again-{n}")
    shipment = await ship(shop, order, {lines["TEA-1"]: 2})
    await shipments.confirm_receipt(await principal_of(shop.receiver), shipment.id, (), None)
    return order, await ShipmentLine.get(shipment_id=shipment.id)


async def test_concurrent_receipts_of_one_return_credit_it_once():
    shop = await make_shipping_shop()
    order, tea, _ = await _received(shop)
    created = await returns.request(
        await principal_of(shop.buyer),
        returns.ReturnInput(order_id=order.id, lines=(returns.ReturnLineInput(tea.id, 2),), reason="dented"),
    )
    await returns.approve(shop.admin, created.id, None)

    async def attempt() -> str:
        try:
            await returns.receive(shop.admin, created.id, shop.sh.id)
            return "received"
        except UserInputError as error:
            return error.errors[0].code.value

    outcomes = await asyncio.gather(*(attempt() for _ in range(5)))
    assert sorted(outcomes) == ["INVALID_STATE"] * 4 + ["received"]
    assert await LedgerEntry.filter(kind=LedgerEntryKind.RETURN_CREDIT).values_list("amount", flat=True) == [
        Decimal("-20.00")
    ]
    assert await StockMovement.filter(kind=StockMovementKind.RETURN).values_list("on_hand_change", flat=True) == [2]


async def test_concurrent_requests_never_return_more_than_received():
    shop = await make_shipping_shop()
    order, tea, _ = await _received(shop)
    buyer = await principal_of(shop.buyer)

    async def attempt() -> str:
        try:
            await returns.request(
                buyer,
                returns.ReturnInput(order_id=order.id, lines=(returns.ReturnLineInput(tea.id, 2),), reason="dented"),
            )
            return "requested"
        except UserInputError as error:
            return error.errors[0].code.value

    outcomes = await asyncio.gather(*(attempt() for _ in range(6)))
    assert sorted(outcomes) == ["EXCEEDS_RECEIVED"] * 4 + ["requested"] * 2
    assert sum(await ReturnLine.filter(shipment_line_id=tea.id).values_list("quantity", flat=True)) == 4
