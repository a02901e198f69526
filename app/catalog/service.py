"""Who may see a supplier's catalog and at which prices, the product queries, and the
supplier's management of categories, brands, products and variants."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any

from tortoise.expressions import Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.accounts.models import (
    CatalogVisibility,
    CustomerAccount,
    CustomerAccountStatus,
    Organization,
    PublicPrices,
    Role,
)
from app.accounts.permissions import Principal, require_supplier_role
from app.catalog.models import (
    Brand,
    Category,
    Product,
    ProductGroupAccess,
    ProductTag,
    ProductTagLink,
    Variant,
    VolumeBreak,
)
from app.changes import diff, note_changes
from app.errors import ErrorCode, UserInputError
from app.money import round_money
from app.read_versions import EVERYTHING, Change, Kept, announce, catalog_key
from app.tenancy import own
from app.validation import MAX_QUANTITY, Checker

CATALOG_MANAGERS = frozenset({Role.ADMIN})
MAX_IMAGES = 20
PRODUCT_NAME_MAX = 200
CATEGORY_NAME_MAX = 100
BRAND_NAME_MAX = 100
SKU_MAX = 64
PRODUCT_CODE_MAX = 64


@dataclass(frozen=True)
class CatalogAccess:
    """What one caller may see of one supplier's catalog."""

    supplier: Organization
    is_staff: bool
    account: CustomerAccount | None
    show_prices: bool


async def catalog_access(principal: Principal, supplier_id: int) -> CatalogAccess | None:
    """None when the caller may not see this catalog at all (answered like a missing supplier)."""
    if principal.is_authenticated and principal.organization_id != supplier_id:
        # A customer's account and its supplier in one query: the common case of every catalog read.
        account = await _approved_accounts(principal).filter(supplier_id=supplier_id).first()
        if account is not None:
            return await customer_access(account, account.supplier)
    supplier = await Organization.get_or_none(id=supplier_id, can_sell=True)
    if supplier is None:
        return None
    if principal.is_authenticated and principal.organization_id == supplier.id:
        return CatalogAccess(supplier, True, None, True)
    if supplier.catalog_visibility is CatalogVisibility.PUBLIC:
        return CatalogAccess(supplier, False, None, supplier.public_prices is PublicPrices.BASE)
    return None


def _approved_accounts(principal: Principal) -> QuerySet[CustomerAccount]:
    """The caller's approved accounts with suppliers that sell, each with its supplier loaded."""
    return CustomerAccount.filter(
        buyer_id=principal.organization_id, status=CustomerAccountStatus.APPROVED, supplier__can_sell=True
    ).select_related("supplier")


_kept_suppliers: Kept[Organization] = Kept()
"""Suppliers as catalogs read them (timezone, currency, visibility and price settings), kept while the
`all` counter stands (every change of an organization's settings moves it). Read only."""


_kept_categories: Kept[dict[int, Category]] = Kept()
"""Each supplier's categories, archived ones too, kept while its catalog counter stands (every category
change moves it). Read only."""


async def categories_by_id(supplier_id: int, ids: Iterable[int]) -> dict[int, Category]:
    """These categories of the supplier; an id of none of its categories is left out."""
    kept = await _kept_categories.get(supplier_id, (catalog_key(supplier_id),), partial(_categories_of, supplier_id))
    return {category_id: kept[category_id] for category_id in ids if category_id in kept}


async def _categories_of(supplier_id: int) -> dict[int, Category]:
    return {category.id: category for category in await Category.filter(supplier_id=supplier_id)}


async def customer_access(account: CustomerAccount, supplier: Organization | None = None) -> CatalogAccess:
    """The catalog as one approved customer sees it."""
    supplier_id = account.supplier_id
    supplier = supplier or await _kept_suppliers.get(
        supplier_id, (EVERYTHING,), partial(Organization.get, id=supplier_id)
    )
    return CatalogAccess(supplier, False, account, True)


