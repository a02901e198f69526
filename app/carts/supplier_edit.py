"""The supplier's edit of an order (改单): its ADMIN, or the customer's sales rep, changes
quantities, removes and adds lines and sets unit prices (with a reason) before the order ships.
The order is priced again like a cart, with the customer's promotions; its reservations follow;
each changed line is kept in the order's line history; the buyer is notified and, when the order
was charged already, the ledger is charged the difference (both through the order process).

Who may edit lives in app/orders/service.py (`supplier_edit_refusal`); the buyer's own edit is
`checkout.edit_order`. `update_lines` sends a caller to the one that fits its side of the order."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount, Organization, Role
from app.accounts.permissions import Principal, require_authenticated
from app.carts import checkout
from app.carts import service as carts
from app.catalog.models import Variant
from app.clock import utc_now
from app.errors import ErrorCode, FieldError, UserInputError
from app.inventory import service as inventory
from app.orders import process
from app.orders import service as orders
from app.orders.models import Order, OrderLine, OrderLineChange
from app.validation import MAX_QUANTITY, Checker

KEEP = object()
"""A line change that leaves the unit price as it is (an override stays, a resolved price is resolved again)."""


@dataclass(frozen=True)
class LineEdit:
    """A change of one existing line: its new quantity (0 removes it) and, optionally, its unit
    price: a Decimal sets it (with a reason), None goes back to the resolved price, KEEP keeps it."""

    order_line_id: int
    quantity: int | None = None
    unit_price: Decimal | str | None | object = KEEP
    price_reason: str | None = None


@dataclass(frozen=True)
class LineAdd:
    variant_id: int
    quantity: int
    unit_price: Decimal | str | None = None
    price_reason: str | None = None


async def update_lines(
    principal: Principal,
    order_id: int,
    version: int,
    changes: list[LineEdit],
    additions: list[LineAdd] = (),  # type: ignore[assignment]
    reason: str | None = None,
) -> Order:
    """`orderUpdateLines`: the supplier's edit for its staff, the buyer's edit for the buyer."""
    require_authenticated(principal)
    order = await orders.visible_orders(principal).filter(id=order_id).first()
    if order is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    if principal.organization_id == order.supplier_id:
        return await supplier_edit(principal, order, version, changes, list(additions), reason)
    _refuse_supplier_only_input(changes, additions)
    return await checkout.edit_order(
        principal,
        order_id,
        version,
        [checkout.LineChange(c.order_line_id, c.quantity or 0) for c in changes],
    )


def _refuse_supplier_only_input(changes: list[LineEdit], additions: list[LineAdd] | tuple) -> None:
    errors = [
        FieldError(("input", "lines", str(i), "unitPrice"), ErrorCode.INVALID, "Only the supplier sets unit prices.")
        for i, change in enumerate(changes)
        if change.unit_price is not KEEP
    ]
    if additions:
        errors.append(FieldError(("input", "addLines"), ErrorCode.INVALID, "Only the supplier adds lines to an order."))
    errors += [
        FieldError(("input", "lines", str(i), "quantity"), ErrorCode.REQUIRED, "quantity is required.")
        for i, change in enumerate(changes)
        if change.quantity is None
    ]
    if errors:
        raise UserInputError(errors)


@dataclass
class _Wanted:
    """One line as the edit wants it: an existing line (`line`) or an added one."""

    key: str
    field: tuple[str, ...]
    variant_id: int
    quantity: int
    unit_price: Decimal | None
    price_reason: str | None
    price_set_now: bool
    line: OrderLine | None = None


async def supplier_edit(
    principal: Principal,
    order: Order,
    version: int,
    changes: list[LineEdit],
    additions: list[LineAdd],
    reason: str | None,
) -> Order:
    refusal = orders.supplier_edit_refusal(principal, order)
    if refusal is not None:
        raise refusal
    if version != order.version:
        raise process.stale_error(order)
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500)
    checker.raise_if_any()
    lines = {line.id: line for line in await OrderLine.filter(order_id=order.id, is_gift=False).order_by("id")}
    wanted = await _wanted_lines(order, lines, changes, additions, reason)
    account = await CustomerAccount.get(id=order.customer_account_id)
    held = await inventory.held_by_variant(order.id)
    items = [
        carts.Item(w.key, w.variant_id, w.quantity, held.get(w.variant_id, 0), w.unit_price, w.price_reason)
        for w in wanted
        if w.quantity
    ]
    priced = await carts.price_items(account, items, editing_order_id=order.id)
    by_key = {w.key: w for w in wanted}
    problems = [
        FieldError(by_key[line.key].field, problem.code, problem.message)
        for line in priced.lines
        for problem in line.problems
    ]
    if problems:
        raise UserInputError(problems)
    await _require_discount_limit(principal, order.supplier_id, priced, by_key)
    previous_total = order.total
    async with in_transaction():
        if priced.outcome.total > previous_total:
            await process.check_placement(
                process.Placement(account, order.payment_method, priced.outcome.total - previous_total, rise=True)
            )
        moved = await Order.filter(
            id=order.id, version=order.version, status=order.status, fulfilment_status=order.fulfilment_status
        ).update(version=order.version + 1, updated_at=utc_now(), **checkout._totals(priced))
        if not moved:
            raise process.stale_error(order)
        before = await process.lines_before(order)
        await inventory.hold_stock(checkout.ordered_variants(priced), reserved_by_order=order.id)
        await inventory.release_order(order.id, f"order {order.number} edited by the supplier")
        edited = await Order.get(id=order.id)
        await _write(edited, priced, wanted, principal, reason)
        await process.amended(process.Amendment(edited, principal, before), reason)
    return edited


async def _wanted_lines(
    order: Order,
    lines: dict[int, OrderLine],
    changes: list[LineEdit],
    additions: list[LineAdd],
    reason: str | None,
) -> list[_Wanted]:
    checker = Checker()
    wanted = {
        line_id: _Wanted(
            str(line_id),
            ("input", "lines"),
            line.variant_id,
            line.quantity,
            line.price_override,
            line.price_override_reason,
            False,
            line,
        )
        for line_id, line in lines.items()
    }
    seen: set[int] = set()
    for index, change in enumerate(changes):
        if change.order_line_id in seen:
            checker.add(f"lines.{index}.orderLineId", ErrorCode.DUPLICATE, "This line is named twice.")
            continue
        if change.order_line_id not in lines:
            checker.add(f"lines.{index}.orderLineId", ErrorCode.NOT_FOUND, "No such line.")
            continue
        seen.add(change.order_line_id)
        line = wanted[change.order_line_id]
        line.field = ("input", "lines", str(index))
        if change.quantity is not None:
            if not 0 <= change.quantity <= MAX_QUANTITY:
                checker.add(f"lines.{index}.quantity", ErrorCode.OUT_OF_RANGE, f"quantity must be 0 to {MAX_QUANTITY}.")
            line.quantity = change.quantity
        if change.unit_price is not KEEP:
            price, why = _price(checker, f"lines.{index}", change.unit_price, change.price_reason, reason)  # type: ignore[arg-type]
            line.unit_price, line.price_reason, line.price_set_now = price, why, True
    on_order = {line.variant_id for line in lines.values()}
    variant_ids = {add.variant_id for add in additions}
    own = set(
        await Variant.filter(id__in=variant_ids, product__supplier_id=order.supplier_id).values_list("id", flat=True)
    )
    added: list[_Wanted] = []
    for index, add in enumerate(additions):
        where = f"addLines.{index}"
        if add.variant_id not in own:
            checker.add(f"{where}.variantId", ErrorCode.NOT_FOUND, "No such variant.")
            continue
        if add.variant_id in on_order:
            checker.add(f"{where}.variantId", ErrorCode.DUPLICATE, "Already on the order: change its line instead.")
            continue
        on_order.add(add.variant_id)
        if not 1 <= add.quantity <= MAX_QUANTITY:
            checker.add(f"{where}.quantity", ErrorCode.OUT_OF_RANGE, f"quantity must be 1 to {MAX_QUANTITY}.")
        price, why = _price(checker, where, add.unit_price, add.price_reason, reason)
        added.append(
            _Wanted(f"add-{index}", ("input", "addLines", str(index)), add.variant_id, add.quantity, price, why, True)
        )
    checker.raise_if_any()
    result = [*wanted.values(), *added]
    if not any(w.quantity for w in result):
        raise UserInputError.single(
            ("input", "lines"), ErrorCode.INVALID, "An order keeps at least one line; cancel it instead."
        )
    return result


def _price(
    checker: Checker, field: str, value: Decimal | str | None, price_reason: str | None, reason: str | None
) -> tuple[Decimal | None, str | None]:
    """A unit price set by hand and why (the line's own reason, else the edit's); None: resolved as usual."""
    price = checker.money(f"{field}.unitPrice", value)
    why = checker.text(f"{field}.priceReason", price_reason, max_length=500) or reason
    if price is None:
        return None, None
    if not why:
        checker.add(f"{field}.priceReason", ErrorCode.REQUIRED, "Say why the unit price is set by hand.")
    return price, why


async def _require_discount_limit(
    principal: Principal, supplier_id: int, priced: carts.Priced, wanted: dict[str, _Wanted]
) -> None:
    """An ADMIN sets any price; a sales rep no lower than the supplier's discount limit allows."""
    if Role.ADMIN in principal.roles:
        return
    limit = await Organization.filter(id=supplier_id).first().values_list("sales_max_discount_percent", flat=True)
    share = (Decimal(100) - Decimal(limit or 0)) / Decimal(100)
    errors = []
    for line in priced.lines:
        w = wanted[line.key]
        if not w.price_set_now or line.price_override is None or line.resolved_unit_price is None:
            continue
        floor = (line.resolved_unit_price * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if line.price_override < floor:
            errors.append(
                FieldError(
                    (*w.field, "unitPrice"),
                    ErrorCode.DISCOUNT_LIMIT_EXCEEDED,
                    f"{line.variant.sku}: {line.price_override} is more than {limit}% below {line.resolved_unit_price}"
                    f" (at least {floor}); ask an admin.",
                )
            )
    if errors:
        raise UserInputError(errors)


async def _write(order: Order, priced: carts.Priced, wanted: list[_Wanted], principal: Principal, reason) -> None:
    """Updates the kept lines in place, removes and adds lines, writes the gifts afresh, reserves
    every line again and records each changed line."""
    priced_by_key = {line.key: line for line in priced.lines}
    history: list[OrderLineChange] = []
    to_reserve: list[tuple[tuple[str, ...], OrderLine]] = []
    for w in wanted:
        p = priced_by_key.get(w.key)
        before = w.line
        if p is None:
            assert before is not None  # only kept lines may drop to 0
            history.append(_change(order, before, before, 0, None, principal, reason))
            await OrderLine.filter(id=before.id).delete()
            continue
        values: dict[str, Any] = {
            "quantity": p.quantity,
            "unit_price": p.unit_price,
            "discount": p.discount,
            "line_total": p.total,
            "price_explanation": p.price_explanation[:300],
            "price_override": p.price_override,
            "price_override_reason": p.price_override_reason,
        }
        if before is None:
            line = await OrderLine.create(
                order=order,
                variant_id=p.variant.id,
                sku=p.variant.sku,
                name=p.product.name,
                unit=p.variant.unit,
                **values,
            )
            history.append(_change(order, None, line, p.quantity, p.unit_price, principal, w.price_reason or reason))
        else:
            if before.quantity != p.quantity or before.unit_price != p.unit_price:
                history.append(
                    _change(order, before, before, p.quantity, p.unit_price, principal, w.price_reason or reason)
                )
            await OrderLine.filter(id=before.id).update(**values)
            line = before
            line.quantity = p.quantity
        to_reserve.append((w.field, line))
    await OrderLine.filter(order_id=order.id, is_gift=True).delete()
    for gift in checkout.gift_lines(order, priced):
        await gift.save()
        to_reserve.append((("input",), gift))
    await checkout.reserve_or_refuse(to_reserve)
    await OrderLineChange.bulk_create(history)


def _change(
    order: Order,
    before: OrderLine | None,
    line: OrderLine,
    quantity: int,
    unit_price: Decimal | None,
    principal: Principal,
    reason: str | None,
) -> OrderLineChange:
    return OrderLineChange(
        order_id=order.id,
        order_line_id=line.id if quantity else None,
        variant_id=line.variant_id,
        sku=line.sku,
        name=line.name,
        quantity_before=before.quantity if before else None,
        quantity_after=quantity,
        unit_price_before=before.unit_price if before else None,
        unit_price_after=unit_price,
        user_id=principal.user_id,
        reason=reason,
        order_version=order.version,
    )
