"""Carts: what a user intends to order for one customer account (its own organization's, or a
customer's when supplier staff order on its behalf, 代客下单), priced and checked live as that
customer by the same pricing function, promotion engine and order rules as checkout."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app.accounts.models import CustomerAccount, CustomerAccountStatus
from app.accounts.permissions import (
    OrderingSide,
    Principal,
    customer_account_scope,
    require_may_order,
    require_user,
)
from app.browse import service as browse
from app.carts.models import CustomerCart as Cart
from app.carts.models import CustomerCartLine as CartLine
from app.carts.models import Favorite
from app.catalog import service as catalog
from app.catalog.models import Product, Variant
from app.clock import utc_now
from app.db import columns_of, fetch, fetch_with_related, instance_of, locked_rows, marks, on_postgres
from app.errors import ErrorCode, FieldError, UserInputError
from app.inventory import service as inventory
from app.orders import calendar, quotas
from app.orders.models import Shortfall, ShortfallReason
from app.promotions import engine
from app.tenancy import not_found
from app.validation import MAX_QUANTITY

MAX_LINES = 500


@dataclass(frozen=True)
class Problem:
    code: ErrorCode
    message: str


def line_problems(
    variant: Variant, visible: bool, quantity: int, available: int, allowance: quotas.Allowance | None = None
) -> list[Problem]:
    """The order rules of one line: the one place cart warnings and checkout errors come from."""
    if not visible or variant.archived:
        return [Problem(ErrorCode.UNAVAILABLE, f"{variant.sku} is no longer available.")]
    problems = []
    if quantity < variant.min_order_quantity:
        problems.append(
            Problem(ErrorCode.BELOW_MINIMUM, f"{variant.sku}: order at least {variant.min_order_quantity}.")
        )
    if quantity % variant.order_multiple:
        problems.append(
            Problem(ErrorCode.NOT_A_MULTIPLE, f"{variant.sku}: order in multiples of {variant.order_multiple}.")
        )
    if variant.max_per_order is not None and quantity > variant.max_per_order:
        problems.append(Problem(ErrorCode.ABOVE_MAXIMUM, f"{variant.sku}: at most {variant.max_per_order} per order."))
    if quantity > available:
        problems.append(Problem(ErrorCode.INSUFFICIENT_STOCK, f"{variant.sku}: only {max(available, 0)} available."))
    if allowance is not None and quantity > allowance.remaining:
        problems.append(_over_quota(variant, allowance))
    return problems


def _over_quota(variant: Variant, allowance: quotas.Allowance) -> Problem:
    return Problem(
        ErrorCode.OVER_QUOTA,
        f"{variant.sku}: your allocation this ordering cycle is {allowance.quota}, "
        f"{allowance.used} already ordered; you can order {allowance.remaining} more.",
    )


async def recheck_quotas(priced: Priced) -> None:
    """Counts the cycle's orders again under a lock of the customer account's row, so concurrent
    checkouts of one customer cannot both spend the same allotment. Call it inside the
    checkout's transaction (PostgreSQL locks the row, SQLite serialises writing transactions)."""
    limited = [line.variant.id for line in priced.lines if line.allowance is not None]
    if not limited:
        return
    await CustomerAccount.filter(id=priced.account.id).select_for_update().first()
    fresh = await quotas.allowances(priced.account, priced.cycle, limited)
    errors = []
    for index, line in enumerate(priced.lines):
        allowance = fresh.get(line.variant.id)
        if allowance is not None and line.quantity > allowance.remaining:
            problem = _over_quota(line.variant, allowance)
            errors.append(FieldError(("input", "lines", str(index)), problem.code, problem.message))
    if errors:
        raise UserInputError(errors)


def allotted_quantity(variant: Variant, requested: int, limit: int) -> int:
    """What a line can get when stock or a quota limits it: the most within the limit that is
    still a valid quantity (a multiple of the pack, at least the minimum), else nothing."""
    if requested <= limit:
        return requested
    allotted = max(limit, 0) // variant.order_multiple * variant.order_multiple
    return allotted if allotted >= variant.min_order_quantity else 0


