"""The catalog over GraphQL: the input types and their decoding."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from app.browse import queries as browse_reads
from app.browse.service import ProductFilter as BrowseFilter
from schema.catalog.types import ProductTagEnum
from schema.ids import decode_optional_id

strawberry.enum(browse_reads.ProductSort, name="ProductSort", description="Order of a product list.")
ProductSortEnum = browse_reads.ProductSort


@strawberry.input
class ProductFilter:
    search: str | None = strawberry.field(default=None, description="Name, SKU code or barcode.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="Includes sub-categories.")
    brand_id: strawberry.ID | None = None
    tag: ProductTagEnum | None = None
    in_stock_only: bool = False
    min_price: Decimal | None = strawberry.field(default=None, description="The caller's price, one unit.")
    max_price: Decimal | None = None


@strawberry.input
class VolumeBreakInput:
    min_quantity: int
    price: Decimal


@strawberry.input
class VariantInput:
    sku: str
    base_price: Decimal
    barcode: str | None = None
    unit: str | None = None
    spec: list[AttributeInput] | None = None
    min_order_quantity: int = 1
    order_multiple: int = 1
    max_per_order: int | None = None
    weight_kg: Decimal | None = None
    volume_breaks: list[VolumeBreakInput] | None = None


@strawberry.input
class AttributeInput:
    name: str
    value: str


@strawberry.input
class ProductCreateInput:
    name: str
    variants: list[VariantInput]
    description: str | None = None
    category_id: strawberry.ID | None = None
    brand_id: strawberry.ID | None = None
    images: list[str] | None = None
    attributes: list[AttributeInput] | None = None
    tags: list[ProductTagEnum] | None = None
    customer_groups: list[str] | None = strawberry.field(
        default=None, description="Only these customer groups see the product; empty for everyone."
    )
    published: bool = False


@strawberry.input
class ProductPublishInput:
    product_id: strawberry.ID
    published: bool = strawberry.field(description="true to list it (上架), false to take it off (下架).")


@strawberry.input
class ProductArchiveInput:
    product_id: strawberry.ID


@strawberry.input
class VariantCreateInput:
    product_id: strawberry.ID
    variant: VariantInput


@strawberry.input
class CategoryCreateInput:
    name: str
    parent_id: strawberry.ID | None = None


@strawberry.input(description="Fields left out keep their value.")
class CategoryUpdateInput:
    category_id: strawberry.ID
    name: str | None = None
    position: int | None = None
    archived: bool | None = None


@strawberry.input(description="Fields left out keep their value.")
class BrandUpdateInput:
    brand_id: strawberry.ID
    name: str | None = None
    archived: bool | None = None


@strawberry.input
class BrandCreateInput:
    name: str


@strawberry.input
class WarehouseCreateInput:
    code: str
    name: str


@strawberry.input
class StockAdjustInput:
    variant_id: strawberry.ID
    warehouse_id: strawberry.ID
    change: int = strawberry.field(description="Units to add to on-hand stock; negative to remove.")
    reason: str


@strawberry.input
class StockSetThresholdInput:
    variant_id: strawberry.ID
    warehouse_id: strawberry.ID
    threshold: int | None = strawberry.field(description="null removes the warning.")


@strawberry.input(description="Fields left out keep their value.")
class ProductUpdateInput:
    product_id: strawberry.ID
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    category_id: strawberry.ID | None = strawberry.UNSET
    brand_id: strawberry.ID | None = strawberry.UNSET
    images: list[str] | None = strawberry.UNSET
    attributes: list[AttributeInput] | None = strawberry.UNSET
    tags: list[ProductTagEnum] | None = strawberry.UNSET
    customer_groups: list[str] | None = strawberry.UNSET


@strawberry.input
class VariantUpdateInput:
    variant_id: strawberry.ID
    variant: VariantInput
    archived: bool = False


def product_filter(wanted: ProductFilter | None) -> BrowseFilter:
    if wanted is None:
        return BrowseFilter()
    return BrowseFilter(
        search=wanted.search,
        category_id=decode_optional_id(wanted.category_id, "Category", ("filter", "categoryId")),
        brand_id=decode_optional_id(wanted.brand_id, "Brand", ("filter", "brandId")),
        tag=wanted.tag,
        in_stock_only=wanted.in_stock_only,
    )


def price_range(wanted: ProductFilter | None) -> browse_reads.PriceRange:
    if wanted is None:
        return browse_reads.PriceRange()
    return browse_reads.PriceRange(low=wanted.min_price, high=wanted.max_price)
