"""Reads of the priced catalog for the API: product lists (sorted and filtered by the caller's
price too), the pages of products that show them, and what of its prices a caller may see."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from app.accounts.permissions import Principal
from app.browse.service import (
    EVERY_PART,
    CatalogPage,
    PageParts,
    ProductFilter,
    filter_products,
    load_page,
    lowest_price,
)
from app.catalog import service
from app.catalog.models import Product, Variant
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.pagination import Page, PageRequest, paginate, paginate_in_memory
from app.pricing.service import Price, PriceBreak

MAX_SEARCH_LENGTH = 100
MAX_QUANTITY = 1_000_000


class ProductSort(Enum):
    NEWEST = "NEWEST"
    NAME = "NAME"
    SALES = "SALES"
    PRICE_ASC = "PRICE_ASC"
    PRICE_DESC = "PRICE_DESC"


_SQL_ORDER = {
    ProductSort.NEWEST: ("-id",),
    ProductSort.NAME: ("name", "id"),
    ProductSort.SALES: ("-sales_volume", "id"),
}


_BY_PRICE = (ProductSort.PRICE_ASC, ProductSort.PRICE_DESC)


@dataclass(frozen=True)
class PriceRange:
    """The caller's price of one unit, as a filter; a bound left out is open."""

    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def is_open(self) -> bool:
        return self.low is None and self.high is None

    def holds(self, price: Decimal) -> bool:
        return (self.low is None or price >= self.low) and (self.high is None or price <= self.high)


@dataclass(frozen=True)
class ProductListing:
    """One page of a product list: its rows, the catalog page that prices them, and the count of all."""

    page: Page
    catalog: CatalogPage | None
    count: Callable[[], Awaitable[int]]


def _check_search(wanted: ProductFilter) -> None:
    if wanted.search is not None and len(wanted.search) > MAX_SEARCH_LENGTH:
        raise UserInputError.single(
            ("filter", "search"), ErrorCode.TOO_LONG, f"search must be at most {MAX_SEARCH_LENGTH} characters."
        )


async def list_products(
    access: service.CatalogAccess | None,
    wanted: ProductFilter,
    prices: PriceRange,
    sort: ProductSort,
    request: PageRequest,
    max_page_size: int,
    parts: PageParts = EVERY_PART,
) -> ProductListing:
    """`parts` names what the caller reads of the page; a list sorted or filtered by price is
    priced in full whatever it reads, since every candidate's price decides the page."""
    if access is None:
        nothing = Product.filter(id__in=[])
        return ProductListing(await paginate(nothing, ("-id",), request, max_page_size), None, nothing.count)
    _check_search(wanted)
    query = await filter_products(service.visible_products(access), access.supplier.id, wanted)
    by_price = sort in _BY_PRICE or not prices.is_open
    if by_price and not access.show_prices:
        raise UserInputError.single("sort", ErrorCode.INVALID, "Prices are not shown to you, so not sorted by.")
    if by_price:
        return await _priced_listing(access, query, prices, sort, request, max_page_size)
    page = await paginate(query, _SQL_ORDER[sort], request, max_page_size)
    return ProductListing(page, await load_page(access, page.items, utc_now(), parts), query.count)


async def _priced_listing(
    access, query, prices: PriceRange, sort: ProductSort, request, max_page_size
) -> ProductListing:
    """Sorting or filtering by the caller's price needs every candidate priced: done in memory
    over the filtered set, then keyset-paginated on (price, id) like any other order."""
    products = await query
    catalog = await load_page(access, products, utc_now())
    keyed = []
    for product in products:
        price = lowest_price(catalog, product)
        if price is not None and prices.holds(price):
            keyed.append((price, product.id, product))
    page = paginate_in_memory(keyed, sort is ProductSort.PRICE_DESC, request, max_page_size)

    async def count() -> int:
        return len(keyed)

    return ProductListing(page, catalog, count)


async def visible_product_pages(
    principal: Principal, product_ids: list[int]
) -> list[tuple[CatalogPage, list[Product]]]:
    """The products the caller may see among these, one priced page per supplier."""
    rows = await Product.filter(id__in=product_ids)
    pages = []
    for supplier_id in {row.supplier_id for row in rows}:
        access = await service.catalog_access(principal, supplier_id)
        if access is None:
            continue
        visible = await service.visible_products(access).filter(id__in=[r.id for r in rows])
        pages.append((await load_page(access, visible, utc_now()), visible))
    return pages


async def visible_variant_page(
    principal: Principal, supplier_id: int, variant_ids: list[int]
) -> tuple[CatalogPage, list[Product]] | None:
    """The products of these variants the caller may still see, priced for it; None when nothing is."""
    access = await service.catalog_access(principal, supplier_id)
    if access is None or not variant_ids:
        return None
    product_ids = await Variant.filter(id__in=variant_ids).values_list("product_id", flat=True)
    products = await service.visible_products(access).filter(id__in=product_ids)
    return await load_page(access, products, utc_now()), products


async def staff_page(principal: Principal, product: Product) -> CatalogPage:
    """A product as its supplier's staff see it (unpublished included, base prices)."""
    access = await service.catalog_access(principal, product.supplier_id)
    assert access is not None, "the service that just changed the product let its staff see it"
    return await load_page(access, [product], utc_now())


def _checked_quantity(quantity: int) -> int:
    if not 1 <= quantity <= MAX_QUANTITY:
        raise UserInputError.single(
            "quantity", ErrorCode.OUT_OF_RANGE, f"quantity must be between 1 and {MAX_QUANTITY}."
        )
    return quantity


def shown_price(page: CatalogPage, variant: Variant, quantity: int) -> Price | None:
    """The caller's price at this quantity; None where the catalog hides prices from it."""
    if not page.access.show_prices:
        return None
    return page.book.price(variant, _checked_quantity(quantity))


def shown_base_price(page: CatalogPage, variant: Variant) -> Decimal | None:
    if not page.access.show_prices:
        return None
    return page.book.base_price(variant, 1)[0]


def shown_breaks(page: CatalogPage, variant: Variant) -> list[PriceBreak]:
    if not page.access.show_prices:
        return []
    return page.book.breaks(variant)


def orderable(page: CatalogPage, variant: Variant) -> int:
    """Units of a variant available to order now over all warehouses; never below zero."""
    return max(0, page.available.get(variant.id, 0))


async def visible_variant_pages(
    principal: Principal, variant_ids: list[int]
) -> list[tuple[CatalogPage, list[Product]]]:
    """The products of these variants the caller may see, one priced page per supplier."""
    rows = await Variant.filter(id__in=variant_ids, archived=False).only("id", "product_id")
    return await visible_product_pages(principal, sorted({row.product_id for row in rows}))


async def variants_page(access: service.CatalogAccess, variant_ids: set[int]) -> tuple[CatalogPage, list[Product]]:
    """The products of these variants that `access` sees, priced for it (one page)."""
    rows = await Variant.filter(id__in=variant_ids, archived=False).only("id", "product_id")
    products = await service.visible_products(access).filter(id__in={row.product_id for row in rows})
    return await load_page(access, products, utc_now()), products