@dataclass(frozen=True)
class Item:
    """A line to price: a cart line, or an order line being edited (whose reserved units count as
    available to it)."""

    key: str
    variant_id: int
    quantity: int
    held: int = 0
    unit_price: Decimal | None = None
    """A unit price the supplier's staff set on the order line (改单), in place of the resolved one."""
    price_reason: str | None = None


@dataclass(frozen=True)
class PricedLine:
    key: str
    quantity: int
    allotted: int
    shortfall_reason: ShortfallReason | None
    variant: Variant
    product: Product
    unit_price: Decimal
    amount: Decimal
    discount: Decimal
    total: Decimal
    price_explanation: str
    problems: list[Problem]
    allowance: quotas.Allowance | None
    resolved_unit_price: Decimal | None = None
    """The price resolution's unit price; differs from `unit_price` when the supplier set one."""
    price_override: Decimal | None = None
    price_override_reason: str | None = None


@dataclass(frozen=True)
class Priced:
    account: CustomerAccount
    page: browse.CatalogPage
    lines: list[PricedLine]
    outcome: engine.Outcome
    currency: str
    cycle: quotas.Cycle
    cart: Cart | None = None
    gift_variants: dict[int, Variant] = field(default_factory=dict)  # the earned gifts', with their products
    warnings: list[Problem] = field(default_factory=list)  # about the whole cart, e.g. ORDERING_CLOSED
    windows: list[calendar.Window] = field(default_factory=list)  # the account's ordering windows

    @property
    def problems(self) -> list[FieldError]:
        return [
            FieldError(("input", "lines", str(index)), problem.code, problem.message)
            for index, line in enumerate(self.lines)
            for problem in line.problems
        ]


async def ordering_account(
    principal: Principal, supplier_id: int, customer_account_id: int | None = None, *, placing: bool = False
) -> CustomerAccount:
    """The approved account orders are placed for: the caller's own organization's with the
    supplier or, given a customer account, that customer of the caller's organization (admins:
    any, sales reps: those assigned to them). Only an approved account may order. `placing`
    (filling a cart, checking out, editing an order) needs a role that orders
    (`require_may_order`); reading the own cart, favourites and history does not."""
    _require_orderer(principal, customer_account_id, placing)
    if customer_account_id is None:
        account = await CustomerAccount.get_or_none(supplier_id=supplier_id, buyer_id=principal.organization_id)
        if account is None:
            raise not_found("supplierId", "supplier")
    else:
        account = await _customer_of_staff(principal, supplier_id, customer_account_id)
    _require_approved(account, customer_account_id)
    return account


def _require_orderer(principal: Principal, customer_account_id: int | None, placing: bool) -> None:
    require_user(principal)
    if customer_account_id is None and placing:
        require_may_order(principal, OrderingSide.BUYER)


def _require_approved(account: CustomerAccount, customer_account_id: int | None) -> None:
    if account.status is not CustomerAccountStatus.APPROVED:
        whose = "Your account with this supplier" if customer_account_id is None else "This customer account"
        raise UserInputError.single(
            ("input", "supplierId" if customer_account_id is None else "customerAccountId"),
            ErrorCode.ACCOUNT_NOT_APPROVED,
            f"{whose} is {account.status.value.lower()}; it cannot order.",
        )


async def _customer_of_staff(principal: Principal, supplier_id: int, customer_account_id: int) -> CustomerAccount:
    require_may_order(principal, OrderingSide.SUPPLIER)
    if supplier_id != principal.organization_id:
        raise not_found("supplierId", "supplier")
    scope = customer_account_scope(principal)
    account = (
        await CustomerAccount.filter(scope, id=customer_account_id, supplier_id=supplier_id).first()
        if scope is not None
        else None
    )
    if account is None:
        raise not_found("customerAccountId", "customer account")
    return account


