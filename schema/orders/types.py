"""Orders, checkout, allocation quotas, ordering windows and favourites over GraphQL:
the object types and mutation payloads."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

import strawberry

from app.accounts.permissions import Principal
from app.orders import process
from app.orders.models import (
    FulfilmentStatus,
    Order,
    OrderStatus,
    OrderTrack,
    PaymentMethod,
    PaymentStatus,
    ShortfallReason,
)
from app.orders.process import OrderAction
from app.shared_loads import SharedLoads
from schema.accounts.types import CustomerAccountType, OrganizationType
from schema.catalog.types import VariantType
from schema.errors import UserError
from schema.node import Node
from schema.scalars import Money

strawberry.enum(OrderStatus, name="OrderStatus")
OrderStatusEnum = OrderStatus


strawberry.enum(PaymentStatus, name="PaymentStatus")
PaymentStatusEnum = PaymentStatus


strawberry.enum(FulfilmentStatus, name="FulfilmentStatus")
FulfilmentStatusEnum = FulfilmentStatus


strawberry.enum(PaymentMethod, name="PaymentMethod")
PaymentMethodEnum = PaymentMethod


strawberry.enum(OrderTrack, name="OrderTrack", description="Which of an order's three statuses moved.")
OrderTrackEnum = OrderTrack


strawberry.enum(OrderAction, name="OrderAction", description="What a caller may do to an order now.")
OrderActionEnum = OrderAction


class ActionsOfPage:
    """The actions on a page of orders, worked out once per caller for the whole page (a fixed
    number of queries), when a selection first asks for them."""

    def __init__(self, orders: list[Order]):
        self.orders = orders
        self.by_caller: dict[Principal, asyncio.Future[dict[int, list[OrderAction]]]] = {}

    async def of(self, principal: Principal, order_id: int) -> list[OrderAction]:
        if principal not in self.by_caller:
            self.by_caller[principal] = asyncio.ensure_future(process.available_actions(principal, self.orders))
        return (await self.by_caller[principal])[order_id]


@dataclass(frozen=True)
class Parties:
    customer_accounts: dict[int, CustomerAccountType]
    organizations: dict[int, OrganizationType]


class PartiesOfPage:
    """The customer accounts and organizations of a page of orders, loaded once for the whole
    page (a fixed number of queries) when a selection first asks for one of them."""

    def __init__(self, orders: list[Order], load: Callable[[list[Order]], Awaitable[Parties]]):
        self.orders = orders
        self.load = load
        self.loaded: asyncio.Future[Parties] | None = None

    async def get(self) -> Parties:
        if self.loaded is None:
            self.loaded = asyncio.ensure_future(self.load(self.orders))
        return await self.loaded


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
    price_override_reason: str | None = strawberry.field(
        default=None, description="Why the supplier set this line's unit price by hand (改单); null: priced as usual."
    )


@strawberry.type(
    name="OrderLineChange",
    description="One line changed by the supplier's staff (改单): before null when it was added, "
    "quantityAfter 0 when it was removed.",
)
class OrderLineChangeType:
    order_line_id: strawberry.ID | None = strawberry.field(description="Null once the line is gone.")
    variant_id: strawberry.ID
    sku: str
    name: str
    quantity_before: int | None
    quantity_after: int
    unit_price_before: Money | None
    unit_price_after: Money | None
    reason: str | None
    user_name: str | None
    order_version: int = strawberry.field(description="The order's version this change produced.")
    at: datetime


@strawberry.type(name="OrderAddress", description="The delivery address as it was when the order was placed.")
class Address:
    recipient: str
    phone: str
    region: str
    street: str
    postal_code: str | None = None


@strawberry.type(name="OrderStatusChange", description="Who moved one of the order's statuses, when and why.")
class OrderStatusChangeType:
    from_status: OrderStatusEnum | None = strawberry.field(description="The order's status before.")
    to_status: OrderStatusEnum = strawberry.field(
        description="The order's status after (unchanged when another track moved)."
    )
    track: OrderTrackEnum
    from_value: str | None = strawberry.field(
        description="The moved track's value before: a status, payment or fulfilment status."
    )
    to_value: str = strawberry.field(description="The moved track's value after.")
    reason: str | None
    user_name: str | None
    at: datetime


@strawberry.type(description="Who placed an order: a buyer's user, or supplier staff on the customer's behalf.")
class OrderPlacedBy:
    id: strawberry.ID
    name: str
    on_behalf: bool = strawberry.field(description="Placed by supplier staff for the customer (代客下单).")


@dataclass(frozen=True)
class DetailLoads:
    """How a page of orders loads what only some selections ask for, each keyed by order id."""

    placed_by: Callable[[list[Order]], Awaitable[dict[int, OrderPlacedBy]]]
    history: Callable[[list[Order]], Awaitable[dict[int, list[OrderStatusChangeType]]]]
    line_changes: Callable[[list[Order]], Awaitable[dict[int, list[OrderLineChangeType]]]]


class DetailsOfPage:
    """Who placed each order of a page, its status history and its line changes, each loaded once
    for the whole page (one query) when a selection first asks for it: a checkout's payload that
    selects the lines costs none of them."""

    def __init__(self, orders: list[Order], loads: DetailLoads):
        self.orders = orders
        self.loads = loads
        self.shared = SharedLoads()

    async def placed_by(self, order_id: int) -> OrderPlacedBy:
        return (await self.shared.get("placed_by", lambda: self.loads.placed_by(self.orders)))[order_id]

    async def history(self, order_id: int) -> list[OrderStatusChangeType]:
        return (await self.shared.get("history", lambda: self.loads.history(self.orders)))[order_id]

    async def line_changes(self, order_id: int) -> list[OrderLineChangeType]:
        return (await self.shared.get("line_changes", lambda: self.loads.line_changes(self.orders)))[order_id]


@strawberry.type(name="Order")
class OrderType(Node):
    number: str
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
    pk: strawberry.Private[int]
    customer_account_pk: strawberry.Private[int]
    buyer_pk: strawberry.Private[int]
    supplier_pk: strawberry.Private[int]
    details: strawberry.Private[DetailsOfPage]
    actions: strawberry.Private[ActionsOfPage]
    parties: strawberry.Private[PartiesOfPage]

    @strawberry.field
    async def placed_by(self) -> OrderPlacedBy:
        return await self.details.placed_by(self.pk)

    @strawberry.field(description="Lines changed by the supplier's staff (改单), oldest first.")
    async def line_changes(self) -> list[OrderLineChangeType]:
        return await self.details.line_changes(self.pk)

    @strawberry.field(description="The customer account (客户档案) the order was placed for.")
    async def customer_account(self) -> CustomerAccountType:
        return (await self.parties.get()).customer_accounts[self.customer_account_pk]

    @strawberry.field(description="The organization that buys.")
    async def buyer(self) -> OrganizationType:
        return (await self.parties.get()).organizations[self.buyer_pk]

    @strawberry.field(description="The organization that sells.")
    async def supplier(self) -> OrganizationType:
        return (await self.parties.get()).organizations[self.supplier_pk]

    @strawberry.field(description="The order's changes, oldest first: the status track unless `tracks` names others.")
    async def history(self, tracks: list[OrderTrackEnum] | None = None) -> list[OrderStatusChangeType]:
        wanted = set(tracks or (OrderTrack.STATUS,))
        return [change for change in await self.details.history(self.pk) if change.track in wanted]

    @strawberry.field(
        description="What the caller may do to the order now (the server decides; draw the buttons from it)."
    )
    async def available_actions(self, info: strawberry.Info) -> list[OrderActionEnum]:
        return await self.actions.of(info.context.principal, self.pk)


strawberry.enum(ShortfallReason, name="ShortfallReason")
ShortfallReasonEnum = ShortfallReason


@strawberry.type(
    name="AllocationQuota", description="货源分配: units of a variant a customer may order per ordering cycle."
)
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
    "ACCOUNT_NOT_APPROVED, BELOW_MINIMUM, CREDIT_LIMIT_EXCEEDED, DISCOUNT_LIMIT_EXCEEDED, DUPLICATE, "
    "INSUFFICIENT_BALANCE, INSUFFICIENT_STOCK, INVALID, INVALID_ID, INVALID_STATE, NOT_A_MULTIPLE, NOT_FOUND, "
    "ORDER_LOCKED, OUT_OF_RANGE, OVER_QUOTA, REQUIRED, TOO_LONG, UNAVAILABLE."
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