async def default_catalog_access(principal: Principal) -> CatalogAccess | None:
    """The catalog of a caller that names no supplier: staff browse their own; a buyer with exactly
    one supplier browses that one (its account and supplier in one query)."""
    if principal.is_authenticated and principal.can_sell:
        return await catalog_access(principal, principal.require_organization_id())
    accounts = await _approved_accounts(principal).limit(2) if principal.is_authenticated else []
    if len(accounts) != 1:
        raise UserInputError.single(
            "supplierId", ErrorCode.REQUIRED, "supplierId is required: say whose catalog to browse."
        )
    return await customer_access(accounts[0], accounts[0].supplier)


def visible_products(access: CatalogAccess) -> QuerySet[Product]:
    query = Product.filter(supplier_id=access.supplier.id, archived=False)
    if access.is_staff:
        return query
    query = query.filter(published=True)
    group = access.account.customer_group if access.account else None
    if group is None:
        return query.filter(restricted_to_groups=False)
    allowed = Subquery(ProductGroupAccess.filter(customer_group=group).values("product_id"))
    return query.filter(Q(restricted_to_groups=False) | Q(id__in=allowed))


def visible_to(access: CatalogAccess, product: str, first_mark: int) -> tuple[str, list[Any]]:
    """`visible_products`' rule as a condition on the products table aliased `product`, with its values for
    `fetch`'s marks from $`first_mark` on: for hand-written reads on the ordering path, where tortoise took
    longer to build the subquery than the database to answer it (tests/test_catalog.py holds the two alike)."""
    condition = f"{product}.supplier_id = ${first_mark} AND NOT {product}.archived"
    values: list[Any] = [access.supplier.id]
    if access.is_staff:
        return condition, values
    condition += f" AND {product}.published"
    group = access.account.customer_group if access.account else None
    if group is None:
        return f"{condition} AND NOT {product}.restricted_to_groups", values
    allowed = f"SELECT product_id FROM product_group_access WHERE customer_group = ${first_mark + 1}"
    return f"{condition} AND (NOT {product}.restricted_to_groups OR {product}.id IN ({allowed}))", [*values, group]


async def variants_by_product(product_ids: list[int], include_archived: bool = False) -> dict[int, list[Variant]]:
    query = Variant.filter(product_id__in=product_ids)
    if not include_archived:
        query = query.filter(archived=False)
    grouped: dict[int, list[Variant]] = defaultdict(list)
    for variant in await query.order_by("product_id", "position", "id"):
        grouped[variant.product_id].append(variant)
    return grouped


async def tags_by_product(product_ids: list[int]) -> dict[int, list[ProductTag]]:
    grouped: dict[int, list[ProductTag]] = defaultdict(list)
    for product_id, tag in (
        await ProductTagLink.filter(product_id__in=product_ids).order_by("tag").values_list("product_id", "tag")
    ):
        grouped[product_id].append(ProductTag(tag))
    return grouped


def search_text_of(name: str, variants: list[tuple[str, str | None]]) -> str:
    parts = [name] + [sku for sku, _ in variants] + [barcode for _, barcode in variants if barcode]
    return " ".join(parts).lower()


async def refresh_search_text(product: Product) -> None:
    variants = await Variant.filter(product_id=product.id).values_list("sku", "barcode")
    product.search_text = search_text_of(product.name, variants)
    await product.save(update_fields=["search_text"])


async def create_category(principal: Principal, name: str | None, parent_id: int | None) -> Category:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    name = checker.text("name", name, max_length=CATEGORY_NAME_MAX, required=True)
    checker.raise_if_any()
    parent = None
    if parent_id is not None:
        parent = await own(Category, parent_id, principal.require_organization_id(), "parentId", "category")
    async with in_transaction():
        category = await Category.create(supplier_id=principal.organization_id, name=name, parent=parent)
        category.path = f"{parent.path if parent else '/'}{category.id}/"
        await category.save(update_fields=["path"])
    await announce(Change.catalog(category.supplier_id))
    return category


