"""Price lists and promotions over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.pricing import service
from app.promotions import service as promotions
from schema.errors import mutation_payload
from schema.ids import decode_id, decode_optional_id
from schema.pricing.inputs import (
    PriceListArchiveInput,
    PriceListCreateInput,
    PriceListRemovePricesInput,
    PriceListSetPricesInput,
    PriceListUpdateInput,
    PromotionArchiveInput,
    PromotionCreateInput,
    PromotionUpdateInput,
)
from schema.pricing.types import (
    PriceListArchivePayload,
    PriceListCreatePayload,
    PriceListRemovePricesPayload,
    PriceListSetPricesPayload,
    PriceListUpdatePayload,
    PromotionArchivePayload,
    PromotionCreatePayload,
    PromotionType,
    PromotionUpdatePayload,
    price_list_type,
)


def _ids(values: list[strawberry.ID] | None, type_name: str, field: str) -> tuple[int, ...]:
    return tuple(decode_id(v, type_name, ("input", field)) for v in values or [])


@strawberry.type
class PricingMutation:
    @strawberry.mutation(
        description="A fixed-price (一口价) or rate (结算率) list, assigned to accounts, tiers or groups."
    )
    @mutation_payload(PriceListCreatePayload)
    async def price_list_create(self, info: strawberry.Info, input: PriceListCreateInput) -> PriceListCreatePayload:
        price_list = await service.create_price_list(info.context.principal, _price_list_input(input))
        return PriceListCreatePayload(price_list=await price_list_type(price_list))

    @strawberry.mutation(description="Replace a list's terms and assignments; its fixed prices stay.")
    @mutation_payload(PriceListUpdatePayload)
    async def price_list_update(self, info: strawberry.Info, input: PriceListUpdateInput) -> PriceListUpdatePayload:
        price_list = await service.update_price_list(
            info.context.principal,
            decode_id(input.price_list_id, "PriceList", ("input", "priceListId")),
            _price_list_input(input.price_list),
        )
        return PriceListUpdatePayload(price_list=await price_list_type(price_list))

    @strawberry.mutation(description="Set fixed prices and volume breaks of variants in a list.")
    @mutation_payload(PriceListSetPricesPayload)
    async def price_list_set_prices(
        self, info: strawberry.Info, input: PriceListSetPricesInput
    ) -> PriceListSetPricesPayload:
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
        return PriceListSetPricesPayload(price_list=await price_list_type(price_list))

    @strawberry.mutation(
        description="Take variants (with all their volume breaks) out of a fixed-price list: they fall back to the "
        "next list that prices them, or the base price."
    )
    @mutation_payload(PriceListRemovePricesPayload)
    async def price_list_remove_prices(
        self, info: strawberry.Info, input: PriceListRemovePricesInput
    ) -> PriceListRemovePricesPayload:
        price_list = await service.remove_prices(
            info.context.principal,
            decode_id(input.price_list_id, "PriceList", ("input", "priceListId")),
            [decode_id(v, "Variant", ("input", "variantIds", str(i))) for i, v in enumerate(input.variant_ids)],
        )
        return PriceListRemovePricesPayload(price_list=await price_list_type(price_list))

    @strawberry.mutation(description="Retire a price list: it no longer prices anything.")
    @mutation_payload(PriceListArchivePayload)
    async def price_list_archive(self, info: strawberry.Info, input: PriceListArchiveInput) -> PriceListArchivePayload:
        price_list = await service.archive_price_list(
            info.context.principal, decode_id(input.price_list_id, "PriceList", ("input", "priceListId"))
        )
        return PriceListArchivePayload(price_list=await price_list_type(price_list))

    @strawberry.mutation(description="End a promotion for good.")
    @mutation_payload(PromotionArchivePayload)
    async def promotion_archive(self, info: strawberry.Info, input: PromotionArchiveInput) -> PromotionArchivePayload:
        promotion = await promotions.archive_promotion(
            info.context.principal, decode_id(input.promotion_id, "Promotion", ("input", "promotionId"))
        )
        return PromotionArchivePayload(promotion=PromotionType.of(promotion))

    @strawberry.mutation(description="A promotion: 满减, percent off, special price, 满赠 or buy N get M.")
    @mutation_payload(PromotionCreatePayload)
    async def promotion_create(self, info: strawberry.Info, input: PromotionCreateInput) -> PromotionCreatePayload:
        promotion = await promotions.create_promotion(info.context.principal, _promotion_input(input))
        return PromotionCreatePayload(promotion=PromotionType.of(promotion))

    @strawberry.mutation(description="Replace every rule of a promotion.")
    @mutation_payload(PromotionUpdatePayload)
    async def promotion_update(self, info: strawberry.Info, input: PromotionUpdateInput) -> PromotionUpdatePayload:
        promotion = await promotions.update_promotion(
            info.context.principal,
            decode_id(input.promotion_id, "Promotion", ("input", "promotionId")),
            _promotion_input(input.promotion),
        )
        return PromotionUpdatePayload(promotion=PromotionType.of(promotion))


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
        regions=tuple(input.regions or ()),
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
        target_account_ids=_ids(input.target_customer_account_ids, "CustomerAccount", "targetCustomerAccountIds"),
        target_regions=tuple(input.target_regions or ()),
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
