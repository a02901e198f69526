"""Carts over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

import strawberry

from schema.catalog.types import VariantType
from schema.errors import UserError
from schema.scalars import Money


@strawberry.type(description="Why a cart line cannot be ordered as it is.")
class LineWarning:
    code: str
    message: str


@strawberry.type(description="What stops the whole cart from being checked out now, e.g. ORDERING_CLOSED.")
class CartWarning:
    code: str = strawberry.field(description="A UserErrorCode value: what checkout would answer.")
    message: str


@strawberry.type(description="A line priced as the customer would pay for it now.")
class CartPreviewLine:
    variant: VariantType
    product_name: str
    quantity: int = strawberry.field(description="What is asked for (需求量), the same as requestedQuantity.")
    requested_quantity: int = strawberry.field(description="需求量: what the line asks for.")
    allotted_quantity: int = strawberry.field(
        description="订单量: what stock and the allocation quota let the line get now; checkout with "
        "acceptAllotted orders this much."
    )
    quota_remaining: int | None = strawberry.field(
        description="Units the allocation quota still allows this ordering cycle; null when no quota applies."
    )
    unit_price: Money
    line_amount: Money = strawberry.field(description="Unit price × quantity, before promotions.")
    discount: Money
    line_total: Money
    price_explanation: str
    warnings: list[LineWarning]


@strawberry.type
class CartLine(CartPreviewLine):
    id: strawberry.ID


@strawberry.type(description="A gift the cart earns, free of charge, from a promotion (满赠 / buy N get M).")
class CartGift:
    variant_id: strawberry.ID
    quantity: int
    promotion_name: str
    product_name: str
    sku: str
    image_url: str | None = strawberry.field(description="The product's first image, if it has one.")
    variant_pk: strawberry.Private[int]
    variants: strawberry.Private[Callable[[], Awaitable[dict[int, VariantType]]]]

    @strawberry.field(
        description="The gift's variant as the caller sees it in the catalog; null if it is not visible there."
    )
    async def variant(self) -> VariantType | None:
        return (await self.variants()).get(self.variant_pk)


@strawberry.type
class AppliedPromotion:
    name: str
    discount: Money
    explanation: str


@strawberry.type
class PromotionHint:
    message: str
    missing_amount: Money | None
    missing_quantity: int | None


@strawberry.type(description="What a cart's lines come to for its customer now.")
class CartFigures:
    cycle_starts_at: datetime = strawberry.field(description="The ordering cycle the quotas count in.")
    cycle_ends_at: datetime
    warnings: list[CartWarning] = strawberry.field(
        description="What checkout would refuse about the whole cart now (ORDERING_CLOSED: outside the ordering "
        "window of the customer account), before checkout is tried; line problems are on each line."
    )
    gifts: list[CartGift]
    applied_promotions: list[AppliedPromotion]
    hints: list[PromotionHint]
    subtotal: Money
    discount_total: Money
    total: Money


@strawberry.type(description="The caller's cart for one customer account of a supplier, priced as that customer now.")
class Cart(CartFigures):
    id: strawberry.ID
    customer_account_id: strawberry.ID
    lines: list[CartLine]


@strawberry.type(
    description="What a customer would pay for some lines now (promotions, gifts and hints included), as its cart "
    "would price them; nothing is stored."
)
class CartPreview(CartFigures):
    customer_account_id: strawberry.ID
    lines: list[CartPreviewLine]


@strawberry.type(
    description="The result of cartAddLines. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOT_A_MULTIPLE, NOT_FOUND, "
    "OUT_OF_RANGE, OVER_QUOTA, REQUIRED, UNAVAILABLE."
)
class CartAddLinesPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of cartUpdateLines. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOT_A_MULTIPLE, NOT_FOUND, "
    "OUT_OF_RANGE, OVER_QUOTA, REQUIRED, UNAVAILABLE."
)
class CartUpdateLinesPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of cartAddBySku. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOT_A_MULTIPLE, NOT_FOUND, "
    "OUT_OF_RANGE, OVER_QUOTA, REQUIRED, UNAVAILABLE."
)
class CartAddBySkuPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of cartAddFromOrder. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOT_A_MULTIPLE, NOT_FOUND, "
    "OUT_OF_RANGE, OVER_QUOTA, REQUIRED, UNAVAILABLE."
)
class CartAddFromOrderPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of cartRemoveLines. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOT_A_MULTIPLE, NOT_FOUND, "
    "OVER_QUOTA, UNAVAILABLE."
)
class CartRemoveLinesPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of cartClear. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOT_A_MULTIPLE, NOT_FOUND, "
    "OVER_QUOTA, UNAVAILABLE."
)
class CartClearPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of cartAddShortfalls. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID_ID, NOTHING_TO_READD, "
    "NOT_A_MULTIPLE, NOT_FOUND, OUT_OF_RANGE, OVER_QUOTA, REQUIRED, UNAVAILABLE."
)
class CartAddShortfallsPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