async def create_brand(principal: Principal, name: str | None) -> Brand:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    name = checker.text("name", name, max_length=BRAND_NAME_MAX, required=True)
    checker.raise_if_any()
    if await Brand.exists(supplier_id=principal.organization_id, name=name):
        raise UserInputError.single(("input", "name"), ErrorCode.ALREADY_EXISTS, f"Brand {name} exists.")
    brand = await Brand.create(supplier_id=principal.organization_id, name=name)
    await announce(Change.catalog(brand.supplier_id))
    return brand


@dataclass(frozen=True)
class VariantInput:
    sku: str | None
    base_price: Decimal | str | None
    barcode: str | None = None
    spec: dict | None = None
    unit: str | None = None
    min_order_quantity: int = 1
    order_multiple: int = 1
    max_per_order: int | None = None
    weight_kg: Decimal | None = None
    volume_breaks: tuple[tuple[int, Decimal | str], ...] = ()


@dataclass(frozen=True)
class ProductInput:
    name: str | None
    code: str | None = None
    """The supplier's own product code (商品编码), unique per supplier; imports upsert by it."""
    description: str | None = None
    category_id: int | None = None
    brand_id: int | None = None
    images: tuple[str, ...] = ()
    attributes: dict | None = None
    tags: tuple[ProductTag, ...] = ()
    customer_groups: tuple[str, ...] = ()
    published: bool = False
    variants: tuple[VariantInput, ...] = ()


def check_volume_breaks(checker: Checker, field: str, breaks: tuple[tuple[int, Decimal | str], ...]):
    """Breaks start above one unit, each quantity once, each price not negative."""
    seen: set[int] = set()
    checked = []
    for index, (quantity, price) in enumerate(breaks):
        item = f"{field}.{index}"
        if quantity < 2 or quantity > MAX_QUANTITY:
            checker.add(item, ErrorCode.OUT_OF_RANGE, f"A volume break starts at 2 to {MAX_QUANTITY} units.")
        elif quantity in seen:
            checker.add(item, ErrorCode.OVERLAPPING, f"Two volume breaks start at {quantity} units.")
        seen.add(quantity)
        amount = checker.money(f"{item}.price", price)
        if amount is not None:
            checked.append((quantity, amount))
    return checked


def check_variant(checker: Checker, prefix: str, variant: VariantInput) -> dict:
    """`prefix` names the variant's fields ("variants.0." or "" for an import's row, whose columns they are)."""
    values = {
        "sku": checker.text(f"{prefix}sku", variant.sku, max_length=SKU_MAX, required=True),
        "barcode": checker.text(f"{prefix}barcode", variant.barcode, max_length=64),
        "unit": checker.text(f"{prefix}unit", variant.unit, max_length=16) or "件",
        "spec": variant.spec or {},
        "base_price": checker.money(f"{prefix}basePrice", variant.base_price),
        "min_order_quantity": checker.integer(
            f"{prefix}minOrderQuantity", variant.min_order_quantity, minimum=1, maximum=MAX_QUANTITY
        ),
        "order_multiple": checker.integer(
            f"{prefix}orderMultiple", variant.order_multiple, minimum=1, maximum=MAX_QUANTITY
        ),
        "max_per_order": checker.integer(
            f"{prefix}maxPerOrder", variant.max_per_order, minimum=1, maximum=MAX_QUANTITY
        ),
        "weight_kg": checker.money(f"{prefix}weightKg", variant.weight_kg),
    }
    if variant.base_price is None:
        checker.add(f"{prefix}basePrice", ErrorCode.REQUIRED, "basePrice is required.")
    if (
        values["max_per_order"] is not None
        and values["min_order_quantity"] is not None
        and values["max_per_order"] < values["min_order_quantity"]
    ):
        checker.add(f"{prefix}maxPerOrder", ErrorCode.OUT_OF_RANGE, "maxPerOrder is below minOrderQuantity.")
    values["breaks"] = check_volume_breaks(checker, f"{prefix}volumeBreaks", variant.volume_breaks)
    return values


