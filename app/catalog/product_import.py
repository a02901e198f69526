"""Products in bulk (商品导入): the batch path of the catalog's product and variant rules.

A record is one product code (商品编码) with its variants (one per SKU). Every record is checked before
anything is written, each variant with `check_variant`, the check `productCreate`/`variantUpdate` make;
the supplier's products, SKUs, categories and brands are loaded once. Upsert:
- a known product code updates that product; an unknown one creates it, unless its SKUs already belong
  to one product without a code (made on the dashboard), which then takes the code;
- a known SKU updates that variant, keeping the values of columns the file leaves out; a new SKU is added;
- categories and brands are matched by name and created when missing.
Writes are bulk inserts and updates, a constant number of statements per import, not per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from app.catalog.models import Brand, Category, Product, ProductTagLink, Variant
from app.catalog.service import (
    BRAND_NAME_MAX,
    CATEGORY_NAME_MAX,
    PRODUCT_NAME_MAX,
    VariantInput,
    check_variant,
    search_text_of,
)
from app.changes import diff, note_changes
from app.errors import ErrorCode
from app.money import round_money
from app.tabular import RowProblem, row_problems
from app.validation import Checker

VARIANT_FIELDS = (
    "base_price",
    "unit",
    "barcode",
    "spec",
    "min_order_quantity",
    "order_multiple",
    "max_per_order",
    "weight_kg",
)
PRODUCT_COLUMNS = {"name": "productName", "category": "category", "brand": "brand", "description": "description"}


@dataclass(frozen=True)
class VariantRecord:
    row: int
    sku: str
    given: dict[str, Any]
    """The VariantInput fields the row fills; the others keep the variant's values (or defaults)."""


@dataclass
class ProductRecord:
    row: int
    code: str
    given: dict[str, Any] = field(default_factory=dict)
    """name, category, brand, description, tags, published: only those the file fills."""
    variants: list[VariantRecord] = field(default_factory=list)


@dataclass
class _Planned:
    record: ProductRecord
    product: Product | None
    is_new: bool
    variants: list[tuple[VariantRecord, Variant | None, dict]]


@dataclass
class ProductPlan:
    supplier_id: int
    planned: list[_Planned] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    new_categories: set[str] = field(default_factory=set)
    new_brands: set[str] = field(default_factory=set)

    @property
    def created(self) -> int:
        return sum(1 for p in self.planned if p.is_new)

    @property
    def updated(self) -> int:
        return sum(1 for p in self.planned if not p.is_new)


async def plan_products(supplier_id: int, records: list[ProductRecord]) -> ProductPlan:
    plan = ProductPlan(supplier_id)
    by_code = {
        str(p.code): p for p in await Product.filter(supplier_id=supplier_id, code__in=[r.code for r in records])
    }
    skus = [v.sku for r in records for v in r.variants]
    by_sku = {v.sku: v for v in await Variant.filter(supplier_id=supplier_id, sku__in=skus)}
    owners = {p.id: p for p in await Product.filter(id__in={v.product_id for v in by_sku.values()})}
    categories = set(await Category.filter(supplier_id=supplier_id, archived=False).values_list("name", flat=True))
    brands = set(await Brand.filter(supplier_id=supplier_id).values_list("name", flat=True))
    seen_skus: set[str] = set()
    for record in records:
        product = _product_of(record, by_code, by_sku, owners, plan.problems)
        _check_product(record, product, plan.problems)
        variants = [_plan_variant(v, by_sku.get(v.sku), seen_skus, plan.problems) for v in record.variants]
        plan.planned.append(_Planned(record, product, product is None, variants))
        if record.given.get("category") and record.given["category"] not in categories:
            plan.new_categories.add(record.given["category"])
        if record.given.get("brand") and record.given["brand"] not in brands:
            plan.new_brands.add(record.given["brand"])
    return plan


