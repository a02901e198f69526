"""对账单: opening and closing balances, totals by kind, the entries, per-order shipped versus
received, aging by payment terms; confirm or dispute; the same figures in .xlsx and .csv."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Decimal

from openpyxl import load_workbook

from app.accounts.models import Organization
from app.inventory.models import Stock
from app.ledger import service as ledger
from app.ledger.models import LedgerEntryKind, StatementResponse
from app.orders.models import OrderLine
from app.outbox import OutboxEvent
from app.shipments.models import Shipment, ShipmentLine, ShipmentStatus
from tests.support import gid, make_buyer, place_order
from tests.support_money import make_approval_shop

STATEMENT = """query S($id: ID!, $from: Date!, $to: Date!, $first: Int, $after: String) {
  statement(customerAccountId: $id, from: $from, to: $to) {
    from to openingBalance { amount currency } charges { amount } payments { amount } refunds { amount }
    returnCredits { amount } adjustments { amount } closingBalance { amount } entryCount
    aging { current { amount } days1To30 { amount } days31To60 { amount } daysOver60 { amount } overdue { amount } }
    orders(first: 50) { totalCount nodes { number total { amount } chargedAmount { amount } returnedAmount { amount } netAmount { amount } orderedQuantity shippedQuantity
             receivedQuantity shortQuantity shippedAmount { amount } receivedAmount { amount } } }
    response { decision comment closingBalance { amount } }
    entries(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { kind amount { amount } orderNumber note } } } }"""
RESPOND = """mutation R($input: StatementRespondInput!) { %s(input: $input) {
  statement { closingBalance { amount } response { decision comment } } userErrors { field code message } } }"""


def utc(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 12, tzinfo=UTC)


async def seeded_statement():
    """Terms 30 days; November 2026. Before it: charges 1000 (Aug 1), 300 (Sep 15), 500 (Oct 10),
    payment −900. In it: an order's charge 800, refund 50, return credit −100, adjustment −20,
    payment −200. After it: a charge of 999."""
    shop = await make_approval_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 80})
    account = shop.account.id
    post = ledger.post_entry
    for kind, amount, at in (
        (LedgerEntryKind.ORDER_CHARGE, "1000", utc(8, 1)),
        (LedgerEntryKind.ORDER_CHARGE, "300", utc(9, 15)),
        (LedgerEntryKind.ORDER_CHARGE, "500", utc(10, 10)),
        (LedgerEntryKind.PAYMENT, "-900", utc(10, 20)),
        (LedgerEntryKind.REFUND, "50", utc(11, 12)),
        (LedgerEntryKind.RETURN_CREDIT, "-100", utc(11, 15)),
        (LedgerEntryKind.ADJUSTMENT, "-20", utc(11, 20)),
        (LedgerEntryKind.PAYMENT, "-200", utc(11, 25)),
        (LedgerEntryKind.ORDER_CHARGE, "999", utc(12, 5)),
    ):
        await post(account, kind, Decimal(amount), "CNY", occurred_at=at, note=kind.value.lower())
    await post(account, LedgerEntryKind.ORDER_CHARGE, Decimal("800"), "CNY", order_id=order.id, occurred_at=utc(11, 10))
    line = await OrderLine.get(order_id=order.id)
    warehouse_id = (await Stock.filter(variant_id=line.variant_id).first()).warehouse_id
    for number, status, quantity, received in (
        ("SH-1", ShipmentStatus.RECEIVED, 50, 48),
        ("SH-2", ShipmentStatus.CANCELLED, 30, None),
    ):
        shipment = await Shipment.create(
            number=number,
            order=order,
            supplier_id=shop.supplier.org.id,
            customer_account_id=account,
            warehouse_id=warehouse_id,
            status=status,
            shipped_at=utc(11, 11),
        )
        await ShipmentLine.create(shipment=shipment, order_line=line, quantity=quantity, received_quantity=received)
    return shop, order


def _variables(shop, **extra):
    return {"id": gid("CustomerAccount", shop.account.id), "from": "2026-11-01", "to": "2026-11-30", **extra}


async def test_statement_figures_entries_orders_and_aging(client):
    shop, order = await seeded_statement()
    token = await client.token(shop.buyer.email)
    statement = (await client.data(STATEMENT, _variables(shop, first=3), token=token))["statement"]
    assert {
        k: statement[k]
        for k in ("openingBalance", "charges", "payments", "refunds", "returnCredits", "adjustments", "closingBalance")
    } == {
        "openingBalance": {"amount": "900.00", "currency": "CNY"},
        "charges": {"amount": "800.00"},
        "payments": {"amount": "-200.00"},
        "refunds": {"amount": "50.00"},
        "returnCredits": {"amount": "-100.00"},
        "adjustments": {"amount": "-20.00"},
        "closingBalance": {"amount": "1430.00"},
    }
    assert statement["entryCount"] == 5
    assert statement["aging"] == {
        "current": {"amount": "850.00"},
        "days1To30": {"amount": "500.00"},
        "days31To60": {"amount": "80.00"},
        "daysOver60": {"amount": "0.00"},
        "overdue": {"amount": "580.00"},
    }
    assert statement["orders"]["totalCount"] == 1
    assert statement["orders"]["nodes"] == [
        {
            "number": order.number,
            "total": {"amount": "800.00"},
            "chargedAmount": {"amount": "800.00"},
            "returnedAmount": {"amount": "0.00"},
            "netAmount": {"amount": "800.00"},
            "orderedQuantity": 80,
            "shippedQuantity": 50,
            "receivedQuantity": 48,
            "shortQuantity": 2,
            "shippedAmount": {"amount": "500.00"},
            "receivedAmount": {"amount": "480.00"},
        }
    ]
    entries = statement["entries"]
    assert entries["totalCount"] == 5 and entries["pageInfo"]["hasNextPage"] is True
    assert [(n["kind"], n["amount"]["amount"], n["orderNumber"]) for n in entries["nodes"]] == [
        ("ORDER_CHARGE", "800.00", order.number),
        ("REFUND", "50.00", None),
        ("RETURN_CREDIT", "-100.00", None),
    ]
    rest = await client.data(STATEMENT, _variables(shop, first=3, after=entries["pageInfo"]["endCursor"]), token=token)
    assert [n["kind"] for n in rest["statement"]["entries"]["nodes"]] == ["ADJUSTMENT", "PAYMENT"]
    for login in (shop.finance.email, shop.supplier.admin.email):
        assert (await client.data(STATEMENT, _variables(shop), token=await client.token(login)))["statement"][
            "closingBalance"
        ] == {"amount": "1430.00"}
    _, stranger, _ = await make_buyer(shop.supplier, "stranger")
    assert (await client.data(STATEMENT, _variables(shop), token=await client.token(stranger.email)))[
        "statement"
    ] is None
    backwards = await client.execute(STATEMENT, _variables(shop, **{"from": "2026-12-01"}), token=token)
    assert backwards["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_statement_is_a_constant_number_of_queries(client, query_counter):
    shop, _ = await seeded_statement()
    token = await client.token(shop.buyer.email)
    query_counter.reset()
    await client.data(STATEMENT, _variables(shop, first=50), token=token)
    few = query_counter.count
    for index in range(3):
        extra = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1}, key=f"x{index}")
        await ledger.post_entry(
            shop.account.id,
            LedgerEntryKind.ORDER_CHARGE,
            Decimal("10"),
            "CNY",
            order_id=extra.id,
            occurred_at=utc(11, 3),
        )
    query_counter.reset()
    body = await client.data(STATEMENT, _variables(shop, first=50), token=token)
    assert len(body["statement"]["orders"]["nodes"]) == 4
    assert query_counter.count == few, (few, query_counter.count)


async def test_buyer_confirms_or_disputes_once(client):
    shop, _ = await seeded_statement()
    token = await client.token(shop.buyer.email)
    period = {"customerAccountId": gid("CustomerAccount", shop.account.id), "from": "2026-11-01", "to": "2026-11-30"}
    no_comment = (await client.data(RESPOND % "statementDispute", {"input": period}, token=token))["statementDispute"]
    assert no_comment["userErrors"][0] == {
        "field": ["input", "comment"],
        "code": "REQUIRED",
        "message": "comment is required.",
    }
    disputed = (
        await client.data(RESPOND % "statementDispute", {"input": {**period, "comment": "refund missing"}}, token=token)
    )["statementDispute"]
    assert disputed == {
        "statement": {
            "closingBalance": {"amount": "1430.00"},
            "response": {"decision": "DISPUTED", "comment": "refund missing"},
        },
        "userErrors": [],
    }
    twice = (await client.data(RESPOND % "statementConfirm", {"input": period}, token=token))["statementConfirm"]
    assert twice["userErrors"][0]["code"] == "INVALID_STATE"
    by_supplier = await client.execute(
        RESPOND % "statementConfirm",
        {"input": {**period, "to": "2026-11-29"}},
        token=await client.token(shop.finance.email),
    )
    assert by_supplier["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    confirmed = (
        await client.data(RESPOND % "statementConfirm", {"input": {**period, "to": "2026-11-29"}}, token=token)
    )["statementConfirm"]
    assert confirmed["statement"]["response"] == {"decision": "CONFIRMED", "comment": None}
    events = await OutboxEvent.filter(kind__startswith="statement.").order_by("id").values_list("kind", "payload")
    assert [(k, p["closingBalance"], p["comment"]) for k, p in events] == [
        ("statement.disputed", "1430.00", "refund missing"),
        ("statement.confirmed", "1430.00", None),
    ]
    assert await StatementResponse.all().count() == 2


async def test_exports_carry_the_statement_figures(client):
    shop, order = await seeded_statement()
    token = await client.token(shop.buyer.email)
    statement = (await client.data(STATEMENT, _variables(shop), token=token))["statement"]
    account = gid("CustomerAccount", shop.account.id)
    url = f"/exports/statements/{account}.%s?from=2026-11-01&to=2026-11-30"
    headers = {"authorization": f"Bearer {token}"}

    xlsx = await client.http.get(url % "xlsx", headers=headers)
    assert xlsx.status_code == 200 and xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    money = lambda value: Decimal(str(value)).quantize(Decimal("0.01"))  # noqa: E731
    expected = {
        "Opening balance": statement["openingBalance"],
        "Charges": statement["charges"],
        "Payments": statement["payments"],
        "Refunds": statement["refunds"],
        "Return credits": statement["returnCredits"],
        "Adjustments": statement["adjustments"],
        "Closing balance": statement["closingBalance"],
        "Aging 1-30 days": statement["aging"]["days1To30"],
        "Aging 31-60 days": statement["aging"]["days31To60"],
    }
    assert {label: money(summary[label]) for label in expected} == {
        k: Decimal(v["amount"]) for k, v in expected.items()
    }
    entries = list(book["Entries"].iter_rows(values_only=True))
    assert len(entries) == 1 + statement["entryCount"]
    assert sum(money(row[5]) for row in entries[1:]) == Decimal(statement["closingBalance"]["amount"]) - Decimal(
        statement["openingBalance"]["amount"]
    )
    assert list(book["Orders"].iter_rows(values_only=True))[1][:8] == (order.number, 800, 800, 0, 800, 80, 50, 48)

    text = await client.http.get(url % "csv", headers=headers)
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    as_csv = {row[0]: row[1] for row in rows if len(row) == 2}
    assert {label: Decimal(as_csv[label]) for label in expected} == {
        k: Decimal(v["amount"]) for k, v in expected.items()
    }
    supplier, buyer = (
        await Organization.get(id=shop.account.supplier_id),
        await Organization.get(id=shop.account.buyer_id),
    )
    names = {
        "Supplier": supplier.name,
        "Supplier code": supplier.code,
        "Customer": buyer.name,
        "Customer code": buyer.code,
    }
    assert {label: as_csv[label] for label in names} == names
    assert {label: summary[label] for label in names} == names
    assert "Customer account" not in as_csv, "no internal ids in what people read"

    assert (await client.http.get(url % "xlsx")).status_code == 401
    _, stranger, _ = await make_buyer(shop.supplier, "stranger")
    other = {"authorization": f"Bearer {await client.token(stranger.email)}"}
    assert (await client.http.get(url % "xlsx", headers=other)).status_code == 404
    assert (await client.http.get(url % "pdf", headers=headers)).status_code == 404
    assert (
        await client.http.get(f"/exports/statements/{account}.csv?from=nope&to=2026-11-30", headers=headers)
    ).status_code == 400


async def test_finance_issues_a_statement_and_the_buyer_is_told(client):
    shop, _ = await seeded_statement()
    issue = """mutation I($input: StatementIssueInput!) { statementIssue(input: $input) {
      statement { closingBalance { amount } } userErrors { field code } } }"""
    period = {"customerAccountId": gid("CustomerAccount", shop.account.id), "from": "2026-11-01", "to": "2026-11-30"}
    refused = await client.execute(issue, {"input": period}, token=await client.token(shop.buyer.email))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    issued = (await client.data(issue, {"input": period}, token=await client.token(shop.finance.email)))[
        "statementIssue"
    ]
    assert issued == {"statement": {"closingBalance": {"amount": "1430.00"}}, "userErrors": []}
    events = await OutboxEvent.filter(kind="statement.issued").values_list("customer_account_id", "payload")
    assert [(a, p["from"], p["to"], p["closingBalance"]) for a, p in events] == [
        (shop.account.id, "2026-11-01", "2026-11-30", "1430.00")
    ]
    other = await make_approval_shop("other")
    foreign = (await client.data(issue, {"input": period}, token=await client.token(other.finance.email)))[
        "statementIssue"
    ]
    assert foreign["userErrors"] == [{"field": ["input", "customerAccountId"], "code": "NOT_FOUND"}]
