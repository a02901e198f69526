"""Orders, checkout, allocation quotas, ordering windows and favourites over GraphQL:
the input types and their decoding."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from enum import Enum

import strawberry

from app.orders.models import PaymentMethod
from app.orders.service import OrderSide
from schema.accounts.inputs import AddressInput
from schema.carts.inputs import ON_BEHALF
from schema.orders.types import OrderStatusEnum, PaymentMethodEnum

strawberry.enum(OrderSide, name="OrderSide", description="Which side of an order the caller's organization is on.")
OrderSideEnum = OrderSide


@strawberry.input
class OrderFilter:
    status: list[OrderStatusEnum] | None = None
    created_from: date | None = None
    created_to: date | None = None
    search: str | None = strawberry.field(default=None, description="Order number or PO number.")
    buyer_id: strawberry.ID | None = None
    side: OrderSideEnum | None = strawberry.field(
        default=None,
        description="PURCHASES: orders the caller's organization placed as buyer; SALES: orders it received as "
        "supplier. Null: both.",
    )
    customer_account_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the orders of this customer account (客户档案)."
    )
    sales_rep_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only the orders of the customers this sales rep (a User) looks after."
    )


@strawberry.enum
class OrderSort(Enum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"


@strawberry.input
class AllocationQuotaFilter:
    variant_id: strawberry.ID | None = None
    customer_account_id: strawberry.ID | None = None


@strawberry.input
class AllocationQuotaInput:
    variant_id: strawberry.ID
    quantity: int | None = strawberry.field(description="Units per ordering cycle; null removes the quota.")
    customer_account_id: strawberry.ID | None = None
    tier: str | None = None
    customer_group: str | None = None


@strawberry.input(
    description="Give per quota at most one of customerAccountId, tier or customerGroup; none: every customer."
)
class AllocationQuotasSetInput:
    quotas: list[AllocationQuotaInput]


@strawberry.input
class CheckoutInput:
    supplier_id: strawberry.ID
    idempotency_key: str = strawberry.field(description="The same key returns the same order, never a second.")
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)
    accept_allotted: bool = strawberry.field(
        default=False,
        description="Order each line's allottedQuantity where stock or a quota cuts it; the rest is kept as shortfalls.",
    )
    payment_method: PaymentMethodEnum = PaymentMethod.BANK_TRANSFER
    shipping_address: AddressInput | None = strawberry.field(
        default=None, description="A one-off address (its label and isDefault are ignored)."
    )
    shipping_address_id: strawberry.ID | None = strawberry.field(default=None, description="From the address book.")
    requested_delivery_date: date | None = None
    po_number: str | None = None
    note: str | None = None


@strawberry.input(description="From a weekday and time to a weekday and time; 0 is Monday.")
class OrderingWindowInput:
    opens_weekday: int
    opens_at: time
    closes_weekday: int
    closes_at: time


@strawberry.input
class OrderingWindowsSetInput:
    customer_account_id: strawberry.ID
    windows: list[OrderingWindowInput]


@strawberry.input
class OrderLineChangeInput:
    order_line_id: strawberry.ID
    quantity: int | None = strawberry.field(
        default=None, description="0 removes the line; null keeps it (the supplier changing only the price)."
    )
    unit_price: Decimal | None = strawberry.field(
        default=strawberry.UNSET,
        description="The supplier's staff only: a unit price set by hand (with a priceReason); null goes back to the "
        "resolved price; left out keeps the line's price as it is. A SALES user may go at most the supplier's "
        "salesMaxDiscountPercent below the resolved price.",
    )
    price_reason: str | None = strawberry.field(
        default=None, description="Why the unit price is set by hand; else the edit's reason."
    )


@strawberry.input(description="A line the supplier's staff add to an order (改单).")
class OrderLineAddInput:
    variant_id: strawberry.ID
    quantity: int
    unit_price: Decimal | None = strawberry.field(
        default=None, description="A unit price set by hand (with a reason); null: the resolved price."
    )
    price_reason: str | None = None


@strawberry.input(
    description="The buyer changes quantities before approval and its cut-off; the supplier's ADMIN or the "
    "customer's SALES rep change quantities, prices and lines until the order ships."
)
class OrderUpdateLinesInput:
    order_id: strawberry.ID
    version: int = strawberry.field(description="The version you saw; a changed order is refused.")
    lines: list[OrderLineChangeInput] = strawberry.field(default_factory=list)
    add_lines: list[OrderLineAddInput] = strawberry.field(
        default_factory=list, description="The supplier's staff only: lines to add."
    )
    reason: str | None = strawberry.field(
        default=None, description="The supplier's staff: why the order changes (kept in its line history)."
    )


@strawberry.input
class FavoriteInput:
    supplier_id: strawberry.ID
    variant_id: strawberry.ID


@strawberry.input
class OrderCancelInput:
    order_id: strawberry.ID
    reason: str | None = None
