"""Price lists and promotions over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from app.accounts.models import Organization
from app.money import round_money
from app.pagination import PageRequest
from app.pricing import service
from app.pricing.models import PriceList as PriceListModel
from app.pricing.models import PriceListItem, PriceListKind
from app.promotions.engine import PromotionKind
from app.promotions.models import Promotion as PromotionModel
from schema.connection import Connection, connection_of, paginated
from schema.errors import UserError
from schema.ids import encode_id
from schema.node import Node
from schema.scalars import Money

strawberry.enum(PriceListKind, name="PriceListKind")
PriceListKindEnum = PriceListKind


strawberry.enum(PromotionKind, name="PromotionKind")
PromotionKindEnum = PromotionKind


@strawberry.type(description="A variant's fixed price in a list from minQuantity units on (a volume break above 1).")
class PriceListPrice:
    variant_id: strawberry.ID
    sku: str
    product_name: str
    min_quantity: int
    price: Money


@strawberry.type(name="PriceList")
class PriceListType(Node):
    name: str
    kind: PriceListKindEnum
    rate: Decimal | None
    priority: int
    valid_from: datetime | None
    valid_until: datetime | None
    customer_account_ids: list[strawberry.ID] = strawberry.field(description="The accounts it is assigned to.")
    tiers: list[str]
    customer_groups: list[str]
    regions: list[str]
    pk: strawberry.Private[int]
    supplier_id: strawberry.Private[int]

    @strawberry.field(description="The fixed prices and volume breaks (FIXED lists), in the order they were set.")
    @paginated
    async def prices(self, *, page: PageRequest) -> Connection[PriceListPrice]:
        return await connection_of(service.prices_of(self.pk), ("id",), page, self._price_nodes)

    async def _price_nodes(self, items: list[PriceListItem]) -> list[PriceListPrice]:
        currency = (await Organization.get(id=self.supplier_id)).currency
        return [
            PriceListPrice(
                variant_id=strawberry.ID(encode_id("Variant", item.variant_id)),
                sku=item.variant.sku,
                product_name=item.variant.product.name,
                min_quantity=item.min_quantity,
                price=Money(amount=item.price, currency=currency),
            )
            for item in items
        ]


async def price_list_types(price_lists: list[PriceListModel]) -> list[PriceListType]:
    """Lists with their assignments, loaded in one query."""
    targets = await service.targets_of([p.id for p in price_lists])
    return [
        PriceListType(
            id=strawberry.ID(encode_id("PriceList", p.id)),
            name=p.name,
            kind=p.kind,
            rate=p.rate,
            priority=p.priority,
            valid_from=p.valid_from,
            valid_until=p.valid_until,
            customer_account_ids=[
                strawberry.ID(encode_id("CustomerAccount", a)) for a in targets[p.id].customer_account_ids
            ],
            tiers=targets[p.id].tiers,
            customer_groups=targets[p.id].customer_groups,
            regions=targets[p.id].regions,
            pk=p.id,
            supplier_id=p.supplier_id,
        )
        for p in price_lists
    ]


async def price_list_type(price_list: PriceListModel) -> PriceListType:
    return (await price_list_types([price_list]))[0]


@strawberry.type(description="满减: from threshold spent, take discount off.")
class ThresholdStep:
    threshold: Decimal
    discount: Decimal


@strawberry.type(name="Promotion")
class PromotionType(Node):
    name: str
    kind: PromotionKindEnum
    priority: int
    stackable: bool
    starts_at: datetime | None
    ends_at: datetime | None
    target_tiers: list[str]
    target_groups: list[str]
    target_regions: list[str]
    target_customer_account_ids: list[strawberry.ID]
    product_ids: list[strawberry.ID]
    category_ids: list[strawberry.ID]
    brand_ids: list[strawberry.ID]
    steps: list[ThresholdStep] = strawberry.field(description="THRESHOLD_DISCOUNT: its steps, lowest first.")
    repeatable: bool = strawberry.field(description="THRESHOLD_DISCOUNT: every full threshold takes off again.")
    percent_off: Decimal | None = strawberry.field(description="PERCENT_OFF: 10 is 10% off.")
    min_quantity: int | None
    special_price: Decimal | None = strawberry.field(description="SPECIAL_PRICE: the unit price.")
    threshold: Decimal | None = strawberry.field(description="THRESHOLD_GIFT: spend this to earn the gift.")
    buy_quantity: int | None = strawberry.field(description="BUY_X_GET_Y: units bought per gift.")
    gift_quantity: int | None
    gift_variant_id: strawberry.ID | None
    uses_per_account: int | None

    @classmethod
    def of(cls, promotion: PromotionModel) -> PromotionType:
        def ids(type_name: str, pks: list[int]) -> list[strawberry.ID]:
            return [strawberry.ID(encode_id(type_name, pk)) for pk in pks]

        return cls(
            id=strawberry.ID(encode_id("Promotion", promotion.id)),
            name=promotion.name,
            kind=PromotionKind(promotion.kind),
            priority=promotion.priority,
            stackable=promotion.stackable,
            starts_at=promotion.starts_at,
            ends_at=promotion.ends_at,
            target_tiers=list(promotion.target_tiers),
            target_groups=list(promotion.target_groups),
            target_regions=list(promotion.target_regions),
            target_customer_account_ids=ids("CustomerAccount", promotion.target_account_ids),
            product_ids=ids("Product", promotion.product_ids),
            category_ids=ids("Category", promotion.category_ids),
            brand_ids=ids("Brand", promotion.brand_ids),
            steps=[
                ThresholdStep(threshold=round_money(Decimal(t)), discount=round_money(Decimal(d)))
                for t, d in promotion.steps
            ],
            repeatable=promotion.repeatable,
            percent_off=promotion.percent_off,
            min_quantity=promotion.min_quantity,
            special_price=promotion.special_price,
            threshold=promotion.threshold,
            buy_quantity=promotion.buy_quantity,
            gift_quantity=promotion.gift_quantity,
            gift_variant_id=strawberry.ID(encode_id("Variant", promotion.gift_variant_id))
            if promotion.gift_variant_id
            else None,
            uses_per_account=promotion.uses_per_account,
        )


@strawberry.type(
    description="The result of priceListCreate. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class PriceListCreatePayload:
    price_list: PriceListType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of priceListUpdate. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class PriceListUpdatePayload:
    price_list: PriceListType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of priceListRemovePrices. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "NOT_FOUND, REQUIRED."
)
class PriceListRemovePricesPayload:
    price_list: PriceListType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of priceListSetPrices. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, OUT_OF_RANGE, OVERLAPPING, REQUIRED."
)
class PriceListSetPricesPayload:
    price_list: PriceListType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of priceListArchive. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND."
)
class PriceListArchivePayload:
    price_list: PriceListType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of promotionArchive. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND."
)
class PromotionArchivePayload:
    promotion: PromotionType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of promotionCreate. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE, OVERLAPPING, REQUIRED, TOO_LONG, TOO_SHORT."
)
class PromotionCreatePayload:
    promotion: PromotionType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of promotionUpdate. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE, OVERLAPPING, REQUIRED, TOO_LONG, TOO_SHORT."
)
class PromotionUpdatePayload:
    promotion: PromotionType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
