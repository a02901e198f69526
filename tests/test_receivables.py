"""应收账龄 across customers: FIFO buckets per customer by its own payment terms, the most
overdue first, totals across them, a sales rep's own customers only, two queries for the figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.accounts.models import CustomerAccount, Role
from app.ledger import service as ledger
from app.ledger.balances import rebuild_month_totals
from app.ledger.models import LedgerEntry, LedgerEntryKind, LedgerMonthTotal
from tests.support import make_buyer, make_user
from tests.support_money import make_approval_shop

AGING = """query A($asOf: Date, $filter: CustomerAccountFilter, $first: Int, $after: String) {
  receivablesAging(asOf: $asOf, filter: $filter) {
    asOf balance { amount currency }
    total { current { amount } days1To30 { amount } days31To60 { amount } daysOver60 { amount } overdue { amount } }
    customers(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { customerAccount { buyer { name } salesRep { email } } balance { amount } paymentTermsDays
        aging { current { amount } days1To30 { amount } days31To60 { amount } daysOver60 { amount } overdue { amount } } } } } }"""


def utc(month: int, day: int) -> datetime:
    return datetime(2026, month, day, 4, tzinfo=UTC)


def buckets(*amounts: str) -> dict:
    names = ("current", "days1To30", "days31To60", "daysOver60", "overdue")
    return {name: {"amount": amount} for name, amount in zip(names, amounts, strict=True)}


async def seeded_receivables():
    """At the end of 2026-11-30 (Asia/Shanghai): Acme-Buyer (terms 30) owes 1,700 — 800 current,
    500 1–30 days, 300 31–60, 100 older (payments go to the oldest first); Beta (terms 0, rep's
    customer) owes 300 — 200 1–30 days and 100 older; Gamma prepaid 50 and Delta has no entries, so
    neither is listed. A charge after the day is left out."""
    shop = await make_approval_shop()
    rep = await make_user(shop.supplier.org, "rep@acme.test", {Role.SALES: None})
    _, _, beta = await make_buyer(shop.supplier, "beta", sales_rep=rep)
    _, _, gamma = await make_buyer(shop.supplier, "gamma", sales_rep=rep)
    await make_buyer(shop.supplier, "delta")
    await CustomerAccount.filter(id=beta.id).update(payment_terms_days=0)
    for account, kind, amount, at in (
        (shop.account.id, LedgerEntryKind.ORDER_CHARGE, "1000", utc(8, 1)),
        (shop.account.id, LedgerEntryKind.ORDER_CHARGE, "300", utc(9, 15)),
        (shop.account.id, LedgerEntryKind.ORDER_CHARGE, "500", utc(10, 10)),
        (shop.account.id, LedgerEntryKind.PAYMENT, "-900", utc(10, 20)),
        (shop.account.id, LedgerEntryKind.ORDER_CHARGE, "800", utc(11, 10)),
        (shop.account.id, LedgerEntryKind.ORDER_CHARGE, "999", utc(12, 5)),
        (beta.id, LedgerEntryKind.ORDER_CHARGE, "100", utc(9, 1)),
        (beta.id, LedgerEntryKind.ORDER_CHARGE, "200", utc(11, 20)),
        (gamma.id, LedgerEntryKind.PAYMENT, "-50", utc(11, 2)),
    ):
        await ledger.post_entry(account, kind, Decimal(amount), "CNY", occurred_at=at)
    return shop, rep


async def test_aging_across_customers_most_overdue_first_with_totals(client):
    shop, _ = await seeded_receivables()
    for login in (shop.supplier.admin.email, shop.finance.email):
        report = (await client.data(AGING, {"asOf": "2026-11-30"}, token=await client.token(login)))["receivablesAging"]
        assert report["asOf"] == "2026-11-30"
        assert report["balance"] == {"amount": "2000.00", "currency": "CNY"}
        assert report["total"] == buckets("800.00", "700.00", "300.00", "200.00", "1200.00")
        customers = report["customers"]
        assert customers["totalCount"] == 2
        assert [
            (n["customerAccount"]["buyer"]["name"], n["paymentTermsDays"], n["balance"]["amount"], n["aging"])
            for n in customers["nodes"]
        ] == [
            ("Acme-Buyer Trading", 30, "1700.00", buckets("800.00", "500.00", "300.00", "100.00", "900.00")),
            ("Beta Trading", 0, "300.00", buckets("0.00", "200.00", "0.00", "100.00", "300.00")),
        ]


async def test_aging_pages_and_filters(client):
    shop, _ = await seeded_receivables()
    token = await client.token(shop.supplier.admin.email)
    first = (await client.data(AGING, {"asOf": "2026-11-30", "first": 1}, token=token))["receivablesAging"]
    assert [n["balance"]["amount"] for n in first["customers"]["nodes"]] == ["1700.00"]
    assert first["customers"]["pageInfo"]["hasNextPage"] is True
    after = first["customers"]["pageInfo"]["endCursor"]
    rest = (await client.data(AGING, {"asOf": "2026-11-30", "first": 1, "after": after}, token=token))[
        "receivablesAging"
    ]
    assert [n["balance"]["amount"] for n in rest["customers"]["nodes"]] == ["300.00"]
    assert rest["customers"]["pageInfo"]["hasNextPage"] is False
    earlier = (await client.data(AGING, {"asOf": "2026-10-31"}, token=token))["receivablesAging"]
    assert earlier["balance"]["amount"] == "1000.00"
    assert earlier["total"] == buckets("500.00", "300.00", "0.00", "200.00", "500.00")
    tier_b = await client.data(AGING, {"asOf": "2026-11-30", "filter": {"tier": "B"}}, token=token)
    assert tier_b["receivablesAging"]["customers"]["totalCount"] == 0


async def test_a_sales_rep_sees_only_their_customers_and_buyers_none(client):
    shop, rep = await seeded_receivables()
    report = (await client.data(AGING, {"asOf": "2026-11-30"}, token=await client.token(rep.email)))["receivablesAging"]
    assert [n["customerAccount"]["salesRep"]["email"] for n in report["customers"]["nodes"]] == [rep.email]
    assert report["balance"]["amount"] == "300.00"
    refused = await client.execute(AGING, {"asOf": "2026-11-30"}, token=await client.token(shop.buyer.email))
    assert refused["data"] is None or refused["data"]["receivablesAging"] is None
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_aging_costs_the_same_queries_for_two_customers_or_six(client, query_counter):
    shop, _ = await seeded_receivables()
    token = await client.token(shop.supplier.admin.email)
    query_counter.reset()
    await client.data(AGING, {"asOf": "2026-11-30", "first": 2}, token=token)
    two = query_counter.count
    for index in range(4):
        _, _, account = await make_buyer(shop.supplier, f"more{index}")
        await ledger.post_entry(account.id, LedgerEntryKind.ORDER_CHARGE, Decimal("10"), "CNY", occurred_at=utc(11, 1))
    query_counter.reset()
    body = await client.data(AGING, {"asOf": "2026-11-30", "first": 10}, token=token)
    assert len(body["receivablesAging"]["customers"]["nodes"]) == 6
    assert query_counter.count == two, query_counter.statements


async def _month_totals() -> list[tuple[int, str, Decimal]]:
    rows = await LedgerMonthTotal.all().order_by("customer_account_id", "month")
    return [(r.customer_account_id, r.month.isoformat(), r.amount) for r in rows]


async def test_month_totals_are_kept_equal_to_the_entries_and_rebuild_to_the_same():
    await seeded_receivables()
    by_month: dict[tuple[int, str], Decimal] = {}
    for entry in await LedgerEntry.all():
        key = (entry.customer_account_id, entry.occurred_at.astimezone(UTC).date().replace(day=1).isoformat())
        by_month[key] = by_month.get(key, Decimal(0)) + entry.amount
    kept = await _month_totals()
    assert kept == [(*key, amount) for key, amount in sorted(by_month.items())]
    assert ("2026-10-01", Decimal("-400.00")) in [(month, amount) for _, month, amount in kept]
    await LedgerMonthTotal.all().update(amount=Decimal("12345"))
    assert await rebuild_month_totals() == len(kept)
    assert await _month_totals() == kept


async def test_balances_at_month_ends_and_mid_month_add_months_and_entries_alike(client):
    """The balance at the end of each day is the entries before it, however it splits into whole
    months and the month's entries so far (a day ending at a month's first instant included)."""
    shop, _ = await seeded_receivables()
    token = await client.token(shop.supplier.admin.email)
    entries = await LedgerEntry.all()
    zone = ZoneInfo("Asia/Shanghai")
    for as_of in ("2026-08-31", "2026-09-14", "2026-09-30", "2026-10-20", "2026-11-01", "2026-12-31"):
        ends_at = datetime.combine(date.fromisoformat(as_of) + timedelta(days=1), time.min, zone)
        owed: dict[int, Decimal] = {}
        for entry in entries:
            if entry.occurred_at < ends_at:
                owed[entry.customer_account_id] = owed.get(entry.customer_account_id, Decimal(0)) + entry.amount
        expected = sum((amount for amount in owed.values() if amount > 0), Decimal(0))
        report = (await client.data(AGING, {"asOf": as_of}, token=token))["receivablesAging"]
        assert Decimal(report["balance"]["amount"]) == expected, as_of