def _product_of(
    record: ProductRecord,
    by_code: dict[str, Product],
    by_sku: dict[str, Variant],
    owners: dict[int, Product],
    problems: list[RowProblem],
) -> Product | None:
    """The product the record updates, or None to create one; a SKU of another product is a problem."""
    product = by_code.get(record.code)
    for variant in record.variants:
        existing = by_sku.get(variant.sku)
        if existing is None:
            continue
        owner = owners[existing.product_id]
        if product is None and owner.code is None:
            product = owner
        elif product is None or owner.id != product.id:
            problems.append(
                RowProblem(
                    variant.row,
                    "sku",
                    ErrorCode.ALREADY_EXISTS,
                    f"SKU {variant.sku} belongs to another product ({owner.code or owner.name}).",
                )
            )
    return product


def _check_product(record: ProductRecord, product: Product | None, problems: list[RowProblem]) -> None:
    checker = Checker(prefix=())
    given = record.given
    checker.text("productName", given.get("name"), max_length=PRODUCT_NAME_MAX, required=product is None)
    checker.text("category", given.get("category"), max_length=CATEGORY_NAME_MAX)
    checker.text("brand", given.get("brand"), max_length=BRAND_NAME_MAX)
    checker.text("description", given.get("description"), max_length=20_000)
    problems.extend(row_problems(record.row, checker.errors))


def _plan_variant(
    record: VariantRecord, existing: Variant | None, seen: set[str], problems: list[RowProblem]
) -> tuple[VariantRecord, Variant | None, dict]:
    if record.sku in seen:
        problems.append(RowProblem(record.row, "sku", ErrorCode.DUPLICATE, f"SKU {record.sku} appears twice."))
    seen.add(record.sku)
    base = VariantInput(sku=record.sku, base_price=None)
    if existing is not None:
        base = replace(base, **{name: getattr(existing, name) for name in VARIANT_FIELDS})
    wanted = replace(base, **record.given)
    checker = Checker(prefix=())
    values = check_variant(checker, "", wanted)
    values.pop("breaks")
    problems.extend(row_problems(record.row, checker.errors))
    return record, existing, values


async def apply_products(plan: ProductPlan) -> dict[str, int]:
    """Writes a plan without problems; call inside the import's transaction. Returns each SKU's variant id."""
    supplier_id = plan.supplier_id
    category_ids = await _ensure_named(Category, supplier_id, plan.new_categories)
    brand_ids = await _ensure_named(Brand, supplier_id, plan.new_brands)
    await _create_products(plan, category_ids, brand_ids)
    await _update_products(plan, category_ids, brand_ids)
    products = {p.record.code: p.product for p in plan.planned if p.product is not None}
    touched = {p.record.code for p in plan.planned if p.is_new or "name" in p.record.given}
    touched |= await _write_variants(plan, products)
    await _write_tags(plan, products)
    await _refresh_search_texts([products[code] for code in touched])
    skus = [v.sku for p in plan.planned for v, _, _ in p.variants]
    return dict(await Variant.filter(supplier_id=supplier_id, sku__in=skus).values_list("sku", "id"))


async def _ensure_named(model: type[Category] | type[Brand], supplier_id: int, missing: set[str]) -> dict[str, int]:
    """Every name of the supplier's categories (or brands) with its id, the missing ones created first."""
    for name in sorted(missing):
        created = await model.create(supplier_id=supplier_id, name=name)
        if isinstance(created, Category):
            created.path = f"/{created.id}/"
            await created.save(update_fields=["path"])
    query = model.filter(supplier_id=supplier_id)
    if model is Category:
        query = query.filter(archived=False)
    ids: dict[str, int] = {}
    for name, pk in await query.order_by("id").values_list("name", "id"):
        ids.setdefault(name, pk)
    return ids


def _product_fields(given: dict[str, Any], category_ids: dict[str, int], brand_ids: dict[str, int]) -> dict:
    values: dict[str, Any] = {name: given[name] for name in ("name", "description", "published") if name in given}
    if "category" in given:
        values["category_id"] = category_ids.get(given["category"]) if given["category"] else None
    if "brand" in given:
        values["brand_id"] = brand_ids.get(given["brand"]) if given["brand"] else None
    return values


