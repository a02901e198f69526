"""Payments: recorded by the buyer, confirmed or rejected by supplier finance; prepayments top up
the balance; orders' payment status follows confirmed allocations; bad input writes nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import asyncpg

from app.accounts.models import ChargeMoment, Organization
from app.clock import utc_now
from app.global_ids import parse_id
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import Order, PaymentMethod, PaymentStatus
from app.outbox import OutboxEvent
from app.payments.models import Payment, PaymentAllocation
from app.settings import PROJECT_ROOT
from tests.support import gid, place_order, principal_of
from tests.support_money import make_approval_shop
from tests.test_server import _cli_env, _run_cli

RECORD = """mutation P($input: PaymentRecordInput!) { paymentRecord(input: $input) {
  payment { id status method amount { amount currency } reference allocations { orderNumber amount { amount } } }
  userErrors { field code message } } }"""
RECORD_NUMBERED = """mutation P($input: PaymentRecordInput!) { paymentRecord(input: $input) {
  payment { id number } userErrors { field code message } } }"""
CONFIRM = """mutation C($input: PaymentConfirmInput!) { paymentConfirm(input: $input) {
  payment { id status } userErrors { field code message } } }"""
CONFIRM_DECIDED = """mutation C($input: PaymentConfirmInput!) { paymentConfirm(input: $input) {
  payment { id status decidedAt } userErrors { field code message } } }"""
REJECT = """mutation R($input: PaymentRejectInput!) { paymentReject(input: $input) {
  payment { id status } userErrors { field code message } } }"""
BALANCE = """query B($id: ID!) { accountBalance(customerAccountId: $id) {
  balance { amount } creditLimit { amount } creditHeadroom { amount } prepaidBalance { amount } } }"""
CHECKOUT = """mutation C($input: CheckoutInput!) { checkout(input: $input) {
  order { id status total { amount } } userErrors { field code message } } }"""
ADD = """mutation A($input: CartAddLinesInput!) { cartAddLines(input: $input) { userErrors { code } } }"""


def _payment(shop, amount, key="p-1", method="BANK_TRANSFER", currency="CNY", allocations=()):
    return {
        "input": {
            "customerAccountId": gid("CustomerAccount", shop.account.id),
            "method": method,
            "amount": amount,
            "currency": currency,
            "idempotencyKey": key,
            "reference": "BANK-77",
            "allocations": [{"orderId": gid("Order", o.id), "amount": a} for o, a in allocations],
        }
    }


async def test_record_confirm_pays_the_order_and_posts_the_ledger_once(client):
    shop = await make_approval_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 10})
    buyer = await client.token(shop.buyer.email)
    finance = await client.token(shop.finance.email)

    partial = (await client.data(RECORD, _payment(shop, "40", "p-1", allocations=[(order, "40")]), token=buyer))[
        "paymentRecord"
    ]
    assert partial["userErrors"] == []
    assert partial["payment"]["status"] == "RECORDED" and partial["payment"]["amount"] == {
        "amount": "40.00",
        "currency": "CNY",
    }
    same = (await client.data(RECORD, _payment(shop, "40", "p-1", allocations=[(order, "40")]), token=buyer))[
        "paymentRecord"
    ]
    assert same["payment"]["id"] == partial["payment"]["id"] and await Payment.all().count() == 1
    assert await LedgerEntry.all().count() == 0

    confirmed = (await client.data(CONFIRM_DECIDED, {"input": {"paymentId": partial["payment"]["id"]}}, token=finance))[
        "paymentConfirm"
    ]
    decided_at = confirmed["payment"].pop("decidedAt")
    assert confirmed == {"payment": {"id": partial["payment"]["id"], "status": "CONFIRMED"}, "userErrors": []}
    stored = await Payment.get(id=parse_id(partial["payment"]["id"])[1])
    assert decided_at is not None and datetime.fromisoformat(decided_at) == stored.decided_at
    assert (await Order.get(id=order.id)).payment_status is PaymentStatus.PARTIALLY_PAID
    twice = (await client.data(CONFIRM, {"input": {"paymentId": partial["payment"]["id"]}}, token=finance))[
        "paymentConfirm"
    ]
    assert twice["userErrors"] == [
        {"field": ["input", "paymentId"], "code": "INVALID_STATE", "message": "This payment is already CONFIRMED."}
    ]
    assert await LedgerEntry.all().values_list("kind", "amount") == [(LedgerEntryKind.PAYMENT, Decimal("-40.00"))]

    rest = (await client.data(RECORD, _payment(shop, "60", "p-2", allocations=[(order, "60")]), token=buyer))[
        "paymentRecord"
    ]
    await client.data(CONFIRM, {"input": {"paymentId": rest["payment"]["id"]}}, token=finance)
    assert (await Order.get(id=order.id)).payment_status is PaymentStatus.PAID
    changes = await OutboxEvent.filter(kind="order.payment_status_changed").order_by("id")
    assert [(e.payload["previousPaymentStatus"], e.payload["paymentStatus"]) for e in changes] == [
        ("UNPAID", "PARTIALLY_PAID"),
        ("PARTIALLY_PAID", "PAID"),
    ]
    kinds = await OutboxEvent.filter(subject_type="Payment").order_by("id").values_list("kind", flat=True)
    assert kinds == ["payment.recorded", "payment.confirmed", "payment.recorded", "payment.confirmed"]


async def test_bad_payments_are_refused_with_clear_errors_and_nothing_written(client):
    shop = await make_approval_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 10})
    token = await client.token(shop.buyer.email)
    cases = [
        (_payment(shop, "0"), ["input", "amount"], "OUT_OF_RANGE", "amount must be at least 0.01."),
        (_payment(shop, "-5"), ["input", "amount"], "OUT_OF_RANGE", "amount must be at least 0.01."),
        (
            _payment(shop, "10", currency="USD"),
            ["input", "currency"],
            "CURRENCY_MISMATCH",
            "This account is kept in CNY, not USD.",
        ),
        (
            _payment(shop, "500", allocations=[(order, "100.01")]),
            ["input", "allocations", "0", "amount"],
            "OVER_ALLOCATED",
            f"Order {order.number} has ¥100.00 open; ¥100.01 is more.",
        ),
        (
            _payment(shop, "50", allocations=[(order, "80")]),
            ["input", "allocations"],
            "OVER_ALLOCATED",
            "Allocations (¥80.00) exceed the payment (¥50.00).",
        ),
        (_payment(shop, "10.001"), ["input", "amount"], "INVALID", "amount has more than 2 decimal places."),
    ]
    for variables, field, code, message in cases:
        errors = (await client.data(RECORD, variables, token=token))["paymentRecord"]["userErrors"]
        assert errors == [{"field": field, "code": code, "message": message}], variables
    first = (await client.data(RECORD, _payment(shop, "70", "ok", allocations=[(order, "70")]), token=token))[
        "paymentRecord"
    ]
    assert first["userErrors"] == []
    over = (await client.data(RECORD, _payment(shop, "40", "again", allocations=[(order, "40")]), token=token))[
        "paymentRecord"
    ]
    assert over["userErrors"][0]["code"] == "OVER_ALLOCATED"
    assert await Payment.all().count() == 1 and await PaymentAllocation.all().count() == 1
    assert await OutboxEvent.filter(subject_type="Payment").count() == 1


async def test_rejected_payment_posts_nothing_and_frees_the_order(client):
    shop = await make_approval_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 10})
    buyer = await client.token(shop.buyer.email)
    finance = await client.token(shop.finance.email)
    payment = (await client.data(RECORD, _payment(shop, "100", allocations=[(order, "100")]), token=buyer))[
        "paymentRecord"
    ]["payment"]
    no_reason = (await client.data(REJECT, {"input": {"paymentId": payment["id"], "reason": ""}}, token=finance))[
        "paymentReject"
    ]
    assert no_reason["userErrors"][0]["code"] == "REQUIRED"
    by_buyer = await client.execute(CONFIRM, {"input": {"paymentId": payment["id"]}}, token=buyer)
    assert by_buyer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = await make_approval_shop("other")
    foreign = await client.data(
        CONFIRM, {"input": {"paymentId": payment["id"]}}, token=await client.token(other.finance.email)
    )
    assert foreign["paymentConfirm"]["userErrors"][0]["code"] == "NOT_FOUND"
    rejected = await client.data(
        REJECT, {"input": {"paymentId": payment["id"], "reason": "not received"}}, token=finance
    )
    assert rejected["paymentReject"]["payment"]["status"] == "REJECTED"
    assert await LedgerEntry.all().count() == 0
    assert (await Order.get(id=order.id)).payment_status is PaymentStatus.UNPAID
    again = (await client.data(RECORD, _payment(shop, "100", "p-2", allocations=[(order, "100")]), token=buyer))[
        "paymentRecord"
    ]
    assert again["userErrors"] == []


async def test_prepayment_tops_up_the_balance_that_prepaid_orders_spend(client):
    shop = await make_approval_shop()
    buyer = await client.token(shop.buyer.email)
    finance = await client.token(shop.finance.email)
    account_id = gid("CustomerAccount", shop.account.id)
    supplier_id = gid("Organization", shop.supplier.org.id)
    top_up = (await client.data(RECORD, _payment(shop, "500"), token=buyer))["paymentRecord"]["payment"]
    await client.data(CONFIRM, {"input": {"paymentId": top_up["id"]}}, token=finance)
    assert (await client.data(BALANCE, {"id": account_id}, token=buyer))["accountBalance"] == {
        "balance": {"amount": "-500.00"},
        "creditLimit": {"amount": "0.00"},
        "creditHeadroom": {"amount": "500.00"},
        "prepaidBalance": {"amount": "500.00"},
    }
    line = {"variantId": gid("Variant", shop.variants["TEA-1"].id), "quantity": 30}
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": [line]}}, token=buyer)
    placed = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "idempotencyKey": "k1", "paymentMethod": "PREPAID_BALANCE"}},
            token=buyer,
        )
    )["checkout"]
    assert placed["userErrors"] == [] and placed["order"]["total"] == {"amount": "300.00"}
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": [line]}}, token=buyer)
    short = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "idempotencyKey": "k2", "paymentMethod": "PREPAID_BALANCE"}},
            token=buyer,
        )
    )["checkout"]
    assert short["userErrors"] == [
        {
            "field": ["input", "paymentMethod"],
            "code": "INSUFFICIENT_BALANCE",
            "message": "Your prepaid balance is ¥200.00; top up ¥100.00 or choose another payment method.",
        }
    ]
    order = await Order.get(idempotency_key="k1")
    settle = _payment(shop, "300", "from-balance", method="PREPAID_BALANCE", allocations=[(order, "300")])
    paid = (await client.data(RECORD, settle, token=buyer))["paymentRecord"]["payment"]
    await client.data(CONFIRM, {"input": {"paymentId": paid["id"]}}, token=finance)
    assert (await Order.get(id=order.id)).payment_status is PaymentStatus.PAID
    assert await LedgerEntry.all().count() == 1
    partly = _payment(shop, "300", "half", method="PREPAID_BALANCE")
    assert (await client.data(RECORD, partly, token=buyer))["paymentRecord"]["userErrors"][0]["field"] == [
        "input",
        "allocations",
    ]


async def test_credit_headroom_counts_the_ledger_and_open_uncharged_orders(client):
    shop = await make_approval_shop(credit_limit="1000")
    await Organization.filter(id=shop.supplier.org.id).update(charge_orders_on=ChargeMoment.APPROVAL)
    finance = await client.token(shop.finance.email)
    order = await place_order(
        shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 60}, payment_method=PaymentMethod.ON_ACCOUNT
    )
    account_id = gid("CustomerAccount", shop.account.id)
    buyer = await client.token(shop.buyer.email)
    assert (await client.data(BALANCE, {"id": account_id}, token=buyer))["accountBalance"]["creditHeadroom"] == {
        "amount": "400.00"
    }
    from app.approvals import service as approvals

    await approvals.approve(await principal_of(shop.approver), order.id, None)
    assert (await client.data(BALANCE, {"id": account_id}, token=buyer))["accountBalance"]["balance"] == {
        "amount": "600.00"
    }
    assert (await client.data(BALANCE, {"id": account_id}, token=buyer))["accountBalance"]["creditHeadroom"] == {
        "amount": "400.00"
    }
    payment = (await client.data(RECORD, _payment(shop, "250", allocations=[(order, "250")]), token=buyer))[
        "paymentRecord"
    ]["payment"]
    await client.data(CONFIRM, {"input": {"paymentId": payment["id"]}}, token=finance)
    assert (await client.data(BALANCE, {"id": account_id}, token=buyer))["accountBalance"]["creditHeadroom"] == {
        "amount": "650.00"
    }
    supplier_id = gid("Organization", shop.supplier.org.id)
    await client.data(
        ADD,
        {
            "input": {
                "supplierId": supplier_id,
                "lines": [{"variantId": gid("Variant", shop.variants["TEA-1"].id), "quantity": 70}],
            }
        },
        token=buyer,
    )
    over = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "idempotencyKey": "k", "paymentMethod": "ON_ACCOUNT"}},
            token=buyer,
        )
    )["checkout"]
    assert over["userErrors"][0]["message"] == "This order exceeds your credit limit by ¥50.00."


async def test_payments_list_is_scoped_and_a_constant_number_of_queries(client, query_counter):
    shop = await make_approval_shop()
    other = await make_approval_shop("other")
    buyer = await client.token(shop.buyer.email)
    query = "{ payments(first: 50) { totalCount nodes { amount { amount } allocations { orderNumber } } } }"
    counts = []
    for index in range(3):
        order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1}, key=f"o{index}")
        await client.data(RECORD, _payment(shop, "10", f"p{index}", allocations=[(order, "10")]), token=buyer)
        query_counter.reset()
        seen = await client.data(query, token=buyer)
        counts.append(query_counter.count)
    assert seen["payments"]["totalCount"] == 3 and counts[0] == counts[1] == counts[2], counts
    assert (await client.data(query, token=await client.token(shop.finance.email)))["payments"]["totalCount"] == 3
    assert (await client.data(query, token=await client.token(other.finance.email)))["payments"]["totalCount"] == 0
    assert (await client.data(query, token=await client.token(other.buyer.email)))["payments"]["totalCount"] == 0


async def test_a_long_bank_reference_is_kept_on_the_ledger_entry(client):
    shop = await make_approval_shop()
    reference = "工商银行网银转账 ICBC online transfer, batch 2026-11-30, voucher 0000123456789-0001-A"
    payment = _payment(shop, "25", "p-long")
    payment["input"]["reference"] = reference
    recorded = (await client.data(RECORD, payment, token=await client.token(shop.buyer.email)))["paymentRecord"]
    confirm = {"input": {"paymentId": recorded["payment"]["id"]}}
    confirmed = (await client.data(CONFIRM, confirm, token=await client.token(shop.finance.email)))["paymentConfirm"]
    assert confirmed["userErrors"] == []
    assert await LedgerEntry.all().values_list("kind", "amount", "note", "document_type") == [
        (LedgerEntryKind.PAYMENT, Decimal("-25.00"), reference, "Payment")
    ]


async def test_payments_are_numbered_per_supplier_and_the_number_reaches_ledger_and_search(client):
    shop = await make_approval_shop()
    other = await make_approval_shop("other")
    buyer = await client.token(shop.buyer.email)
    numbers = []
    for key in ("n-1", "n-2", "n-1"):
        recorded = (await client.data(RECORD_NUMBERED, _payment(shop, "10", key), token=buyer))["paymentRecord"]
        numbers.append(recorded["payment"]["number"])
    year = utc_now().year
    assert numbers == [f"PM-{year}-000001", f"PM-{year}-000002", f"PM-{year}-000001"], "a repeat keeps its number"
    foreign = await client.data(
        RECORD_NUMBERED, _payment(other, "10", "n-1"), token=await client.token(other.buyer.email)
    )
    assert foreign["paymentRecord"]["payment"]["number"] == f"PM-{year}-000001", "each supplier counts its own"

    first = await Payment.get(number=numbers[0], supplier_id=shop.supplier.org.id)
    await client.data(
        CONFIRM, {"input": {"paymentId": gid("Payment", first.id)}}, token=await client.token(shop.finance.email)
    )
    assert await LedgerEntry.filter(document_type="Payment").values_list("document_number", flat=True) == [numbers[0]]

    search = "query S($text: String!) { payments(first: 10, filter: {search: $text}) { nodes { number } } }"
    by_number = await client.data(search, {"text": "000002"}, token=buyer)
    assert [p["number"] for p in by_number["payments"]["nodes"]] == [numbers[1]]
    by_reference = await client.data(search, {"text": "bank-77"}, token=buyer)
    assert sorted(p["number"] for p in by_reference["payments"]["nodes"]) == numbers[:2]
    assert (await client.data(search, {"text": "PM-1999"}, token=buyer))["payments"]["nodes"] == []


def _tortoise_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "tortoise"), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def _rows(database_url: str, sql: str) -> list[tuple]:
    if database_url.startswith("sqlite://"):
        with closing(sqlite3.connect(database_url.removeprefix("sqlite://"))) as db:
            return db.execute(sql).fetchall()
    connection = await asyncpg.connect(database_url.replace("postgres://", "postgresql://", 1))
    try:
        return [tuple(row) for row in await connection.fetch(sql)]
    finally:
        await connection.close()


async def test_migration_0013_numbers_the_payments_recorded_before_numbering(test_env, cli_database):
    env = _cli_env(test_env, cli_database)
    for step in (("migrate",), ("seed-demo",)):
        assert (result := _run_cli(env, *step)).returncode == 0, result.stderr
    before_numbering = _tortoise_cli(env, "migrate", "models", "0011_approvals_payments_shipments_returns_live_events")
    assert before_numbering.returncode == 0, before_numbering.stderr
    assert _tortoise_cli(env, "migrate").returncode == 0

    payments = await _rows(cli_database, "SELECT supplier_id, number FROM payments ORDER BY id")
    year = utc_now().year
    assert payments and [number for _, number in payments] == [
        f"PM-{year}-{i:06d}" for i in range(1, len(payments) + 1)
    ]
    sequences = await _rows(
        cli_database, "SELECT supplier_id, year, last_number FROM document_sequences WHERE kind = 'PM'"
    )
    assert sequences == [(payments[0][0], year, len(payments))], "the next payment goes on from there"
