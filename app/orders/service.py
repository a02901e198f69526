"""Checkout and what buyers and staff do to an order. Every change of its three statuses goes
through the order process (app/orders/process.py); the rules of who may cancel or edit live
here, once, for the operations and for the actions the process offers to clients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import numbering
from app.accounts.models import Address, CustomerAccount, Role
from app.accounts.permissions import (
    Principal,
    customer_account_scope,
    require_authenticated,
    require_supplier_role,
)
from app.carts import service as carts
from app.catalog.models import Variant
from app.clock import utc_now
from app.errors import ErrorCode, FieldError, PermissionDenied, UserInputError
from app.inventory import service as inventory
from app.notifications import inbox
from app.orders import calendar, events, process, quotas
from app.orders.models import (
    Order,
    OrderingWindow,
    OrderLine,
    OrderStatus,
    OrderTrack,
    PaymentMethod,
    Shortfall,
)
from app.orders.process import OrderAction
from app.tenancy import own
from app.validation import MAX_QUANTITY, Checker

OPEN_FOR_CANCEL_BY_BUYER = frozenset({OrderStatus.PENDING_APPROVAL})
OPEN_FOR_CANCEL_BY_SUPPLIER = frozenset({OrderStatus.PENDING_APPROVAL, OrderStatus.APPROVED})
SUPPLIER_CANCEL_ROLES = frozenset({Role.ADMIN, Role.SALES, Role.APPROVER})


@dataclass(frozen=True)
class CheckoutInput:
    supplier_id: int
    idempotency_key: str | None
    customer_account_id: int | None = None
    accept_allotted: bool = False
    payment_method: PaymentMethod = PaymentMethod.BANK_TRANSFER
    shipping_address: dict | None = None
    shipping_address_id: int | None = None
    requested_delivery_date: date | None = None
    po_number: str | None = None
    note: str | None = None


async def release_reservations(order: Order, reason: str) -> None:
    await inventory.release_order(order.id, reason)


def _check_checkout(data: CheckoutInput) -> dict:
    checker = Checker()
    key = checker.text("idempotencyKey", data.idempotency_key, max_length=100, required=True)
    values = {
        "po_number": checker.text("poNumber", data.po_number, max_length=64),
        "note": checker.text("note", data.note, max_length=1000),
    }
    if data.requested_delivery_date is not None and data.requested_delivery_date < utc_now().date():
        checker.add("requestedDeliveryDate", ErrorCode.OUT_OF_RANGE, "The delivery date is in the past.")
    checker.raise_if_any()
    return {"idempotency_key": key, **values}


async def checkout(principal: Principal, data: CheckoutInput) -> Order:
    """Validates the cart again, snapshots its prices and promotions, reserves stock and places
    the order in one transaction. The same idempotency key answers with the same order.

    A line over its quota or the stock is refused, unless the caller accepts what is allotted:
    then such lines are cut and what they miss is kept as shortfalls (缺货登记)."""
    values = _check_checkout(data)
    cart = await carts.cart_of(principal, data.supplier_id, data.customer_account_id)
    existing = await Order.get_or_none(placed_by_id=principal.user_id, idempotency_key=values["idempotency_key"])
    if existing is not None:
        return existing
    requested = await carts.price_cart(cart)
    if not requested.lines:
        raise UserInputError.single(("input", "supplierId"), ErrorCode.CART_EMPTY, "The cart is empty.")
    priced = await carts.cut_to_allotted(requested) if data.accept_allotted else requested
    if priced.problems or not priced.lines:
        raise UserInputError(priced.problems or requested.problems)
    await process.check_placement(process.Placement(priced.account, data.payment_method, priced.outcome.total))
    values["cutoff_at"] = await _cutoff(priced.account)
    values["shipping_address"] = await _shipping_address(priced.account, data)
    await numbering.ensure_sequence(numbering.DocumentKind.ORDER, data.supplier_id, utc_now().year)
    try:
        async with in_transaction():
            await carts.recheck_quotas(priced)
            order = await _place(principal, priced, data, values)
            await _keep_shortfalls(order, requested, priced.cycle)
            await process.placed(order, principal)
    except IntegrityError:
        again = await Order.get_or_none(placed_by_id=principal.user_id, idempotency_key=values["idempotency_key"])
        if again is None:
            raise
        return again
    return order


def _totals(priced: carts.Priced) -> dict:
    outcome = priced.outcome
    return {
        "subtotal": outcome.subtotal,
        "discount_total": outcome.discount_total,
        "total": outcome.total,
        "applied_promotions": [
            {"id": a.promotion_id, "name": a.name, "discount": str(a.discount), "explanation": a.explanation}
            for a in outcome.applied
        ],
    }


async def _place(principal: Principal, priced: carts.Priced, data: CheckoutInput, values: dict) -> Order:
    order = await process.open_order(
        number=await numbering.next_number(numbering.DocumentKind.ORDER, data.supplier_id, utc_now().year),
        supplier_id=data.supplier_id,
        buyer_id=priced.account.buyer_id,
        customer_account_id=priced.account.id,
        placed_by_id=principal.user_id,
        payment_method=data.payment_method,
        currency=priced.currency,
        requested_delivery_date=data.requested_delivery_date,
        **_totals(priced),
        **values,
    )
    await _write_lines(order, priced)
    await carts.empty(priced.cart)
    return order


async def _keep_shortfalls(order: Order, requested: carts.Priced, cycle: quotas.Cycle) -> None:
    await Shortfall.bulk_create(
        [
            Shortfall(
                customer_account_id=order.customer_account_id,
                variant_id=line.variant.id,
                order=order,
                requested=line.quantity,
                allotted=line.allotted,
                reason=line.shortfall_reason,
                cycle_start=cycle.start,
            )
            for line in requested.lines
            if line.shortfall_reason is not None
        ]
    )


async def _write_lines(order: Order, priced: carts.Priced) -> None:
    """Snapshots the priced lines and earned gifts into the order and reserves their stock."""
    lines = [
        OrderLine(
            order=order,
            variant_id=line.variant.id,
            sku=line.variant.sku,
            name=line.product.name,
            unit=line.variant.unit,
            quantity=line.quantity,
            unit_price=line.unit_price,
            discount=line.discount,
            line_total=line.total,
            price_explanation=line.price_explanation[:300],
        )
        for line in priced.lines
    ]
    gifts = priced.outcome.gifts
    gift_variants = {
        v.id: v for v in await Variant.filter(id__in=[g.variant_id for g in gifts]).prefetch_related("product")
    }
    lines += [
        OrderLine(
            order=order,
            variant_id=gift.variant_id,
            sku=gift_variants[gift.variant_id].sku,
            name=gift_variants[gift.variant_id].product.name,
            unit=gift_variants[gift.variant_id].unit,
            quantity=gift.quantity,
            unit_price=0,
            discount=0,
            line_total=0,
            is_gift=True,
            price_explanation="Gift",
        )
        for gift in gifts
        if gift.variant_id in gift_variants
    ]
    shortages = []
    for index, line in enumerate(lines):
        await line.save()
        if not await inventory.reserve(line.id, line.variant_id, line.quantity):
            shortages.append(
                FieldError(("input", "lines", str(index)), ErrorCode.INSUFFICIENT_STOCK, f"{line.sku} is out of stock.")
            )
    if shortages:
        raise UserInputError(shortages)


@dataclass(frozen=True)
class LineChange:
    order_line_id: int
    quantity: int


async def update_lines(principal: Principal, order_id: int, version: int, changes: list[LineChange]) -> Order:
    """The buyer changes quantities (0 removes a line) before approval and the cut-off. The order
    is priced again as of now and its reservations follow the new quantities."""
    require_authenticated(principal)
    order = await visible_orders(principal).filter(id=order_id, buyer_id=principal.organization_id).first()
    if order is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    _require_editable(principal, order, version)
    lines = {line.id: line for line in await OrderLine.filter(order_id=order.id, is_gift=False)}
    quantities = {line_id: line.quantity for line_id, line in lines.items()}
    errors = []
    for index, change in enumerate(changes):
        if change.order_line_id not in lines:
            errors.append(FieldError(("input", "lines", str(index), "orderLineId"), ErrorCode.NOT_FOUND, "No such line."))
        elif not 0 <= change.quantity <= MAX_QUANTITY:
            errors.append(
                FieldError(("input", "lines", str(index), "quantity"), ErrorCode.OUT_OF_RANGE, "quantity must be 0 or more.")
            )
        else:
            quantities[change.order_line_id] = change.quantity
    if errors:
        raise UserInputError(errors)
    if not any(quantities.values()):
        raise UserInputError.single(("input", "lines"), ErrorCode.INVALID, "An order keeps at least one line; cancel it instead.")
    held = await inventory.held_by_variant(order.id)
    items = [
        carts.Item(str(line_id), lines[line_id].variant_id, quantity, held.get(lines[line_id].variant_id, 0))
        for line_id, quantity in quantities.items()
        if quantity
    ]
    account = await carts.ordering_account(principal, order.supplier_id)
    priced = await carts.price_items(account, items, editing_order_id=order.id)
    if priced.problems:
        raise UserInputError(priced.problems)
    async with in_transaction():
        await release_reservations(order, reason=f"order {order.number} edited")
        await OrderLine.filter(order_id=order.id).delete()
        await _write_lines(order, priced)
        moved = await Order.filter(id=order.id, version=order.version).update(
            version=order.version + 1, updated_at=utc_now(), **_totals(priced)
        )
        if not moved:
            raise _stale(order)
        edited = await Order.get(id=order.id)
        await process.edited(edited, principal)
    return edited


def _stale(order: Order) -> UserInputError:
    return UserInputError.single(
        ("input", "orderId"), ErrorCode.INVALID_STATE, f"Order {order.number} changed meanwhile; reload it."
    )


def _locked(order: Order) -> UserInputError:
    return UserInputError.single(
        ("input", "orderId"),
        ErrorCode.ORDER_LOCKED,
        f"Order {order.number} passed its cut-off ({order.cutoff_at:%Y-%m-%d %H:%M} UTC); ask the supplier.",
    )


def _past_cutoff(order: Order) -> bool:
    return order.cutoff_at is not None and utc_now() >= order.cutoff_at


def edit_refusal(principal: Principal, order: Order) -> Exception | None:
    """Why the caller may not change the order's lines now, or None: its buyer may, before
    approval and the cut-off."""
    if principal.organization_id != order.buyer_id:
        return PermissionDenied()
    if order.status is not OrderStatus.PENDING_APPROVAL:
        return UserInputError.single(
            ("input", "orderId"), ErrorCode.INVALID_STATE, f"Order {order.number} is {order.status.value}; it is locked."
        )
    if _past_cutoff(order):
        return _locked(order)
    return None


def _require_editable(principal: Principal, order: Order, version: int) -> None:
    refusal = edit_refusal(principal, order)
    if refusal is not None:
        raise refusal
    if version != order.version:
        raise _stale(order)


async def reorder(principal: Principal, order_id: int) -> int:
    """Puts a previous order's lines (not its gifts) back in the cart; returns the supplier's id."""
    order = await visible_orders(principal).filter(id=order_id, buyer_id=principal.organization_id).first()
    if order is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    lines = await OrderLine.filter(order_id=order.id, is_gift=False).values_list("variant_id", "quantity")
    await carts.add_lines(principal, order.supplier_id, [carts.LineInput(v, q) for v, q in lines])
    return order.supplier_id


async def _shipping_address(account: CustomerAccount, data: CheckoutInput) -> dict | None:
    """The order keeps a copy, so later edits of the address book do not change it."""
    if data.shipping_address_id is None:
        return data.shipping_address
    if data.shipping_address is not None:
        raise UserInputError.single(
            ("input", "shippingAddressId"), ErrorCode.INVALID, "Give an address or an address book entry, not both."
        )
    address = await Address.get_or_none(
        id=data.shipping_address_id, organization_id=account.buyer_id, archived=False
    )
    if address is None:
        raise UserInputError.single(("input", "shippingAddressId"), ErrorCode.NOT_FOUND, "No such address.")
    return {
        "recipient": address.recipient,
        "phone": address.phone,
        "region": address.region,
        "street": address.street,
        "postalCode": address.postal_code,
    }


async def _cutoff(account: CustomerAccount) -> datetime | None:
    """The cut-off of the ordering window open now; refuses an order outside every window."""
    windows = await quotas.windows_of(account.id)
    if not windows:
        return None
    supplier = await account.supplier
    now = utc_now()
    current = calendar.open_window(windows, now, supplier.timezone)
    if current is None:
        opens = calendar.next_opening(windows, now, supplier.timezone)
        raise UserInputError.single(
            ("input", "supplierId"),
            ErrorCode.ORDERING_CLOSED,
            f"Ordering is closed; the next window opens {opens:%A %Y-%m-%d %H:%M} ({supplier.timezone}).",
        )
    return current[1]


def visible_orders(principal: Principal) -> QuerySet[Order]:
    """Orders of the customer accounts the caller may see (a sales rep: its own customers)."""
    scope = customer_account_scope(principal)
    if scope is None:
        return Order.filter(id__in=[])
    return Order.filter(customer_account_id__in=Subquery(CustomerAccount.filter(scope).values("id")))


def cancel_refusal(principal: Principal, order: Order) -> Exception | None:
    """Why the caller may not cancel the order now, or None: the buyer before approval and its
    cut-off; the supplier's admin, sales and approvers any time before shipment."""
    if principal.organization_id == order.supplier_id:
        if not principal.roles & SUPPLIER_CANCEL_ROLES:
            return PermissionDenied()
        allowed = OPEN_FOR_CANCEL_BY_SUPPLIER
    elif principal.organization_id == order.buyer_id:
        if _past_cutoff(order):
            return _locked(order)
        allowed = OPEN_FOR_CANCEL_BY_BUYER
    else:
        return PermissionDenied()
    if order.status not in allowed:
        return UserInputError.single(
            ("input", "orderId"),
            ErrorCode.INVALID_STATE,
            f"Order {order.number} is {order.status.value}; it cannot become CANCELLED.",
        )
    return None


