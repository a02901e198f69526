"""Products file (商品导入/导出): one row per variant (SKU), product columns repeated on each of its rows and
grouped by productCode, and one stock column per warehouse (`stock:<warehouse code>`, on-hand units to set).

The export writes the same columns, so export → edit → import round-trips.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from tortoise.transactions import in_transaction

from app.accounts.permissions import Principal, Scope
from app.catalog.models import Brand, Category, Product, ProductTag, ProductTagLink, Variant
from app.catalog.product_import import ProductPlan, ProductRecord, VariantRecord, apply_products, plan_products
from app.catalog.service import PRODUCT_CODE_MAX, SKU_MAX
from app.errors import ErrorCode
from app.imports.common import (
    IMPORT_REASON,
    MAX_IMPORT_ROWS,
    ImportResult,
    Progress,
    no_progress,
    require_importer,
)
from app.inventory.models import Stock, Warehouse
from app.inventory.service import StockLevel, set_stock_levels, stock_level_problems
from app.read_versions import Change, announce
from app.tabular import Column, Row, RowProblem, RowReader, read_table
from app.validation import MAX_QUANTITY

STOCK_PREFIX = "stock:"
BASE_COLUMNS = (
    Column("productCode", ("商品编码", "product code"), required=True),
    Column("productName", ("商品名称", "product name", "name")),
    Column("category", ("分类", "商品分类")),
    Column("brand", ("品牌",)),
    Column("description", ("描述", "商品描述")),
    Column("tags", ("标签",)),
    Column("published", ("上架", "是否上架")),
    Column("sku", ("规格编码", "SKU编码"), required=True),
    Column("spec", ("规格", "规格属性", "variantName", "attributes")),
    Column("barcode", ("条码", "条形码")),
    Column("unit", ("单位",)),
    Column("basePrice", ("价格", "基础价", "单价", "price")),
    Column("minOrderQuantity", ("起订量",)),
    Column("orderMultiple", ("订货倍数",)),
    Column("maxPerOrder", ("单笔限购",)),
    Column("weightKg", ("重量", "重量kg")),
)
TAG_SPELLINGS = {
    **{tag.value: tag.value for tag in ProductTag},
    "新品": ProductTag.NEW.value,
    "推荐": ProductTag.RECOMMENDED.value,
    "热销": ProductTag.HOT.value,
}
YES_NO = {
    "true": "1",
    "yes": "1",
    "1": "1",
    "是": "1",
    "上架": "1",
    "false": "",
    "no": "",
    "0": "",
    "否": "",
    "下架": "",
}
LIST_SEPARATORS = re.compile(r"[,，、;；]")
SPEC_SEPARATORS = re.compile(r"[;；]")
PRODUCT_FIELDS = {"productName": "name", "category": "category", "brand": "brand", "description": "description"}
VARIANT_TEXT = {"barcode": "barcode", "unit": "unit"}
VARIANT_INTEGERS = {
    "minOrderQuantity": "min_order_quantity",
    "orderMultiple": "order_multiple",
    "maxPerOrder": "max_per_order",
}


def stock_column(warehouse: Warehouse, only: bool = False) -> Column:
    """`stock:<code>` (库存:<code>); a supplier with one warehouse may also just say `stock` (库存)."""
    headers = (f"库存:{warehouse.code}", f"库存：{warehouse.code}", *(("stock", "库存") if only else ()))
    return Column(f"{STOCK_PREFIX}{warehouse.code}", headers)


async def columns_of(supplier_id: int) -> tuple[list[Column], dict[str, int]]:
    """The file's columns for this supplier (a stock column per warehouse) and each stock column's warehouse."""
    warehouses = await Warehouse.filter(supplier_id=supplier_id).order_by("code")
    stock = [stock_column(w, only=len(warehouses) == 1) for w in warehouses]
    return [*BASE_COLUMNS, *stock], {column.key: w.id for column, w in zip(stock, warehouses, strict=True)}


async def import_products(
    principal: Principal, filename: str, data: bytes, *, dry_run: bool, progress: Progress = no_progress
) -> ImportResult:
    supplier_id = require_importer(principal, Scope.CATALOG_WRITE)
    columns, warehouse_of = await columns_of(supplier_id)
    table = read_table(filename, data, columns, max_rows=MAX_IMPORT_ROWS)
    progress("read", len(table.rows), len(table.rows))
    problems = list(table.problems)
    records, wanted_stock = _records(table.rows, warehouse_of, problems)
    plan = await plan_products(supplier_id, records)
    problems.extend(plan.problems)
    problems.extend(await stock_level_problems(_levels(plan, wanted_stock)))
    progress("check", len(records), len(records))
    result = ImportResult(plan.created, plan.updated, sorted(problems, key=_order), dry_run)
    if result.written:
        progress("write", 0, len(records))
        async with in_transaction():
            variant_ids = await apply_products(plan)
            levels = [(variant_ids[sku], warehouse, units) for sku, warehouse, units, _, _ in wanted_stock]
            await set_stock_levels(supplier_id, principal.user_id, levels, IMPORT_REASON)
        progress("write", len(records), len(records))
        await announce(Change.catalog(supplier_id))
    return result


def _order(problem: RowProblem) -> tuple[int, str]:
    return problem.row, problem.column or ""


def _records(
    rows: list[Row], warehouse_of: dict[str, int], problems: list[RowProblem]
) -> tuple[list[ProductRecord], list[tuple[str, int, int, int, str]]]:
    """Rows grouped into products by code; the stock wanted as (sku, warehouse, units, row, column)."""
    records: dict[str, ProductRecord] = {}
    stock: list[tuple[str, int, int, int, str]] = []
    for row in rows:
        reader = RowReader(row, problems)
        code = reader.text("productCode", max_length=PRODUCT_CODE_MAX, required=True)
        sku = reader.text("sku", max_length=SKU_MAX, required=True)
        product_values = _product_values(reader)
        variant_values = _variant_values(reader)
        row_stock = _stock_cells(reader, warehouse_of)
        if code is None:
            continue
        record = records.setdefault(code, ProductRecord(row.number, code))
        _merge(record, product_values, row.number, problems)
        if sku is None:
            continue
        record.variants.append(VariantRecord(row.number, sku, variant_values))
        stock.extend((sku, warehouse_of[c], units, row.number, c) for c, units in row_stock)
    return list(records.values()), stock


def _stock_cells(reader: RowReader, warehouse_of: dict[str, int]) -> list[tuple[str, int]]:
    """The row's stock cells that read cleanly (a bad one is already a problem, and must not be checked again)."""
    cells = []
    for column in warehouse_of:
        known = len(reader.problems)
        units = reader.integer(column, maximum=MAX_QUANTITY)
        if units is not None and len(reader.problems) == known:
            cells.append((column, units))
    return cells


