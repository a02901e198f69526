"""A page of the catalog as the caller sees it: products with their variants, the caller's
prices and volume breaks, availability, tags and the promotions that apply, all loaded in a
fixed number of queries whatever the page size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from app.catalog import service
from app.catalog.models import Brand, Category, Product, ProductTag, ProductTagLink, Variant
from app.inventory import service as inventory
from app.inventory.models import Stock
from app.pricing.service import PriceBook, applicable_lists, price_book
from app.promotions import engine
from app.promotions.service import active_promotions, buyer_of
from app.shared_loads import SharedLoads


@dataclass(frozen=True)
class CatalogPage:
    """Everything a page of products needs, keyed by id."""

    access: service.CatalogAccess
    variants: dict[int, list[Variant]]
    available: dict[int, int]
    tags: dict[int, list[ProductTag]]
    categories: dict[int, Category]
    brands: dict[int, Brand]
    book: PriceBook
    promotions: list[engine.Promotion]
    buyer: engine.Buyer
    category_paths: dict[int, frozenset[int]]
    now: datetime
    stock: dict[int, list[Stock]]
    loads: SharedLoads = field(default_factory=SharedLoads)
    """What only some requests select (quotas) is loaded on first use, once for the page."""

    @property
    def variant_ids(self) -> list[int]:
        return [v.id for vs in self.variants.values() for v in vs]

    def promotions_for(self, product: Product) -> list[engine.Promotion]:
        categories = self.category_paths.get(product.category_id, frozenset()) if product.category_id else frozenset()
        return [
            p
            for p in self.promotions
            if engine.applicable(p, self.buyer, self.now) and engine.covers(p, product.id, categories, product.brand_id)
        ]


@dataclass(frozen=True)
class PageParts:
    """The parts of a catalog page its reader uses: a list loads only these, so a page of names
    costs no query beyond the products themselves."""

    variants: bool = True
    prices: bool = True
    availability: bool = True
    promotions: bool = True
    tags: bool = True
    categories: bool = True
    brands: bool = True
    stock: bool = True
    every_variant: bool = True
    """Each product's every live variant, as a page shows them; else only those the caller brings
    (pricing lines needs its lines' variants alone)."""

    @property
    def needs_variants(self) -> bool:
        return self.variants or self.prices or self.availability or self.stock


EVERY_PART = PageParts()
PRICING_PARTS = PageParts(tags=False, brands=False, stock=False, every_variant=False)
"""What pricing lines needs of a page when no product is shown from it (a checkout, an order edit)."""


@dataclass(frozen=True)
class ProductFilter:
    search: str | None = None
    category_id: int | None = None
    brand_id: int | None = None
    tag: ProductTag | None = None
    in_stock_only: bool = False


async def filter_products(query: QuerySet[Product], supplier_id: int, wanted: ProductFilter) -> QuerySet[Product]:
    if wanted.search:
        query = query.filter(search_text__contains=wanted.search.strip().lower())
    if wanted.category_id is not None:
        category = await Category.get_or_none(id=wanted.category_id, supplier_id=supplier_id)
        if category is None:
            return query.filter(id__in=[])
        subtree = Subquery(Category.filter(supplier_id=supplier_id, path__startswith=category.path).values("id"))
        query = query.filter(category_id__in=subtree)
    if wanted.brand_id is not None:
        query = query.filter(brand_id=wanted.brand_id)
    if wanted.tag is not None:
        query = query.filter(id__in=Subquery(ProductTagLink.filter(tag=wanted.tag).values("product_id")))
    if wanted.in_stock_only:
        query = query.filter(id__in=Subquery(inventory.in_stock_products(supplier_id)))
    return query


def _ancestors(category: Category) -> frozenset[int]:
    return frozenset(int(part) for part in category.path.strip("/").split("/") if part)


async def load_page(
    access: service.CatalogAccess,
    products: list[Product],
    now: datetime,
    parts: PageParts = EVERY_PART,
    brought: Iterable[Variant] = (),
    brought_available: Mapping[int, int] | None = None,
) -> CatalogPage:
    """`brought`: the variants of the page's products the caller loaded, used without `every_variant`;
    `brought_available`: their available units, when the caller read them with them."""
    product_ids = [p.id for p in products]
    variants = await _variants_of(product_ids, parts, brought)
    variant_ids = [v.id for vs in variants.values() for v in vs]
    # The promotions that apply to a product follow its category's ancestors.
    wants_categories = parts.categories or parts.promotions
    category_ids = sorted({p.category_id for p in products if p.category_id}) if wants_categories else []
    brand_ids = sorted({p.brand_id for p in products if p.brand_id}) if parts.brands else []
    categories = await service.categories_by_id(access.supplier.id, category_ids) if category_ids else {}
    brands = {b.id: b for b in await Brand.filter(id__in=brand_ids)} if brand_ids else {}
    shows_promotions = parts.promotions and access.show_prices and bool(product_ids)
    return CatalogPage(
        access=access,
        variants=variants,
        available=await _available(variant_ids, parts, brought_available),
        tags=await service.tags_by_product(product_ids) if parts.tags and product_ids else {},
        categories=categories,
        brands=brands,
        book=await _price_book(access, variant_ids, now) if parts.prices and variant_ids else PriceBook(()),
        promotions=await active_promotions(access.supplier.id, now) if shows_promotions else [],
        buyer=buyer_of(access.account),
        category_paths={c.id: _ancestors(c) for c in categories.values()},
        now=now,
        stock=await inventory.stock_by_variant(variant_ids) if parts.stock and access.is_staff and variant_ids else {},
    )


async def _available(
    variant_ids: list[int], parts: PageParts, brought_available: Mapping[int, int] | None
) -> dict[int, int]:
    if not parts.availability or not variant_ids:
        return {}
    if brought_available is not None and not parts.every_variant:
        return {variant_id: brought_available.get(variant_id, 0) for variant_id in variant_ids}
    return await inventory.available_by_variant(variant_ids)


async def _variants_of(
    product_ids: list[int], parts: PageParts, brought: Iterable[Variant]
) -> dict[int, list[Variant]]:
    if not parts.needs_variants or not product_ids:
        return {}
    if parts.every_variant:
        return await service.variants_by_product(product_ids)
    grouped: dict[int, list[Variant]] = defaultdict(list)
    for variant in brought:
        grouped[variant.product_id].append(variant)
    return grouped


async def _price_book(access: service.CatalogAccess, variant_ids: list[int], now: datetime) -> PriceBook:
    """A customer's own, tier and group lists; staff and the public see base prices (or none)."""
    if not access.show_prices:
        return PriceBook(())
    return await price_book(await applicable_lists(access.account, now), variant_ids)


def lowest_price(page: CatalogPage, product: Product) -> Decimal | None:
    prices = [page.book.price(v, 1).unit_price for v in page.variants.get(product.id, [])]
    return min(prices) if prices else None