async def cancel(principal: Principal, order_id: int, reason: str | None) -> Order:
    """Cancels the order for whoever `cancel_refusal` lets; the process releases its stock."""
    require_authenticated(principal)
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500)
    checker.raise_if_any()
    async with in_transaction():
        order = await visible_orders(principal).filter(id=order_id).first()
        if order is None:
            raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
        refusal = cancel_refusal(principal, order)
        if refusal is not None:
            raise refusal
        await process.move(order, OrderTrack.STATUS, OrderStatus.CANCELLED, principal, reason)
    return order


async def _release_on_end(change: process.Change) -> None:
    await release_reservations(change.order, reason=f"order {change.order.number} {change.target.value.lower()}")


async def _offer_buyer_and_cancel_actions(principal: Principal, orders: list[Order]) -> dict[int, set[OrderAction]]:
    offered: dict[int, set[OrderAction]] = {}
    for order in orders:
        actions = offered.setdefault(order.id, set())
        if cancel_refusal(principal, order) is None:
            actions.add(OrderAction.CANCEL)
        if edit_refusal(principal, order) is None:
            actions.add(OrderAction.EDIT)
        if principal.organization_id == order.buyer_id:
            actions.add(OrderAction.REORDER)
    return offered


def install() -> None:
    """Ordering's own part of the order process: an order that ends unshipped frees its stock."""
    process.on_enter(OrderTrack.STATUS, OrderStatus.CANCELLED, _release_on_end)
    process.on_enter(OrderTrack.STATUS, OrderStatus.REJECTED, _release_on_end)
    process.offer_actions(_offer_buyer_and_cancel_actions)
    inbox.plan_for(events.OrderStatusChanged, events.buyer_notice)


