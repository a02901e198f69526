"""Checkout: a cart becomes an order; and the buyer's edit of an order (改单), priced again
like a cart. Carts depend on orders, never the reverse: orders know nothing of carts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.exceptions import IntegrityError
from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from app import numbering
from app.accounts.models import Address, CustomerAccount
from app.accounts.permissions import Principal, require_authenticated
from app.browse import service as browse
from app.carts import service as carts
from app.carts.models import CustomerCart as Cart
from app.clock import utc_now
from app.db import columns_of, fetch, fetch_models, insert_all
from app.errors import ErrorCode, FieldError, UserInputError
from app.inventory import service as inventory
from app.orders import process, quotas
from app.orders import service as orders
from app.orders.models import Order, OrderLine, OrderStatus, PaymentMethod, Shortfall
from app.validation import MAX_QUANTITY, Checker


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


@dataclass(frozen=True)
class Placed:
    order: Order
    lines: list[OrderLine] | None  # as written, in order; None when the key answered an earlier order


async def checkout(principal: Principal, data: CheckoutInput) -> Order:
    return (await place(principal, data)).order


async def place(principal: Principal, data: CheckoutInput) -> Placed:
    """Validates the cart again, snapshots its prices and promotions, reserves stock and places
    the order in one transaction. The same idempotency key answers with the same order.

    A line over its quota or the stock is refused, unless the caller accepts what is allotted:
    then such lines are cut and what they miss is kept as shortfalls (缺货登记).

    Concurrent checkouts take turns: the transaction locks the cart (`carts.cart_of(held=True)`) before it reads
    the key and the lines (the second checkout of one cart finds it empty, the second with the same
    key the first's order), then the customer account (`process.check_placement`: the credit and
    balance check sees what the first spent)."""
    values = _check_checkout(data)
    key = values["idempotency_key"]
    try:
        async with in_transaction():
            cart = await carts.cart_of(principal, data.supplier_id, data.customer_account_id, placing=True, held=True)
            existing = await _order_of_key(principal, key)
            if existing is not None:
                return Placed(existing, None)
            requested = await carts.price_cart(cart, browse.PRICING_PARTS)
            priced = await _orderable(requested, data)
            values["cutoff_at"] = _cutoff(priced)
            values["shipping_address"] = await _shipping_address(priced.account, data)
            await process.check_placement(process.Placement(priced.account, data.payment_method, priced.outcome.total))
            await carts.recheck_quotas(priced)
            order, lines = await _place(principal, cart, priced, data, values)
            await _keep_shortfalls(order, requested, priced.cycle)
            await process.placed(
                process.Placing(order, principal, _sold_items(lines, priced), priced.page.access.supplier.timezone)
            )
    except IntegrityError:
        again = await _order_of_key(principal, key)
        if again is None:
            raise
        return Placed(again, None)
    return Placed(order, lines)


async def _order_of_key(principal: Principal, key: str) -> Order | None:
    """The order the caller placed with this idempotency key, if any: nearly always none, so only its
    id is looked up (hand-written: tortoise's query costs more CPU than the index lookup)."""
    found = await fetch(
        "SELECT id FROM orders WHERE placed_by_id = $1 AND idempotency_key = $2", [principal.user_id, key]
    )
    return await Order.get(id=found[0]["id"]) if found else None


async def _orderable(requested: carts.Priced, data: CheckoutInput) -> carts.Priced:
    """The cart as it will be ordered, or what refuses it."""
    if not requested.lines:
        raise UserInputError.single(("input", "supplierId"), ErrorCode.CART_EMPTY, "The cart is empty.")
    priced = await carts.cut_to_allotted(requested) if data.accept_allotted else requested
    if priced.problems or not priced.lines:
        raise UserInputError(priced.problems or requested.problems)
    return priced


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


async def _place(
    principal: Principal, cart: Cart, priced: carts.Priced, data: CheckoutInput, values: dict
) -> tuple[Order, list[OrderLine]]:
    order = await process.open_order(
        number=numbering.provisional_number(),
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
    lines = await _write_lines(order, priced)
    await carts.empty(cart)
    return order, lines


def _sold_items(lines: list[OrderLine], priced: carts.Priced) -> tuple[process.SoldItem, ...]:
    products = {line.variant.id: line.product for line in priced.lines} | {
        variant_id: variant.product for variant_id, variant in priced.gift_variants.items()
    }
    return tuple(
        process.SoldItem(
            product_id=products[line.variant_id].id,
            category_id=products[line.variant_id].category_id,
            brand_id=products[line.variant_id].brand_id,
            quantity=line.quantity,
            line_total=line.line_total,
        )
        for line in lines
    )


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


async def _write_lines(order: Order, priced: carts.Priced) -> list[OrderLine]:
    """Snapshots the priced lines and earned gifts into the order and reserves their stock; answers the
    lines written."""
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
            price_override=line.price_override,
            price_override_reason=line.price_override_reason,
        )
        for line in priced.lines
    ]
    lines += gift_lines(order, priced)
    await insert_all(lines)
    await reserve_or_refuse([(("input", "lines", str(index)), line) for index, line in enumerate(lines)])
    return lines


