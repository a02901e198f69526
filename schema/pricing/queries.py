"""Price lists and promotions over GraphQL: the queries."""

from __future__ import annotations

import strawberry

import schema.pricing.loaders  # noqa: F401  (registers the node fetchers)
from app.pricing import service
from app.promotions import service as promotions
from schema.pricing.types import PriceListType, PromotionType, price_list_types


@strawberry.type
class PricingQuery:
    @strawberry.field(description="The caller's own price lists (supplier staff).")
    async def price_lists(self, info: strawberry.Info) -> list[PriceListType]:
        return await price_list_types(await service.own_price_lists(info.context.principal))

    @strawberry.field(description="The caller's own promotions (supplier staff).")
    async def promotions(self, info: strawberry.Info) -> list[PromotionType]:
        return [PromotionType.of(p) for p in await promotions.own_promotions(info.context.principal)]