async def cart_of(
    principal: Principal,
    supplier_id: int,
    customer_account_id: int | None = None,
    *,
    placing: bool = False,
    held: bool = False,
) -> Cart:
    """The caller's cart for the account; `placing` when the caller is about to change it or
    check it out (see `ordering_account`); `held` inside the caller's transaction: the cart comes
    locked as `hold` locks it. The caller's own cart that exists is read with its account in one
    query, which also locks it on PostgreSQL."""
    if customer_account_id is None:
        _require_orderer(principal, None, placing)
        lock = locked_rows("c", keys_kept=True) if held else ""
        if held and not on_postgres():
            await _hold_own_cart(principal, supplier_id)
        cart = await _own_cart(principal, supplier_id, lock)
        if cart is not None:
            _require_approved(cart.customer_account, None)
            return cart
    account = await ordering_account(principal, supplier_id, customer_account_id, placing=placing)
    cart = await _cart(principal, account)
    if held:
        await hold(cart)
    return cart


async def _hold_own_cart(principal: Principal, supplier_id: int) -> None:
    """`hold` of the caller's own cart, named by its keys, before it is read: on SQLite, where a transaction
    that reads first and writes later may find another writer in its way."""
    await fetch(
        "UPDATE customer_carts SET updated_at = $1 WHERE user_id = $2 AND customer_account_id IN"
        " (SELECT id FROM customer_accounts WHERE supplier_id = $3 AND buyer_id = $4)",
        [utc_now(), principal.user_id, supplier_id, principal.organization_id],
    )


async def _own_cart(principal: Principal, supplier_id: int, lock: str) -> Cart | None:
    """The caller's cart with the supplier and its account, when it has one (every add and checkout
    reads it first: hand-written, as tortoise takes ~1 ms of CPU to build this join)."""
    found = await fetch_with_related(
        f"SELECT {columns_of(Cart, 'c')}, {columns_of(CustomerAccount, 'a')} FROM customer_carts c"
        " JOIN customer_accounts a ON a.id = c.customer_account_id"
        f" WHERE c.user_id = $1 AND a.supplier_id = $2 AND a.buyer_id = $3 LIMIT 1{lock}",
        [principal.user_id, supplier_id, principal.organization_id],
        (Cart, "c"),
        customer_account=(CustomerAccount, "a"),
    )
    return found[0] if found else None


async def _cart(principal: Principal, account: CustomerAccount) -> Cart:
    cart, _ = await Cart.get_or_create(user_id=principal.user_id, customer_account_id=account.id)
    cart.customer_account = account
    return cart


async def hold(cart: Cart) -> None:
    """Locks the cart's row until the caller's transaction ends, so writes and checkouts of one
    cart take turns: a no-op UPDATE waits on the row lock on PostgreSQL (as `FOR NO KEY UPDATE`,
    `cart_of(held=True)`'s read, does), and SQLite serialises writing transactions. Every cart write
    starts with it inside its transaction; checkout locks the cart before the customer account
    (`process.held_account`), never the reverse."""
    await fetch("UPDATE customer_carts SET updated_at = $1 WHERE id = $2", [utc_now(), cart.id])


async def price_cart(cart: Cart, parts: browse.PageParts = browse.EVERY_PART) -> Priced:
    """`cart` as `cart_of` returns it, with its customer account loaded, and what checkout
    would refuse about the whole cart now (warnings); `parts` of the page its products are shown from."""
    lines = await fetch(
        "SELECT id, variant_id, quantity FROM customer_cart_lines WHERE cart_id = $1 ORDER BY id", [cart.id]
    )
    items = [Item(str(line["id"]), line["variant_id"], line["quantity"]) for line in lines]
    return replace(_with_window_warnings(await price_items(cart.customer_account, items, parts=parts)), cart=cart)


