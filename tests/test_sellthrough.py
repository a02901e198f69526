"""Dealers' sell-through reports (信息上报): a buyer submits a month's sales and stock per SKU by hand
or as a spreadsheet (real multipart requests), a month reported again is replaced, a bad line or row
writes nothing; who sees and who reports; the supplier's analysis with days of stock worked out by
hand; the inbox entries; a page's SQL."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from openpyxl import Workbook

from app.accounts.models import CustomerAccount, Role
from app.notifications.models import Notification
from app.sellthrough.models import SellThroughLine, SellThroughReport
from tests.support import gid, make_buyer, make_shop, make_user
from tests.test_notifications import relay_all

SUBMIT = """
mutation ($input: SellThroughReportSubmitInput!) {
  sellThroughReportSubmit(input: $input) {
    report { id period periodStart periodEnd revision buyerName supplierName submittedByName totalSold totalStock
             lines { sku productName quantitySold stockOnHand } }
    userErrors { field code }
  }
}
"""
UPLOAD = """
mutation ($input: SellThroughReportUploadInput!) {
  sellThroughReportUpload(input: $input) {
    report { id revision lines { sku quantitySold stockOnHand } }
    rows { row sku variantId productName quantitySold stockOnHand }
    rowErrors { row column code message }
    userErrors { field code message }
  }
}
"""
REPORTS = """
query ($filter: SellThroughReportFilter) {
  sellThroughReports(first: 50, filter: $filter) {
    totalCount nodes { id period buyerName region revision lines { sku quantitySold stockOnHand } }
  }
}
"""
ANALYSIS = """
query ($filter: SellThroughAnalysisFilter!) {
  sellThroughAnalysis(filter: $filter) {
    period days
    totals { quantitySold stockOnHand daysOfStock cover }
    byRegion { region dealerCount figures { quantitySold stockOnHand daysOfStock cover } }
    rows(first: 50) { totalCount nodes { buyerName region productName
      figures { quantitySold stockOnHand daysOfStock cover } } }
  }
}
"""
PERIOD = "2026-10"


@pytest.fixture
async def shop(client):
    """acme sells Green tea (TEA-6, TEA-1); alpha (华东, rep1) and beta (华南, rep2) buy from it;
    rival sells its own TEA-1 and RIVAL-1."""
    supplier, _, variants = await make_shop()
    rep1 = await make_user(supplier.org, "rep1@acme.test", {Role.SALES: None})
    rep2 = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    _, _, alpha = await make_buyer(supplier, "alpha", sales_rep=rep1)
    _, _, beta = await make_buyer(supplier, "beta", sales_rep=rep2)
    await CustomerAccount.filter(id=alpha.id).update(region="华东")
    await CustomerAccount.filter(id=beta.id).update(region="华南")
    await make_user(await alpha.buyer, "receiver@alpha.test", {Role.RECEIVER: None})
    rival, _, rival_variants = await make_shop("rival")
    emails = (
        "buyer@alpha.test",
        "buyer@beta.test",
        "receiver@alpha.test",
        "admin@acme.test",
        "rep1@acme.test",
        "rep2@acme.test",
        "admin@rival.test",
    )
    tokens = {email.split(".")[0]: await client.token(email) for email in emails}
    return {
        "supplier": gid("Organization", supplier.org.id),
        "rival": gid("Organization", rival.org.id),
        "variants": {sku: gid("Variant", v.id) for sku, v in variants.items()},
        "rival_variant": gid("Variant", rival_variants["TEA-1"].id),
        "tokens": tokens,
    }


def _lines(shop, **numbers: tuple[int, int]) -> list[dict]:
    return [
        {"variantId": shop["variants"][sku.replace("_", "-")], "quantitySold": sold, "stockOnHand": stock}
        for sku, (sold, stock) in numbers.items()
    ]


async def _submit(client, shop, who: str, lines: list[dict], period: str = PERIOD) -> dict:
    values = {"supplierId": shop["supplier"], "period": period, "lines": lines}
    return (await client.data(SUBMIT, {"input": values}, shop["tokens"][who]))["sellThroughReportSubmit"]


async def _upload(client, shop, who: str, name: str, content: bytes, *, dry_run: bool = False) -> dict:
    """A real GraphQL multipart request (operations, map, file part), as the storefront sends it."""
    values = {"supplierId": shop["supplier"], "period": PERIOD, "file": None, "dryRun": dry_run}
    response = await client.http.post(
        "/graphql",
        data={
            "operations": json.dumps({"query": UPLOAD, "variables": {"input": values}}),
            "map": json.dumps({"0": ["variables.input.file"]}),
        },
        files={"0": (name, content, "application/octet-stream")},
        headers={"authorization": f"Bearer {shop['tokens'][who]}"},
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    return body["data"]["sellThroughReportUpload"]


def _xlsx(rows: list[tuple]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def test_a_dealer_reports_a_month_and_reporting_it_again_replaces_it(client, shop, settings):
    first = await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(62, 30), TEA_6=(0, 10)))
    assert first["userErrors"] == []
    report = first["report"]
    assert (report["period"], report["periodStart"], report["periodEnd"]) == (PERIOD, "2026-10-01", "2026-10-31")
    assert (report["revision"], report["buyerName"], report["supplierName"]) == (1, "Alpha Trading", "Acme Supplies")
    assert (report["submittedByName"], report["totalSold"], report["totalStock"]) == ("buyer alpha", 62, 40)
    assert report["lines"] == [
        {"sku": "TEA-1", "productName": "Green tea", "quantitySold": 62, "stockOnHand": 30},
        {"sku": "TEA-6", "productName": "Green tea", "quantitySold": 0, "stockOnHand": 10},
    ]
    again = await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(70, 5)))
    assert again["report"]["id"] == report["id"] and again["report"]["revision"] == 2
    assert again["report"]["lines"] == [
        {"sku": "TEA-1", "productName": "Green tea", "quantitySold": 70, "stockOnHand": 5}
    ]
    assert await SellThroughReport.all().count() == 1 and await SellThroughLine.all().count() == 1

    await relay_all(settings)
    heard = await Notification.filter(kind="SELL_THROUGH_SUBMITTED").values_list("user__email", "body")
    assert sorted(heard) == [
        ("admin@acme.test", "Alpha Trading reported 1 SKUs for 2026-10 (revision 2)."),
        ("admin@acme.test", "Alpha Trading reported 2 SKUs for 2026-10."),
        ("rep1@acme.test", "Alpha Trading reported 1 SKUs for 2026-10 (revision 2)."),
        ("rep1@acme.test", "Alpha Trading reported 2 SKUs for 2026-10."),
    ]


async def test_bad_lines_answer_on_their_paths_and_write_nothing(client, shop):
    await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(1, 1)))
    lines = _lines(shop, TEA_1=(5, 5), TEA_6=(-1, 2))
    lines += [{**lines[0]}, {"variantId": shop["rival_variant"], "quantitySold": 1, "stockOnHand": 1}]
    bad = await _submit(client, shop, "buyer@alpha", lines)
    assert bad["report"] is None
    assert sorted((tuple(e["field"]), e["code"]) for e in bad["userErrors"]) == [
        (("input", "lines", "1", "quantitySold"), "OUT_OF_RANGE"),
        (("input", "lines", "2", "variantId"), "DUPLICATE"),
    ]
    foreign = await _submit(client, shop, "buyer@alpha", [lines[3]])
    assert foreign["userErrors"] == [{"field": ["input", "lines", "0", "variantId"], "code": "NOT_FOUND"}]
    assert (await _submit(client, shop, "buyer@alpha", []))["userErrors"] == [
        {"field": ["input", "lines"], "code": "REQUIRED"}
    ]
    for period, code in (("2026-13", "INVALID"), ("Oct", "INVALID"), ("2099-01", "OUT_OF_RANGE")):
        answer = await _submit(client, shop, "buyer@alpha", lines[:1], period)
        assert answer["userErrors"] == [{"field": ["input", "period"], "code": code}]
    kept = await SellThroughLine.all().values_list("quantity_sold", "stock_on_hand")
    assert kept == [(1, 1)]
    assert (await SellThroughReport.get()).revision == 1


async def test_a_csv_upload_is_read_checked_on_a_dry_run_then_written(client, shop):
    csv = "商品编码,商品名称,销量,库存\r\nTEA-1,绿茶,62,30\r\n\r\nTEA-6,,0,10\r\n".encode("gb18030")
    dry = await _upload(client, shop, "buyer@alpha", "十月.csv", csv, dry_run=True)
    assert dry["userErrors"] == [] and dry["rowErrors"] == [] and dry["report"] is None
    assert [(r["row"], r["sku"], r["productName"], r["quantitySold"], r["stockOnHand"]) for r in dry["rows"]] == [
        (2, "TEA-1", "Green tea", 62, 30),
        (4, "TEA-6", "Green tea", 0, 10),
    ]
    assert dry["rows"][0]["variantId"] == shop["variants"]["TEA-1"]
    assert await SellThroughReport.all().count() == 0

    written = await _upload(client, shop, "buyer@alpha", "十月.csv", csv)
    assert written["rowErrors"] == [] and written["report"]["revision"] == 1
    assert [(line["sku"], line["quantitySold"]) for line in written["report"]["lines"]] == [("TEA-1", 62), ("TEA-6", 0)]


async def test_an_xlsx_upload_with_english_headers_replaces_the_month(client, shop):
    await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(1, 1)))
    content = _xlsx([("sku", "quantitySold", "stockOnHand"), ("TEA-6", 12, 48.0)])
    written = await _upload(client, shop, "buyer@alpha", "october.xlsx", content)
    assert written["userErrors"] == [] and written["rowErrors"] == []
    assert written["report"]["revision"] == 2
    assert written["report"]["lines"] == [{"sku": "TEA-6", "quantitySold": 12, "stockOnHand": 48}]


async def test_a_file_with_bad_rows_lists_each_and_writes_nothing(client, shop):
    await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(1, 1)))
    content = _xlsx(
        [
            ("商品编码", "销量", "库存"),
            ("TEA-1", 5, 5),
            ("NOPE-9", 1, 1),
            ("RIVAL-1", 1, 1),
            ("TEA-6", -2, 1.5),
            ("TEA-1", 1, 1),
            ("TEA-6", "", 3),
        ]
    )
    answer = await _upload(client, shop, "buyer@alpha", "bad.xlsx", content)
    assert answer["report"] is None and answer["userErrors"] == []
    assert [(e["row"], e["column"], e["code"]) for e in answer["rowErrors"]] == [
        (3, "sku", "NOT_FOUND"),
        (4, "sku", "NOT_FOUND"),
        (5, "quantitySold", "OUT_OF_RANGE"),
        (5, "stockOnHand", "INVALID"),
        (6, "sku", "DUPLICATE"),
        (7, "quantitySold", "REQUIRED"),
        (7, "sku", "DUPLICATE"),
    ]
    assert "NOPE-9" in answer["rowErrors"][0]["message"] and "row 2" in answer["rowErrors"][4]["message"]
    assert await SellThroughLine.all().values_list("quantity_sold", flat=True) == [1]
    header = await _upload(client, shop, "buyer@alpha", "bad.csv", b"sku,sold\nTEA-1,1\n")
    assert [(e["row"], e["column"], e["code"]) for e in header["rowErrors"]] == [(1, "stockOnHand", "REQUIRED")]
    unreadable = await _upload(client, shop, "buyer@alpha", "report.pdf", b"%PDF")
    assert unreadable["userErrors"][0]["field"] == ["input", "file"]
    assert (await SellThroughReport.get()).revision == 1


async def test_who_reports_and_who_sees(client, shop):
    tokens = shop["tokens"]
    await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(10, 10)))
    await _submit(client, shop, "buyer@beta", _lines(shop, TEA_6=(6, 6)))

    async def buyers(who: str, wanted: dict | None = None) -> list[str]:
        data = await client.data(REPORTS, {"filter": wanted}, tokens[who])
        return sorted(n["buyerName"] for n in data["sellThroughReports"]["nodes"])

    assert await buyers("buyer@alpha") == ["Alpha Trading"]
    assert await buyers("receiver@alpha") == ["Alpha Trading"]
    assert await buyers("buyer@beta") == ["Beta Trading"]
    assert await buyers("admin@acme") == ["Alpha Trading", "Beta Trading"]
    assert await buyers("rep1@acme") == ["Alpha Trading"]
    assert await buyers("rep2@acme") == ["Beta Trading"]
    assert await buyers("admin@rival") == []
    assert await buyers("admin@acme", {"region": "华南"}) == ["Beta Trading"]
    assert await buyers("admin@acme", {"period": "2026-09"}) == []

    receiver = await client.execute(
        SUBMIT,
        {"input": {"supplierId": shop["supplier"], "period": PERIOD, "lines": _lines(shop, TEA_1=(1, 1))}},
        tokens["receiver@alpha"],
    )
    assert receiver["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    staff = await client.execute(
        SUBMIT, {"input": {"supplierId": shop["supplier"], "period": PERIOD, "lines": []}}, tokens["admin@acme"]
    )
    assert staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    stranger = await client.data(
        SUBMIT,
        {"input": {"supplierId": shop["rival"], "period": PERIOD, "lines": _lines(shop, TEA_1=(1, 1))}},
        tokens["buyer@alpha"],
    )
    assert stranger["sellThroughReportSubmit"]["userErrors"] == [
        {"field": ["input", "supplierId"], "code": "NOT_FOUND"}
    ]
    alpha_report = (await client.data(REPORTS, {}, tokens["buyer@alpha"]))["sellThroughReports"]["nodes"][0]["id"]
    node = "query ($id: ID!) { node(id: $id) { ... on SellThroughReport { buyerName } } }"
    for who, seen in (("buyer@beta", None), ("rep2@acme", None), ("admin@rival", None), ("rep1@acme", "Alpha Trading")):
        found = (await client.data(node, {"id": alpha_report}, tokens[who]))["node"]
        assert (found or {}).get("buyerName") == seen, who
    analysis = await client.execute(ANALYSIS, {"filter": {"period": PERIOD}}, tokens["buyer@alpha"])
    assert analysis["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_analysis_sums_per_dealer_and_product_with_days_of_stock(client, shop):
    """October has 31 days. alpha: 62 sold, 30 + 10 held → 40 ÷ (62 ÷ 31) = 20.0 days; beta: 310 sold,
    10 held → 1.0 day; both: 50 ÷ (372 ÷ 31) = 4.17 → 4.2 days. A dealer that sold nothing: no figure."""
    await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(62, 30), TEA_6=(0, 10)))
    await _submit(client, shop, "buyer@beta", _lines(shop, TEA_1=(310, 10)))
    await _submit(client, shop, "buyer@beta", _lines(shop, TEA_1=(0, 99)), "2026-09")
    found = (await client.data(ANALYSIS, {"filter": {"period": PERIOD}}, shop["tokens"]["admin@acme"]))[
        "sellThroughAnalysis"
    ]
    assert (found["period"], found["days"]) == (PERIOD, 31)
    assert found["totals"] == {"quantitySold": 372, "stockOnHand": 50, "daysOfStock": "4.2", "cover": "LOW"}
    assert found["rows"]["totalCount"] == 2
    assert [(r["buyerName"], r["region"], r["productName"], r["figures"]) for r in found["rows"]["nodes"]] == [
        (
            "Beta Trading",
            "华南",
            "Green tea",
            {"quantitySold": 310, "stockOnHand": 10, "daysOfStock": "1.0", "cover": "LOW"},
        ),
        (
            "Alpha Trading",
            "华东",
            "Green tea",
            {"quantitySold": 62, "stockOnHand": 40, "daysOfStock": "20.0", "cover": "NORMAL"},
        ),
    ]
    assert [(r["region"], r["dealerCount"], r["figures"]["daysOfStock"]) for r in found["byRegion"]] == [
        ("华南", 1, "1.0"),
        ("华东", 1, "20.0"),
    ]
    september = await client.data(ANALYSIS, {"filter": {"period": "2026-09"}}, shop["tokens"]["admin@acme"])
    assert september["sellThroughAnalysis"]["totals"] == {
        "quantitySold": 0,
        "stockOnHand": 99,
        "daysOfStock": None,
        "cover": "NO_SALES",
    }
    mine = await client.data(ANALYSIS, {"filter": {"period": PERIOD}}, shop["tokens"]["rep1@acme"])
    assert [r["buyerName"] for r in mine["sellThroughAnalysis"]["rows"]["nodes"]] == ["Alpha Trading"]
    east = await client.data(ANALYSIS, {"filter": {"period": PERIOD, "region": "华东"}}, shop["tokens"]["admin@acme"])
    assert east["sellThroughAnalysis"]["totals"]["quantitySold"] == 62


async def test_pages_cost_the_same_sql_for_few_and_many(client, shop, query_counter):
    tokens = shop["tokens"]
    counts: dict[str, list[int]] = {"reports": [], "analysis": []}
    for months in (("2026-10",), ("2026-10", "2026-09", "2026-08", "2026-07")):
        for month in months:
            await _submit(client, shop, "buyer@alpha", _lines(shop, TEA_1=(3, 3), TEA_6=(6, 6)), month)
            await _submit(client, shop, "buyer@beta", _lines(shop, TEA_1=(3, 3)), month)
        query_counter.reset()
        data = await client.data(REPORTS, {}, tokens["admin@acme"])
        assert data["sellThroughReports"]["totalCount"] == 2 * len(months)
        counts["reports"].append(query_counter.count)
        query_counter.reset()
        await client.data(ANALYSIS, {"filter": {"period": "2026-10"}}, tokens["admin@acme"])
        counts["analysis"].append(query_counter.count)
    assert counts["reports"][0] == counts["reports"][1]
    assert counts["analysis"][0] == counts["analysis"][1]


async def test_the_demo_shows_two_months_of_dealers_reports(client):
    from app.demo.seed import DEMO_PASSWORD, seed_demo

    await seed_demo()
    await seed_demo()
    assert await SellThroughReport.all().count() == 8
    token = await client.token("admin@huaxin.demo", DEMO_PASSWORD)
    months = sorted({r.period_start.strftime("%Y-%m") for r in await SellThroughReport.all()})
    found = (await client.data(ANALYSIS, {"filter": {"period": months[-1]}}, token))["sellThroughAnalysis"]
    covers = {row["figures"]["cover"] for row in found["rows"]["nodes"]}
    assert {"LOW", "NORMAL", "HIGH"} <= covers
    assert found["totals"]["quantitySold"] > 0 and len(found["byRegion"]) == 4
    rep = await client.token("sales1@huaxin.demo", DEMO_PASSWORD)
    mine = (await client.data(ANALYSIS, {"filter": {"period": months[-1]}}, rep))["sellThroughAnalysis"]
    assert {row["buyerName"] for row in mine["rows"]["nodes"]} < {row["buyerName"] for row in found["rows"]["nodes"]}


async def test_the_template_lists_the_skus_the_dealer_may_report(client, shop):
    from openpyxl import load_workbook

    def get(who: str, supplier: str):
        url = f"/exports/sell-through-template/{supplier}.xlsx"
        return client.http.get(url, headers={"authorization": f"Bearer {shop['tokens'][who]}"})

    response = await get("buyer@alpha", shop["supplier"])
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["商品编码", "商品名称", "销量", "库存"],
        ["TEA-1", "Green tea", None, None],
        ["TEA-6", "Green tea", None, None],
    ]
    assert (await get("buyer@alpha", shop["rival"])).status_code == 404
    assert (await get("admin@acme", shop["supplier"])).status_code == 403
    assert (await client.http.get(f"/exports/sell-through-template/{shop['supplier']}.xlsx")).status_code == 401


async def test_two_first_submissions_of_a_month_at_once_leave_one_report(client, shop):
    lines = _lines(shop, TEA_1=(4, 4))
    answers = await asyncio.gather(*(_submit(client, shop, "buyer@alpha", lines) for _ in range(2)))
    assert [a["userErrors"] for a in answers] == [[], []]
    assert sorted(a["report"]["revision"] for a in answers) == [1, 2]
    assert await SellThroughReport.all().count() == 1 and await SellThroughLine.all().count() == 1
