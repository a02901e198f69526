"""The catalog over GraphQL: products priced for the caller, categories, brands, stock, and the
supplier's catalog management."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import Enum

import strawberry

from app.browse import service as browse
from app.catalog import service
from app.catalog.models import Brand as BrandModel
from app.catalog.models import Category as CategoryModel
from app.catalog.models import Product as ProductModel
from app.catalog.models import ProductTag
from app.catalog.models import Variant as VariantModel
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.inventory import service as inventory
from app.inventory.models import Stock as StockModel
from app.inventory.models import Warehouse as WarehouseModel
from app.orders import quotas
from app.pagination import PageRequest, paginate_in_memory
from app.settings import get_settings
from schema.connection import Connection, connection_from_page, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node, register_node
from schema.scalars import Money

ProductTagEnum = strawberry.enum(ProductTag, name="ProductTag", description="Merchandising tags.")


@strawberry.type(description="A name and value, such as a spec (规格) or an attribute.")
class Attribute:
    name: str
    value: str


def _attributes(values: dict) -> list[Attribute]:
    return [Attribute(name=str(k), value=str(v)) for k, v in values.items()]


@strawberry.type(name="Category", description="A node of the supplier's category tree.")
class CategoryType(Node):
    name: str
    parent_id: strawberry.ID | None
    position: int

    @classmethod
    def of(cls, category: CategoryModel) -> CategoryType:
        return cls(
            id=strawberry.ID(encode_id("Category", category.id)),
            name=category.name,
            parent_id=strawberry.ID(encode_id("Category", category.parent_id)) if category.parent_id else None,
            position=category.position,
        )


@strawberry.type(name="Brand")
class BrandType(Node):
    name: str

    @classmethod
    def of(cls, brand: BrandModel) -> BrandType:
        return cls(id=strawberry.ID(encode_id("Brand", brand.id)), name=brand.name)


@strawberry.type(name="Warehouse")
class WarehouseType(Node):
    code: str
    name: str

    @classmethod
    def of(cls, warehouse: WarehouseModel) -> WarehouseType:
        return cls(id=strawberry.ID(encode_id("Warehouse", warehouse.id)), code=warehouse.code, name=warehouse.name)


@strawberry.type(description="Stock of a variant in one warehouse.")
class StockLevel:
    warehouse: WarehouseType
    on_hand: int
    reserved: int
    available: int
    low_stock_threshold: int | None
    is_low: bool = strawberry.field(description="Available units are at or below the threshold (库存预警).")


def stock_level(stock: StockModel, warehouse: WarehouseModel) -> StockLevel:
    available = stock.on_hand - stock.reserved
    threshold = stock.low_stock_threshold
    return StockLevel(
        warehouse=WarehouseType.of(warehouse),
        on_hand=stock.on_hand,
        reserved=stock.reserved,
        available=available,
        low_stock_threshold=threshold,
        is_low=threshold is not None and available <= threshold,
    )


@strawberry.type(description="The caller's unit price at a quantity, and where it comes from.")
class PriceQuote:
    unit_price: Money
    base_unit_price: Money
    min_quantity: int = strawberry.field(description="The volume break this price starts at.")
    price_list_name: str | None
    explanation: str


@strawberry.type(description="From minQuantity units on, the caller pays unitPrice per unit.")
class VolumeBreak:
    min_quantity: int
    unit_price: Money


@strawberry.type(description="A promotion that applies to this product for the caller.")
class PromotionSummary:
    id: strawberry.ID
    name: str
    kind: str
    ends_at: datetime | None


@strawberry.type(description="The caller's allocation quota (货源分配) of a variant in the current ordering cycle.")
class VariantQuota:
    quantity: int = strawberry.field(description="Units allotted per cycle.")
    ordered: int = strawberry.field(description="Units already ordered this cycle (cancelled and rejected orders not counted).")
    remaining: int
    cycle_starts_at: datetime
    cycle_ends_at: datetime


async def _quotas_of_page(page: browse.CatalogPage) -> dict[int, VariantQuota]:
    cycle, allowances = await quotas.allowances_now(page.access.account, page.access.supplier.timezone, page.variant_ids)
    return {
        variant_id: VariantQuota(
            quantity=allowance.quota,
            ordered=allowance.used,
            remaining=allowance.remaining,
            cycle_starts_at=cycle.start,
            cycle_ends_at=cycle.end,
        )
        for variant_id, allowance in allowances.items()
    }


@strawberry.type(name="Variant", description="A SKU: what is ordered, priced and stocked.")
class VariantType(Node):
    sku: str
    barcode: str | None
    unit: str
    spec: list[Attribute]
    min_order_quantity: int
    order_multiple: int
    max_per_order: int | None
    weight_kg: Decimal | None
    available: int = strawberry.field(description="Units available to order now, over all warehouses.")
    promotions: list[PromotionSummary] = strawberry.field(description="Promotions that apply to this variant.")
    model: strawberry.Private[VariantModel]
    page: strawberry.Private[browse.CatalogPage]

    def _money(self, amount: Decimal) -> Money:
        return Money(amount=amount, currency=self.page.access.supplier.currency)

    @strawberry.field(description="The base price (before any price list); null where prices are hidden.")
    def base_price(self) -> Money | None:
        if not self.page.access.show_prices:
            return None
        return self._money(self.page.book.base_price(self.model, 1)[0])

    @strawberry.field(description="The caller's unit price at this quantity; null where prices are hidden.")
    def price(self, quantity: int = 1) -> Money | None:
        if not self.page.access.show_prices:
            return None
        return self._money(self.page.book.price(self.model, _quantity(quantity)).unit_price)

    @strawberry.field(description="The caller's unit price at this quantity with its reason.")
    def pricing(self, quantity: int = 1) -> PriceQuote | None:
        if not self.page.access.show_prices:
            return None
        price = self.page.book.price(self.model, _quantity(quantity))
        return PriceQuote(
            unit_price=self._money(price.unit_price),
            base_unit_price=self._money(price.base_unit_price),
            min_quantity=price.min_quantity,
            price_list_name=price.price_list_name,
            explanation=price.explanation,
        )

    @strawberry.field(
        description="The caller's allocation quota this ordering cycle; null where none applies or the caller is not a customer."
    )
    async def quota(self) -> VariantQuota | None:
        if self.page.access.account is None:
            return None
        return (await self.page.loads.get("quotas", lambda: _quotas_of_page(self.page))).get(self.model.id)

    @strawberry.field(description="Stock per warehouse; supplier staff only (empty for buyers).")
    def stock_levels(self) -> list[StockLevel]:
        return [stock_level(s, s.warehouse) for s in self.page.stock.get(self.model.id, [])]

    @strawberry.field(description="The caller's own price ladder by quantity.")
    def volume_breaks(self) -> list[VolumeBreak]:
        if not self.page.access.show_prices:
            return []
        return [
            VolumeBreak(min_quantity=b.min_quantity, unit_price=self._money(b.unit_price))
            for b in self.page.book.breaks(self.model)
        ]


def _quantity(quantity: int) -> int:
    if not 1 <= quantity <= 1_000_000:
        raise UserInputError.single("quantity", ErrorCode.OUT_OF_RANGE, "quantity must be between 1 and 1000000.")
    return quantity


@strawberry.type(name="Product")
class ProductType(Node):
    name: str
    description: str
    images: list[str]
    attributes: list[Attribute]
    tags: list[ProductTagEnum]
    published: bool
    created_at: datetime
    category: CategoryType | None
    brand: BrandType | None
    variants: list[VariantType]
    promotions: list[PromotionSummary]


def product_types(page: browse.CatalogPage, products: list[ProductModel]) -> list[ProductType]:
    result = []
    for product in products:
        promotions = [
            PromotionSummary(
                id=strawberry.ID(encode_id("Promotion", p.id)), name=p.name, kind=p.kind.value, ends_at=p.ends_at
            )
            for p in page.promotions_for(product)
        ]
        variants = [
            VariantType(
                id=strawberry.ID(encode_id("Variant", v.id)),
                sku=v.sku,
                barcode=v.barcode,
                unit=v.unit,
                spec=_attributes(v.spec),
                min_order_quantity=v.min_order_quantity,
                order_multiple=v.order_multiple,
                max_per_order=v.max_per_order,
                weight_kg=v.weight_kg,
                available=max(0, page.available.get(v.id, 0)),
                promotions=promotions,
                model=v,
                page=page,
            )
            for v in page.variants.get(product.id, [])
        ]
        category = page.categories.get(product.category_id) if product.category_id else None
        brand = page.brands.get(product.brand_id) if product.brand_id else None
        result.append(
            ProductType(
                id=strawberry.ID(encode_id("Product", product.id)),
                name=product.name,
                description=product.description,
                images=list(product.images),
                attributes=_attributes(product.attributes),
                tags=page.tags.get(product.id, []),
                published=product.published,
                created_at=product.created_at,
                category=CategoryType.of(category) if category else None,
                brand=BrandType.of(brand) if brand else None,
                variants=variants,
                promotions=promotions,
            )
        )
    return result


@strawberry.enum(description="Order of a product list.")
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


@strawberry.input
class ProductFilter:
    search: str | None = strawberry.field(default=None, description="Name, SKU code or barcode.")
    category_id: strawberry.ID | None = strawberry.field(default=None, description="Includes sub-categories.")
    brand_id: strawberry.ID | None = None
    tag: ProductTagEnum | None = None
    in_stock_only: bool = False
    min_price: Decimal | None = strawberry.field(default=None, description="The caller's price, one unit.")
    max_price: Decimal | None = None


def _product_filter(wanted: ProductFilter | None) -> browse.ProductFilter:
    if wanted is None:
        return browse.ProductFilter()
    if wanted.search is not None and len(wanted.search) > 100:
        raise UserInputError.single(("filter", "search"), ErrorCode.TOO_LONG, "search must be at most 100 characters.")
    return browse.ProductFilter(
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
    return await service.catalog_access(principal, pk)


async def _fetch_products(info: strawberry.Info, pks: list[int]) -> list[ProductType | None]:
    principal = info.context.principal
    rows = await ProductModel.filter(id__in=pks)
    found: dict[int, ProductType] = {}
    for supplier_id in {row.supplier_id for row in rows}:
        access = await service.catalog_access(principal, supplier_id)
        if access is None:
            continue
        visible = await service.visible_products(access).filter(id__in=[r.id for r in rows])
        page = await browse.load_page(access, visible, utc_now())
        found.update({p.id: t for p, t in zip(visible, product_types(page, visible), strict=True)})
    return [found.get(pk) for pk in pks]


register_node("Product", _fetch_products)


@strawberry.type
class CatalogQuery:
    @strawberry.field(description="A supplier's products as the caller may see and buy them.")
    async def products(
        self,
        info: strawberry.Info,
        supplier_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: ProductFilter | None = None,
        sort: ProductSort = ProductSort.NEWEST,
    ) -> Connection[ProductType]:
        access = await _access(info, supplier_id)
        page_request = PageRequest(first=first, after=after, last=last, before=before)
        if access is None:
            return await connection_of(ProductModel.filter(id__in=[]), ("-id",), page_request, _no_products)
        query = await browse.filter_products(service.visible_products(access), access.supplier.id, _product_filter(filter))
        wants_price = sort in (ProductSort.PRICE_ASC, ProductSort.PRICE_DESC) or (
            filter is not None and (filter.min_price is not None or filter.max_price is not None)
        )
        if wants_price and not access.show_prices:
            raise UserInputError.single("sort", ErrorCode.INVALID, "Prices are not shown to you, so not sorted by.")
        if wants_price:
            return await _priced_connection(info, access, query, sort, filter, page_request)

        async def to_nodes(rows: list[ProductModel]) -> list[ProductType]:
            return product_types(await browse.load_page(access, rows, utc_now()), rows)

        return await connection_of(query, _SQL_ORDER[sort], page_request, to_nodes)

    @strawberry.field(description="One product; null when it does not exist or is not visible to you.")
    async def product(self, info: strawberry.Info, id: strawberry.ID) -> ProductType | None:
        return (await _fetch_products(info, [decode_id(id, "Product", "id")]))[0]

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


async def staff_product(info: strawberry.Info, product: ProductModel) -> ProductType:
    """A product as its supplier's staff see it (unpublished included, base prices)."""
    access = await service.catalog_access(info.context.principal, product.supplier_id)
    page = await browse.load_page(access, [product], utc_now())
    return product_types(page, [product])[0]


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