def _with_window_warnings(priced: Priced) -> Priced:
    """What checkout would refuse about the whole cart now."""
    window = window_state(priced.windows, priced.page.access.supplier.timezone)
    return replace(priced, warnings=[Problem(ErrorCode.ORDERING_CLOSED, window.closed)] if window.closed else [])


async def preview(principal: Principal, customer_account_id: int, lines: list[LineInput]) -> Priced:
    """What the customer would pay for these lines now (a promotion preview for the supplier's
    staff): priced exactly as the customer's cart, with each line's problems as warnings, and
    nothing written."""
    _check_quantities(lines)
    if len(lines) > MAX_LINES:
        raise UserInputError.single(("input", "lines"), ErrorCode.OUT_OF_RANGE, f"At most {MAX_LINES} lines.")
    scope = customer_account_scope(principal)
    account = (
        await CustomerAccount.filter(scope, id=customer_account_id, supplier_id=principal.organization_id).first()
        if scope is not None and principal.can_sell
        else None
    )
    if account is None:
        raise not_found("customerAccountId", "customer account")
    known = set(
        await Variant.filter(
            id__in=[line.variant_id for line in lines], supplier_id=account.supplier_id, archived=False
        ).values_list("id", flat=True)
    )
    unknown = [
        FieldError(("input", "lines", str(i), "variantId"), ErrorCode.NOT_FOUND, "No such variant.")
        for i, line in enumerate(lines)
        if line.variant_id not in known
    ]
    if unknown:
        raise UserInputError(unknown)
    priced = await price_items(
        account, [Item(str(i), line.variant_id, line.quantity) for i, line in enumerate(lines)], parts=browse.EVERY_PART
    )
    return _with_window_warnings(priced)


@dataclass(frozen=True)
class WindowState:
    cutoff: datetime | None = None  # the cut-off of the window open now; None when ordering is always open
    closed: str | None = None  # why no order can be placed now, when no window is open


def window_state(windows: list[calendar.Window], timezone: str) -> WindowState:
    if not windows:
        return WindowState()
    now = utc_now()
    current = calendar.open_window(windows, now, timezone)
    if current is not None:
        return WindowState(cutoff=current[1])
    opens = calendar.next_opening(windows, now, timezone)
    return WindowState(closed=f"Ordering is closed; the next window opens {opens:%A %Y-%m-%d %H:%M} ({timezone}).")


@dataclass(frozen=True)
class SeenVariants:
    by_id: dict[int, Variant]  # each with its product
    visible_products: set[int]  # those of their products the customer may see
    available: dict[int, int]  # units available of each variant


async def _variants_seen_by(access: catalog.CatalogAccess, variant_ids: set[int]) -> SeenVariants:
    """The variants, whether the customer may see their products and their available units, in one query
    (hand-written: see `_own_cart`)."""
    if not variant_ids:
        return SeenVariants({}, set(), {})
    visible, values = catalog.visible_to(access, "p", 1)  # SQLite's marks follow the text: the select list's first
    rows = await fetch(
        f"SELECT {columns_of(Variant, 'v')}, {columns_of(Product, 'p')}, ({visible}) AS visible,"
        f" {inventory.available_of('v.id')} AS available FROM variants v"
        f" JOIN products p ON p.id = v.product_id WHERE v.id IN ({marks(len(variant_ids), len(values) + 1)})",
        [*values, *sorted(variant_ids)],
    )
    variants: dict[int, Variant] = {}
    for row in rows:
        variant = instance_of(row, Variant, "v")
        variant.product = instance_of(row, Product, "p")
        variants[variant.id] = variant
    return SeenVariants(
        variants, {row["p.id"] for row in rows if row["visible"]}, {row["v.id"]: int(row["available"]) for row in rows}
    )


