"""A page of the catalog as the caller sees it: products with their variants, the caller's
prices and volume breaks, availability, tags and the promotions that apply, all loaded in a
fixed number of queries whatever the page size."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from app.catalog import service
from app.catalog.models import Brand, Category, Product, ProductTag, Variant
from app.inventory import service as inventory
from app.inventory.models import Stock
from app.pricing.service import PriceBook, price_book
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
            if engine.applicable(p, self.buyer, self.now)
            and engine.covers(p, product.id, categories, product.brand_id)
        ]


def _ancestors(category: Category) -> frozenset[int]:
    return frozenset(int(part) for part in category.path.strip("/").split("/") if part)


async def load_page(access: service.CatalogAccess, products: list[Product], now: datetime) -> CatalogPage:
    product_ids = [p.id for p in products]
    variants = await service.variants_by_product(product_ids)
    variant_ids = [v.id for vs in variants.values() for v in vs]
    category_ids = sorted({p.category_id for p in products if p.category_id})
    brand_ids = sorted({p.brand_id for p in products if p.brand_id})
    categories = {c.id: c for c in await Category.filter(id__in=category_ids)} if category_ids else {}
    brands = {b.id: b for b in await Brand.filter(id__in=brand_ids)} if brand_ids else {}
    return CatalogPage(
        access=access,
        variants=variants,
        available=await inventory.available_by_variant(variant_ids),
        tags=await service.tags_by_product(product_ids),
        categories=categories,
        brands=brands,
        book=await price_book(access.price_lists, variant_ids) if access.show_prices else PriceBook(()),
        promotions=await active_promotions(access.supplier.id, now) if access.show_prices else [],
        buyer=buyer_of(access.account),
        category_paths={c.id: _ancestors(c) for c in categories.values()},
        now=now,
        stock=await inventory.stock_by_variant(variant_ids) if access.is_staff else {},
    )


def lowest_price(page: CatalogPage, product: Product) -> Decimal | None:
    prices = [page.book.price(v, 1).unit_price for v in page.variants.get(product.id, [])]
    return min(prices) if prices else None
