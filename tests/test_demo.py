"""The demo data set: the users the README lists can log in and see what DESIGN.md promises."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from app.accounts.models import CustomerAccount, Organization, User
from app.catalog.models import Product, Variant
from app.demo import history
from app.demo.catalog import DEALER_A_PRICES
from app.demo.seed import (
    DEMO_PASSWORD,
    HUAXIN_BUYERS,
    HUAXIN_STAFF,
    RETAIL_BUYERS,
    seed_demo,
)
from app.inventory.models import Stock, StockMovement
from app.ledger.models import LedgerEntry, StatementResponse
from app.orders.models import Order, OrderLine, OrderStatus, OrderStatusChange
from app.outbox import OutboxEvent
from app.payments.models import Payment
from app.pricing.models import PriceList, PriceListItem
from app.promotions.engine import PromotionKind
from app.promotions.models import Promotion
from app.returns.models import Return
from app.shipments.models import Shipment
from tests.support import gid

ACCOUNTS = "{ customerAccounts(first: 100) { totalCount nodes { status tier supplier { code } buyer { code } salesRep { email } } } }"


async def test_seed_is_repeatable_and_every_demo_user_logs_in(client):
    await seed_demo()
    counts = (await Organization.all().count(), await User.all().count(), await CustomerAccount.all().count())
    await seed_demo()
    assert (await Organization.all().count(), await User.all().count(), await CustomerAccount.all().count()) == counts

    emails = [u.email for u in HUAXIN_STAFF] + [u.email for b in HUAXIN_BUYERS + RETAIL_BUYERS for u in b.users]
    emails.append("admin@dongfang.demo")
    for email in emails:
        assert await client.token(email, DEMO_PASSWORD), email


async def test_demo_accounts_follow_the_design(client):
    await seed_demo()
    admin = await client.data(ACCOUNTS, token=await client.token("admin@huaxin.demo", DEMO_PASSWORD))
    by_buyer = {n["buyer"]["code"]: n for n in admin["customerAccounts"]["nodes"]}
    assert by_buyer["dealer-a"]["tier"] == "A" and by_buyer["dealer-a"]["salesRep"]["email"] == "sales1@huaxin.demo"
    assert by_buyer["dealer-b"]["tier"] == "B" and by_buyer["dealer-b"]["salesRep"]["email"] == "sales2@huaxin.demo"
    assert [code for code, n in by_buyer.items() if n["status"] == "PENDING"] == ["dealer-e"]
    assert by_buyer["dongfang"]["status"] == "APPROVED"

    sales1 = await client.data(ACCOUNTS, token=await client.token("sales1@huaxin.demo", DEMO_PASSWORD))
    sales2 = await client.data(ACCOUNTS, token=await client.token("sales2@huaxin.demo", DEMO_PASSWORD))
    assert {n["buyer"]["code"] for n in sales1["customerAccounts"]["nodes"]} == {"dealer-a", "dealer-c", "dongfang"}
    assert {n["buyer"]["code"] for n in sales2["customerAccounts"]["nodes"]} == {"dealer-b", "dealer-d"}

    dongfang = await client.data(ACCOUNTS, token=await client.token("admin@dongfang.demo", DEMO_PASSWORD))
    sides = {(n["supplier"]["code"], n["buyer"]["code"]) for n in dongfang["customerAccounts"]["nodes"]}
    assert sides == {("huaxin", "dongfang"), ("dongfang", "retail-1")}

    retail = await client.data("{ suppliers { code } }", token=await client.token("buyer@retail-1.demo", DEMO_PASSWORD))
    assert retail == {"suppliers": [{"code": "dongfang"}]}
    pending = await client.data(
        "{ suppliers { code } }", token=await client.token("buyer@dealer-e.demo", DEMO_PASSWORD)
    )
    assert pending == {"suppliers": []}


CATALOG = """{ products(first: 100) { totalCount edges { node { name
    variants { sku available price { amount } basePrice { amount } pricing { explanation } }
    promotions { name } } } } }"""


def _variants(data: dict) -> dict[str, dict]:
    return {v["sku"]: v for e in data["products"]["edges"] for v in e["node"]["variants"]}


def _promotion_names(data: dict) -> set[str]:
    return {p["name"] for e in data["products"]["edges"] for p in e["node"]["promotions"]}


async def test_demo_catalog_is_priced_per_buyer(client):
    await seed_demo()
    dealer_a = await client.data(CATALOG, token=await client.token("buyer@dealer-a.demo", DEMO_PASSWORD))
    assert dealer_a["products"]["totalCount"] >= 55
    assert len(dealer_a["products"]["edges"]) == dealer_a["products"]["totalCount"]
    seen_a = _variants(dealer_a)
    rated = [
        v
        for sku, v in seen_a.items()
        if sku not in DEALER_A_PRICES
        and Decimal(v["price"]["amount"])
        == (Decimal(v["basePrice"]["amount"]) * Decimal("0.9")).quantize(Decimal("0.01"), ROUND_HALF_UP)
        and v["pricing"]["explanation"] == "A级客户 90%: 90% of the base price"
    ]
    assert len(rated) == len(seen_a) - len(DEALER_A_PRICES)
    fixed = seen_a["HX-DA-002-24"]
    assert (fixed["price"]["amount"], fixed["basePrice"]["amount"]) == ("62.00", "72.00")
    assert fixed["pricing"]["explanation"] == "dealer-a 专属价: fixed price"
    assert seen_a["HX-SN-004-20"]["available"] == 0 and 0 < seen_a["HX-SN-006-1"]["available"] < 10
    assert {"全场满1000减100", "A级客户满3000减300 满5000减600"} <= _promotion_names(dealer_a)

    dealer_b = await client.data(CATALOG, token=await client.token("buyer@dealer-b.demo", DEMO_PASSWORD))
    seen_b = _variants(dealer_b)
    assert seen_b["HX-DA-002-24"]["price"]["amount"] == "72.00"
    assert seen_b["HX-DA-002-24"]["pricing"]["explanation"] == "Base price"
    assert all(v["price"] == v["basePrice"] for v in seen_b.values())
    assert "全场满1000减100" in _promotion_names(dealer_b)
    assert "A级客户满3000减300 满5000减600" not in _promotion_names(dealer_b)

    huaxin = await Organization.get(code="huaxin")
    anonymous = await client.data(
        "query P($s: ID) { products(supplierId: $s) { totalCount } }", {"s": gid("Organization", huaxin.id)}
    )
    assert anonymous == {"products": {"totalCount": 0}}

    staff = await client.data(
        "{ promotions { name kind } }", token=await client.token("admin@huaxin.demo", DEMO_PASSWORD)
    )
    assert len(staff["promotions"]) >= 6
    assert {p["kind"] for p in staff["promotions"]} == {kind.value for kind in PromotionKind}


async def test_demo_catalog_is_built_once(client):
    await seed_demo()
    models = (Product, Variant, Stock, StockMovement, PriceList, PriceListItem, Promotion)
    counts = [await model.all().count() for model in models]
    assert counts[0] >= 60
    await seed_demo()
    assert [await model.all().count() for model in models] == counts


async def test_chain_group_sees_its_restricted_product(client):
    await seed_demo()
    query = "{ products(first: 100) { totalCount } }"
    dealer_a = await client.data(query, token=await client.token("buyer@dealer-a.demo", DEMO_PASSWORD))
    dealer_c = await client.data(query, token=await client.token("buyer@dealer-c.demo", DEMO_PASSWORD))
    assert dealer_c["products"]["totalCount"] == dealer_a["products"]["totalCount"] + 1


ORDERS = (
    "{ orders(first: 100) { totalCount nodes { number status paymentStatus total { amount } placedBy { onBehalf } } } }"
)
APPROVALS = "{ approvals(first: 100) { nodes { stepIndex currentStep { name minLevel } order { number total { amount } paymentMethod } } } }"


async def _as(client, email: str) -> str:
    return await client.token(email, DEMO_PASSWORD)


async def _numbers(*demo_orders) -> list[str]:
    numbers = dict(
        await Order.filter(idempotency_key__in=[d.idempotency_key for d in demo_orders]).values_list(
            "idempotency_key", "number"
        )
    )
    return [numbers[d.idempotency_key] for d in demo_orders]


async def test_history_has_orders_in_every_status(client):
    await seed_demo()
    orders = (await client.data(ORDERS, token=await _as(client, "admin@huaxin.demo")))["orders"]
    statuses = [n["status"] for n in orders["nodes"]]
    assert set(statuses) == {status.value for status in OrderStatus}
    assert statuses.count("PENDING_APPROVAL") == 2 and orders["totalCount"] == len(history.DEMO_ORDERS)

    by_number = {n["number"]: n for n in orders["nodes"]}
    completed, on_behalf = await _numbers(history.COMPLETED, history.PARTIALLY_SHIPPED)
    assert (by_number[completed]["status"], by_number[completed]["paymentStatus"]) == ("COMPLETED", "PAID")
    assert [n for n, node in by_number.items() if node["placedBy"]["onBehalf"]] == [on_behalf]
    rejected = await Order.get(idempotency_key=history.REJECTED.idempotency_key)
    assert (
        await OrderStatusChange.get(order_id=rejected.id, to_status=OrderStatus.REJECTED).values_list(
            "reason", flat=True
        )
        == history.REJECT_REASON
    )


async def test_each_dealer_sees_its_own_orders_only(client):
    await seed_demo()
    expected = {
        "buyer@dealer-a.demo": history.COMPLETED,
        "buyer@dealer-b.demo": history.SHIPPED,
        "buyer@dealer-c.demo": history.PARTIALLY_SHIPPED,
    }
    seen = {}
    for email, one_of_its_orders in expected.items():
        nodes = (await client.data(ORDERS, token=await _as(client, email)))["orders"]["nodes"]
        seen[email] = {n["number"] for n in nodes}
        own_demo_orders = [d for d in history.DEMO_ORDERS if d.buyer == one_of_its_orders.buyer]
        assert seen[email] == set(await _numbers(*own_demo_orders)), email
    assert len(seen["buyer@dealer-a.demo"]) == 4 and len(seen["buyer@dealer-b.demo"]) == 3
    receiver = (await client.data(ORDERS, token=await _as(client, "receiver@dealer-a.demo")))["orders"]["nodes"]
    assert {n["number"] for n in receiver} == seen["buyer@dealer-a.demo"]


async def test_approvals_wait_for_the_approver_and_for_finance(client):
    await seed_demo()
    step_one, large = await _numbers(history.AWAITING_APPROVAL, history.AWAITING_FINANCE)

    approver = (await client.data(APPROVALS, token=await _as(client, "approver@huaxin.demo")))["approvals"]["nodes"]
    assert [(a["order"]["number"], a["stepIndex"]) for a in approver] == [(step_one, 0)]

    finance = (await client.data(APPROVALS, token=await _as(client, "finance@huaxin.demo")))["approvals"]["nodes"]
    waiting = {a["order"]["number"]: a for a in finance}
    assert set(waiting) == {step_one, large}
    assert waiting[large]["stepIndex"] == 1 and waiting[large]["currentStep"]["minLevel"] == 2
    assert Decimal(waiting[large]["order"]["total"]["amount"]) > Decimal(50000)
    assert waiting[large]["order"]["paymentMethod"] == "ON_ACCOUNT"


STATEMENT = """query S($id: ID!, $from: Date!, $to: Date!) {
  statement(customerAccountId: $id, from: $from, to: $to) {
    charges { amount } payments { amount } returnCredits { amount } closingBalance { amount }
    response { decision closingBalance { amount } }
    orders(first: 100) { nodes { number orderedQuantity shippedQuantity receivedQuantity shortQuantity } }
    entries(first: 100) { nodes { kind amount { amount } documentNumber orderNumber } } } }"""
RETURNS = "{ returns(first: 100) { nodes { number status orderNumber amount { amount } lines { sku quantity } } } }"


async def test_statement_confirmed_with_the_short_unit_and_the_return_credited_once(client):
    await seed_demo()
    buyer = await _as(client, "buyer@dealer-a.demo")
    account = await CustomerAccount.get(supplier__code="huaxin", buyer__code="dealer-a")
    period_from, period_to = history.statement_period(await Organization.get(code="huaxin"))
    variables = {"id": gid("CustomerAccount", account.id), "from": period_from.isoformat(), "to": period_to.isoformat()}
    statement = (await client.data(STATEMENT, variables, token=buyer))["statement"]
    (completed,) = await _numbers(history.COMPLETED)

    figures = {n["number"]: n for n in statement["orders"]["nodes"]}
    ordered = sum(quantity for _, quantity in history.COMPLETED.lines) + 1  # and the 满2000 gift cup
    assert figures[completed] == {
        "number": completed,
        "orderedQuantity": ordered,
        "shippedQuantity": ordered,
        "receivedQuantity": ordered - 1,
        "shortQuantity": 1,
    }

    refunded = (await client.data(RETURNS, token=buyer))["returns"]["nodes"]
    assert [(r["status"], r["orderNumber"], r["lines"]) for r in refunded] == [
        ("REFUNDED", completed, [{"sku": history.RETURNED[0], "quantity": history.RETURNED[1]}])
    ]
    credits = [e for e in statement["entries"]["nodes"] if e["kind"] == "RETURN_CREDIT"]
    assert credits == [
        {
            "kind": "RETURN_CREDIT",
            "amount": {"amount": f"-{refunded[0]['amount']['amount']}"},
            "documentNumber": refunded[0]["number"],
            "orderNumber": completed,
        }
    ]
    total = (await Order.get(number=completed)).total
    assert Decimal(statement["charges"]["amount"]) == total
    assert Decimal(statement["payments"]["amount"]) == -total
    assert statement["response"] == {"decision": "CONFIRMED", "closingBalance": statement["closingBalance"]}


PAYMENTS = "{ payments(first: 100) { nodes { status amount { amount } allocations { orderNumber } } } }"
BALANCE = (
    "query B($id: ID!) { accountBalance(customerAccountId: $id) { balance { amount } prepaidBalance { amount } } }"
)


async def test_payments_confirmed_pending_and_prepaid(client):
    await seed_demo()
    completed, shipped = await _numbers(history.COMPLETED, history.SHIPPED)
    nodes = (await client.data(PAYMENTS, token=await _as(client, "finance@huaxin.demo")))["payments"]["nodes"]
    seen = sorted((n["status"], [a["orderNumber"] for a in n["allocations"]], n["amount"]["amount"]) for n in nodes)
    totals = {o.number: str(o.total) for o in await Order.filter(number__in=[completed, shipped])}
    assert seen == [
        ("CONFIRMED", [], history.PREPAYMENT),
        ("CONFIRMED", [completed], totals[completed]),
        ("RECORDED", [shipped], totals[shipped]),
    ]
    dealer_b = await CustomerAccount.get(supplier__code="huaxin", buyer__code="dealer-b")
    variables = {"id": gid("CustomerAccount", dealer_b.id)}
    balance = await client.data(BALANCE, variables, token=await _as(client, "buyer@dealer-b.demo"))
    prepaid = Decimal(history.PREPAYMENT) - Decimal(totals[shipped])
    assert balance["accountBalance"] == {
        "balance": {"amount": f"{-prepaid}"},
        "prepaidBalance": {"amount": f"{prepaid}"},
    }


async def test_history_is_built_once(client):
    await seed_demo()
    models = {
        "orders": Order,
        "payments": Payment,
        "shipments": Shipment,
        "returns": Return,
        "ledger entries": LedgerEntry,
        "order lines": OrderLine,
        "statement responses": StatementResponse,
        "stock movements": StockMovement,
        "events": OutboxEvent,
    }
    counts = {name: await model.all().count() for name, model in models.items()}
    assert list(counts.values())[:5] == [len(history.DEMO_ORDERS), 3, 4, 1, 7]
    await seed_demo()
    assert {name: await model.all().count() for name, model in models.items()} == counts
