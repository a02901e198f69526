"""Price lists and promotions over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from app.pricing.models import PriceList as PriceListModel
from app.pricing.models import PriceListKind
from app.promotions.engine import PromotionKind
from app.promotions.models import Promotion as PromotionModel
from schema.errors import UserError
from schema.ids import encode_id
from schema.node import Node

strawberry.enum(PriceListKind, name="PriceListKind")
PriceListKindEnum = PriceListKind


strawberry.enum(PromotionKind, name="PromotionKind")
PromotionKindEnum = PromotionKind


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
    target_tiers: list[str]
    target_groups: list[str]
    target_regions: list[str]

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
            target_tiers=list(promotion.target_tiers),
            target_groups=list(promotion.target_groups),
            target_regions=list(promotion.target_regions),
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