async def price_items(
    account: CustomerAccount,
    items: list[Item],
    editing_order_id: int | None = None,
    parts: browse.PageParts = browse.PRICING_PARTS,
) -> Priced:
    """Prices lines as the customer account with its price lists and promotions, and checks each
    line's order rules and quotas: what the cart shows is what checkout charges. The page loads
    `parts`: a cart shown to its buyer shows its products from it."""
    access = await catalog.customer_access(account)
    windows = await quotas.windows_of(account)  # once, for the quota cycle and the cart's warnings
    cycle = quotas.cycle_at(windows, utc_now(), access.supplier.timezone)
    allowances = await quotas.allowances(account, cycle, [item.variant_id for item in items], editing_order_id)
    seen = await _variants_seen_by(access, {item.variant_id for item in items})
    variants, visible_ids = seen.by_id, seen.visible_products
    products_by_id = {v.product_id: v.product for v in variants.values()}
    products = list(products_by_id.values())
    page = await browse.load_page(
        access, products, utc_now(), parts, brought=variants.values(), brought_available=seen.available
    )
    checked = []
    for item in items:
        variant = variants[item.variant_id]
        product = products_by_id[variant.product_id]
        price = page.book.price(variant, item.quantity)
        available = page.available.get(variant.id, 0) + item.held
        allowance = allowances.get(variant.id)
        problems = line_problems(variant, product.id in visible_ids, item.quantity, available, allowance)
        checked.append((item, variant, product, price, problems, allowance, available))
    engine_lines = [
        engine.PricedLine(
            key=item.key,
            variant_id=variant.id,
            product_id=product.id,
            category_ids=page.category_paths.get(product.category_id, frozenset())
            if product.category_id
            else frozenset(),
            brand_id=product.brand_id,
            quantity=item.quantity,
            unit_price=price.unit_price if item.unit_price is None else item.unit_price,
            label=catalog.variant_label(product, variant),
        )
        for item, variant, product, price, *_ in checked
    ]
    outcome = engine.evaluate(engine_lines, page.buyer, page.promotions, utc_now())
    gift_ids = {gift.variant_id for gift in outcome.gifts}
    gift_variants = (await _variants_seen_by(access, gift_ids)).by_id
    results = {r.key: r for r in outcome.lines}
    return Priced(
        account=account,
        page=page,
        lines=[
            PricedLine(
                key=item.key,
                quantity=item.quantity,
                allotted=_allotted(variant, item.quantity, available, allowance),
                shortfall_reason=_shortfall_reason(item.quantity, available, allowance),
                variant=variant,
                product=product,
                unit_price=price.unit_price if item.unit_price is None else item.unit_price,
                amount=results[item.key].amount,
                discount=results[item.key].discount,
                total=results[item.key].total,
                price_explanation=price.explanation
                if item.unit_price is None
                else f"Set by the supplier: {item.price_reason} (price list: {price.unit_price})",
                problems=problems,
                allowance=allowance,
                resolved_unit_price=price.unit_price,
                price_override=item.unit_price,
                price_override_reason=item.price_reason if item.unit_price is not None else None,
            )
            for item, variant, product, price, problems, allowance, available in checked
        ],
        outcome=outcome,
        currency=access.supplier.currency,
        cycle=cycle,
        gift_variants=gift_variants,
        windows=windows,
    )


def _limit(available: int, allowance: quotas.Allowance | None) -> int:
    return min(available, allowance.remaining) if allowance is not None else available


def _allotted(variant: Variant, requested: int, available: int, allowance: quotas.Allowance | None) -> int:
    return allotted_quantity(variant, requested, _limit(available, allowance))


def _shortfall_reason(requested: int, available: int, allowance: quotas.Allowance | None) -> ShortfallReason | None:
    if requested <= _limit(available, allowance):
        return None
    if allowance is not None and allowance.remaining <= available:
        return ShortfallReason.QUOTA
    return ShortfallReason.STOCK


async def cut_to_allotted(priced: Priced) -> Priced:
    """The cart as it can be ordered: lines cut to what stock and quotas allot, priced again."""
    items = [Item(line.key, line.variant.id, line.allotted) for line in priced.lines if line.allotted]
    cut = await price_items(priced.account, items)
    return replace(cut, cart=priced.cart)


