"""Carts, checkout and orders over GraphQL."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from enum import Enum

import strawberry

from app.accounts.models import User as UserModel
from app.browse import service as browse
from app.carts import checkout
from app.carts import service as carts
from app.catalog import service as catalog
from app.catalog.models import Variant as VariantModel
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.orders import calendar, quotas
from app.orders import service as orders
from app.orders.models import AllocationQuota as AllocationQuotaModel
from app.orders.models import (
    FulfilmentStatus,
    OrderStatus,
    PaymentMethod,
    PaymentStatus,
    ShortfallReason,
)
from app.orders.models import Order as OrderModel
from app.orders.models import OrderLine as OrderLineModel
from app.orders.models import OrderStatusChange as OrderStatusChangeModel
from app.orders.models import Shortfall as ShortfallModel
from app.pagination import PageRequest
from schema.accounts import AddressInput
from schema.catalog import VariantType, product_types
from schema.connection import Connection, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, decode_optional_id, encode_id
from schema.node import Node, register_visible_node
from schema.scalars import Money

OrderStatusEnum = strawberry.enum(OrderStatus, name="OrderStatus")
PaymentStatusEnum = strawberry.enum(PaymentStatus, name="PaymentStatus")
FulfilmentStatusEnum = strawberry.enum(FulfilmentStatus, name="FulfilmentStatus")
PaymentMethodEnum = strawberry.enum(PaymentMethod, name="PaymentMethod")


@strawberry.type(description="Why a cart line cannot be ordered as it is.")
class LineWarning:
    code: str
    message: str


@strawberry.type
class CartLine:
    id: strawberry.ID
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
class CartGift:
    variant_id: strawberry.ID
    quantity: int
    promotion_name: str


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


@strawberry.type(description="The caller's cart for one customer account of a supplier, priced as that customer now.")
class Cart:
    id: strawberry.ID
    customer_account_id: strawberry.ID
    cycle_starts_at: datetime = strawberry.field(description="The ordering cycle the quotas count in.")
    cycle_ends_at: datetime
    lines: list[CartLine]
    gifts: list[CartGift]
    applied_promotions: list[AppliedPromotion]
    hints: list[PromotionHint]
    subtotal: Money
    discount_total: Money
    total: Money


def cart_type(priced: carts.Priced) -> Cart:
    def money(amount: Decimal) -> Money:
        return Money(amount=amount, currency=priced.currency)

    variants = {
        v.model.id: v
        for product in product_types(priced.page, list({line.product.id: line.product for line in priced.lines}.values()))
        for v in product.variants
    }
    names = {a.promotion_id: a.name for a in priced.outcome.applied}
    return Cart(
        id=strawberry.ID(encode_id("Cart", priced.cart.id)),
        customer_account_id=strawberry.ID(encode_id("CustomerAccount", priced.account.id)),
        cycle_starts_at=priced.cycle.start,
        cycle_ends_at=priced.cycle.end,
        lines=[
            CartLine(
                id=strawberry.ID(encode_id("CartLine", int(line.key))),
                variant=variants[line.variant.id],
                product_name=line.product.name,
                quantity=line.quantity,
                requested_quantity=line.quantity,
                allotted_quantity=line.allotted,
                quota_remaining=line.allowance.remaining if line.allowance is not None else None,
                unit_price=money(line.unit_price),
                line_amount=money(line.amount),
                discount=money(line.discount),
                line_total=money(line.total),
                price_explanation=line.price_explanation,
                warnings=[LineWarning(code=p.code.value, message=p.message) for p in line.problems],
            )
            for line in priced.lines
            if line.variant.id in variants
        ],
        gifts=[
            CartGift(
                variant_id=strawberry.ID(encode_id("Variant", g.variant_id)),
                quantity=g.quantity,
                promotion_name=names.get(g.promotion_id, ""),
            )
            for g in priced.outcome.gifts
        ],
        applied_promotions=[
            AppliedPromotion(name=a.name, discount=money(a.discount), explanation=a.explanation)
            for a in priced.outcome.applied
        ],
        hints=[
            PromotionHint(
                message=h.message,
                missing_amount=money(h.missing_amount) if h.missing_amount is not None else None,
                missing_quantity=h.missing_quantity,
            )
            for h in priced.outcome.hints
        ],
        subtotal=money(priced.outcome.subtotal),
        discount_total=money(priced.outcome.discount_total),
        total=money(priced.outcome.total),
    )


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


def _address(snapshot: dict | None) -> Address | None:
    if not snapshot:
        return None
    return Address(
        recipient=snapshot["recipient"],
        phone=snapshot["phone"],
        region=snapshot["region"],
        street=snapshot["street"],
        postal_code=snapshot.get("postalCode"),
    )


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


async def order_types(orders_: list[OrderModel]) -> list[OrderType]:
    placers = {
        user.id: user
        for user in await UserModel.filter(id__in={o.placed_by_id for o in orders_}).only("id", "name", "organization_id")
    }
    lines: dict[int, list[OrderLineModel]] = {o.id: [] for o in orders_}
    for line in await OrderLineModel.filter(order_id__in=list(lines)).order_by("id"):
        lines[line.order_id].append(line)
    history: dict[int, list[OrderStatusChangeType]] = {o.id: [] for o in orders_}
    for change in await OrderStatusChangeModel.filter(order_id__in=list(history)).select_related("user").order_by("id"):
        history[change.order_id].append(
            OrderStatusChangeType(
                from_status=change.from_status,
                to_status=change.to_status,
                reason=change.reason,
                user_name=change.user.name if change.user else None,
                at=change.created_at,
            )
        )
    result = []
    for order in orders_:

        def money(amount: Decimal, currency: str = order.currency) -> Money:
            return Money(amount=amount, currency=currency)

        result.append(
            OrderType(
                id=strawberry.ID(encode_id("Order", order.id)),
                number=order.number,
                placed_by=OrderPlacedBy(
                    id=strawberry.ID(encode_id("User", order.placed_by_id)),
                    name=placers[order.placed_by_id].name,
                    on_behalf=placers[order.placed_by_id].organization_id != order.buyer_id,
                ),
                status=order.status,
                payment_status=order.payment_status,
                fulfilment_status=order.fulfilment_status,
                payment_method=order.payment_method,
                subtotal=money(order.subtotal),
                discount_total=money(order.discount_total),
                total=money(order.total),
                po_number=order.po_number,
                note=order.note,
                requested_delivery_date=order.requested_delivery_date,
                created_at=order.created_at,
                cutoff_at=order.cutoff_at,
                shipping_address=_address(order.shipping_address),
                version=order.version,
                history=history[order.id],
                lines=[
                    OrderLineType(
                        id=strawberry.ID(encode_id("OrderLine", line.id)),
                        sku=line.sku,
                        name=line.name,
                        unit=line.unit,
                        quantity=line.quantity,
                        unit_price=money(line.unit_price),
                        discount=money(line.discount),
                        line_total=money(line.line_total),
                        is_gift=line.is_gift,
                        price_explanation=line.price_explanation,
                    )
                    for line in lines[order.id]
                ],
            )
        )
    return result


_fetch_orders = register_visible_node("Order", orders.visible_orders, order_types)


@strawberry.input
class OrderFilter:
    status: list[OrderStatusEnum] | None = None
    created_from: date | None = None
    created_to: date | None = None
    search: str | None = strawberry.field(default=None, description="Order number or PO number.")
    buyer_id: strawberry.ID | None = None


@strawberry.enum
class OrderSort(Enum):
    NEWEST = "NEWEST"
    OLDEST = "OLDEST"


async def _variants(info: strawberry.Info, supplier_id: int, variant_ids: list[int]) -> list[VariantType]:
    """Variants in the given order, priced for the caller; ones no longer visible are left out."""
    access = await catalog.catalog_access(info.context.principal, supplier_id)
    if access is None or not variant_ids:
        return []
    product_ids = await VariantModel.filter(id__in=variant_ids).values_list("product_id", flat=True)
    products = await catalog.visible_products(access).filter(id__in=product_ids)
    page = await browse.load_page(access, products, utc_now())
    found = {v.model.id: v for product in product_types(page, products) for v in product.variants}
    return [found[i] for i in variant_ids if i in found]


def _supplier(value: strawberry.ID) -> int:
    return decode_id(value, "Organization", ("input", "supplierId"))


def _customer(value: strawberry.ID | None, field: tuple[str, ...] = ("input", "customerAccountId")) -> int | None:
    return decode_optional_id(value, "CustomerAccount", field)


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


async def quota_types(rows: list[AllocationQuotaModel]) -> list[AllocationQuotaType]:
    skus = dict(await VariantModel.filter(id__in={r.variant_id for r in rows}).values_list("id", "sku"))
    return [
        AllocationQuotaType(
            id=strawberry.ID(encode_id("AllocationQuota", r.id)),
            variant_id=strawberry.ID(encode_id("Variant", r.variant_id)),
            sku=skus[r.variant_id],
            customer_account_id=(
                strawberry.ID(encode_id("CustomerAccount", r.customer_account_id)) if r.customer_account_id else None
            ),
            tier=r.tier,
            customer_group=r.customer_group,
            quantity=r.quantity,
            updated_at=r.updated_at,
        )
        for r in rows
    ]


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


async def shortfall_types(rows: list[ShortfallModel]) -> list[ShortfallType]:
    skus = dict(await VariantModel.filter(id__in={r.variant_id for r in rows}).values_list("id", "sku"))
    return [
        ShortfallType(
            id=strawberry.ID(encode_id("Shortfall", r.id)),
            variant_id=strawberry.ID(encode_id("Variant", r.variant_id)),
            sku=skus[r.variant_id],
            requested=r.requested,
            allotted=r.allotted,
            missing=r.requested - r.allotted,
            reason=r.reason,
            cycle_starts_at=r.cycle_start,
            created_at=r.created_at,
        )
        for r in rows
    ]


@strawberry.input
class AllocationQuotaFilter:
    variant_id: strawberry.ID | None = None
    customer_account_id: strawberry.ID | None = None


@strawberry.type
class OrdersQuery:
    @strawberry.field(
        description="The caller's cart with a supplier; supplier staff give customerAccountId to order on a "
        "customer's behalf (代客下单)."
    )
    async def cart(
        self, info: strawberry.Info, supplier_id: strawberry.ID, customer_account_id: strawberry.ID | None = None
    ) -> Cart:
        cart = await carts.cart_of(
            info.context.principal,
            decode_id(supplier_id, "Organization", "supplierId"),
            _customer(customer_account_id, ("customerAccountId",)),
        )
        return cart_type(await carts.price_cart(cart))

    @strawberry.field(description="What the customer asked for and was not allotted (缺货登记), oldest first.")
    async def shortfalls(
        self,
        info: strawberry.Info,
        supplier_id: strawberry.ID,
        customer_account_id: strawberry.ID | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[ShortfallType]:
        account = await carts.ordering_account(
            info.context.principal,
            decode_id(supplier_id, "Organization", "supplierId"),
            _customer(customer_account_id, ("customerAccountId",)),
        )
        return await connection_of(
            carts.open_shortfalls(account),
            ("id",),
            PageRequest(first=first, after=after, last=last, before=before),
            shortfall_types,
        )

    @strawberry.field(description="The supplier's allocation quotas (货源分配); for its admins.")
    async def allocation_quotas(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: AllocationQuotaFilter | None = None,
    ) -> Connection[AllocationQuotaType]:
        wanted = quotas.QuotaFilter()
        if filter is not None:
            wanted = quotas.QuotaFilter(
                variant_id=decode_optional_id(filter.variant_id, "Variant", ("filter", "variantId")),
                customer_account_id=_customer(filter.customer_account_id, ("filter", "customerAccountId")),
            )
        return await connection_of(
            quotas.quotas_of(info.context.principal, wanted),
            ("id",),
            PageRequest(first=first, after=after, last=last, before=before),
            quota_types,
        )

    @strawberry.field(description="The caller's favourite variants (常购清单) with a supplier, priced for it.")
    async def favorites(self, info: strawberry.Info, supplier_id: strawberry.ID) -> list[VariantType]:
        supplier = decode_id(supplier_id, "Organization", "supplierId")
        ids = await carts.favorite_variant_ids(info.context.principal, supplier)
        return await _variants(info, supplier, ids)

    @strawberry.field(description="What the caller's organization orders most from a supplier.")
    async def frequently_bought(
        self, info: strawberry.Info, supplier_id: strawberry.ID, first: int = 20
    ) -> list[VariantType]:
        if not 1 <= first <= 100:
            raise UserInputError.single("first", ErrorCode.OUT_OF_RANGE, "first must be between 1 and 100.")
        supplier = decode_id(supplier_id, "Organization", "supplierId")
        ids = await checkout.frequently_bought(info.context.principal, supplier, first)
        return await _variants(info, supplier, ids)

    @strawberry.field(description="Orders the caller may see, newest first.")
    async def orders(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        filter: OrderFilter | None = None,
        sort: OrderSort = OrderSort.NEWEST,
    ) -> Connection[OrderType]:
        wanted = orders.OrderFilter()
        if filter is not None:
            wanted = orders.OrderFilter(
                statuses=tuple(filter.status or ()),
                created_from=filter.created_from,
                created_to=filter.created_to,
                search=filter.search,
                buyer_id=decode_optional_id(filter.buyer_id, "Organization", ("filter", "buyerId")),
            )
        query = orders.filter_orders(orders.visible_orders(info.context.principal), wanted)
        return await connection_of(
            query,
            ("-id",) if sort is OrderSort.NEWEST else ("id",),
            PageRequest(first=first, after=after, last=last, before=before),
            order_types,
        )

    @strawberry.field
    async def order(self, info: strawberry.Info, id: strawberry.ID) -> OrderType | None:
        return (await _fetch_orders(info, [decode_id(id, "Order", "id")]))[0]


@strawberry.input
class CartLineInput:
    variant_id: strawberry.ID
    quantity: int


ON_BEHALF = "Supplier staff: the customer account to order for (代客下单); leave out to order for yourself."


@strawberry.input
class CartAddLinesInput:
    supplier_id: strawberry.ID
    lines: list[CartLineInput]
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartUpdateLinesInput(CartAddLinesInput):
    pass


@strawberry.input
class SkuLineInput:
    sku: str
    quantity: int


@strawberry.input
class CartAddBySkuInput:
    supplier_id: strawberry.ID
    lines: list[SkuLineInput]
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartAddFromOrderInput:
    order_id: strawberry.ID


@strawberry.input
class CartRemoveLinesInput:
    supplier_id: strawberry.ID
    variant_ids: list[strawberry.ID]
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartClearInput:
    supplier_id: strawberry.ID
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartAddShortfallsInput:
    supplier_id: strawberry.ID
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class AllocationQuotaInput:
    variant_id: strawberry.ID
    quantity: int | None = strawberry.field(description="Units per ordering cycle; null removes the quota.")
    customer_account_id: strawberry.ID | None = None
    tier: str | None = None
    customer_group: str | None = None


@strawberry.input(description="Give per quota at most one of customerAccountId, tier or customerGroup; none: every customer.")
class AllocationQuotasSetInput:
    quotas: list[AllocationQuotaInput]


@strawberry.type
class AllocationQuotasSetPayload:
    quotas: list[AllocationQuotaType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CartPayload:
    cart: Cart | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class CheckoutPayload:
    order: OrderType | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


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


@strawberry.type
class OrderingWindowsSetPayload:
    windows_count: int | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class OrderLineChangeInput:
    order_line_id: strawberry.ID
    quantity: int = strawberry.field(description="0 removes the line.")


@strawberry.input
class OrderUpdateLinesInput:
    order_id: strawberry.ID
    version: int = strawberry.field(description="The version you saw; a changed order is refused.")
    lines: list[OrderLineChangeInput]


@strawberry.input
class FavoriteInput:
    supplier_id: strawberry.ID
    variant_id: strawberry.ID


@strawberry.type
class FavoritePayload:
    favorites: list[VariantType] | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class OrderCancelInput:
    order_id: strawberry.ID
    reason: str | None = None


def _lines(data: CartAddLinesInput) -> list[carts.LineInput]:
    return [
        carts.LineInput(decode_id(line.variant_id, "Variant", ("input", "lines", str(i), "variantId")), line.quantity)
        for i, line in enumerate(data.lines)
    ]


async def _priced(cart) -> Cart:
    return cart_type(await carts.price_cart(cart))


@strawberry.type
class OrdersMutation:
    @strawberry.mutation(description="Add quantities to the cart (lines already there grow).")
    @mutation_payload(CartPayload)
    async def cart_add_lines(self, info: strawberry.Info, input: CartAddLinesInput) -> CartPayload:
        cart = await carts.add_lines(
            info.context.principal, _supplier(input.supplier_id), _lines(input), _customer(input.customer_account_id)
        )
        return CartPayload(cart=await _priced(cart))

    @strawberry.mutation(description="Set the quantities of cart lines.")
    @mutation_payload(CartPayload)
    async def cart_update_lines(self, info: strawberry.Info, input: CartUpdateLinesInput) -> CartPayload:
        cart = await carts.update_lines(
            info.context.principal, _supplier(input.supplier_id), _lines(input), _customer(input.customer_account_id)
        )
        return CartPayload(cart=await _priced(cart))

    @strawberry.mutation(description="Keep a variant in the favourites list.")
    @mutation_payload(FavoritePayload)
    async def favorite_add(self, info: strawberry.Info, input: FavoriteInput) -> FavoritePayload:
        supplier = _supplier(input.supplier_id)
        await carts.add_favorite(
            info.context.principal, supplier, decode_id(input.variant_id, "Variant", ("input", "variantId"))
        )
        ids = await carts.favorite_variant_ids(info.context.principal, supplier)
        return FavoritePayload(favorites=await _variants(info, supplier, ids))

    @strawberry.mutation(description="Drop a variant from the favourites list.")
    @mutation_payload(FavoritePayload)
    async def favorite_remove(self, info: strawberry.Info, input: FavoriteInput) -> FavoritePayload:
        supplier = _supplier(input.supplier_id)
        await carts.remove_favorite(info.context.principal, decode_id(input.variant_id, "Variant", ("input", "variantId")))
        ids = await carts.favorite_variant_ids(info.context.principal, supplier)
        return FavoritePayload(favorites=await _variants(info, supplier, ids))

    @strawberry.mutation(description="Quick order pad (目录订单): add many lines by SKU code at once.")
    @mutation_payload(CartPayload)
    async def cart_add_by_sku(self, info: strawberry.Info, input: CartAddBySkuInput) -> CartPayload:
        if len(input.lines) > carts.MAX_LINES:
            raise UserInputError.single(("input", "lines"), ErrorCode.OUT_OF_RANGE, f"At most {carts.MAX_LINES} lines.")
        cart = await carts.add_by_sku(
            info.context.principal,
            _supplier(input.supplier_id),
            [carts.SkuLineInput(line.sku, line.quantity) for line in input.lines],
            _customer(input.customer_account_id),
        )
        return CartPayload(cart=await _priced(cart))

    @strawberry.mutation(description="Reorder: add a previous order's lines to the cart.")
    @mutation_payload(CartPayload)
    async def cart_add_from_order(self, info: strawberry.Info, input: CartAddFromOrderInput) -> CartPayload:
        principal = info.context.principal
        supplier_id = await checkout.reorder(principal, decode_id(input.order_id, "Order", ("input", "orderId")))
        return CartPayload(cart=await _priced(await carts.cart_of(principal, supplier_id)))

    @strawberry.mutation
    @mutation_payload(CartPayload)
    async def cart_remove_lines(self, info: strawberry.Info, input: CartRemoveLinesInput) -> CartPayload:
        variant_ids = [decode_id(v, "Variant", ("input", "variantIds", str(i))) for i, v in enumerate(input.variant_ids)]
        cart = await carts.remove_lines(
            info.context.principal, _supplier(input.supplier_id), variant_ids, _customer(input.customer_account_id)
        )
        return CartPayload(cart=await _priced(cart))

    @strawberry.mutation
    @mutation_payload(CartPayload)
    async def cart_clear(self, info: strawberry.Info, input: CartClearInput) -> CartPayload:
        cart = await carts.clear(info.context.principal, _supplier(input.supplier_id), _customer(input.customer_account_id))
        return CartPayload(cart=await _priced(cart))

    @strawberry.mutation(description="One click: put the shortfalls of earlier ordering cycles back into the cart.")
    @mutation_payload(CartPayload)
    async def cart_add_shortfalls(self, info: strawberry.Info, input: CartAddShortfallsInput) -> CartPayload:
        cart = await carts.readd_shortfalls(
            info.context.principal, _supplier(input.supplier_id), _customer(input.customer_account_id)
        )
        return CartPayload(cart=await _priced(cart))

    @strawberry.mutation(description="Set or remove allocation quotas (货源分配); for the supplier's admins.")
    @mutation_payload(AllocationQuotasSetPayload)
    async def allocation_quotas_set(
        self, info: strawberry.Info, input: AllocationQuotasSetInput
    ) -> AllocationQuotasSetPayload:
        rows = await quotas.set_quotas(
            info.context.principal,
            [
                quotas.QuotaInput(
                    variant_id=decode_id(q.variant_id, "Variant", ("input", "quotas", str(i), "variantId")),
                    quantity=q.quantity,
                    customer_account_id=_customer(q.customer_account_id, ("input", "quotas", str(i), "customerAccountId")),
                    tier=q.tier,
                    customer_group=q.customer_group,
                )
                for i, q in enumerate(input.quotas)
            ],
        )
        return AllocationQuotasSetPayload(quotas=await quota_types(rows))

    @strawberry.mutation(description="Place the cart as an order: checked again, priced, stock reserved.")
    @mutation_payload(CheckoutPayload)
    async def checkout(self, info: strawberry.Info, input: CheckoutInput) -> CheckoutPayload:
        address = None
        if input.shipping_address is not None:
            address = {
                "recipient": input.shipping_address.recipient,
                "phone": input.shipping_address.phone,
                "region": input.shipping_address.region,
                "street": input.shipping_address.street,
                "postalCode": input.shipping_address.postal_code,
            }
        order = await checkout.checkout(
            info.context.principal,
            checkout.CheckoutInput(
                supplier_id=_supplier(input.supplier_id),
                idempotency_key=input.idempotency_key,
                customer_account_id=_customer(input.customer_account_id),
                accept_allotted=input.accept_allotted,
                payment_method=input.payment_method,
                shipping_address=address,
                shipping_address_id=decode_optional_id(input.shipping_address_id, "Address", ("input", "shippingAddressId")),
                requested_delivery_date=input.requested_delivery_date,
                po_number=input.po_number,
                note=input.note,
            ),
        )
        return CheckoutPayload(order=(await order_types([order]))[0])

    @strawberry.mutation(description="A customer's weekly ordering windows (订货周期); none: order any time.")
    @mutation_payload(OrderingWindowsSetPayload)
    async def ordering_windows_set(
        self, info: strawberry.Info, input: OrderingWindowsSetInput
    ) -> OrderingWindowsSetPayload:
        windows = [calendar.Window(w.opens_weekday, w.opens_at, w.closes_weekday, w.closes_at) for w in input.windows]
        await orders.set_ordering_windows(
            info.context.principal,
            decode_id(input.customer_account_id, "CustomerAccount", ("input", "customerAccountId")),
            windows,
        )
        return OrderingWindowsSetPayload(windows_count=len(windows))

    @strawberry.mutation(description="Change quantities of an order before approval and its cut-off; priced again.")
    @mutation_payload(CheckoutPayload)
    async def order_update_lines(self, info: strawberry.Info, input: OrderUpdateLinesInput) -> CheckoutPayload:
        changes = [
            checkout.LineChange(
                decode_id(line.order_line_id, "OrderLine", ("input", "lines", str(i), "orderLineId")), line.quantity
            )
            for i, line in enumerate(input.lines)
        ]
        order = await checkout.edit_order(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.version, changes
        )
        return CheckoutPayload(order=(await order_types([order]))[0])

    @strawberry.mutation(description="Cancel an order: the buyer before approval and cut-off, the supplier before shipment.")
    @mutation_payload(CheckoutPayload)
    async def order_cancel(self, info: strawberry.Info, input: OrderCancelInput) -> CheckoutPayload:
        order = await orders.cancel(
            info.context.principal, decode_id(input.order_id, "Order", ("input", "orderId")), input.reason
        )
        return CheckoutPayload(order=(await order_types([order]))[0])