async def _create_products(plan: ProductPlan, category_ids: dict[str, int], brand_ids: dict[str, int]) -> None:
    new = [p for p in plan.planned if p.product is None]
    if not new:
        return
    await Product.bulk_create(
        [
            Product(
                supplier_id=plan.supplier_id,
                code=p.record.code,
                **_product_fields(p.record.given, category_ids, brand_ids),
            )
            for p in new
        ],
        batch_size=1000,
    )
    created = {
        product.code: product
        for product in await Product.filter(supplier_id=plan.supplier_id, code__in=[p.record.code for p in new])
    }
    for planned in new:
        planned.product = created[planned.record.code]


async def _update_products(plan: ProductPlan, category_ids: dict[str, int], brand_ids: dict[str, int]) -> None:
    changed: list[Product] = []
    for planned in plan.planned:
        product = planned.product
        if product is None or planned.is_new:
            continue
        values = {**_product_fields(planned.record.given, category_ids, brand_ids), "code": planned.record.code}
        # A file re-imported as it was exported changes nothing: unchanged rows are not written again.
        if any(getattr(product, name) != value for name, value in values.items()):
            product.update_from_dict(values)
            changed.append(product)
    if changed:
        fields = ["code", "name", "description", "published", "category_id", "brand_id"]
        await Product.bulk_update(changed, fields=fields, batch_size=500)


async def _write_variants(plan: ProductPlan, products: dict[str, Product]) -> set[str]:
    """Inserts the new variants and updates the changed ones; the codes of products whose SKUs or barcodes
    changed (their search text follows)."""
    positions = await _next_positions([p.id for p in products.values()])
    new: list[Variant] = []
    changed: list[Variant] = []
    touched: set[str] = set()
    for planned in plan.planned:
        product = products[planned.record.code]
        for _record, existing, values in planned.variants:
            if existing is None:
                new.append(
                    Variant(
                        product_id=product.id, supplier_id=plan.supplier_id, position=positions[product.id], **values
                    )
                )
                positions[product.id] += 1
                touched.add(planned.record.code)
            elif any(getattr(existing, name) != value for name, value in values.items()):
                if existing.barcode != values["barcode"]:
                    touched.add(planned.record.code)
                await _note_price_change(existing, values)
                existing.update_from_dict(values)
                changed.append(existing)
    if new:
        await Variant.bulk_create(new, batch_size=1000)
    if changed:
        await Variant.bulk_update(changed, fields=list(VARIANT_FIELDS), batch_size=500)
    return touched


async def _next_positions(product_ids: list[int]) -> dict[int, int]:
    positions: dict[int, int] = defaultdict(int)
    for product_id, position in await Variant.filter(product_id__in=product_ids).values_list("product_id", "position"):
        positions[product_id] = max(positions[product_id], position + 1)
    return positions


async def _note_price_change(variant: Variant, values: dict) -> None:
    """Base prices are audited as variantUpdate audits them."""
    changed = diff({"base_price": variant.base_price}, {"base_price": round_money(values["base_price"])})
    if changed:
        await note_changes("Variant", variant.id, changed)


async def _write_tags(plan: ProductPlan, products: dict[str, Product]) -> None:
    tagged = [p for p in plan.planned if "tags" in p.record.given]
    if not tagged:
        return
    ids = [products[p.record.code].id for p in tagged]
    await ProductTagLink.filter(product_id__in=ids).delete()
    await ProductTagLink.bulk_create(
        [
            ProductTagLink(product_id=products[p.record.code].id, tag=tag)
            for p in tagged
            for tag in sorted(set(p.record.given["tags"]))
        ],
        batch_size=1000,
    )


async def _refresh_search_texts(products: list[Product]) -> None:
    variants: dict[int, list[tuple[str, str | None]]] = defaultdict(list)
    for product_id, sku, barcode in await Variant.filter(product_id__in=[p.id for p in products]).values_list(
        "product_id", "sku", "barcode"
    ):
        variants[product_id].append((sku, barcode))
    for product in products:
        product.search_text = search_text_of(product.name, variants[product.id])
    if products:
        await Product.bulk_update(products, fields=["search_text"], batch_size=500)