@dataclass(frozen=True)
class LineInput:
    variant_id: int
    quantity: int


def _check_quantities(lines: list[LineInput]) -> None:
    errors = [
        FieldError(
            ("input", "lines", str(i), "quantity"), ErrorCode.OUT_OF_RANGE, f"quantity must be 1 to {MAX_QUANTITY}."
        )
        for i, line in enumerate(lines)
        if not 1 <= line.quantity <= MAX_QUANTITY
    ]
    if not lines:
        errors.append(FieldError(("input", "lines"), ErrorCode.REQUIRED, "Give at least one line."))
    if errors:
        raise UserInputError(errors)


async def _set_lines(cart: Cart, lines: list[LineInput], add: bool) -> Cart:
    async with in_transaction():
        await hold(cart)
        await _write_held_lines(cart, lines, add)
    return cart


async def _write_held_lines(cart: Cart, lines: list[LineInput], add: bool) -> None:
    """Adds to (or sets) quantities; a line that would break an order rule is refused, nothing
    written. Quotas are not among them: the cart keeps what was asked for and shows what it
    allots (需求量 / 订单量). Inside the caller's transaction, under the cart's lock (`hold`), so two
    adds of one SKU at once (a double click) add up."""
    _check_quantities(lines)
    account = cart.customer_account
    supplier_id = account.supplier_id
    access = await catalog.customer_access(account)
    wanted_ids = sorted({line.variant_id for line in lines})
    visible, visibility_values = catalog.visible_to(access, "p", len(wanted_ids) + 2)
    rows = await fetch(
        f"SELECT {columns_of(Variant, 'v')}, {inventory.available_of('v.id')} AS available"
        " FROM variants v JOIN products p ON p.id = v.product_id"
        f" WHERE v.id IN ({marks(len(wanted_ids))}) AND v.supplier_id = ${len(wanted_ids) + 1} AND {visible}",
        [*wanted_ids, supplier_id, *visibility_values],
    )
    variants = {variant.id: variant for variant in (instance_of(row, Variant, "v") for row in rows)}
    available = {row["v.id"]: int(row["available"]) for row in rows}
    existing = {
        line["variant_id"]: line["quantity"]
        for line in await fetch("SELECT variant_id, quantity FROM customer_cart_lines WHERE cart_id = $1", [cart.id])
    }
    targets = _targets(lines, variants, existing, available, add)
    if len(set(existing) | set(targets)) > MAX_LINES:
        raise UserInputError.single(
            ("input", "lines"), ErrorCode.OUT_OF_RANGE, f"A cart holds at most {MAX_LINES} lines."
        )
    for variant_id, quantity in targets.items():
        if variant_id in existing:
            await CartLine.filter(cart_id=cart.id, variant_id=variant_id).update(quantity=quantity)
        else:
            await CartLine.create(cart_id=cart.id, variant_id=variant_id, quantity=quantity)


def _targets(
    lines: list[LineInput], variants: dict[int, Variant], existing: dict[int, int], available: dict[int, int], add: bool
) -> dict[int, int]:
    """Each variant's new quantity, or every line's order-rule problem as a UserInputError."""
    errors: list[FieldError] = []
    targets: dict[int, int] = {}
    for index, line in enumerate(lines):
        variant = variants.get(line.variant_id)
        if variant is None or variant.archived:
            errors.append(
                FieldError(("input", "lines", str(index), "variantId"), ErrorCode.NOT_FOUND, "No such variant.")
            )
            continue
        base = targets.get(variant.id, existing.get(variant.id, 0) if add else 0)
        quantity = base + line.quantity if add else line.quantity
        targets[variant.id] = quantity
        errors += [
            FieldError(("input", "lines", str(index), "quantity"), problem.code, problem.message)
            for problem in line_problems(variant, True, quantity, available.get(variant.id, 0))
        ]
    if errors:
        raise UserInputError(errors)
    return targets