@strawberry.type
class ProductPayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class VariantPayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CategoryCreateInput:
    name: str
    parent_id: strawberry.ID | None = None


@strawberry.type
class CategoryPayload:
    category: CategoryType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class BrandPayload:
    brand: BrandType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class WarehouseCreateInput:
    code: str
    name: str


@strawberry.type
class WarehousePayload:
    warehouse: WarehouseType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class StockAdjustPayload:
    stock: StockLevel | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _product_id(value: strawberry.ID) -> int:
    return decode_id(value, "Product", ("input", "productId"))


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(description="Create a product with its variants (SKUs).")
    @mutation_payload(ProductPayload)
    async def product_create(self, info: strawberry.Info, input: ProductCreateInput) -> ProductPayload:
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
        return ProductPayload(product=await staff_product(info, product))

    @strawberry.mutation(description="List (上架) or delist (下架) a product.")
    @mutation_payload(ProductPayload)
    async def product_publish(self, info: strawberry.Info, input: ProductPublishInput) -> ProductPayload:
        product = await service.set_product_published(
            info.context.principal, _product_id(input.product_id), input.published
        )
        return ProductPayload(product=await staff_product(info, product))

    @strawberry.mutation(description="Retire a product: delisted and hidden from every list.")
    @mutation_payload(ProductPayload)
    async def product_archive(self, info: strawberry.Info, input: ProductArchiveInput) -> ProductPayload:
        product = await service.archive_product(info.context.principal, _product_id(input.product_id))
        return ProductPayload(product=await staff_product(info, product))

    @strawberry.mutation(description="Add a variant (SKU) to a product.")
    @mutation_payload(VariantPayload)
    async def variant_create(self, info: strawberry.Info, input: VariantCreateInput) -> VariantPayload:
        variant = await service.create_variant(
            info.context.principal, _product_id(input.product_id), _variant_input(input.variant)
        )
        product = await ProductModel.get(id=variant.product_id)
        return VariantPayload(product=await staff_product(info, product))

    @strawberry.mutation
    @mutation_payload(CategoryPayload)
    async def category_create(self, info: strawberry.Info, input: CategoryCreateInput) -> CategoryPayload:
        category = await service.create_category(
            info.context.principal, input.name, decode_optional_id(input.parent_id, "Category", ("input", "parentId"))
        )
        return CategoryPayload(category=CategoryType.of(category))

    @strawberry.mutation(description="Rename, reorder or archive a category.")
    @mutation_payload(CategoryPayload)
    async def category_update(self, info: strawberry.Info, input: CategoryUpdateInput) -> CategoryPayload:
        category = await service.update_category(
            info.context.principal,
            decode_id(input.category_id, "Category", ("input", "categoryId")),
            input.name,
            input.position,
            input.archived,
        )
        return CategoryPayload(category=CategoryType.of(category))

    @strawberry.mutation(description="Rename or archive a brand.")
    @mutation_payload(BrandPayload)
    async def brand_update(self, info: strawberry.Info, input: BrandUpdateInput) -> BrandPayload:
        brand = await service.update_brand(
            info.context.principal, decode_id(input.brand_id, "Brand", ("input", "brandId")), input.name, input.archived
        )
        return BrandPayload(brand=BrandType.of(brand))

    @strawberry.mutation
    @mutation_payload(BrandPayload)
    async def brand_create(self, info: strawberry.Info, input: BrandCreateInput) -> BrandPayload:
        return BrandPayload(brand=BrandType.of(await service.create_brand(info.context.principal, input.name)))

    @strawberry.mutation
    @mutation_payload(WarehousePayload)
    async def warehouse_create(self, info: strawberry.Info, input: WarehouseCreateInput) -> WarehousePayload:
        warehouse = await inventory.create_warehouse(info.context.principal, input.code, input.name)
        return WarehousePayload(warehouse=WarehouseType.of(warehouse))

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
        return StockAdjustPayload(stock=stock_level(stock, await WarehouseModel.get(id=stock.warehouse_id)))

    @strawberry.mutation(description="Set the low-stock threshold (库存预警) of a variant in a warehouse.")
    @mutation_payload(StockAdjustPayload)
    async def stock_set_threshold(self, info: strawberry.Info, input: StockSetThresholdInput) -> StockAdjustPayload:
        stock = await inventory.set_low_stock_threshold(
            info.context.principal,
            decode_id(input.variant_id, "Variant", ("input", "variantId")),
            decode_id(input.warehouse_id, "Warehouse", ("input", "warehouseId")),
            input.threshold,
        )
        return StockAdjustPayload(stock=stock_level(stock, await WarehouseModel.get(id=stock.warehouse_id)))

    @strawberry.mutation(description="Change a product; fields left out keep their value.")
    @mutation_payload(ProductPayload)
    async def product_update(self, info: strawberry.Info, input: ProductUpdateInput) -> ProductPayload:
        given = {
            name: getattr(input, name)
            for name in ("name", "description", "category_id", "brand_id", "images", "attributes", "tags", "customer_groups")
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
        return ProductPayload(product=await staff_product(info, product))

    @strawberry.mutation(description="Replace a variant's terms and volume breaks, or archive it.")
    @mutation_payload(VariantPayload)
    async def variant_update(self, info: strawberry.Info, input: VariantUpdateInput) -> VariantPayload:
        variant = await service.update_variant(
            info.context.principal,
            decode_id(input.variant_id, "Variant", ("input", "variantId")),
            _variant_input(input.variant),
            input.archived,
        )
        return VariantPayload(product=await staff_product(info, await ProductModel.get(id=variant.product_id)))
