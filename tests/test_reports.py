"""Sales analytics (数据统计) against totals worked out by hand on a small shop.

The shop (Asia/Shanghai) sells Green tea (TEA-1 ¥10, TEA-6 ¥50; category Tea, brand Longjing),
Oolong (OO-1 ¥20; Tea, brand Anxi) and Cookies (CK-1 ¥5; never sold). In November 2026 (local days):
  Acme-Buyer (tier A, rep1, 华东): 11-02 TEA-1×3 = 30; 11-04 OO-1×2 = 40; 11-09 TEA-1×1 + OO-1×1 = 30;
                                   11-05 TEA-1×10 cancelled.
  Beta (tier B, rep2, 华北):       11-01 07:00 (10-31 in UTC) OO-1×1 = 20; 11-03 TEA-6×6 = 300;
                                   11-06 TEA-1×4 rejected; 12-01 00:30 (11-30 in UTC) TEA-1×1 = 10.
  Gamma (tier A, rep1, no region): 11-10 TEA-1×2 = 20.
So November: 6 sales, ¥440, average ¥73.33; 3 customers, 2 of them repeat (0.6667).
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from app.accounts.models import CustomerAccount, Role
from app.approvals import service as approvals
from app.catalog import service as catalog
from app.catalog.models import Product, Variant
from app.inventory import service as inventory
from app.inventory.models import Stock
from app.orders import service as orders
from app.orders.models import Order
from app.reports import rollups
from app.reports import scope as report_scope
from app.reports.customers import churn_risk
from tests.support import make_buyer, make_user, place_order, principal_of
from tests.support_money import make_approval_shop, two_step_flow

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}

SUMMARY = """query S($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) { currency
  summary { sales { amount currency } orders averageOrderValue { amount } customers repeatCustomers repeatRate } } }"""
SERIES = """query S($from: Date!, $to: Date!, $g: Granularity!) { salesAnalytics(from: $from, to: $to) {
  series(granularity: $g) { startsOn orders sales { amount } } } }"""
BREAKDOWN = """query B($from: Date!, $to: Date!, $d: SalesDimension!, $s: SalesMeasure, $first: Int, $after: String) {
  salesAnalytics(from: $from, to: $to) { breakdown(dimension: $d) { dimension total { amount }
    rows(sortBy: $s, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
      nodes { id label sales { amount } quantity orders share } } } } }"""
PRODUCTS = """query P($from: Date!, $to: Date!) { salesAnalytics(from: $from, to: $to) {
  topProducts(limit: 5) { label sales { amount } quantity orders }
  slowProducts(limit: 5) { unsoldCount rows { label sales { amount } } } } }"""
CUSTOMERS = """query C($from: Date!, $to: Date!, $risk: Boolean, $first: Int) { salesAnalytics(from: $from, to: $to) {
  customers(atRiskOnly: $risk, first: $first) { totalCount nodes { name orders sales { amount } quantity share
    firstOrderOn lastOrderOn daysSinceLastOrder averageDaysBetweenOrders medianDaysBetweenOrders atRisk } } } }"""


def local(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SHANGHAI).astimezone(UTC)


async def _product(admin, name: str, sku: str, price: str, category_id: int | None, brand_id: int | None) -> Variant:
    product = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name=name,
            published=True,
            category_id=category_id,
            brand_id=brand_id,
            variants=(catalog.VariantInput(sku=sku, base_price=price),),
        ),
    )
    variant = await Variant.get(product_id=product.id)
    warehouse_id = (await Stock.first()).warehouse_id
    await inventory.adjust_stock(admin, variant.id, warehouse_id, 1000, "count")
    return variant


async def _order(buyer, supplier_id: int, lines: dict, at: datetime, key: str) -> Order:
    """Placed now, then dated back: the rollups are rebuilt as after a bulk load of old orders."""
    order = await place_order(buyer, supplier_id, lines, key=key)
    await Order.filter(id=order.id).update(created_at=at)
    await rollups.rebuild()
    return order


async def sales_shop():
    shop = await make_approval_shop()
    await two_step_flow(shop)
    admin = await principal_of(shop.supplier.admin)
    org = shop.supplier.org
    rep1 = await make_user(org, "rep1@acme.test", {Role.SALES: None})
    rep2 = await make_user(org, "rep2@acme.test", {Role.SALES: None})
    tea = await catalog.create_category(admin, "Tea", None)
    longjing = await catalog.create_brand(admin, "Longjing")
    anxi = await catalog.create_brand(admin, "Anxi")
    await Product.filter(name="Green tea").update(category_id=tea.id, brand_id=longjing.id)
    oolong = await _product(admin, "Oolong", "OO-1", "20.00", tea.id, anxi.id)
    await _product(admin, "Cookies", "CK-1", "5.00", None, None)
    _, beta, beta_account = await make_buyer(shop.supplier, "beta", tier="B", sales_rep=rep2)
    _, gamma, _ = await make_buyer(shop.supplier, "gamma", tier="A", sales_rep=rep1)
    await CustomerAccount.filter(id=shop.account.id).update(sales_rep_id=rep1.id, region="华东")
    await CustomerAccount.filter(id=beta_account.id).update(region="华北")
    tea1, tea6 = shop.variants["TEA-1"], shop.variants["TEA-6"]
    alpha = shop.buyer
    await _order(alpha, org.id, {tea1: 3}, local(11, 2), "a1")
    await _order(alpha, org.id, {oolong: 2}, local(11, 4), "a2")
    await _order(alpha, org.id, {tea1: 1, oolong: 1}, local(11, 9), "a3")
    cancelled = await _order(alpha, org.id, {tea1: 10}, local(11, 5), "a4")
    await orders.cancel(await principal_of(alpha), cancelled.id, "changed my mind")
    await _order(beta, org.id, {oolong: 1}, local(11, 1, 7), "b1")
    await _order(beta, org.id, {tea6: 6}, local(11, 3), "b2")
    rejected = await _order(beta, org.id, {tea1: 4}, local(11, 6), "b3")
    await approvals.reject(await principal_of(shop.approver), rejected.id, "no stock this week")
    await _order(beta, org.id, {tea1: 1}, local(12, 1, 0, 30), "b4")
    await _order(gamma, org.id, {tea1: 2}, local(11, 10), "g1")
    return shop, rep1, rep2


async def _analytics(client, query: str, login: str, **variables) -> dict:
    data = await client.data(query, {**NOVEMBER, **variables}, token=await client.token(login))
    return data["salesAnalytics"]


async def test_summary_counts_pending_orders_but_not_cancelled_rejected_or_outside_local_days(client):
    shop, _, _ = await sales_shop()
    for login in (shop.supplier.admin.email, shop.finance.email):
        found = await _analytics(client, SUMMARY, login)
        assert found["currency"] == "CNY"
        assert found["summary"] == {
            "sales": {"amount": "440.00", "currency": "CNY"},
            "orders": 6,
            "averageOrderValue": {"amount": "73.33"},
            "customers": 3,
            "repeatCustomers": 2,
            "repeatRate": "0.6667",
        }


async def test_series_by_day_week_and_month_in_the_suppliers_timezone(client):
    shop, _, _ = await sales_shop()
    login = shop.supplier.admin.email
    days = (await _analytics(client, SERIES, login, g="DAY"))["series"]
    assert len(days) == 30
    assert {p["startsOn"]: (p["orders"], p["sales"]["amount"]) for p in days if p["orders"]} == {
        "2026-11-01": (1, "20.00"),
        "2026-11-02": (1, "30.00"),
        "2026-11-03": (1, "300.00"),
        "2026-11-04": (1, "40.00"),
        "2026-11-09": (1, "30.00"),
        "2026-11-10": (1, "20.00"),
    }
    weeks = (await _analytics(client, SERIES, login, g="WEEK"))["series"]
    assert [(p["startsOn"], p["orders"], p["sales"]["amount"]) for p in weeks] == [
        ("2026-10-26", 1, "20.00"),
        ("2026-11-02", 3, "370.00"),
        ("2026-11-09", 2, "50.00"),
        ("2026-11-16", 0, "0.00"),
        ("2026-11-23", 0, "0.00"),
        ("2026-11-30", 0, "0.00"),
    ]
    months = (await _analytics(client, SERIES, login, g="MONTH"))["series"]
    assert [(p["startsOn"], p["orders"], p["sales"]["amount"]) for p in months] == [("2026-11-01", 6, "440.00")]


def _rows(found: dict) -> list[tuple]:
    return [(n["label"], n["sales"]["amount"], n["quantity"], n["orders"], n["share"]) for n in found["rows"]["nodes"]]


async def test_each_breakdown_with_shares_of_the_total(client):
    shop, _, _ = await sales_shop()
    expected = {
        "PRODUCT": [("Green tea", "360.00", 12, 4, "0.8182"), ("Oolong", "80.00", 4, 3, "0.1818")],
        "CATEGORY": [("Tea", "440.00", 16, 6, "1.0000")],
        "BRAND": [("Longjing", "360.00", 12, 4, "0.8182"), ("Anxi", "80.00", 4, 3, "0.1818")],
        "CUSTOMER": [
            ("Beta Trading", "320.00", 7, 2, "0.7273"),
            ("Acme-Buyer Trading", "100.00", 7, 3, "0.2273"),
            ("Gamma Trading", "20.00", 2, 1, "0.0455"),
        ],
        "TIER": [("B", "320.00", 7, 2, "0.7273"), ("A", "120.00", 9, 4, "0.2727")],
        "REGION": [
            ("华北", "320.00", 7, 2, "0.7273"),
            ("华东", "100.00", 7, 3, "0.2273"),
            (None, "20.00", 2, 1, "0.0455"),
        ],
        "SALES_REP": [("rep2", "320.00", 7, 2, "0.7273"), ("rep1", "120.00", 9, 4, "0.2727")],
    }
    for dimension, rows in expected.items():
        found = (await _analytics(client, BREAKDOWN, shop.supplier.admin.email, d=dimension))["breakdown"]
        assert found["dimension"] == dimension
        assert found["total"] == {"amount": "440.00"}
        assert found["rows"]["totalCount"] == len(rows)
        assert _rows(found) == rows, dimension


async def test_breakdown_sorts_by_quantity_or_orders_and_pages(client):
    shop, _, _ = await sales_shop()
    login = shop.supplier.admin.email
    by_orders = (await _analytics(client, BREAKDOWN, login, d="CUSTOMER", s="ORDERS"))["breakdown"]
    assert [row[0] for row in _rows(by_orders)] == ["Acme-Buyer Trading", "Beta Trading", "Gamma Trading"]
    by_quantity = (await _analytics(client, BREAKDOWN, login, d="TIER", s="QUANTITY"))["breakdown"]
    assert [row[0] for row in _rows(by_quantity)] == ["A", "B"]
    first = (await _analytics(client, BREAKDOWN, login, d="CUSTOMER", first=2))["breakdown"]["rows"]
    assert first["pageInfo"]["hasNextPage"] is True
    after = first["pageInfo"]["endCursor"]
    rest = (await _analytics(client, BREAKDOWN, login, d="CUSTOMER", first=2, after=after))["breakdown"]["rows"]
    assert [n["label"] for n in first["nodes"] + rest["nodes"]] == [
        "Beta Trading",
        "Acme-Buyer Trading",
        "Gamma Trading",
    ]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_top_and_slow_moving_products_with_the_unsold_first(client):
    shop, _, rep2 = await sales_shop()
    found = await _analytics(client, PRODUCTS, shop.supplier.admin.email)
    assert [(r["label"], r["sales"]["amount"], r["quantity"], r["orders"]) for r in found["topProducts"]] == [
        ("Green tea", "360.00", 12, 4),
        ("Oolong", "80.00", 4, 3),
    ]
    assert found["slowProducts"]["unsoldCount"] == 1
    slow = [(r["label"], r["sales"]["amount"]) for r in found["slowProducts"]["rows"]]
    assert slow == [("Cookies", "0.00"), ("Oolong", "80.00"), ("Green tea", "360.00")]
    of_rep2 = await _analytics(client, PRODUCTS, rep2.email)
    assert [(r["label"], r["sales"]["amount"]) for r in of_rep2["topProducts"]] == [
        ("Green tea", "300.00"),
        ("Oolong", "20.00"),
    ]


async def test_customer_frequency_repeat_and_churn_warning(client, monkeypatch):
    shop, _, _ = await sales_shop()
    monkeypatch.setattr(report_scope, "utc_now", lambda: local(11, 12, 12))
    found = (await _analytics(client, CUSTOMERS, shop.supplier.admin.email))["customers"]
    assert found["totalCount"] == 3
    by_name = {n["name"]: n for n in found["nodes"]}
    alpha, beta, gamma = by_name["Acme-Buyer Trading"], by_name["Beta Trading"], by_name["Gamma Trading"]
    # Acme: 11-02, 11-04, 11-09: gaps 2 and 5; 3 days since its last order by "today" (11-12) ≤ 2 × 3.5.
    assert (alpha["orders"], alpha["firstOrderOn"], alpha["lastOrderOn"], alpha["daysSinceLastOrder"]) == (
        3,
        "2026-11-02",
        "2026-11-09",
        3,
    )
    assert (alpha["averageDaysBetweenOrders"], alpha["medianDaysBetweenOrders"], alpha["atRisk"]) == (
        "3.5",
        "3.5",
        False,
    )
    # Beta: 11-01 and 11-03, a 2-day habit, silent for 9 days: more than twice its gap.
    assert (beta["averageDaysBetweenOrders"], beta["daysSinceLastOrder"], beta["atRisk"]) == ("2.0", 9, True)
    # Gamma ordered once: no habit to break yet.
    assert (gamma["averageDaysBetweenOrders"], gamma["atRisk"]) == (None, False)
    at_risk = (await _analytics(client, CUSTOMERS, shop.supplier.admin.email, risk=True))["customers"]
    assert (at_risk["totalCount"], [n["name"] for n in at_risk["nodes"]]) == (1, ["Beta Trading"])


async def test_a_customer_that_stopped_ordering_is_listed_and_warned_about(client, monkeypatch):
    """Delta ordered every fortnight in September and October and not at all in November: the period's
    customers list it with no orders, and its silence of 42 days is more than twice its 15-day habit."""
    shop, _, _ = await sales_shop()
    monkeypatch.setattr(report_scope, "utc_now", lambda: local(11, 12, 12))
    _, delta, _ = await make_buyer(shop.supplier, "delta", tier="B")
    for index, (month, day) in enumerate(((9, 1), (9, 16), (10, 1))):
        await _order(delta, shop.supplier.org.id, {shop.variants["TEA-1"]: 1}, local(month, day), f"d{index}")
    found = (await _analytics(client, CUSTOMERS, shop.supplier.admin.email, risk=True))["customers"]
    by_name = {n["name"]: n for n in found["nodes"]}
    assert sorted(by_name) == ["Beta Trading", "Delta Trading"]
    delta_row = by_name["Delta Trading"]
    assert (delta_row["orders"], delta_row["sales"]["amount"], delta_row["firstOrderOn"], delta_row["lastOrderOn"]) == (
        0,
        "0.00",
        "2026-09-01",
        "2026-10-01",
    )
    assert (
        delta_row["daysSinceLastOrder"],
        delta_row["averageDaysBetweenOrders"],
        delta_row["medianDaysBetweenOrders"],
    ) == (
        42,
        "15.0",
        None,
    )


async def test_a_sales_rep_sees_only_their_customers_everywhere(client):
    shop, rep1, _ = await sales_shop()
    summary = (await _analytics(client, SUMMARY, rep1.email))["summary"]
    assert (summary["sales"]["amount"], summary["orders"], summary["customers"]) == ("120.00", 4, 2)
    customers = (await _analytics(client, CUSTOMERS, rep1.email))["customers"]
    assert sorted(n["name"] for n in customers["nodes"]) == ["Acme-Buyer Trading", "Gamma Trading"]
    tiers = (await _analytics(client, BREAKDOWN, rep1.email, d="TIER"))["breakdown"]
    assert (tiers["total"], _rows(tiers)) == ({"amount": "120.00"}, [("A", "120.00", 9, 4, "1.0000")])
    days = (await _analytics(client, SERIES, rep1.email, g="MONTH"))["series"]
    assert [(p["orders"], p["sales"]["amount"]) for p in days] == [(4, "120.00")]


async def test_buyers_and_staff_without_analytics_are_refused(client):
    shop, _, _ = await sales_shop()
    for login in (shop.buyer.email, shop.approver.email):
        body = await client.execute(SUMMARY, NOVEMBER, token=await client.token(login))
        assert body["data"] is None
        assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_a_bad_period_or_limit_is_a_clear_error(client):
    shop, _, _ = await sales_shop()
    token = await client.token(shop.supplier.admin.email)
    body = await client.execute(SUMMARY, {"from": "2026-11-30", "to": "2026-11-01"}, token=token)
    assert "to must not be before from" in body["errors"][0]["message"]
    body = await client.execute(PRODUCTS.replace("limit: 5", "limit: 500"), NOVEMBER, token=token)
    assert "limit must be between 1 and 100" in body["errors"][0]["message"]


async def test_query_counts_do_not_grow_with_the_page_size(client, query_counter):
    shop, _, _ = await sales_shop()
    token = await client.token(shop.supplier.admin.email)
    for query, variables in ((BREAKDOWN, {"d": "CUSTOMER"}), (BREAKDOWN, {"d": "PRODUCT"}), (CUSTOMERS, {})):
        counts = []
        for first in (1, 3):
            await client.data("{ __typename }", token=token)
            query_counter.reset()
            data = await client.data(query, {**NOVEMBER, **variables, "first": first}, token=token)
            assert data["salesAnalytics"]
            counts.append(query_counter.count)
        assert counts[0] == counts[1], (variables, counts)


async def test_excel_export_of_each_view(client):
    shop, rep1, _ = await sales_shop()
    token = await client.token(shop.supplier.admin.email)
    headers = {"authorization": f"Bearer {token}"}
    response = await client.http.get(
        "/exports/reports/overview.xlsx", params={**NOVEMBER, "granularity": "WEEK"}, headers=headers
    )
    assert response.status_code == 200, response.text
    book = load_workbook(io.BytesIO(response.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True)}
    assert (summary["Sales"], summary["Orders"], summary["Average order value"], summary["Repeat rate"]) == (
        440,
        6,
        73.33,
        0.6667,
    )
    assert list(book["Series"].iter_rows(values_only=True))[1:3] == [("2026-10-26", 1, 20), ("2026-11-02", 3, 370)]
    response = await client.http.get(
        "/exports/reports/breakdown.xlsx", params={**NOVEMBER, "dimension": "REGION"}, headers=headers
    )
    rows = list(load_workbook(io.BytesIO(response.content))["Rows"].iter_rows(values_only=True))
    assert rows == [
        ("Key", "Name", "Sales", "Quantity", "Orders", "Share"),
        ("华北", "华北", 320, 7, 2, 0.7273),
        ("华东", "华东", 100, 7, 3, 0.2273),
        (None, None, 20, 2, 1, 0.0455),
    ]
    products = load_workbook(
        io.BytesIO((await client.http.get("/exports/reports/products.xlsx", params=NOVEMBER, headers=headers)).content)
    )
    assert [r[1] for r in list(products["Slow-moving products"].iter_rows(values_only=True))[1:]] == [
        "Cookies",
        "Oolong",
        "Green tea",
    ]
    rep_headers = {"authorization": f"Bearer {await client.token(rep1.email)}"}
    customers = await client.http.get("/exports/reports/customers.xlsx", params=NOVEMBER, headers=rep_headers)
    names = [
        r[0] for r in list(load_workbook(io.BytesIO(customers.content))["Customers"].iter_rows(values_only=True))[1:]
    ]
    assert names == ["Acme-Buyer Trading", "Gamma Trading"]


async def test_excel_export_refuses_clearly(client):
    shop, _, _ = await sales_shop()
    buyer = {"authorization": f"Bearer {await client.token(shop.buyer.email)}"}
    admin = {"authorization": f"Bearer {await client.token(shop.supplier.admin.email)}"}
    assert (await client.http.get("/exports/reports/overview.xlsx", params=NOVEMBER, headers=buyer)).status_code == 403
    assert (await client.http.get("/exports/reports/overview.xlsx", params=NOVEMBER)).status_code == 401
    bad = await client.http.get(
        "/exports/reports/breakdown.xlsx", params={**NOVEMBER, "dimension": "COLOUR"}, headers=admin
    )
    assert bad.status_code == 400 and "dimension must be one of" in bad.text
    assert (
        await client.http.get("/exports/reports/overview.xlsx", params={"from": "x"}, headers=admin)
    ).status_code == 400
    assert (await client.http.get("/exports/reports/weather.xlsx", params=NOVEMBER, headers=admin)).status_code == 404
    maybe = await client.http.get(
        "/exports/reports/customers.xlsx", params={**NOVEMBER, "atRiskOnly": "maybe"}, headers=admin
    )
    assert maybe.status_code == 400 and "atRiskOnly must be true or false" in maybe.text


def test_churn_rule_needs_a_habit_and_a_silence_longer_than_twice_it():
    assert churn_risk(10, Decimal("4.5")) is True
    assert churn_risk(9, Decimal("4.5")) is False
    assert churn_risk(3, Decimal("0")) is True
    assert churn_risk(100, None) is False
