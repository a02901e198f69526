"""Issue 18: the supplier edits an order (改单) through orderUpdateLines: its ADMIN or the
customer's SALES rep, before shipment; quantities, added and removed lines, unit prices with a
reason (sales within the discount limit); priced again with the promotions; reservations follow;
each line's before and after kept; the buyer notified; an order charged already charged the difference."""

from __future__ import annotations

import asyncio
from decimal import Decimal

from app.accounts.models import ChargeMoment, CustomerAccount, Organization, Role
from app.approvals import service as approvals
from app.approvals.models import OrderApproval
from app.events.relay import Relay
from app.inventory.models import Stock
from app.ledger import service as ledger
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.notifications.models import Notification, NotificationKind
from app.orders.models import Order, OrderLine, OrderLineChange, OrderStatus, PaymentMethod
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from app.shipments import service as shipments
from tests.support import gid, make_buyer, make_shop, make_user, place_order, principal_of

UPDATE = """
mutation ($input: OrderUpdateLinesInput!) {
  orderUpdateLines(input: $input) {
    order {
      status version subtotal { amount } discountTotal { amount } total { amount }
      lines { id sku quantity unitPrice { amount } lineTotal { amount } isGift priceOverrideReason }
      lineChanges { orderLineId sku quantityBefore quantityAfter unitPriceBefore { amount } unitPriceAfter { amount }
                    reason userName orderVersion }
    }
    userErrors { field code message }
  }
}
"""


class _NullBroker:
    async def publish(self, channel: str, message: dict) -> None:
        return None


async def reserved(variant) -> int:
    return sum(s.reserved for s in await Stock.filter(variant_id=variant.id))


async def shop_with_order(**quantities):
    supplier, admin, variants = await make_shop()
    sales = await make_user(supplier.org, "sales@acme.test", {Role.SALES: None})
    _, buyer, account = await make_buyer(supplier, "alpha", sales_rep=sales)
    order = await place_order(buyer, supplier.org.id, {variants[sku]: q for sku, q in quantities.items()})
    return supplier, admin, variants, sales, buyer, account, order


async def line_ids(order_id: int) -> dict[str, str]:
    return {line.sku: gid("OrderLine", line.id) for line in await OrderLine.filter(order_id=order_id)}


async def test_the_supplier_admin_changes_adds_removes_and_prices_lines(client, settings):
    supplier, admin, variants, _, buyer, _, order = await shop_with_order(**{"TEA-1": 4, "TEA-6": 6})
    before_history = await OrderApproval.get(order_id=order.id)
    lines = await line_ids(order.id)
    token = await client.token(supplier.admin.email)

    missing_reason = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "lines": [{"orderLineId": lines["TEA-1"], "unitPrice": "8.00"}],
            }
        },
        token=token,
    )
    assert missing_reason["orderUpdateLines"]["userErrors"] == [
        {
            "field": ["input", "lines", "0", "priceReason"],
            "code": "REQUIRED",
            "message": "Say why the unit price is set by hand.",
        }
    ]

    body = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "reason": "phone call with the buyer",
                "lines": [
                    {"orderLineId": lines["TEA-1"], "quantity": 10, "unitPrice": "8.00", "priceReason": "old stock"},
                    {"orderLineId": lines["TEA-6"], "quantity": 0},
                ],
                "addLines": [],
            }
        },
        token=token,
    )
    result = body["orderUpdateLines"]
    assert result["userErrors"] == []
    edited = result["order"]
    assert edited["status"] == "PENDING_APPROVAL"
    assert edited["version"] == order.version + 1
    assert [
        (ln["sku"], ln["quantity"], ln["unitPrice"]["amount"], ln["priceOverrideReason"]) for ln in edited["lines"]
    ] == [("TEA-1", 10, "8.00", "old stock")]
    assert edited["lines"][0]["id"] == lines["TEA-1"], "a kept line keeps its id"
    assert edited["total"]["amount"] == "80.00"
    assert [
        (c["sku"], c["quantityBefore"], c["quantityAfter"], c["unitPriceBefore"], c["unitPriceAfter"], c["reason"])
        for c in edited["lineChanges"]
    ] == [
        ("TEA-1", 4, 10, {"amount": "10.00"}, {"amount": "8.00"}, "old stock"),
        ("TEA-6", 6, 0, {"amount": "50.00"}, None, "phone call with the buyer"),
    ]
    assert {c["userName"] for c in edited["lineChanges"]} == {"admin"}
    assert {c["orderVersion"] for c in edited["lineChanges"]} == {order.version + 1}
    assert edited["lineChanges"][1]["orderLineId"] is None
    assert await reserved(variants["TEA-1"]) == 10
    assert await reserved(variants["TEA-6"]) == 0

    # A line added, priced as the customer's.
    add = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version + 1,
                "addLines": [{"variantId": gid("Variant", variants["TEA-6"].id), "quantity": 12}],
            }
        },
        token=token,
    )
    assert add["orderUpdateLines"]["userErrors"] == []
    assert [(ln["sku"], ln["quantity"]) for ln in add["orderUpdateLines"]["order"]["lines"]] == [
        ("TEA-1", 10),
        ("TEA-6", 12),
    ]
    assert add["orderUpdateLines"]["order"]["total"]["amount"] == "680.00"
    assert await reserved(variants["TEA-6"]) == 12

    # The approval walk started again; the buyer hears of the change.
    approval = await OrderApproval.get(order_id=order.id)
    assert approval.status.value == "PENDING" and approval.id == before_history.id
    await Relay(_NullBroker(), uses_postgres=settings.uses_postgres, poll_seconds=60).publish_pending()
    notices = await Notification.filter(kind=NotificationKind.ORDER_CHANGED).order_by("id")
    assert [n.user_id for n in notices] == [buyer.id, buyer.id]
    assert notices[0].title == f"Order {order.number} changed by the supplier"

    # The buyer may not set prices or add lines.
    buyer_token = await client.token(buyer.email)
    refused = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version + 2,
                "lines": [{"orderLineId": lines["TEA-1"], "quantity": 5, "unitPrice": "1.00"}],
            }
        },
        token=buyer_token,
    )
    assert refused["orderUpdateLines"]["userErrors"][0]["code"] == "INVALID"