async def add_lines(
    principal: Principal, supplier_id: int, lines: list[LineInput], customer_account_id: int | None = None
) -> Cart:
    async with in_transaction():
        cart = await cart_of(principal, supplier_id, customer_account_id, placing=True, held=True)
        await _write_held_lines(cart, lines, add=True)
    return cart


@dataclass(frozen=True)
class LineRef:
    """A cart line named by its own id (what the cart returns) or, deprecated, by its variant."""

    line_id: int | None = None
    variant_id: int | None = None


async def _variants_of(cart: Cart, refs: list[LineRef], field: Callable[[int], tuple[str, ...]]) -> list[int]:
    """The variants of the referenced lines; a line id not in this cart is NOT_FOUND, as a missing one."""
    line_ids = [ref.line_id for ref in refs if ref.line_id is not None]
    found = dict(await CartLine.filter(cart_id=cart.id, id__in=line_ids).values_list("id", "variant_id"))
    errors = [
        FieldError(field(i), ErrorCode.NOT_FOUND, "No such line in this cart.")
        for i, ref in enumerate(refs)
        if ref.line_id is not None and ref.line_id not in found
    ]
    if errors:
        raise UserInputError(errors)
    return [int(found[ref.line_id]) if ref.line_id is not None else int(ref.variant_id or 0) for ref in refs]


async def update_lines(
    principal: Principal,
    supplier_id: int,
    lines: list[tuple[LineRef, int]],
    customer_account_id: int | None = None,
) -> Cart:
    """Sets the quantities of lines, named by line id (or variant)."""
    cart = await cart_of(principal, supplier_id, customer_account_id, placing=True)
    variant_ids = await _variants_of(cart, [ref for ref, _ in lines], lambda i: ("input", "lines", str(i), "lineId"))
    return await _set_lines(
        cart, [LineInput(v, quantity) for v, (_, quantity) in zip(variant_ids, lines, strict=True)], add=False
    )


async def remove_lines(
    principal: Principal, supplier_id: int, refs: list[LineRef], customer_account_id: int | None = None
) -> Cart:
    """Removes lines, named by line id (or variant); a line id not in the cart is NOT_FOUND."""
    cart = await cart_of(principal, supplier_id, customer_account_id, placing=True)
    variant_ids = await _variants_of(cart, refs, lambda i: ("input", "lineIds", str(i)))
    async with in_transaction():
        await hold(cart)
        await CartLine.filter(cart_id=cart.id, variant_id__in=variant_ids).delete()
    return cart


async def clear(principal: Principal, supplier_id: int, customer_account_id: int | None = None) -> Cart:
    cart = await cart_of(principal, supplier_id, customer_account_id, placing=True)
    async with in_transaction():
        await hold(cart)
        await CartLine.filter(cart_id=cart.id).delete()
    return cart


async def empty(cart: Cart) -> None:
    """Inside checkout's transaction, under `hold(cart)`."""
    await fetch("DELETE FROM customer_cart_lines WHERE cart_id = $1", [cart.id])


@dataclass(frozen=True)
class SkuLineInput:
    sku: str
    quantity: int