@dataclass(frozen=True)
class OrderFilter:
    statuses: tuple[OrderStatus, ...] = ()
    created_from: date | None = None
    created_to: date | None = None
    search: str | None = None
    buyer_id: int | None = None


def filter_orders(query: QuerySet[Order], wanted: OrderFilter) -> QuerySet[Order]:
    if wanted.statuses:
        query = query.filter(status__in=wanted.statuses)
    if wanted.created_from:
        query = query.filter(created_at__gte=datetime.combine(wanted.created_from, datetime.min.time(), timezone.utc))
    if wanted.created_to:
        query = query.filter(created_at__lt=datetime.combine(wanted.created_to, datetime.max.time(), timezone.utc))
    if wanted.search:
        term = wanted.search.strip()
        query = query.filter(Q(number__icontains=term) | Q(po_number__icontains=term))
    if wanted.buyer_id is not None:
        query = query.filter(buyer_id=wanted.buyer_id)
    return query


async def set_ordering_windows(principal: Principal, account_id: int, windows: list[calendar.Window]) -> None:
    """Replaces a customer's weekly ordering windows; none means it may order at any time."""
    require_supplier_role(principal, frozenset({Role.ADMIN}))
    account = await own(CustomerAccount, account_id, principal.organization_id, "customerAccountId", "customer account")
    checker = Checker()
    for index, window in enumerate(windows):
        for field, day in (("opensWeekday", window.opens_weekday), ("closesWeekday", window.closes_weekday)):
            checker.integer(f"windows.{index}.{field}", day, minimum=0, maximum=6)
        if window.opens_weekday == window.closes_weekday and window.opens_at == window.closes_at:
            checker.add(f"windows.{index}", ErrorCode.INVALID, "A window must close at another time than it opens.")
    checker.raise_if_any()
    async with in_transaction():
        await OrderingWindow.filter(customer_account_id=account.id).delete()
        await OrderingWindow.bulk_create(
            [
                OrderingWindow(
                    customer_account=account,
                    opens_weekday=w.opens_weekday,
                    opens_minute=calendar.minutes(w.opens_at),
                    closes_weekday=w.closes_weekday,
                    closes_minute=calendar.minutes(w.closes_at),
                )
                for w in windows
            ]
        )


async def frequently_bought(principal: Principal, supplier_id: int, limit: int) -> list[int]:
    """The variants the caller's organization ordered most from this supplier (常购商品)."""
    account = await carts.ordering_account(principal, supplier_id)
    rows = (
        await OrderLine.filter(
            order__customer_account_id=account.id, is_gift=False, order__status__not=OrderStatus.CANCELLED
        )
        .annotate(units=Sum("quantity"))
        .group_by("variant_id")
        .order_by("-units", "variant_id")
        .limit(limit)
        .values_list("variant_id", flat=True)
    )
    return list(rows)