async def test_prices_again_with_the_promotions(client):
    supplier, admin, variants, _, _, _, order = await shop_with_order(**{"TEA-1": 5})
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(name="满100减15", kind=PromotionKind.THRESHOLD_DISCOUNT, steps=(("100", "15"),)),
    )
    lines = await line_ids(order.id)
    body = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "lines": [{"orderLineId": lines["TEA-1"], "quantity": 12}],
            }
        },
        token=await client.token(supplier.admin.email),
    )
    edited = body["orderUpdateLines"]["order"]
    assert (edited["subtotal"]["amount"], edited["discountTotal"]["amount"], edited["total"]["amount"]) == (
        "120.00",
        "15.00",
        "105.00",
    )


async def test_a_sales_rep_edits_its_own_customers_orders_within_the_discount_limit(client):
    supplier, admin, variants, sales, _, _, order = await shop_with_order(**{"TEA-1": 4})
    await Organization.filter(id=supplier.org.id).update(sales_max_discount_percent=Decimal("10"))
    lines = await line_ids(order.id)
    token = await client.token(sales.email)

    def change(price: str) -> dict:
        return {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "lines": [{"orderLineId": lines["TEA-1"], "unitPrice": price, "priceReason": "loyal"}],
            }
        }

    too_low = await client.data(UPDATE, change("8.99"), token=token)
    assert too_low["orderUpdateLines"]["userErrors"] == [
        {
            "field": ["input", "lines", "0", "unitPrice"],
            "code": "DISCOUNT_LIMIT_EXCEEDED",
            "message": "TEA-1: 8.99 is more than 10.00% below 10.00 (at least 9.00); ask an admin.",
        }
    ]
    ok = await client.data(UPDATE, change("9.00"), token=token)
    assert ok["orderUpdateLines"]["userErrors"] == []
    assert ok["orderUpdateLines"]["order"]["total"]["amount"] == "36.00"

    # Another rep's customer is not theirs; other staff may not edit.
    other = await make_user(supplier.org, "sales2@acme.test", {Role.SALES: None})
    hidden = await client.data(UPDATE, change("9.50"), token=await client.token(other.email))
    assert hidden["orderUpdateLines"]["userErrors"][0]["code"] == "NOT_FOUND"
    approver = await make_user(supplier.org, "appr@acme.test", {Role.APPROVER: 1})
    forbidden = await client.execute(UPDATE, change("9.50"), token=await client.token(approver.email))
    assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await Order.get(id=order.id)).version == order.version + 1


