"""Price lists and promotions: the supplier's management of them over GraphQL."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from app.pricing import service
from app.pricing.models import PriceList as PriceListModel
from app.pricing.models import PriceListKind
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from app.promotions.models import Promotion as PromotionModel
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node

PriceListKindEnum = strawberry.enum(PriceListKind, name="PriceListKind")
PromotionKindEnum = strawberry.enum(PromotionKind, name="PromotionKind")


@strawberry.type(name="PriceList")
class PriceListType(Node):
    name: str
    kind: PriceListKindEnum
    rate: Decimal | None
    priority: int
    valid_from: datetime | None
    valid_until: datetime | None

    @classmethod
    def of(cls, price_list: PriceListModel) -> PriceListType:
        return cls(
            id=strawberry.ID(encode_id("PriceList", price_list.id)),
            name=price_list.name,
            kind=price_list.kind,
            rate=price_list.rate,
            priority=price_list.priority,
            valid_from=price_list.valid_from,
            valid_until=price_list.valid_until,
        )


@strawberry.type(name="Promotion")
class PromotionType(Node):
    name: str
    kind: PromotionKindEnum
    priority: int
    stackable: bool
    starts_at: datetime | None
    ends_at: datetime | None

    @classmethod
    def of(cls, promotion: PromotionModel) -> PromotionType:
        return cls(
            id=strawberry.ID(encode_id("Promotion", promotion.id)),
            name=promotion.name,
            kind=PromotionKind(promotion.kind),
            priority=promotion.priority,
            stackable=promotion.stackable,
            starts_at=promotion.starts_at,
            ends_at=promotion.ends_at,
        )


@strawberry.input
class PriceListCreateInput:
    name: str
    kind: PriceListKindEnum
    rate: Decimal | None = strawberry.field(default=None, description="RATE lists: 0.92 is 92% of base.")
    priority: int = 0
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    customer_account_ids: list[strawberry.ID] | None = None
    tiers: list[str] | None = None
    customer_groups: list[str] | None = None


@strawberry.type
class PriceListPayload:
    price_list: PriceListType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PriceInput:
    variant_id: strawberry.ID
    price: Decimal
    min_quantity: int = strawberry.field(default=1, description="A volume break when above 1.")


@strawberry.input
class PriceListSetPricesInput:
    price_list_id: strawberry.ID
    prices: list[PriceInput]


@strawberry.input
class ThresholdStepInput:
    threshold: Decimal
    discount: Decimal


@strawberry.input
class PromotionCreateInput:
    name: str
    kind: PromotionKindEnum
    priority: int = 0
    stackable: bool = True
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    target_tiers: list[str] | None = None
    target_groups: list[str] | None = None
    target_customer_account_ids: list[strawberry.ID] | None = None
    product_ids: list[strawberry.ID] | None = None
    category_ids: list[strawberry.ID] | None = None
    brand_ids: list[strawberry.ID] | None = None
    steps: list[ThresholdStepInput] | None = strawberry.field(
        default=None, description="满减: spend, take off."
    )
    repeatable: bool = False
    percent_off: Decimal | None = strawberry.field(default=None, description="10 is 10% off.")
    min_quantity: int | None = None
    special_price: Decimal | None = None
    threshold: Decimal | None = None
    buy_quantity: int | None = None
    gift_quantity: int | None = None
    gift_variant_id: strawberry.ID | None = None
    uses_per_account: int | None = None


@strawberry.type
class PromotionPayload:
    promotion: PromotionType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class PriceListUpdateInput:
    price_list_id: strawberry.ID
    price_list: PriceListCreateInput


@strawberry.input
class PromotionUpdateInput:
    promotion_id: strawberry.ID
    promotion: PromotionCreateInput


@strawberry.input
class PriceListArchiveInput:
    price_list_id: strawberry.ID


@strawberry.input
class PromotionArchiveInput:
    promotion_id: strawberry.ID


def _ids(values: list[strawberry.ID] | None, type_name: str, field: str) -> tuple[int, ...]:
    return tuple(decode_id(v, type_name, ("input", field)) for v in values or [])


@strawberry.type
class PricingQuery:
    @strawberry.field(description="The caller's own price lists (supplier staff).")
    async def price_lists(self, info: strawberry.Info) -> list[PriceListType]:
        return [PriceListType.of(p) for p in await service.own_price_lists(info.context.principal)]

    @strawberry.field(description="The caller's own promotions (supplier staff).")
    async def promotions(self, info: strawberry.Info) -> list[PromotionType]:
        return [PromotionType.of(p) for p in await promotions.own_promotions(info.context.principal)]


@strawberry.type
class PricingMutation:
    @strawberry.mutation(
        description="A fixed-price (一口价) or rate (结算率) list, assigned to accounts, tiers or groups."
    )
    @mutation_payload(PriceListPayload)
    async def price_list_create(self, info: strawberry.Info, input: PriceListCreateInput) -> PriceListPayload:
        price_list = await service.create_price_list(info.context.principal, _price_list_input(input))
        return PriceListPayload(price_list=PriceListType.of(price_list))

    @strawberry.mutation(description="Replace a list's terms and assignments; its fixed prices stay.")
    @mutation_payload(PriceListPayload)
    async def price_list_update(self, info: strawberry.Info, input: PriceListUpdateInput) -> PriceListPayload:
        price_list = await service.update_price_list(
            info.context.principal,
            decode_id(input.price_list_id, "PriceList", ("input", "priceListId")),
            _price_list_input(input.price_list),
        )
        return PriceListPayload(price_list=PriceListType.of(price_list))

    @strawberry.mutation(description="Set fixed prices and volume breaks of variants in a list.")
    @mutation_payload(PriceListPayload)
    async def price_list_set_prices(
        self, info: strawberry.Info, input: PriceListSetPricesInput
    ) -> PriceListPayload:
        price_list = await service.set_prices(
            info.context.principal,
            decode_id(input.price_list_id, "PriceList", ("input", "priceListId")),
            [
                service.PriceInput(
                    variant_id=decode_id(p.variant_id, "Variant", ("input", "prices", str(i), "variantId")),
                    price=p.price,
                    min_quantity=p.min_quantity,
                )
                for i, p in enumerate(input.prices)
            ],
        )
        return PriceListPayload(price_list=PriceListType.of(price_list))

    @strawberry.mutation(description="Retire a price list: it no longer prices anything.")
    @mutation_payload(PriceListPayload)
    async def price_list_archive(
        self, info: strawberry.Info, input: PriceListArchiveInput
    ) -> PriceListPayload:
        price_list = await service.archive_price_list(
            info.context.principal, decode_id(input.price_list_id, "PriceList", ("input", "priceListId"))
        )
        return PriceListPayload(price_list=PriceListType.of(price_list))

    @strawberry.mutation(description="End a promotion for good.")
    @mutation_payload(PromotionPayload)
    async def promotion_archive(
        self, info: strawberry.Info, input: PromotionArchiveInput
    ) -> PromotionPayload:
        promotion = await promotions.archive_promotion(
            info.context.principal, decode_id(input.promotion_id, "Promotion", ("input", "promotionId"))
        )
        return PromotionPayload(promotion=PromotionType.of(promotion))

    @strawberry.mutation(description="A promotion: 满减, percent off, special price, 满赠 or buy N get M.")
    @mutation_payload(PromotionPayload)
    async def promotion_create(self, info: strawberry.Info, input: PromotionCreateInput) -> PromotionPayload:
        promotion = await promotions.create_promotion(info.context.principal, _promotion_input(input))
        return PromotionPayload(promotion=PromotionType.of(promotion))

    @strawberry.mutation(description="Replace every rule of a promotion.")
    @mutation_payload(PromotionPayload)
    async def promotion_update(self, info: strawberry.Info, input: PromotionUpdateInput) -> PromotionPayload:
        promotion = await promotions.update_promotion(
            info.context.principal,
            decode_id(input.promotion_id, "Promotion", ("input", "promotionId")),
            _promotion_input(input.promotion),
        )
        return PromotionPayload(promotion=PromotionType.of(promotion))


def _price_list_input(input: PriceListCreateInput) -> service.PriceListInput:
    return service.PriceListInput(
        name=input.name,
        kind=input.kind,
        rate=input.rate,
        priority=input.priority,
        valid_from=input.valid_from,
        valid_until=input.valid_until,
        account_ids=_ids(input.customer_account_ids, "CustomerAccount", "customerAccountIds"),
        tiers=tuple(input.tiers or ()),
        customer_groups=tuple(input.customer_groups or ()),
    )


def _promotion_input(input: PromotionCreateInput) -> promotions.PromotionInput:
    return promotions.PromotionInput(
        name=input.name,
        kind=input.kind,
        priority=input.priority,
        stackable=input.stackable,
        starts_at=input.starts_at,
        ends_at=input.ends_at,
        target_tiers=tuple(input.target_tiers or ()),
        target_groups=tuple(input.target_groups or ()),
        target_account_ids=_ids(
            input.target_customer_account_ids, "CustomerAccount", "targetCustomerAccountIds"
        ),
        product_ids=_ids(input.product_ids, "Product", "productIds"),
        category_ids=_ids(input.category_ids, "Category", "categoryIds"),
        brand_ids=_ids(input.brand_ids, "Brand", "brandIds"),
        steps=tuple((s.threshold, s.discount) for s in input.steps or []),
        repeatable=input.repeatable,
        percent_off=input.percent_off,
        min_quantity=input.min_quantity,
        special_price=input.special_price,
        threshold=input.threshold,
        buy_quantity=input.buy_quantity,
        gift_quantity=input.gift_quantity,
        gift_variant_id=decode_optional_id(input.gift_variant_id, "Variant", ("input", "giftVariantId")),
        uses_per_account=input.uses_per_account,
    )