async def _check_references(supplier_id: int, category_id: int | None, brand_id: int | None) -> None:
    if category_id is not None:
        await own(Category, category_id, supplier_id, "categoryId", "category")
    if brand_id is not None:
        await own(Brand, brand_id, supplier_id, "brandId", "brand")


async def _ensure_skus_free(supplier_id: int, skus: list[str], prefix: str) -> None:
    duplicated = {sku for sku in skus if skus.count(sku) > 1}
    # tortoise types values_list(flat=True) as a list of tuples; flat=True gives the values themselves.
    taken: set[str] = set(await Variant.filter(supplier_id=supplier_id, sku__in=skus).values_list("sku", flat=True))  # type: ignore[arg-type]
    clash = sorted(duplicated | taken)
    if clash:
        raise UserInputError.single(
            (*prefix.split("."),), ErrorCode.ALREADY_EXISTS, f"SKU {', '.join(clash)} is already in use."
        )


async def _insert_variant(product: Product, values: dict, position: int) -> Variant:
    breaks = values.pop("breaks")
    variant = await Variant.create(product=product, supplier_id=product.supplier_id, position=position, **values)
    if breaks:
        await VolumeBreak.bulk_create([VolumeBreak(variant=variant, min_quantity=q, price=p) for q, p in breaks])
    return variant


async def create_product(principal: Principal, data: ProductInput) -> Product:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    name = checker.text("name", data.name, max_length=PRODUCT_NAME_MAX, required=True)
    code = checker.text("code", data.code, max_length=PRODUCT_CODE_MAX)
    description = checker.text("description", data.description, max_length=20_000) or ""
    _check_images(checker, data.images)
    groups = _check_groups(checker, data.customer_groups)
    if not data.variants:
        checker.add("variants", ErrorCode.REQUIRED, "A product needs at least one variant.")
    variant_values = [check_variant(checker, f"variants.{i}.", v) for i, v in enumerate(data.variants)]
    checker.raise_if_any()
    assert name is not None
    await _check_references(principal.require_organization_id(), data.category_id, data.brand_id)
    await _ensure_skus_free(principal.require_organization_id(), [v["sku"] for v in variant_values], "input.variants")
    if code is not None and await Product.exists(supplier_id=principal.organization_id, code=code):
        raise UserInputError.single(("input", "code"), ErrorCode.ALREADY_EXISTS, f"Product code {code} is in use.")
    async with in_transaction():
        product = await Product.create(
            supplier_id=principal.organization_id,
            code=code,
            name=name,
            description=description,
            category_id=data.category_id,
            brand_id=data.brand_id,
            images=list(data.images),
            attributes=data.attributes or {},
            published=data.published,
            restricted_to_groups=bool(groups),
            search_text=search_text_of(name, [(v["sku"], v["barcode"]) for v in variant_values]),
        )
        for position, values in enumerate(variant_values):
            await _insert_variant(product, values, position)
        if data.tags:
            await ProductTagLink.bulk_create([ProductTagLink(product=product, tag=t) for t in sorted(set(data.tags))])
        if groups:
            await ProductGroupAccess.bulk_create(
                [ProductGroupAccess(product=product, customer_group=g) for g in sorted(set(groups))]
            )
    await announce(Change.catalog(product.supplier_id))
    return product


async def _own_product(principal: Principal, product_id: int) -> Product:
    return await own(Product, product_id, principal.require_organization_id(), "productId", "product")


async def set_product_published(principal: Principal, product_id: int, published: bool) -> Product:
    """上架 / 下架."""
    require_supplier_role(principal, CATALOG_MANAGERS)
    product = await _own_product(principal, product_id)
    product.published = published
    await product.save(update_fields=["published", "updated_at"])
    await announce(Change.catalog(product.supplier_id))
    return product