async def reserve_or_refuse(lines: list[tuple[tuple[str, ...], OrderLine]]) -> None:
    """Reserves the saved order lines' units; refuses those short of stock, each under its field."""
    short = await inventory.reserve_lines(
        [inventory.LineToReserve(line.id, line.variant_id, line.quantity) for _, line in lines]
    )
    if short:
        raise UserInputError(
            [
                FieldError(lines[index][0], ErrorCode.INSUFFICIENT_STOCK, f"{lines[index][1].sku} is out of stock.")
                for index in short
            ]
        )


def ordered_variants(priced: carts.Priced) -> set[int]:
    """The variants the priced lines and their gifts take stock of."""
    return {line.variant.id for line in priced.lines} | {gift.variant_id for gift in priced.outcome.gifts}


def gift_lines(order: Order, priced: carts.Priced) -> list[OrderLine]:
    """The gifts the priced lines earned, as unsaved order lines at no charge (their variants
    were loaded with the pricing)."""
    gift_variants = priced.gift_variants
    return [
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
        for gift in priced.outcome.gifts
        if gift.variant_id in gift_variants
    ]


@dataclass(frozen=True)
class LineChange:
    order_line_id: int
    quantity: int


async def edit_order(principal: Principal, order_id: int, version: int, changes: list[LineChange]) -> Order:
    """The buyer changes quantities (0 removes a line) before approval and the cut-off. The order
    is priced again as of now and its reservations follow the new quantities; its new total
    passes the credit and balance check under the customer account's lock, as a checkout's."""
    require_authenticated(principal)
    order = await orders.visible_orders(principal).filter(id=order_id, buyer_id=principal.organization_id).first()
    if order is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    _require_editable(principal, order, version)
    lines = {line.id: line for line in await OrderLine.filter(order_id=order.id, is_gift=False)}
    quantities = {line_id: line.quantity for line_id, line in lines.items()}
    errors = []
    for index, change in enumerate(changes):
        if change.order_line_id not in lines:
            errors.append(
                FieldError(("input", "lines", str(index), "orderLineId"), ErrorCode.NOT_FOUND, "No such line.")
            )
        elif not 0 <= change.quantity <= MAX_QUANTITY:
            errors.append(
                FieldError(
                    ("input", "lines", str(index), "quantity"), ErrorCode.OUT_OF_RANGE, "quantity must be 0 or more."
                )
            )
        else:
            quantities[change.order_line_id] = change.quantity
    if errors:
        raise UserInputError(errors)
    if not any(quantities.values()):
        raise UserInputError.single(
            ("input", "lines"), ErrorCode.INVALID, "An order keeps at least one line; cancel it instead."
        )
    held = await inventory.held_by_variant(order.id)
    items = [
        carts.Item(
            str(line_id),
            lines[line_id].variant_id,
            quantity,
            held.get(lines[line_id].variant_id, 0),
            unit_price=lines[line_id].price_override,
            price_reason=lines[line_id].price_override_reason,
        )
        for line_id, quantity in quantities.items()
        if quantity
    ]
    account = await carts.ordering_account(principal, order.supplier_id, placing=True)
    priced = await carts.price_items(account, items, editing_order_id=order.id)
    if priced.problems:
        raise UserInputError(priced.problems)
    async with in_transaction():
        await process.check_placement(
            process.Placement(account, order.payment_method, priced.outcome.total, order_id=order.id)
        )
        await process.hold_order(order.id)
        before = await process.lines_before(order)
        await inventory.hold_stock(ordered_variants(priced), reserved_by_order=order.id)
        await inventory.release_order(order.id, f"order {order.number} edited")
        await OrderLine.filter(order_id=order.id).delete()
        await _write_lines(order, priced)
        moved = await Order.filter(id=order.id, version=order.version).update(
            version=order.version + 1, updated_at=utc_now(), **_totals(priced)
        )
        if not moved:
            raise process.stale_error(order)
        edited = await Order.get(id=order.id)
        await process.edited(edited, principal, before)
    return edited


