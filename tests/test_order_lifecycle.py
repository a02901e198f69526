"""An order's whole life through the public API, each step by the user whose job it is: the
buyer orders, the approver approves, the warehouse ships in two parts, the receiver counts one
unit short, the statement shows it, a return is credited to the ledger exactly once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app.ledger.models import LedgerEntry, LedgerEntryKind
from tests.support import gid
from tests.support_shipments import make_shipping_shop

CHECKOUT = """mutation($s: ID!, $lines: [CartLineInput!]!) {
  cartAddLines(input: {supplierId: $s, lines: $lines}) { userErrors { code } }
  checkout(input: {supplierId: $s, idempotencyKey: "life-1"}) {
    order { id status lines { id sku quantity } } userErrors { code message } } }"""
APPROVE = (
    """mutation($id: ID!) { orderApprove(input: {orderId: $id}) { order { status } userErrors { code message } } }"""
)
SHIP = """mutation($input: ShipmentCreateInput!) { shipmentCreate(input: $input) {
  shipment { id number lines { id quantity orderLine { sku } } } order { status fulfilmentStatus }
  userErrors { field code message } } }"""
RECEIVE = """mutation($input: ShipmentConfirmReceiptInput!) { shipmentConfirmReceipt(input: $input) {
  shipment { status receivingDifferences { sku shipped received } } order { status }
  userErrors { field code message } } }"""
STATEMENT = """query($id: ID!, $from: Date!, $to: Date!) { statement(customerAccountId: $id, from: $from, to: $to) {
  charges { amount } returnCredits { amount } closingBalance { amount }
  orders(first: 10) { nodes { number orderedQuantity shippedQuantity receivedQuantity shortQuantity } } } }"""
RETURN = """mutation($input: ReturnRequestInput!) { returnRequest(input: $input) {
  return { id status amount { amount } } userErrors { field code message } } }"""
DECIDE = """mutation($id: ID!) { returnApprove(input: {returnId: $id}) { return { status } userErrors { code } } }"""
RESTOCK = """mutation($id: ID!, $w: ID!) { returnReceive(input: {returnId: $id, warehouseId: $w}) {
  return { status } userErrors { field code message } } }"""


async def test_order_from_cart_to_completion_statement_and_return(client):
    shop = await make_shipping_shop()
    v = shop.variants
    tokens = {
        name: await client.token(user.email)
        for name, user in (
            ("buyer", shop.buyer),
            ("approver", shop.approver),
            ("warehouse", shop.warehouse_user),
            ("receiver", shop.receiver),
            ("admin", shop.supplier.admin),
        )
    }
    lines = [
        {"variantId": gid("Variant", v[sku].id), "quantity": q} for sku, q in (("TEA-6", 12), ("TEA-1", 5), ("CUP", 10))
    ]
    placed = await client.data(
        CHECKOUT, {"s": gid("Organization", shop.supplier.org.id), "lines": lines}, tokens["buyer"]
    )
    order = placed["checkout"]["order"]
    assert placed["checkout"]["userErrors"] == [] and order["status"] == "PENDING_APPROVAL"
    line_ids = {line["sku"]: line["id"] for line in order["lines"]}

    wrong = (await client.data(APPROVE, {"id": order["id"]}, tokens["warehouse"]))["orderApprove"]
    assert [e["code"] for e in wrong["userErrors"]] == ["NOT_CURRENT_APPROVER"]
    approved = (await client.data(APPROVE, {"id": order["id"]}, tokens["approver"]))["orderApprove"]
    assert approved == {"order": {"status": "APPROVED"}, "userErrors": []}

    def ship_input(quantities):
        return {
            "input": {
                "orderId": order["id"],
                "carrier": "SF",
                "trackingNumber": "SF1",
                "lines": [{"orderLineId": line_ids[sku], "quantity": q} for sku, q in quantities],
            }
        }

    too_many = (await client.data(SHIP, ship_input([("CUP", 11)]), tokens["warehouse"]))["shipmentCreate"]
    assert [e["code"] for e in too_many["userErrors"]] == ["EXCEEDS_ORDERED"] and too_many["shipment"] is None
    first = (await client.data(SHIP, ship_input([("TEA-6", 12), ("TEA-1", 5)]), tokens["warehouse"]))["shipmentCreate"]
    assert first["order"] == {"status": "PARTIALLY_SHIPPED", "fulfilmentStatus": "PARTIALLY_FULFILLED"}
    second = (await client.data(SHIP, ship_input([("CUP", 10)]), tokens["warehouse"]))["shipmentCreate"]
    assert second["order"] == {"status": "SHIPPED", "fulfilmentStatus": "FULFILLED"}

    full = await client.data(RECEIVE, {"input": {"shipmentId": first["shipment"]["id"]}}, tokens["receiver"])
    assert full["shipmentConfirmReceipt"]["order"] == {"status": "SHIPPED"}
    cup_line = second["shipment"]["lines"][0]["id"]
    over = {
        "input": {
            "shipmentId": second["shipment"]["id"],
            "lines": [{"shipmentLineId": cup_line, "receivedQuantity": 11}],
        }
    }
    refused = (await client.data(RECEIVE, over, tokens["receiver"]))["shipmentConfirmReceipt"]
    assert [e["code"] for e in refused["userErrors"]] == ["EXCEEDS_SHIPPED"]
    short = {
        "input": {
            "shipmentId": second["shipment"]["id"],
            "note": "one cup broken",
            "lines": [{"shipmentLineId": cup_line, "receivedQuantity": 9, "differenceReason": "damaged"}],
        }
    }
    counted = (await client.data(RECEIVE, short, tokens["receiver"]))["shipmentConfirmReceipt"]
    assert counted["order"] == {"status": "COMPLETED"}
    assert counted["shipment"]["receivingDifferences"] == [{"sku": "CUP", "shipped": 10, "received": 9}]

    today = datetime.now(ZoneInfo(shop.supplier.org.timezone)).date()
    period = {
        "id": gid("CustomerAccount", shop.account.id),
        "from": today.replace(day=1).isoformat(),
        "to": today.isoformat(),
    }
    statement = (await client.data(STATEMENT, period, tokens["buyer"]))["statement"]
    assert statement["orders"]["nodes"][0]["orderedQuantity"] == 27
    assert {
        k: statement["orders"]["nodes"][0][k] for k in ("shippedQuantity", "receivedQuantity", "shortQuantity")
    } == {"shippedQuantity": 27, "receivedQuantity": 26, "shortQuantity": 1}
    assert statement["charges"]["amount"] == statement["closingBalance"]["amount"]

    tea_line = next(line["id"] for line in first["shipment"]["lines"] if line["orderLine"]["sku"] == "TEA-1")

    def ask(q):
        return {
            "input": {
                "orderId": order["id"],
                "reason": "expired",
                "lines": [{"shipmentLineId": tea_line, "quantity": q}],
            }
        }

    beyond = (await client.data(RETURN, ask(6), tokens["buyer"]))["returnRequest"]
    assert [e["code"] for e in beyond["userErrors"]] == ["EXCEEDS_RECEIVED"]
    requested = (await client.data(RETURN, ask(2), tokens["buyer"]))["returnRequest"]["return"]
    assert requested["status"] == "REQUESTED" and requested["amount"]["amount"] == "20.00"
    assert (await client.data(DECIDE, {"id": requested["id"]}, tokens["admin"]))["returnApprove"]["return"][
        "status"
    ] == "APPROVED"
    restock = {"id": requested["id"], "w": gid("Warehouse", shop.sh.id)}
    assert (await client.data(RESTOCK, restock, tokens["warehouse"]))["returnReceive"]["return"]["status"] == "REFUNDED"
    again = (await client.data(RESTOCK, restock, tokens["warehouse"]))["returnReceive"]
    assert [e["code"] for e in again["userErrors"]] == ["INVALID_STATE"]

    credits = await LedgerEntry.filter(kind=LedgerEntryKind.RETURN_CREDIT).values_list("amount", flat=True)
    assert [str(c) for c in credits] == ["-20.00"]
    after = (await client.data(STATEMENT, period, tokens["buyer"]))["statement"]
    assert after["returnCredits"]["amount"] == "-20.00"