async def archive_product(principal: Principal, product_id: int) -> Product:
    require_supplier_role(principal, CATALOG_MANAGERS)
    product = await _own_product(principal, product_id)
    product.archived = True
    product.published = False
    await product.save(update_fields=["archived", "published", "updated_at"])
    await announce(Change.catalog(product.supplier_id))
    return product


async def create_variant(principal: Principal, product_id: int, data: VariantInput) -> Variant:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    values = check_variant(checker, "variant.", data)
    checker.raise_if_any()
    product = await _own_product(principal, product_id)
    await _ensure_skus_free(principal.require_organization_id(), [values["sku"]], "input.variant.sku")
    async with in_transaction():
        position = await Variant.filter(product_id=product.id).count()
        variant = await _insert_variant(product, values, position)
        await refresh_search_text(product)
    await announce(Change.catalog(product.supplier_id))
    return variant


@dataclass(frozen=True)
class ProductChanges:
    """Only the fields named in fields_set change."""

    name: str | None = None
    description: str | None = None
    category_id: int | None = None
    brand_id: int | None = None
    images: tuple[str, ...] = ()
    attributes: dict | None = None
    tags: tuple[ProductTag, ...] = ()
    customer_groups: tuple[str, ...] = ()
    fields_set: frozenset[str] = frozenset()


def _check_images(checker: Checker, images: tuple[str, ...]) -> None:
    if len(images) > MAX_IMAGES:
        checker.add("images", ErrorCode.OUT_OF_RANGE, f"At most {MAX_IMAGES} images.")
    for index, url in enumerate(images):
        if not url.startswith(("https://", "http://")) or len(url) > 1000:
            checker.add(f"images.{index}", ErrorCode.INVALID, "An image is an http(s) URL.")


def _check_groups(checker: Checker, groups: tuple[str, ...]) -> list[str]:
    """The cleaned customer groups; a blank one is an error on the checker and is left out."""
    cleaned = [checker.text("customerGroups", g, max_length=64, required=True) for g in groups]
    return [g for g in cleaned if g is not None]


async def update_product(principal: Principal, product_id: int, changes: ProductChanges) -> Product:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    given = changes.fields_set
    values: dict = {}
    if "name" in given:
        values["name"] = checker.text("name", changes.name, max_length=PRODUCT_NAME_MAX, required=True)
    if "description" in given:
        values["description"] = checker.text("description", changes.description, max_length=20_000) or ""
    if "images" in given:
        _check_images(checker, changes.images)
        values["images"] = list(changes.images)
    if "attributes" in given:
        values["attributes"] = changes.attributes or {}
    groups = _check_groups(checker, changes.customer_groups)
    checker.raise_if_any()
    product = await _own_product(principal, product_id)
    await _check_references(principal.require_organization_id(), changes.category_id, changes.brand_id)
    for field in ("category_id", "brand_id"):
        if field in given:
            values[field] = getattr(changes, field)
    async with in_transaction():
        if values:
            product.update_from_dict(values)
            await product.save()
        if "name" in values:
            await refresh_search_text(product)
        if "tags" in given:
            await ProductTagLink.filter(product_id=product.id).delete()
            await ProductTagLink.bulk_create(
                [ProductTagLink(product=product, tag=t) for t in sorted(set(changes.tags))]
            )
        if "customer_groups" in given:
            await ProductGroupAccess.filter(product_id=product.id).delete()
            await ProductGroupAccess.bulk_create(
                [ProductGroupAccess(product=product, customer_group=g) for g in sorted(set(groups))]
            )
            product.restricted_to_groups = bool(groups)
            await product.save(update_fields=["restricted_to_groups", "updated_at"])
    await announce(Change.catalog(product.supplier_id))
    return product


