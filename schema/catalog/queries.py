"""The catalog over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.catalog import browse, service
from app.catalog.models import Brand as BrandModel
from app.catalog.models import Category as CategoryModel
from app.catalog.models import Product as ProductModel
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.pagination import PageRequest, paginate_in_memory
from app.settings import get_settings
from schema.catalog.inputs import ProductFilter, ProductSort
from schema.catalog.loaders import fetch_products, product_types
from schema.catalog.types import BrandType, CategoryType, ProductType
from schema.connection import Connection, connection_from_page, connection_of, paginated
from schema.ids import decode_id, decode_optional_id

_SQL_ORDER = {
    ProductSort.NEWEST: ("-id",),
    ProductSort.NAME: ("name", "id"),
    ProductSort.SALES: ("-sales_volume", "id"),
}


def _product_filter(wanted: ProductFilter | None) -> service.ProductFilter:
    if wanted is None:
        return service.ProductFilter()
    if wanted.search is not None and len(wanted.search) > 100:
        raise UserInputError.single(("filter", "search"), ErrorCode.TOO_LONG, "search must be at most 100 characters.")
    return service.ProductFilter(
        search=wanted.search,
        category_id=decode_optional_id(wanted.category_id, "Category", ("filter", "categoryId")),
        brand_id=decode_optional_id(wanted.brand_id, "Brand", ("filter", "brandId")),
        tag=wanted.tag,
        in_stock_only=wanted.in_stock_only,
    )


async def _access(info: strawberry.Info, supplier_id: strawberry.ID | None) -> service.CatalogAccess | None:
    principal = info.context.principal
    pk = decode_optional_id(supplier_id, "Organization", "supplierId")
    if pk is None:
        pk = await service.default_supplier_id(principal)
        if pk is None:
            raise UserInputError.single(
                "supplierId", ErrorCode.REQUIRED, "supplierId is required: say whose catalog to browse."
            )
    return await service.catalog_access(principal, pk, utc_now())


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="A supplier's products as the caller may see and buy them.")
    @paginated
    async def products(
        self,
        info: strawberry.Info,
        supplier_id: strawberry.ID | None = None,
        *,
        page: PageRequest,
        filter: ProductFilter | None = None,
        sort: ProductSort = ProductSort.NEWEST,
    ) -> Connection[ProductType]:
        access = await _access(info, supplier_id)
        if access is None:
            return await connection_of(ProductModel.filter(id__in=[]), ("-id",), page, _no_products)
        query = await service.filter_products(service.visible_products(access), access.supplier.id, _product_filter(filter))
        wants_price = sort in (ProductSort.PRICE_ASC, ProductSort.PRICE_DESC) or (
            filter is not None and (filter.min_price is not None or filter.max_price is not None)
        )
        if wants_price and not access.show_prices:
            raise UserInputError.single("sort", ErrorCode.INVALID, "Prices are not shown to you, so not sorted by.")
        if wants_price:
            return await _priced_connection(info, access, query, sort, filter, page)

        async def to_nodes(rows: list[ProductModel]) -> list[ProductType]:
            return product_types(await browse.load_page(access, rows, utc_now()), rows)

        return await connection_of(query, _SQL_ORDER[sort], page, to_nodes)

    @strawberry.field(description="One product; null when it does not exist or is not visible to you.")
    async def product(self, info: strawberry.Info, id: strawberry.ID) -> ProductType | None:
        return (await fetch_products(info, [decode_id(id, "Product", "id")]))[0]

    @strawberry.field(description="A supplier's category tree, flat: build it with parentId.")
    async def categories(self, info: strawberry.Info, supplier_id: strawberry.ID | None = None) -> list[CategoryType]:
        access = await _access(info, supplier_id)
        if access is None:
            return []
        rows = await CategoryModel.filter(supplier_id=access.supplier.id, archived=False).order_by("path", "position")
        return [CategoryType.of(c) for c in rows]

    @strawberry.field
    async def brands(self, info: strawberry.Info, supplier_id: strawberry.ID | None = None) -> list[BrandType]:
        access = await _access(info, supplier_id)
        if access is None:
            return []
        rows = await BrandModel.filter(supplier_id=access.supplier.id, archived=False).order_by("name")
        return [BrandType.of(b) for b in rows]


async def _no_products(rows: list) -> list:
    return []


async def _priced_connection(info, access, query, sort: ProductSort, wanted: ProductFilter | None, page_request):
    """Sorting or filtering by the caller's price needs every candidate priced: done in memory
    over the filtered set, then keyset-paginated on (price, id) like any other order."""
    products = await query
    page = await browse.load_page(access, products, utc_now())
    low = wanted.min_price if wanted else None
    high = wanted.max_price if wanted else None
    keyed = []
    for product in products:
        price = browse.lowest_price(page, product)
        if price is not None and (low is None or price >= low) and (high is None or price <= high):
            keyed.append((price, product.id, product))
    result = paginate_in_memory(keyed, sort is ProductSort.PRICE_DESC, page_request, get_settings().max_page_size)

    async def count() -> int:
        return len(keyed)

    return connection_from_page(result, product_types(page, result.items), count)