def _product_values(reader: RowReader) -> dict[str, Any]:
    values: dict[str, Any] = {
        field: reader.row.values[column] for column, field in PRODUCT_FIELDS.items() if column in reader.row.values
    }
    if "tags" in reader.row.values:
        values["tags"] = _tags(reader)
    published = reader.choice("published", YES_NO)
    if published is not None:
        values["published"] = bool(published)
    return values


def _tags(reader: RowReader) -> tuple[ProductTag, ...]:
    tags = []
    for spelling in filter(None, (part.strip() for part in LIST_SEPARATORS.split(reader.row.values["tags"]))):
        tag = TAG_SPELLINGS.get(spelling.upper()) or TAG_SPELLINGS.get(spelling)
        if tag is None:
            reader.problems.append(
                RowProblem(
                    reader.row.number,
                    "tags",
                    ErrorCode.INVALID,
                    f"tags must be among {', '.join(TAG_SPELLINGS)}, not '{spelling}'.",
                )
            )
        else:
            tags.append(ProductTag(tag))
    return tuple(tags)


def _variant_values(reader: RowReader) -> dict[str, Any]:
    """Cells as VariantInput fields; their range and money checks are the catalog's (check_variant)."""
    raw = reader.row.values
    values: dict[str, Any] = {field: raw[column] for column, field in VARIANT_TEXT.items() if column in raw}
    for column, field in (("basePrice", "base_price"), ("weightKg", "weight_kg")):
        if column in raw:
            values[field] = raw[column]
    for column, field in VARIANT_INTEGERS.items():
        number = reader.integer(column, minimum=-MAX_QUANTITY, maximum=MAX_QUANTITY)
        if number is not None:
            values[field] = number
    if "spec" in raw:
        values["spec"] = parse_spec(raw["spec"])
    return values