async def update_variant(principal: Principal, variant_id: int, data: VariantInput, archived: bool) -> Variant:
    """Replaces a variant's terms (its SKU stays); its volume breaks are replaced as given."""
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    values = check_variant(checker, "variant.", data)
    checker.raise_if_any()
    variant = await own(Variant, variant_id, principal.require_organization_id(), "variantId", "variant")
    if values["sku"] != variant.sku:
        await _ensure_skus_free(principal.require_organization_id(), [values["sku"]], "input.variant.sku")
    breaks = values.pop("breaks")
    async with in_transaction():
        old_breaks = (
            await VolumeBreak.filter(variant_id=variant.id)
            .order_by("min_quantity")
            .values_list("min_quantity", "price")
        )
        before = {"base_price": variant.base_price, "volume_breaks": [[q, p] for q, p in old_breaks]}
        variant.update_from_dict({**values, "archived": archived})
        await variant.save()
        await VolumeBreak.filter(variant_id=variant.id).delete()
        await VolumeBreak.bulk_create([VolumeBreak(variant=variant, min_quantity=q, price=p) for q, p in breaks])
        after = {
            "base_price": round_money(variant.base_price),
            "volume_breaks": [[q, round_money(p)] for q, p in sorted(breaks)],
        }
        await note_changes("Variant", variant.id, diff(before, after))
        await refresh_search_text(await Product.get(id=variant.product_id))
    await announce(Change.catalog(variant.supplier_id))
    return variant


async def update_category(
    principal: Principal, category_id: int, name: str | None, position: int | None, archived: bool | None
) -> Category:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    cleaned = checker.text("name", name, max_length=100) if name is not None else None
    checker.integer("position", position, minimum=0, maximum=100_000)
    checker.raise_if_any()
    category = await own(Category, category_id, principal.require_organization_id(), "categoryId", "category")
    if archived and await Category.filter(parent_id=category.id, archived=False).exists():
        raise UserInputError.single(
            ("input", "archived"), ErrorCode.INVALID_STATE, "Archive or move its sub-categories first."
        )
    changes = {"name": cleaned, "position": position, "archived": archived}
    changes = {field: value for field, value in changes.items() if value is not None}
    if changes:
        category.update_from_dict(changes)
        await category.save(update_fields=list(changes))
        await announce(Change.catalog(category.supplier_id))
    return category


async def update_brand(principal: Principal, brand_id: int, name: str | None, archived: bool | None) -> Brand:
    require_supplier_role(principal, CATALOG_MANAGERS)
    checker = Checker()
    cleaned = checker.text("name", name, max_length=100) if name is not None else None
    checker.raise_if_any()
    brand = await own(Brand, brand_id, principal.require_organization_id(), "brandId", "brand")
    if cleaned and cleaned != brand.name and await Brand.exists(supplier_id=brand.supplier_id, name=cleaned):
        raise UserInputError.single(("input", "name"), ErrorCode.ALREADY_EXISTS, f"Brand {cleaned} exists.")
    changes = {field: value for field, value in {"name": cleaned, "archived": archived}.items() if value is not None}
    if changes:
        brand.update_from_dict(changes)
        await brand.save(update_fields=list(changes))
        await announce(Change.catalog(brand.supplier_id))
    return brand


def variant_label(product: Product, variant: Variant) -> str:
    """What people call a variant in texts: the product's name, its spec and SKU,
    e.g. "矿泉水 550ml 24瓶/箱 (SKU W-550-24)" (spec values the name already says are left out)."""
    values = [str(value) for value in (variant.spec or {}).values() if str(value) and str(value) not in product.name]
    spec = " ".join(values)
    return f"{product.name}{' ' + spec if spec else ''} (SKU {variant.sku})"


async def variant_labels(variant_ids: set[int]) -> dict[int, str]:
    """Labels of these variants (archived ones too), in one query."""
    variants = await Variant.filter(id__in=variant_ids).select_related("product")
    return {v.id: variant_label(v.product, v) for v in variants}