def _require_editable(principal: Principal, order: Order, version: int) -> None:
    refusal = orders.edit_refusal(principal, order)
    if refusal is not None:
        raise refusal
    if version != order.version:
        raise process.stale_error(order)


async def reorder(principal: Principal, order_id: int) -> int:
    """Puts a previous order's lines (not its gifts) back in the cart; returns the supplier's id."""
    order = await orders.visible_orders(principal).filter(id=order_id, buyer_id=principal.organization_id).first()
    if order is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    lines = (
        await OrderLine.filter(order_id=order.id, is_gift=False).order_by("id").values_list("variant_id", "quantity")
    )
    await carts.add_lines(principal, order.supplier_id, [carts.LineInput(v, q) for v, q in lines])
    return order.supplier_id


async def _shipping_address(account: CustomerAccount, data: CheckoutInput) -> dict | None:
    """The order keeps a copy, so later edits of the address book do not change it. Given neither
    an address nor an entry, the buyer's default address; with none, the order is refused."""
    if data.shipping_address_id is None and data.shipping_address is not None:
        return data.shipping_address
    if data.shipping_address_id is None:
        default = await _default_address(account.buyer_id)
        if default is None:
            raise UserInputError.single(
                ("input", "shippingAddress"),
                ErrorCode.REQUIRED,
                "Give a shippingAddress (or shippingAddressId): the buyer has no default address.",
            )
        return _copy(default)
    if data.shipping_address is not None:
        raise UserInputError.single(
            ("input", "shippingAddressId"), ErrorCode.INVALID, "Give an address or an address book entry, not both."
        )
    address = await Address.get_or_none(id=data.shipping_address_id, organization_id=account.buyer_id, archived=False)
    if address is None:
        raise UserInputError.single(("input", "shippingAddressId"), ErrorCode.NOT_FOUND, "No such address.")
    return _copy(address)


async def _default_address(organization_id: int) -> Address | None:
    found = await fetch_models(
        f"SELECT {columns_of(Address, 'a')} FROM addresses a"
        " WHERE a.organization_id = $1 AND a.is_default AND NOT a.archived LIMIT 1",
        [organization_id],
        (Address, "a"),
    )
    return found[0][0] if found else None


def _copy(address: Address) -> dict:
    return {
        "recipient": address.recipient,
        "phone": address.phone,
        "region": address.region,
        "street": address.street,
        "postalCode": address.postal_code,
    }


def _cutoff(priced: carts.Priced) -> datetime | None:
    """The cut-off of the ordering window open now; refuses an order outside every window."""
    window = carts.window_state(priced.windows, priced.page.access.supplier.timezone)
    if window.closed:
        raise UserInputError.single(("input", "supplierId"), ErrorCode.ORDERING_CLOSED, window.closed)
    return window.cutoff


async def frequently_bought(principal: Principal, supplier_id: int, limit: int) -> list[int]:
    """The variants the caller's organization ordered most from this supplier (常购商品)."""
    account = await carts.ordering_account(principal, supplier_id)
    rows: list[int] = (
        await OrderLine.filter(  # type: ignore[assignment]  # tortoise types values_list(flat=True) as tuples
            order__customer_account_id=account.id, is_gift=False, order__status__not=OrderStatus.CANCELLED
        )
        .annotate(units=Sum("quantity"))
        .group_by("variant_id")
        .order_by("-units", "variant_id")
        .limit(limit)
        .values_list("variant_id", flat=True)
    )
    return rows
