"""The catalog over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.browse import queries as browse_reads
from app.catalog import queries
from app.catalog.service import CatalogAccess
from app.pagination import PageRequest
from app.settings import get_settings
from schema.catalog.inputs import ProductFilter, ProductSortEnum, price_range, product_filter
from schema.catalog.loaders import fetch_products, page_parts, product_types
from schema.catalog.types import BrandType, CategoryType, ProductType
from schema.connection import Connection, connection_from_page, paginated
from schema.ids import decode_id, decode_optional_id
from schema.selection import connection_node_selections


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
        sort: ProductSortEnum = browse_reads.ProductSort.NEWEST,
    ) -> Connection[ProductType]:
        listing = await browse_reads.list_products(
            await _access(info, supplier_id),
            product_filter(filter),
            price_range(filter),
            sort,
            page,
            get_settings().max_page_size,
            page_parts(connection_node_selections(info)),
        )
        nodes = product_types(listing.catalog, listing.page.items) if listing.catalog else []
        return connection_from_page(listing.page, nodes, listing.count)

    @strawberry.field(description="One product; null when it does not exist or is not visible to you.")
    async def product(self, info: strawberry.Info, id: strawberry.ID) -> ProductType | None:
        return (await fetch_products(info, [decode_id(id, "Product", "id")]))[0]

    @strawberry.field(description="A supplier's category tree, flat: build it with parentId.")
    async def categories(self, info: strawberry.Info, supplier_id: strawberry.ID | None = None) -> list[CategoryType]:
        return [CategoryType.of(c) for c in await queries.categories(await _access(info, supplier_id))]

    @strawberry.field
    async def brands(self, info: strawberry.Info, supplier_id: strawberry.ID | None = None) -> list[BrandType]:
        return [BrandType.of(b) for b in await queries.brands(await _access(info, supplier_id))]


async def _access(info: strawberry.Info, supplier_id: strawberry.ID | None) -> CatalogAccess | None:
    supplier = decode_optional_id(supplier_id, "Organization", "supplierId")
    return await queries.browse_access(info.context.principal, supplier)
