"""Orders, checkout, allocation quotas, ordering windows and favourites over GraphQL:
the object types and mutation payloads."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from app.orders.models import FulfilmentStatus, OrderStatus, PaymentMethod, PaymentStatus, ShortfallReason
from schema.catalog.types import VariantType
from schema.errors import UserError
from schema.node import Node
from schema.scalars import Money

OrderStatusEnum = strawberry.enum(OrderStatus, name="OrderStatus")


PaymentStatusEnum = strawberry.enum(PaymentStatus, name="PaymentStatus")


FulfilmentStatusEnum = strawberry.enum(FulfilmentStatus, name="FulfilmentStatus")


PaymentMethodEnum = strawberry.enum(PaymentMethod, name="PaymentMethod")


@strawberry.type(name="OrderLine")
class OrderLineType:
    id: strawberry.ID
    sku: str
    name: str
    unit: str
    quantity: int
    unit_price: Money
    discount: Money
    line_total: Money
    is_gift: bool
    price_explanation: str


@strawberry.type(name="OrderAddress", description="The delivery address as it was when the order was placed.")
class Address:
    recipient: str
    phone: str
    region: str
    street: str
    postal_code: str | None = None


@strawberry.type(name="OrderStatusChange", description="Who moved the order, when and why.")
class OrderStatusChangeType:
    from_status: OrderStatusEnum | None
    to_status: OrderStatusEnum
    reason: str | None
    user_name: str | None
    at: datetime


@strawberry.type(description="Who placed an order: a buyer's user, or supplier staff on the customer's behalf.")
class OrderPlacedBy:
    id: strawberry.ID
    name: str
    on_behalf: bool = strawberry.field(description="Placed by supplier staff for the customer (代客下单).")


@strawberry.type(name="Order")
class OrderType(Node):
    number: str
    placed_by: OrderPlacedBy
    status: OrderStatusEnum
    payment_status: PaymentStatusEnum
    fulfilment_status: FulfilmentStatusEnum
    payment_method: PaymentMethodEnum
    subtotal: Money
    discount_total: Money
    total: Money
    po_number: str | None
    note: str | None
    requested_delivery_date: date | None
    created_at: datetime
    cutoff_at: datetime | None = strawberry.field(description="After this the buyer can no longer change it.")
    shipping_address: Address | None
    version: int = strawberry.field(description="Grows with every change; a stale edit is refused.")
    lines: list[OrderLineType]
    history: list[OrderStatusChangeType]


ShortfallReasonEnum = strawberry.enum(ShortfallReason, name="ShortfallReason")


@strawberry.type(name="AllocationQuota", description="货源分配: units of a variant a customer may order per ordering cycle.")
class AllocationQuotaType:
    id: strawberry.ID
    variant_id: strawberry.ID
    sku: str
    customer_account_id: strawberry.ID | None = strawberry.field(description="Set when it applies to one customer.")
    tier: str | None
    customer_group: str | None
    quantity: int
    updated_at: datetime


@strawberry.type(name="Shortfall", description="缺货登记: units asked for in an ordering cycle and not allotted.")
class ShortfallType:
    id: strawberry.ID
    variant_id: strawberry.ID
    sku: str
    requested: int
    allotted: int
    missing: int
    reason: ShortfallReasonEnum
    cycle_starts_at: datetime
    created_at: datetime


@strawberry.type(
    description="The result of allocationQuotasSet. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class AllocationQuotasSetPayload:
    quotas: list[AllocationQuotaType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of checkout. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, CART_EMPTY, CREDIT_LIMIT_EXCEEDED, INSUFFICIENT_BALANCE, "
    "INSUFFICIENT_STOCK, INVALID, INVALID_ID, INVALID_STATE, NOT_A_MULTIPLE, NOT_FOUND, ORDERING_CLOSED, "
    "OUT_OF_RANGE, OVER_QUOTA, REQUIRED, TOO_LONG, TOO_SHORT, UNAVAILABLE."
)
class CheckoutPayload:
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of orderUpdateLines. UserErrorCode values its userErrors can carry: ABOVE_MAXIMUM, "
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, INSUFFICIENT_STOCK, INVALID, INVALID_ID, INVALID_STATE, "
    "NOT_A_MULTIPLE, NOT_FOUND, ORDER_LOCKED, OUT_OF_RANGE, OVER_QUOTA, UNAVAILABLE."
)
class OrderUpdateLinesPayload:
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of orderCancel. UserErrorCode values its userErrors can carry: INVALID_ID, INVALID_STATE,"
    " NOT_FOUND, ORDER_LOCKED, REQUIRED, TOO_LONG, TOO_SHORT."
)
class OrderCancelPayload:
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of orderingWindowsSet. UserErrorCode values its userErrors can carry: INVALID, "
    "INVALID_ID, NOT_FOUND, OUT_OF_RANGE."
)
class OrderingWindowsSetPayload:
    windows_count: int | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of favoriteAdd. UserErrorCode values its userErrors can carry: ACCOUNT_NOT_APPROVED, "
    "INVALID_ID, NOT_FOUND."
)
class FavoriteAddPayload:
    favorites: list[VariantType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of favoriteRemove. UserErrorCode values its userErrors can carry: ACCOUNT_NOT_APPROVED, "
    "INVALID_ID, NOT_FOUND."
)
class FavoriteRemovePayload:
    favorites: list[VariantType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
