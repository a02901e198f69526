"""The catalog over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.catalog import queries, service
from app.inventory import queries as inventory_reads
from app.inventory import service as inventory
from app.inventory.models import Stock as StockModel
from schema.catalog.inputs import (
    BrandCreateInput,
    BrandUpdateInput,
    CategoryCreateInput,
    CategoryUpdateInput,
    ProductArchiveInput,
    ProductCreateInput,
    ProductPublishInput,
    ProductUpdateInput,
    StockAdjustInput,
    StockSetThresholdInput,
    VariantCreateInput,
    VariantInput,
    VariantUpdateInput,
    WarehouseCreateInput,
)
from schema.catalog.loaders import staff_product
from schema.catalog.types import (
    BrandCreatePayload,
    BrandType,
    BrandUpdatePayload,
    CategoryCreatePayload,
    CategoryType,
    CategoryUpdatePayload,
    ProductArchivePayload,
    ProductCreatePayload,
    ProductPublishPayload,
    ProductUpdatePayload,
    StockAdjustPayload,
    StockSetThresholdPayload,
    VariantCreatePayload,
    VariantUpdatePayload,
    WarehouseCreatePayload,
    WarehouseType,
    stock_level,
)
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id


def _variant_input(data: VariantInput) -> service.VariantInput:
    return service.VariantInput(
        sku=data.sku,
        base_price=data.base_price,
        barcode=data.barcode,
        unit=data.unit,
        spec={a.name: a.value for a in data.spec or []},
        min_order_quantity=data.min_order_quantity,
        order_multiple=data.order_multiple,
        max_per_order=data.max_per_order,
        weight_kg=data.weight_kg,
        volume_breaks=tuple((b.min_quantity, b.price) for b in data.volume_breaks or []),
    )


def _product_id(value: strawberry.ID) -> int:
    return decode_id(value, "Product", ("input", "productId"))


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(description="Create a product with its variants (SKUs).")
    @mutation_payload(ProductCreatePayload)
    async def product_create(self, info: strawberry.Info, input: ProductCreateInput) -> ProductCreatePayload:
        product = await service.create_product(
            info.context.principal,
            service.ProductInput(
                name=input.name,
                description=input.description,
                category_id=decode_optional_id(input.category_id, "Category", ("input", "categoryId")),
                brand_id=decode_optional_id(input.brand_id, "Brand", ("input", "brandId")),
                images=tuple(input.images or ()),
                attributes={a.name: a.value for a in input.attributes or []},
                tags=tuple(input.tags or ()),
                customer_groups=tuple(input.customer_groups or ()),
                published=input.published,
                variants=tuple(_variant_input(v) for v in input.variants),
            ),
        )
        return ProductCreatePayload(product=await staff_product(info, product))

    @strawberry.mutation(description="List (上架) or delist (下架) a product.")
    @mutation_payload(ProductPublishPayload)
    async def product_publish(self, info: strawberry.Info, input: ProductPublishInput) -> ProductPublishPayload:
        product = await service.set_product_published(
            info.context.principal, _product_id(input.product_id), input.published
        )
        return ProductPublishPayload(product=await staff_product(info, product))

    @strawberry.mutation(description="Retire a product: delisted and hidden from every list.")
    @mutation_payload(ProductArchivePayload)
    async def product_archive(self, info: strawberry.Info, input: ProductArchiveInput) -> ProductArchivePayload:
        product = await service.archive_product(info.context.principal, _product_id(input.product_id))
        return ProductArchivePayload(product=await staff_product(info, product))

    @strawberry.mutation(description="Add a variant (SKU) to a product.")
    @mutation_payload(VariantCreatePayload)
    async def variant_create(self, info: strawberry.Info, input: VariantCreateInput) -> VariantCreatePayload:
        variant = await service.create_variant(
            info.context.principal, _product_id(input.product_id), _variant_input(input.variant)
        )
        product = await queries.product_of(variant)
        return VariantCreatePayload(product=await staff_product(info, product))

    @strawberry.mutation
    @mutation_payload(CategoryCreatePayload)
    async def category_create(self, info: strawberry.Info, input: CategoryCreateInput) -> CategoryCreatePayload:
        category = await service.create_category(
            info.context.principal, input.name, decode_optional_id(input.parent_id, "Category", ("input", "parentId"))
        )
        return CategoryCreatePayload(category=CategoryType.of(category))

    @strawberry.mutation(description="Rename, reorder or archive a category.")
    @mutation_payload(CategoryUpdatePayload)
    async def category_update(self, info: strawberry.Info, input: CategoryUpdateInput) -> CategoryUpdatePayload:
        category = await service.update_category(
            info.context.principal,
            decode_id(input.category_id, "Category", ("input", "categoryId")),
            input.name,
            input.position,
            input.archived,
        )
        return CategoryUpdatePayload(category=CategoryType.of(category))

    @strawberry.mutation(description="Rename or archive a brand.")
    @mutation_payload(BrandUpdatePayload)
    async def brand_update(self, info: strawberry.Info, input: BrandUpdateInput) -> BrandUpdatePayload:
        brand = await service.update_brand(
            info.context.principal, decode_id(input.brand_id, "Brand", ("input", "brandId")), input.name, input.archived
        )
        return BrandUpdatePayload(brand=BrandType.of(brand))

    @strawberry.mutation
    @mutation_payload(BrandCreatePayload)
    async def brand_create(self, info: strawberry.Info, input: BrandCreateInput) -> BrandCreatePayload:
        return BrandCreatePayload(brand=BrandType.of(await service.create_brand(info.context.principal, input.name)))

    @strawberry.mutation
    @mutation_payload(WarehouseCreatePayload)
    async def warehouse_create(self, info: strawberry.Info, input: WarehouseCreateInput) -> WarehouseCreatePayload:
        warehouse = await inventory.create_warehouse(info.context.principal, input.code, input.name)
        return WarehouseCreatePayload(warehouse=WarehouseType.of(warehouse))

    @strawberry.mutation(description="Add or remove on-hand stock with a reason; kept in the movement log.")
    @mutation_payload(StockAdjustPayload)
    async def stock_adjust(self, info: strawberry.Info, input: StockAdjustInput) -> StockAdjustPayload:
        stock: StockModel = await inventory.adjust_stock(
            info.context.principal,
            decode_id(input.variant_id, "Variant", ("input", "variantId")),
            decode_id(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            input.change,
            input.reason,
        )
        return StockAdjustPayload(stock=stock_level(stock, await inventory_reads.warehouse_of(stock)))

    @strawberry.mutation(description="Set the low-stock threshold (库存预警) of a variant in a warehouse.")
    @mutation_payload(StockSetThresholdPayload)
    async def stock_set_threshold(
        self, info: strawberry.Info, input: StockSetThresholdInput
    ) -> StockSetThresholdPayload:
        stock = await inventory.set_low_stock_threshold(
            info.context.principal,
            decode_id(input.variant_id, "Variant", ("input", "variantId")),
            decode_id(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            input.threshold,
        )
        return StockSetThresholdPayload(stock=stock_level(stock, await inventory_reads.warehouse_of(stock)))

    @strawberry.mutation(description="Change a product; fields left out keep their value.")
    @mutation_payload(ProductUpdatePayload)
    async def product_update(self, info: strawberry.Info, input: ProductUpdateInput) -> ProductUpdatePayload:
        given = {
            name: getattr(input, name)
            for name in (
                "name",
                "description",
                "category_id",
                "brand_id",
                "images",
                "attributes",
                "tags",
                "customer_groups",
            )
            if getattr(input, name) is not strawberry.UNSET
        }
        if "category_id" in given:
            given["category_id"] = decode_optional_id(given["category_id"], "Category", ("input", "categoryId"))
        if "brand_id" in given:
            given["brand_id"] = decode_optional_id(given["brand_id"], "Brand", ("input", "brandId"))
        if "attributes" in given:
            given["attributes"] = {a.name: a.value for a in given["attributes"] or []}
        for name in ("images", "tags", "customer_groups"):
            if name in given:
                given[name] = tuple(given[name] or ())
        product = await service.update_product(
            info.context.principal,
            _product_id(input.product_id),
            service.ProductChanges(**given, fields_set=frozenset(given)),
        )
        return ProductUpdatePayload(product=await staff_product(info, product))

    @strawberry.mutation(description="Replace a variant's terms and volume breaks, or archive it.")
    @mutation_payload(VariantUpdatePayload)
    async def variant_update(self, info: strawberry.Info, input: VariantUpdateInput) -> VariantUpdatePayload:
        variant = await service.update_variant(
            info.context.principal,
            decode_id(input.variant_id, "Variant", ("input", "variantId")),
            _variant_input(input.variant),
            input.archived,
        )
        return VariantUpdatePayload(product=await staff_product(info, await queries.product_of(variant)))
