"""The catalog over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from app.accounts.models import CustomerAccount as CustomerAccountModel
from app.browse import queries as browse_reads
from app.browse import service as browse
from app.catalog.models import Brand as BrandModel
from app.catalog.models import Category as CategoryModel
from app.catalog.models import ProductTag
from app.catalog.models import Variant as VariantModel
from app.inventory import queries as inventory_reads
from app.inventory.models import Stock as StockModel
from app.inventory.models import Warehouse as WarehouseModel
from app.orders import quotas
from schema.errors import UserError
from schema.ids import encode_id
from schema.node import Node
from schema.scalars import Money

strawberry.enum(ProductTag, name="ProductTag", description="Merchandising tags.")
ProductTagEnum = ProductTag


@strawberry.type(description="A name and value, such as a spec (规格) or an attribute.")
class Attribute:
    name: str
    value: str


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
    return StockLevel(
        warehouse=WarehouseType.of(warehouse),
        on_hand=stock.on_hand,
        reserved=stock.reserved,
        available=inventory_reads.stock_available(stock),
        low_stock_threshold=stock.low_stock_threshold,
        is_low=inventory_reads.stock_is_low(stock),
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
    ordered: int = strawberry.field(
        description="Units already ordered this cycle (cancelled and rejected orders not counted)."
    )
    remaining: int
    cycle_starts_at: datetime
    cycle_ends_at: datetime


async def _quotas_of_page(page: browse.CatalogPage, account: CustomerAccountModel) -> dict[int, VariantQuota]:
    cycle, allowances = await quotas.allowances_now(account, page.access.supplier.timezone, page.variant_ids)
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
    owner: strawberry.Private[ProductType | None] = None

    @strawberry.field(description="The product this variant belongs to (its name, images and the rest).")
    def product(self) -> ProductType:
        if self.owner is None:
            raise RuntimeError("A variant is built with its product (schema/catalog/loaders.product_types).")
        return self.owner

    def _money(self, amount: Decimal) -> Money:
        return Money(amount=amount, currency=self.page.access.supplier.currency)

    @strawberry.field(description="The base price (before any price list); null where prices are hidden.")
    def base_price(self) -> Money | None:
        amount = browse_reads.shown_base_price(self.page, self.model)
        return None if amount is None else self._money(amount)

    @strawberry.field(description="The caller's unit price at this quantity; null where prices are hidden.")
    def price(self, quantity: int = 1) -> Money | None:
        price = browse_reads.shown_price(self.page, self.model, quantity)
        return None if price is None else self._money(price.unit_price)

    @strawberry.field(description="The caller's unit price at this quantity with its reason.")
    def pricing(self, quantity: int = 1) -> PriceQuote | None:
        price = browse_reads.shown_price(self.page, self.model, quantity)
        if price is None:
            return None
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
        account = self.page.access.account
        if account is None:
            return None
        return (await self.page.loads.get("quotas", lambda: _quotas_of_page(self.page, account))).get(self.model.id)

    @strawberry.field(description="Stock per warehouse; supplier staff only (empty for buyers).")
    def stock_levels(self) -> list[StockLevel]:
        return [stock_level(s, s.warehouse) for s in self.page.stock.get(self.model.id, [])]

    @strawberry.field(description="The caller's own price ladder by quantity.")
    def volume_breaks(self) -> list[VolumeBreak]:
        return [
            VolumeBreak(min_quantity=b.min_quantity, unit_price=self._money(b.unit_price))
            for b in browse_reads.shown_breaks(self.page, self.model)
        ]


@strawberry.type(name="Product")
class ProductType(Node):
    name: str
    code: str | None = strawberry.field(
        description="The supplier's product code (商品编码): bulk imports and exports match products by it."
    )
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


@strawberry.type(
    description="The result of productCreate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, INVALID,"
    " INVALID_ID, NOT_FOUND, OUT_OF_RANGE, OVERLAPPING, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ProductCreatePayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of productPublish. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND."
)
class ProductPublishPayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of productArchive. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND."
)
class ProductArchivePayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of productUpdate. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class ProductUpdatePayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of variantCreate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, INVALID,"
    " INVALID_ID, NOT_FOUND, OUT_OF_RANGE, OVERLAPPING, REQUIRED, TOO_LONG, TOO_SHORT."
)
class VariantCreatePayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of variantUpdate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, INVALID,"
    " INVALID_ID, NOT_FOUND, OUT_OF_RANGE, OVERLAPPING, REQUIRED, TOO_LONG, TOO_SHORT."
)
class VariantUpdatePayload:
    product: ProductType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of categoryCreate. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND, "
    "REQUIRED, TOO_LONG, TOO_SHORT."
)
class CategoryCreatePayload:
    category: CategoryType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of categoryUpdate. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class CategoryUpdatePayload:
    category: CategoryType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of brandUpdate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, "
    "INVALID_ID, NOT_FOUND, REQUIRED, TOO_LONG, TOO_SHORT."
)
class BrandUpdatePayload:
    brand: BrandType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of brandCreate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, REQUIRED, "
    "TOO_LONG, TOO_SHORT."
)
class BrandCreatePayload:
    brand: BrandType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of warehouseCreate. UserErrorCode values its userErrors can carry: ALREADY_EXISTS, "
    "REQUIRED, TOO_LONG, TOO_SHORT."
)
class WarehouseCreatePayload:
    warehouse: WarehouseType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of stockAdjust. UserErrorCode values its userErrors can carry: INSUFFICIENT_STOCK, "
    "INVALID_ID, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class StockAdjustPayload:
    stock: StockLevel | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of stockSetThreshold. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE."
)
class StockSetThresholdPayload:
    stock: StockLevel | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
