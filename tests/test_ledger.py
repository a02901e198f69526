"""The ledger (往来账): adjustments by supplier finance with a reason, and the invariant that a
statement's closing balance is its opening plus its entries, with totals equal to the ledger's."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.accounts.models import Role
from app.ledger import service as ledger
from app.ledger import statements
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.orders.models import PaymentMethod
from app.payments import service as payments
from app.payments.models import Payment
from tests.support import gid, make_user, place_order, principal_of
from tests.support_money import make_approval_shop

ADJUST = """mutation A($input: LedgerAdjustInput!) { ledgerAdjust(input: $input) {
  entry { kind amount { amount currency } note } userErrors { field code message } } }"""


async def test_finance_adjusts_with_a_reason(client):
    shop = await make_approval_shop()
    account = gid("CustomerAccount", shop.account.id)
    finance = await client.token(shop.finance.email)
    made = await client.data(
        ADJUST, {"input": {"customerAccountId": account, "amount": "-25.50", "reason": "damaged carton"}}, token=finance
    )
    assert made["ledgerAdjust"] == {
        "entry": {"kind": "ADJUSTMENT", "amount": {"amount": "-25.50", "currency": "CNY"}, "note": "damaged carton"},
        "userErrors": [],
    }
    for values, code in (
        ({"amount": "10", "reason": " "}, "REQUIRED"),
        ({"amount": "0", "reason": "x"}, "OUT_OF_RANGE"),
        ({"amount": "1.001", "reason": "x"}, "INVALID"),
    ):
        errors = (await client.data(ADJUST, {"input": {"customerAccountId": account, **values}}, token=finance))[
            "ledgerAdjust"
        ]["userErrors"]
        assert [e["code"] for e in errors] == [code], values
    rep = await make_user(shop.supplier.org, "rep@acme.test", {Role.SALES: None})
    for login in (rep.email, shop.buyer.email):
        refused = await client.execute(
            ADJUST,
            {"input": {"customerAccountId": account, "amount": "5", "reason": "x"}},
            token=await client.token(login),
        )
        assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    other = await make_approval_shop("other")
    foreign = await client.data(
        ADJUST,
        {"input": {"customerAccountId": account, "amount": "5", "reason": "x"}},
        token=await client.token(other.finance.email),
    )
    assert foreign["ledgerAdjust"]["userErrors"][0]["code"] == "NOT_FOUND"
    assert await LedgerEntry.all().values_list("amount", flat=True) == [Decimal("-25.50")]


@pytest.fixture
async def ledger_shop():
    shop = await make_approval_shop()
    order = await place_order(shop.buyer, shop.supplier.org.id, {shop.variants["TEA-1"]: 1})
    return shop, order, await principal_of(shop.finance), await principal_of(shop.buyer)


cents = st.integers(1, 5_000_000).map(lambda c: Decimal(c) / 100)
operations = st.lists(
    st.tuples(
        st.sampled_from(["charge", "payment", "refund", "return", "adjustment"]),
        cents,
        st.integers(-60, 60),
        st.booleans(),
    ),
    min_size=1,
    max_size=12,
)
START = date(2026, 11, 1)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations, period=st.tuples(st.integers(-40, 40), st.integers(0, 45)))
async def test_closing_is_opening_plus_entries_and_totals_match_the_ledger(ledger_shop, ops, period):
    shop, order, finance, buyer = ledger_shop
    await LedgerEntry.filter(customer_account_id=shop.account.id).delete()
    await Payment.all().delete()
    account = shop.account.id
    base = datetime(2026, 11, 15, 4, tzinfo=UTC)
    for index, (kind, amount, day, negative) in enumerate(ops):
        at = base + timedelta(days=day, minutes=index)
        if kind == "charge":
            entry = await ledger.charge_order(order, None)
            await LedgerEntry.filter(id=entry.id).update(amount=amount, occurred_at=at)
        elif kind == "payment":
            data = payments.PaymentInput(
                customer_account_id=account,
                method=PaymentMethod.BANK_TRANSFER,
                amount=amount,
                currency="CNY",
                idempotency_key=f"k{index}",
            )
            paid = await payments.confirm(finance, (await payments.record(buyer, data)).id)
            await LedgerEntry.filter(document_type="Payment", document_id=paid.id).update(occurred_at=at)
        elif kind == "adjustment":
            entry = await ledger.adjust(finance, account, -amount if negative else amount, "correction")
            await LedgerEntry.filter(id=entry.id).update(occurred_at=at)
        else:
            entry_kind = LedgerEntryKind.REFUND if kind == "refund" else LedgerEntryKind.RETURN_CREDIT
            await ledger.post_entry(account, entry_kind, amount if kind == "refund" else -amount, "CNY", occurred_at=at)

    period_from = START + timedelta(days=period[0])
    period_to = period_from + timedelta(days=period[1])
    result = await statements.build(shop.account, period_from, period_to)
    in_period = await LedgerEntry.filter(
        customer_account_id=account, occurred_at__gte=result.starts_at, occurred_at__lt=result.ends_at
    ).values_list("kind", "amount")
    assert result.closing_balance == result.opening_balance + sum((a for _, a in in_period), Decimal(0))
    assert result.opening_balance == await ledger.balance(account, before=result.starts_at)
    assert result.closing_balance == await ledger.balance(account, before=result.ends_at)
    for kind in LedgerEntryKind:
        assert result.total(kind) == sum((a for k, a in in_period if k == kind), Decimal(0)), kind
    assert result.entry_count == len(in_period)
    aging = result.aging
    assert aging.current + aging.overdue == max(result.closing_balance, Decimal(0))