def parse_spec(text: str) -> dict[str, str]:
    """`颜色:红; 尺寸:L` as {"颜色": "红", "尺寸": "L"}; a value without a name is the 规格."""
    spec: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in SPEC_SEPARATORS.split(text))):
        name, colon, value = part.replace("：", ":").partition(":")
        spec[name.strip() if colon else "规格"] = value.strip() if colon else part
    return spec


def format_spec(spec: dict[str, Any]) -> str:
    if set(spec) == {"规格"}:
        return str(spec["规格"])
    return "; ".join(f"{name}:{value}" for name, value in spec.items())


def _merge(record: ProductRecord, values: dict[str, Any], row: int, problems: list[RowProblem]) -> None:
    """A product's columns may repeat on each of its rows, but must say the same thing."""
    for field, value in values.items():
        if field in record.given and record.given[field] != value:
            column = next((c for c, f in PRODUCT_FIELDS.items() if f == field), field)
            problems.append(
                RowProblem(
                    row,
                    column,
                    ErrorCode.INVALID,
                    f"{column} differs from row {record.row} of product {record.code}.",
                )
            )
        record.given.setdefault(field, value)


def _levels(plan: ProductPlan, wanted: list[tuple[str, int, int, int, str]]) -> list[StockLevel]:
    existing = {
        record.sku: variant.id for p in plan.planned for record, variant, _ in p.variants if variant is not None
    }
    return [
        StockLevel(row, column, existing.get(sku), warehouse, units) for sku, warehouse, units, row, column in wanted
    ]


async def export_rows(supplier_id: int) -> dict[str, list[tuple]]:
    """The supplier's products as the import reads them: a header row, then one row per variant."""
    columns, warehouse_of = await columns_of(supplier_id)
    products = {p.id: p for p in await Product.filter(supplier_id=supplier_id, archived=False)}
    variants = await Variant.filter(supplier_id=supplier_id, archived=False, product__archived=False).order_by(
        "product_id", "position", "id"
    )
    categories = dict(await Category.filter(supplier_id=supplier_id).values_list("id", "name"))
    brands = dict(await Brand.filter(supplier_id=supplier_id).values_list("id", "name"))
    tags: dict[int, list[str]] = defaultdict(list)
    for product_id, tag in (
        await ProductTagLink.filter(product__supplier_id=supplier_id).order_by("tag").values_list("product_id", "tag")
    ):
        tags[product_id].append(str(tag))
    stock = {
        (v, w): units
        for v, w, units in await Stock.filter(variant__supplier_id=supplier_id).values_list(
            "variant_id", "warehouse_id", "on_hand"
        )
    }
    rows: list[tuple] = [tuple(c.key for c in columns)]
    for variant in variants:
        product = products[variant.product_id]
        rows.append(
            (
                product.code or f"P{product.id}",
                product.name,
                categories.get(product.category_id, "") if product.category_id else "",
                brands.get(product.brand_id, "") if product.brand_id else "",
                product.description,
                ",".join(tags[product.id]),
                "true" if product.published else "false",
                variant.sku,
                format_spec(variant.spec or {}),
                variant.barcode or "",
                variant.unit,
                str(variant.base_price),
                variant.min_order_quantity,
                variant.order_multiple,
                variant.max_per_order if variant.max_per_order is not None else "",
                str(variant.weight_kg) if variant.weight_kg is not None else "",
                *(stock.get((variant.id, warehouse), 0) for warehouse in warehouse_of.values()),
            )
        )
    return {"products": rows}


def template_rows(columns: list[Column]) -> dict[str, list[tuple]]:
    return {"products": [tuple(c.key for c in columns)]}
