"""Price lists and promotions over GraphQL: the input types and their decoding."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import strawberry

from schema.pricing.types import PriceListKindEnum, PromotionKindEnum


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
    regions: list[str] | None = strawberry.field(
        default=None, description="Customer accounts' regions; below accounts, tiers and groups in precedence."
    )


@strawberry.input
class PriceInput:
    variant_id: strawberry.ID
    price: Decimal
    min_quantity: int = strawberry.field(default=1, description="A volume break when above 1.")


@strawberry.input
class PriceListRemovePricesInput:
    price_list_id: strawberry.ID
    variant_ids: list[strawberry.ID]


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
    target_regions: list[str] | None = strawberry.field(
        default=None, description="Customer accounts' regions; a buyer matching any one target qualifies."
    )
    product_ids: list[strawberry.ID] | None = None
    category_ids: list[strawberry.ID] | None = None
    brand_ids: list[strawberry.ID] | None = None
    steps: list[ThresholdStepInput] | None = strawberry.field(default=None, description="满减: spend, take off.")
    repeatable: bool = False
    percent_off: Decimal | None = strawberry.field(default=None, description="10 is 10% off.")
    min_quantity: int | None = None
    special_price: Decimal | None = None
    threshold: Decimal | None = None
    buy_quantity: int | None = None
    gift_quantity: int | None = None
    gift_variant_id: strawberry.ID | None = None
    uses_per_account: int | None = None


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