async def add_by_sku(
    principal: Principal,
    supplier_id: int,
    lines: list[SkuLineInput],
    customer_account_id: int | None = None,
    partial: bool = False,
) -> tuple[Cart, list[FieldError]]:
    """The quick order pad (目录订单): many lines at once by SKU code. By default a single bad
    line refuses them all; `partial` adds the good lines and answers each bad one's error
    (field ("input", "lines", index, …) of the line as sent)."""
    await ordering_account(principal, supplier_id, customer_account_id, placing=True)
    codes = [line.sku.strip() for line in lines]
    found = dict(await Variant.filter(supplier_id=supplier_id, sku__in=codes).values_list("sku", "id"))
    unknown = [
        FieldError(("input", "lines", str(i), "sku"), ErrorCode.NOT_FOUND, f"No SKU {code}.")
        for i, code in enumerate(codes)
        if code not in found
    ]
    if unknown and not partial:
        raise UserInputError(unknown)
    wanted = [
        (i, LineInput(found[code], line.quantity))
        for i, (code, line) in enumerate(zip(codes, lines, strict=True))
        if code in found
    ]
    refused: list[FieldError] = list(unknown)
    while True:
        try:
            if not wanted:
                return await cart_of(principal, supplier_id, customer_account_id), _by_line(refused)
            cart = await add_lines(principal, supplier_id, [line for _, line in wanted], customer_account_id)
            return cart, _by_line(refused)
        except UserInputError as error:
            bad = {_line_index(e) for e in error.errors}
            if not partial or None in bad:
                raise
            # the errors name lines as sent to add_lines: renumber them as the caller sent them
            for e in error.errors:
                index = _line_index(e)
                assert e.field is not None and index is not None
                refused.append(replace(e, field=(*e.field[:2], str(wanted[index][0]), *e.field[3:])))
            wanted = [item for n, item in enumerate(wanted) if n not in bad]


def _line_index(error: FieldError) -> int | None:
    field = error.field or ()
    return int(field[2]) if len(field) >= 3 and field[:2] == ("input", "lines") and field[2].isdigit() else None


def _by_line(errors: list[FieldError]) -> list[FieldError]:
    return sorted(errors, key=lambda e: int(e.field[2]) if e.field else -1)


async def add_favorite(principal: Principal, supplier_id: int, variant_id: int) -> None:
    account = await ordering_account(principal, supplier_id)
    access = await catalog.customer_access(account)
    visible = await Variant.filter(
        id=variant_id,
        supplier_id=supplier_id,
        archived=False,
        product_id__in=Subquery(catalog.visible_products(access).values("id")),
    ).exists()
    if not visible:
        raise not_found("variantId", "variant")
    await Favorite.get_or_create(user_id=principal.user_id, variant_id=variant_id)


async def remove_favorite(principal: Principal, variant_id: int) -> None:
    require_user(principal)
    await Favorite.filter(user_id=principal.user_id, variant_id=variant_id).delete()


async def favorite_variant_ids(principal: Principal, supplier_id: int) -> list[int]:
    await ordering_account(principal, supplier_id)
    favorites: list[int] = (
        await Favorite.filter(  # type: ignore[assignment]  # tortoise types values_list(flat=True) as tuples
            user_id=principal.user_id, variant__supplier_id=supplier_id
        )
        .order_by("-added_at", "-id")
        .values_list("variant_id", flat=True)
    )
    return favorites


def open_shortfalls(account: CustomerAccount) -> QuerySet[Shortfall]:
    """What the customer asked for and was not allotted (缺货登记), not yet put back in a cart."""
    return Shortfall.filter(customer_account_id=account.id, readded_at=None)


async def readd_shortfalls(principal: Principal, supplier_id: int, customer_account_id: int | None = None) -> Cart:
    """One click: the missing units of earlier cycles go back into the cart, one line per variant;
    the current cycle's are left, its allotment being used up."""
    cart = await cart_of(principal, supplier_id, customer_account_id, placing=True)
    account = cart.customer_account
    supplier = await account.supplier
    cycle = await quotas.current_cycle(account, supplier.timezone)
    earlier = await open_shortfalls(account).filter(cycle_start__lt=cycle.start).order_by("id")
    if not earlier:
        raise UserInputError.single(
            ("input", "supplierId"), ErrorCode.NOTHING_TO_READD, "No shortfalls of earlier ordering cycles to re-add."
        )
    missing: dict[int, int] = {}
    for shortfall in earlier:
        missing[shortfall.variant_id] = missing.get(shortfall.variant_id, 0) + shortfall.requested - shortfall.allotted
    async with in_transaction():
        await _set_lines(cart, [LineInput(variant_id, quantity) for variant_id, quantity in missing.items()], add=True)
        await Shortfall.filter(id__in=[s.id for s in earlier]).update(readded_at=utc_now())
    return cart