async def test_an_order_charged_on_approval_is_charged_the_difference_and_locks_at_shipment(client):
    supplier, admin, variants, _, _, account, order = await shop_with_order(**{"TEA-1": 4})
    await Organization.filter(id=supplier.org.id).update(charge_orders_on=ChargeMoment.APPROVAL)
    await approvals.approve(admin, order.id, None)
    assert await ledger.balance(account.id) == Decimal("40.00")
    order = await Order.get(id=order.id)
    lines = await line_ids(order.id)
    token = await client.token(supplier.admin.email)
    body = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "lines": [{"orderLineId": lines["TEA-1"], "quantity": 7}],
            }
        },
        token=token,
    )
    assert body["orderUpdateLines"]["userErrors"] == []
    assert body["orderUpdateLines"]["order"]["status"] == "APPROVED"
    assert await ledger.balance(account.id) == Decimal("70.00")
    charges = await LedgerEntry.filter(order_id=order.id, kind=LedgerEntryKind.ORDER_CHARGE).order_by("id")
    assert [c.amount for c in charges] == [Decimal("40.00"), Decimal("30.00")]
    assert await reserved(variants["TEA-1"]) == 7

    warehouse = await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    line = await OrderLine.get(order_id=order.id)
    await shipments.create(
        await principal_of(warehouse), shipments.ShipmentInput(order.id, (shipments.ShipLine(line.id, 2),))
    )
    order = await Order.get(id=order.id)
    late = await client.data(
        UPDATE,
        {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "lines": [{"orderLineId": lines["TEA-1"], "quantity": 3}],
            }
        },
        token=token,
    )
    assert late["orderUpdateLines"]["userErrors"][0]["code"] == "INVALID_STATE"
    assert await OrderLineChange.filter(order_id=order.id).count() == 1


async def test_a_rise_past_the_credit_limit_is_refused_after_the_charge_too(client):
    supplier, admin, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    await CustomerAccount.filter(id=account.id).update(credit_limit=Decimal("100.00"))
    await Organization.filter(id=supplier.org.id).update(charge_orders_on=ChargeMoment.APPROVAL)
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 4}, payment_method=PaymentMethod.ON_ACCOUNT)
    await approvals.approve(admin, order.id, None)
    assert await ledger.balance(account.id) == Decimal("40.00")
    lines = await line_ids(order.id)
    token = await client.token(supplier.admin.email)

    async def set_tea(quantity: int) -> dict:
        current = await Order.get(id=order.id)
        variables = {
            "input": {
                "orderId": gid("Order", order.id),
                "version": current.version,
                "lines": [{"orderLineId": lines["TEA-1"], "quantity": quantity}],
            }
        }
        return (await client.data(UPDATE, variables, token=token))["orderUpdateLines"]

    # ¥40 charged, ¥60 left: ¥100 fits (a rise of ¥60), ¥110 does not; the charge is not counted twice.
    too_much = await set_tea(11)
    assert [(e["field"], e["code"]) for e in too_much["userErrors"]] == [(["input", "lines"], "CREDIT_LIMIT_EXCEEDED")]
    assert await ledger.balance(account.id) == Decimal("40.00")
    assert (await set_tea(10))["userErrors"] == []
    assert await ledger.balance(account.id) == Decimal("100.00")


async def test_two_edits_of_one_version_at_once_one_wins(client):
    supplier, admin, variants, sales, _, _, order = await shop_with_order(**{"TEA-1": 4})
    lines = await line_ids(order.id)
    admin_token = await client.token(supplier.admin.email)
    sales_token = await client.token(sales.email)

    def change(quantity: int) -> dict:
        return {
            "input": {
                "orderId": gid("Order", order.id),
                "version": order.version,
                "lines": [{"orderLineId": lines["TEA-1"], "quantity": quantity}],
            }
        }

    results = await asyncio.gather(
        *(client.data(UPDATE, change(5 + i), token=admin_token if i % 2 else sales_token) for i in range(6))
    )
    winners = [r["orderUpdateLines"]["order"] for r in results if not r["orderUpdateLines"]["userErrors"]]
    losers = [r["orderUpdateLines"]["userErrors"][0]["code"] for r in results if r["orderUpdateLines"]["userErrors"]]
    assert len(winners) == 1 and set(losers) == {"INVALID_STATE"}, results
    quantity = winners[0]["lines"][0]["quantity"]
    assert (await OrderLine.get(order_id=order.id)).quantity == quantity
    assert await reserved(variants["TEA-1"]) == quantity
    assert (await Order.get(id=order.id)).version == order.version + 1
    assert await OrderLineChange.filter(order_id=order.id).count() == 1
    assert (await Order.get(id=order.id)).status is OrderStatus.PENDING_APPROVAL
