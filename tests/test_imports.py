"""Bulk import and export (issue 23): products and customers in from .xlsx/.csv through real multipart
requests and the CLI, checked row by row and written all-or-nothing; products, customers and orders out."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.accounts.auth import create_api_token
from app.accounts.models import CustomerAccount, CustomerAccountStatus, Organization, Role, User, UserInvitation
from app.catalog.models import Brand, Category, Product, ProductTagLink, Variant
from app.inventory.models import Stock, StockMovement, StockMovementKind
from app.settings import PROJECT_ROOT
from app.tabular import write_xlsx
from tests.support import make_buyer, make_shop, make_user, place_order

PRODUCTS_IMPORT = """
mutation Import($input: ProductsImportInput!) {
  productsImport(input: $input) {
    created updated written rowErrors { row column code message } userErrors { field code message }
  }
}
"""
CUSTOMERS_IMPORT = PRODUCTS_IMPORT.replace("productsImport", "customersImport").replace(
    "ProductsImportInput", "CustomersImportInput"
)
COUNTED = (Product, Variant, Stock, StockMovement, Category, Brand, ProductTagLink, CustomerAccount, Organization, User)


def csv_file(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


async def upload(client, token: str, query: str, filename: str, data: bytes, *, dry_run: bool = False) -> dict:
    """One GraphQL multipart request (operations + map + the file part), as the dashboard sends it."""
    operations = {"query": query, "variables": {"input": {"file": None, "dryRun": dry_run}}}
    response = await client.http.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.input.file"]})},
        files={"0": (filename, data)},
        headers={"authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    return response.json()


async def imported(client, token: str, query: str, filename: str, data: bytes, *, dry_run: bool = False) -> dict:
    body = await upload(client, token, query, filename, data, dry_run=dry_run)
    assert "errors" not in body, body["errors"]
    return next(iter(body["data"].values()))


async def counts() -> dict[str, int]:
    return {model.__name__: await model.all().count() for model in COUNTED}


def errors_at(payload: dict) -> set[tuple[int, str | None, str]]:
    return {(e["row"], e["column"], e["code"]) for e in payload["rowErrors"]}


@pytest.fixture
async def shop(client):
    supplier, admin, variants = await make_shop("acme", stock=100)
    return supplier, admin, variants, await client.token(supplier.admin.email)


NEW_PRODUCTS = [
    [
        "商品编码",
        "商品名称",
        "分类",
        "品牌",
        "标签",
        "上架",
        "规格编码",
        "规格",
        "价格",
        "单位",
        "起订量",
        "订货倍数",
        "库存:SH",
    ],
    [
        "OOL",
        "Oolong tea",
        "Tea",
        "Hill",
        "新品, HOT",
        "是",
        "OOL-12",
        "size:500ml; pack:12",
        "42.00",
        "箱",
        "2",
        "2",
        "30",
    ],
    [
        "OOL",
        "Oolong tea",
        "Tea",
        "Hill",
        "新品, HOT",
        "是",
        "OOL-24",
        "size:500ml; pack:24",
        "79.5",
        "箱",
        "",
        "",
        "12",
    ],
    ["JAS", "Jasmine tea", "Tea", "", "", "", "JAS-1", "1kg", "120", "", "", "", ""],
]


async def test_an_xlsx_file_creates_products_variants_categories_brands_and_stock(client, shop):
    supplier, _, _, token = shop
    data = write_xlsx({"products": [tuple(row) for row in NEW_PRODUCTS]})
    result = await imported(client, token, PRODUCTS_IMPORT, "products.xlsx", data)
    assert result == {"created": 2, "updated": 0, "written": True, "rowErrors": [], "userErrors": []}

    oolong = await Product.get(supplier_id=supplier.org.id, code="OOL").select_related("category", "brand")
    assert (oolong.name, oolong.category.name, oolong.brand.name, oolong.published) == (
        "Oolong tea",
        "Tea",
        "Hill",
        True,
    )
    assert sorted(await ProductTagLink.filter(product_id=oolong.id).values_list("tag", flat=True)) == ["HOT", "NEW"]
    big = await Variant.get(sku="OOL-24")
    assert (big.base_price, big.unit, big.spec, big.min_order_quantity) == (
        Decimal("79.50"),
        "箱",
        {"size": "500ml", "pack": "24"},
        1,
    )
    small = await Variant.get(sku="OOL-12")
    assert (small.min_order_quantity, small.order_multiple) == (2, 2)
    assert (await Variant.get(sku="JAS-1")).spec == {"规格": "1kg"}
    assert await Category.filter(supplier_id=supplier.org.id, name="Tea").count() == 1
    stock = {s.variant_id: s.on_hand for s in await Stock.filter(variant_id__in=[big.id, small.id])}
    assert stock == {small.id: 30, big.id: 12}
    movements = await StockMovement.filter(variant_id__in=[big.id, small.id])
    assert {(m.kind, m.on_hand_change, m.reason) for m in movements} == {
        (StockMovementKind.ADJUSTMENT, 30, "import"),
        (StockMovementKind.ADJUSTMENT, 12, "import"),
    }


async def test_every_bad_row_is_reported_by_row_and_column_and_nothing_is_written(client, shop):
    _, _, _, token = shop
    before = await counts()
    data = csv_file(
        [
            ["productCode", "productName", "sku", "basePrice", "minOrderQuantity", "tags", "stock:SH", "colour"],
            ["A", "Apple", "A-1", "abc", "1", "", "5", ""],
            ["A", "Apple", "", "10", "", "", "", ""],
            ["B", "Banana", "B-1", "10", "0", "FRESH", "-3", ""],
            ["C", "Cherry", "B-1", "10", "1.5", "", "", ""],
            ["D", "", "D-1", "10", "", "", "", ""],
            ["A", "Apricot", "A-2", "10", "", "", "", ""],
        ]
    )
    result = await imported(client, token, PRODUCTS_IMPORT, "products.csv", data)
    assert result["written"] is False and result["userErrors"] == []
    assert errors_at(result) == {
        (1, "colour", "INVALID"),
        (2, "basePrice", "INVALID"),
        (3, "sku", "REQUIRED"),
        (4, "minOrderQuantity", "OUT_OF_RANGE"),
        (4, "tags", "INVALID"),
        (4, "stock:SH", "OUT_OF_RANGE"),
        (5, "minOrderQuantity", "INVALID"),
        (5, "sku", "DUPLICATE"),
        (6, "productName", "REQUIRED"),
        (7, "productName", "INVALID"),
    }
    assert all(e["message"] for e in result["rowErrors"])
    assert await counts() == before


async def test_a_dry_run_counts_what_it_would_do_and_writes_nothing(client, shop):
    _, _, _, token = shop
    before = await counts()
    data = write_xlsx({"products": [tuple(row) for row in NEW_PRODUCTS]})
    result = await imported(client, token, PRODUCTS_IMPORT, "products.xlsx", data, dry_run=True)
    assert (result["created"], result["updated"], result["written"], result["rowErrors"]) == (2, 0, False, [])
    assert await counts() == before


async def test_upsert_by_code_and_sku_keeps_what_the_file_leaves_out_and_never_goes_below_reserved(client, shop):
    supplier, _, variants, token = shop
    rows = [["productCode", "productName", "sku", "basePrice", "stock:SH"], ["GT", "Green tea", "TEA-6", "55", "80"]]
    result = await imported(client, token, PRODUCTS_IMPORT, "tea.csv", csv_file(rows))
    assert (result["created"], result["updated"], result["rowErrors"]) == (0, 1, [])
    tea6 = await Variant.get(id=variants["TEA-6"].id)
    assert (tea6.base_price, tea6.min_order_quantity, tea6.order_multiple, tea6.max_per_order) == (
        Decimal("55.00"),
        6,
        6,
        60,
    )
    assert (await Product.get(id=tea6.product_id)).code == "GT"
    assert (await Stock.get(variant_id=tea6.id)).on_hand == 80
    assert await Variant.filter(product_id=tea6.product_id).count() == 2

    buyer_org, buyer, _ = await make_buyer(supplier, "shop-1")
    await place_order(buyer, supplier.org.id, {tea6: 12})
    rows[1][4] = "10"
    refused = await imported(client, token, PRODUCTS_IMPORT, "tea.csv", csv_file(rows))
    assert errors_at(refused) == {(2, "stock:SH", "INSUFFICIENT_STOCK")}
    assert (await Stock.get(variant_id=tea6.id)).on_hand == 80

    rows.append(["OTHER", "Other tea", "TEA-1", "9", ""])
    taken = await imported(
        client,
        token,
        PRODUCTS_IMPORT,
        "tea.csv",
        csv_file([rows[0], ["GT", "Green tea", "TEA-6", "55", "80"], rows[2]]),
    )
    assert errors_at(taken) == {(3, "sku", "ALREADY_EXISTS")}


async def test_products_and_customers_round_trip_through_their_exports(client, shop):
    supplier, _, _, token = shop
    await imported(client, token, PRODUCTS_IMPORT, "p.xlsx", write_xlsx({"p": [tuple(r) for r in NEW_PRODUCTS]}))
    await make_buyer(supplier, "shop-1")
    for kind, query, expected in (("products", PRODUCTS_IMPORT, 3), ("customers", CUSTOMERS_IMPORT, 1)):
        exported = await client.http.get(f"/exports/{kind}.xlsx", headers={"authorization": f"Bearer {token}"})
        assert exported.status_code == 200, exported.text
        before = await counts()
        result = await imported(client, token, query, f"{kind}.xlsx", exported.content)
        assert (result["created"], result["updated"], result["rowErrors"]) == (0, expected, []), kind
        assert await counts() == before
        again = await client.http.get(f"/exports/{kind}.xlsx", headers={"authorization": f"Bearer {token}"})
        assert _sheet(again.content) == _sheet(exported.content)
    as_csv = await client.http.get("/exports/products.csv", headers={"authorization": f"Bearer {token}"})
    result = await imported(client, token, PRODUCTS_IMPORT, "products.csv", as_csv.content, dry_run=True)
    assert (result["created"], result["updated"], result["rowErrors"]) == (0, 3, [])


def _sheet(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True))


async def test_customers_are_created_invited_and_updated_by_code(client, shop, runtime):
    supplier, _, _, token = shop
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    old_buyer, _, existing = await make_buyer(supplier, "old-1")
    rows = [
        ["客户编码", "客户名称", "联系人", "邮箱", "手机", "客户等级", "区域", "信用额度", "账期", "业务员"],
        ["C001", "East Trading", "Li Lei", "li@east.test", "13900000001", "A", "华东", "50000", "30", "rep@acme.test"],
        # An account that registered online has no code: it answers to its buyer's code, as the export writes it.
        [old_buyer.code, "", "", "", "", "B", "", "8000", "", ""],
    ]
    result = await imported(client, token, CUSTOMERS_IMPORT, "customers.csv", csv_file(rows))
    assert (result["created"], result["updated"], result["rowErrors"]) == (1, 1, [])
    account = await CustomerAccount.get(supplier_id=supplier.org.id, code="C001").select_related("buyer")
    assert account.status is CustomerAccountStatus.APPROVED
    assert (account.tier, account.region, account.credit_limit, account.payment_terms_days, account.sales_rep_id) == (
        "A",
        "华东",
        Decimal("50000.00"),
        30,
        rep.id,
    )
    contact = await User.get(email="li@east.test")
    assert (contact.organization_id, contact.is_active, contact.password_hash) == (account.buyer_id, False, "")
    assert await UserInvitation.filter(user_id=contact.id).count() == 1
    updated = await CustomerAccount.get(id=existing.id)
    assert (updated.code, updated.tier, updated.credit_limit, updated.region) == (
        old_buyer.code,
        "B",
        Decimal("8000.00"),
        existing.region,
    )


async def test_bad_customer_rows_are_each_reported_and_nothing_is_written(client, shop):
    supplier, _, _, token = shop
    await make_user(supplier.org, "stock@acme.test", {Role.WAREHOUSE: None})
    before = await counts()
    rows = [
        ["customerCode", "customerName", "contactEmail", "creditLimit", "paymentTermsDays", "salesRep"],
        ["N1", "New One", "buyer-new@x.test", "-5", "400", ""],
        ["N2", "New Two", "admin@acme.test", "", "", "stock@acme.test"],
        ["N3", "", "", "", "", ""],
        ["N1", "Again", "again@x.test", "", "", ""],
        ["N4", "Four", "not-an-email", "", "", ""],
    ]
    result = await imported(client, token, CUSTOMERS_IMPORT, "c.csv", csv_file(rows))
    assert errors_at(result) == {
        (2, "creditLimit", "OUT_OF_RANGE"),
        (2, "paymentTermsDays", "OUT_OF_RANGE"),
        (3, "contactEmail", "ALREADY_EXISTS"),
        (3, "salesRep", "NOT_FOUND"),
        (4, "customerName", "REQUIRED"),
        (4, "contactEmail", "REQUIRED"),
        (5, "customerCode", "DUPLICATE"),
        (6, "contactEmail", "INVALID"),
    }
    assert result["written"] is False
    assert await counts() == before


async def test_only_supplier_admins_and_apps_with_the_scope_import(client, shop):
    supplier, _, _, token = shop
    await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    await make_user(supplier.org, "stock@acme.test", {Role.WAREHOUSE: None})
    await make_buyer(supplier, "shop-1")
    data = csv_file(NEW_PRODUCTS[:2])
    for login in ("buyer@shop-1.test", "rep@acme.test", "stock@acme.test"):
        caller = await client.token(login)
        for query in (PRODUCTS_IMPORT, CUSTOMERS_IMPORT):
            body = await upload(client, caller, query, "p.csv", data)
            assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", (login, body)
        refused = await client.http.get("/exports/products.xlsx", headers={"authorization": f"Bearer {caller}"})
        assert refused.status_code == 403, login
    reader = await create_api_token(supplier.org.id, "reader", ["catalog:read"])
    body = await upload(client, reader, PRODUCTS_IMPORT, "p.csv", data)
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    writer = await create_api_token(supplier.org.id, "erp", ["catalog:write"])
    assert (await imported(client, writer, PRODUCTS_IMPORT, "p.csv", data, dry_run=True))["created"] == 1
    anonymous = await client.http.get("/exports/products.xlsx")
    assert anonymous.status_code == 401
    assert await Product.filter(code="OOL").count() == 0


async def test_a_file_that_is_not_a_spreadsheet_answers_a_user_error(client, shop):
    _, _, _, token = shop
    result = await imported(client, token, PRODUCTS_IMPORT, "products.pdf", b"%PDF")
    assert result["userErrors"][0]["field"] == ["input", "file"] and result["written"] is False
    json_only = await client.post(PRODUCTS_IMPORT, {"input": {"file": "x.csv"}}, token)
    payload = json_only.json()["data"]["productsImport"]
    assert payload["userErrors"][0]["code"] == "REQUIRED"


async def test_orders_export_by_status_and_period_as_the_caller_sees_them(client, shop):
    supplier, _, variants, token = shop
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    _, buyer, _ = await make_buyer(supplier, "shop-1", sales_rep=rep)
    _, other, _ = await make_buyer(supplier, "shop-2")
    await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 3})
    await place_order(other, supplier.org.id, {variants["TEA-1"]: 4}, key="order-2")
    headers = {"authorization": f"Bearer {token}"}
    everything = _sheet((await client.http.get("/exports/orders.xlsx", headers=headers)).content)
    assert len(everything) == 3 and everything[0][0] == "orderNumber"
    pending = await client.http.get("/exports/orders.xlsx?status=PENDING_APPROVAL&from=2000-01-01", headers=headers)
    assert len(_sheet(pending.content)) == 3
    shipped = await client.http.get("/exports/orders.csv?status=SHIPPED", headers=headers)
    assert shipped.text.strip().splitlines()[1:] == []
    rep_token = await client.token("rep@acme.test")
    own = _sheet(
        (await client.http.get("/exports/orders.xlsx", headers={"authorization": f"Bearer {rep_token}"})).content
    )
    assert [row[3] for row in own[1:]] == ["Shop-1 Trading"]
    bad = await client.http.get("/exports/orders.xlsx?status=LOST", headers=headers)
    assert bad.status_code == 400


def _run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_the_cli_imports_with_a_dry_run_and_exports(test_env, cli_database, tmp_path: Path):
    env = {**os.environ, **test_env, "DINGHUO_DATABASE_URL": cli_database}
    assert _run_cli(env, "migrate").returncode == 0
    made = _run_cli(
        env,
        "create-supplier",
        "--code",
        "nova",
        "--name",
        "Nova",
        "--admin-email",
        "a@nova.test",
        "--admin-password",
        "nova-pass-1",
    )
    assert made.returncode == 0, made.stderr
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file([["productCode", "sku", "basePrice"], ["X", "X-1", "oops"]]))
    refused = _run_cli(env, "import", "products", str(bad), "--supplier", "nova")
    assert refused.returncode == 1
    assert "row 2, basePrice" in refused.stderr and "nothing was written" in refused.stderr

    good = tmp_path / "products.xlsx"
    rows = [row[:-1] for row in NEW_PRODUCTS]  # nova has no warehouse: no stock column
    good.write_bytes(write_xlsx({"products": [tuple(r) for r in rows]}))
    dry = _run_cli(env, "import", "products", str(good), "--supplier", "nova", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "would create 2, would update 0" in dry.stdout and "check" in dry.stderr
    done = _run_cli(env, "import", "products", str(good), "--supplier", "nova")
    assert done.returncode == 0 and "created 2, updated 0" in done.stdout

    out = tmp_path / "out.xlsx"
    exported = _run_cli(env, "export", "products", "--supplier", "nova", "-o", str(out))
    assert exported.returncode == 0, exported.stderr
    assert [row[7] for row in _sheet(out.read_bytes())[1:]] == ["OOL-12", "OOL-24", "JAS-1"]
    again = _run_cli(env, "import", "products", str(out), "--supplier", "nova")
    assert "created 0, updated 2" in again.stdout
    orders = _run_cli(
        env, "export", "orders", "--supplier", "nova", "--from", "2026-01-01", "-o", str(tmp_path / "o.csv")
    )
    assert orders.returncode == 0 and "wrote 0 orders row(s)" in orders.stdout
    unknown = _run_cli(env, "export", "customers", "--supplier", "nobody", "-o", str(out))
    assert unknown.returncode == 1 and "no supplier" in unknown.stderr


def _many_products(first: int, count: int) -> bytes:
    rows = [["productCode", "productName", "category", "brand", "tags", "sku", "basePrice", "stock:SH"]]
    for n in range(first, first + count):
        rows += [[f"M{n}", f"Tea {n}", "Tea", "Hill", "HOT", f"M{n}-{pack}", "9.90", "5"] for pack in (6, 24)]
    return csv_file(rows)


async def test_an_import_costs_the_same_number_of_queries_for_2_or_40_products(shop, query_counter):
    """Lookups are loaded once and writes are bulk: no query per row (bulk statements batch 1,000 rows)."""
    from app.imports.products import import_products
    from tests.support import principal_of

    supplier, _, _, _ = shop
    admin = await principal_of(supplier.admin)
    await import_products(admin, "warm.csv", _many_products(0, 1), dry_run=False)  # the category and brand exist
    spent = []
    for first, count in ((100, 2), (200, 40)):
        query_counter.reset()
        result = await import_products(admin, "many.csv", _many_products(first, count), dry_run=False)
        assert (result.created, result.problems) == (count, [])
        spent.append(query_counter.count)
    assert spent[0] == spent[1], spent
