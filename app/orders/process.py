"""The one order process, in the spirit of Vendure's OrderProcess.

An order carries three statuses: its status (its life), its payment status and its fulfilment
status. Each moves only along the transitions declared in `TRANSITIONS`, and only through `move`,
which checks the transition against the table, bumps the order's version, and writes a history row
and the outbox event in the caller's transaction; then it runs the hooks registered for the state
entered. Placing and editing an order are steps of the process too (`placed`, `edited` for the
buyer's edit, `amended` for the supplier staff's edit).

Ordering imports neither Money nor Fulfilment: those contexts react through the hooks they
register here (approval starts when an order is placed, the ledger charges on approval), guard
placement (the credit check), and offer the actions they own (approve, ship, …) to
`available_actions`, so a client draws its buttons from what the server says.
The hooks are installed once per process by the server's wiring; `require_installed` refuses to
place or move an order before, so a forgotten wiring fails loudly instead of skipping approvals.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from tortoise.expressions import F

from app import numbering, outbox
from app.accounts.models import CustomerAccount
from app.accounts.permissions import Principal
from app.clock import utc_now
from app.db import columns_of, fetch, fetch_models, insert_all, locked_rows, writes_together
from app.errors import ErrorCode, UserInputError
from app.orders import counts, events
from app.orders.models import (
    FulfilmentStatus,
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    OrderTrack,
    PaymentMethod,
    PaymentStatus,
)

S, P, F_ = OrderStatus, PaymentStatus, FulfilmentStatus

TRANSITIONS: dict[OrderTrack, dict[str, frozenset[str]]] = {
    OrderTrack.STATUS: {
        S.PENDING_APPROVAL: frozenset({S.APPROVED, S.REJECTED, S.CANCELLED}),
        S.APPROVED: frozenset({S.PARTIALLY_SHIPPED, S.SHIPPED, S.CANCELLED}),
        S.PARTIALLY_SHIPPED: frozenset({S.APPROVED, S.SHIPPED}),
        S.SHIPPED: frozenset({S.APPROVED, S.PARTIALLY_SHIPPED, S.COMPLETED}),
        S.COMPLETED: frozenset(),
        S.REJECTED: frozenset(),
        S.CANCELLED: frozenset(),
    },
    OrderTrack.PAYMENT: {
        P.UNPAID: frozenset({P.PARTIALLY_PAID, P.PAID}),
        P.PARTIALLY_PAID: frozenset({P.UNPAID, P.PAID}),
        P.PAID: frozenset({P.UNPAID, P.PARTIALLY_PAID}),
    },
    OrderTrack.FULFILMENT: {
        F_.UNFULFILLED: frozenset({F_.PARTIALLY_FULFILLED, F_.FULFILLED}),
        F_.PARTIALLY_FULFILLED: frozenset({F_.UNFULFILLED, F_.FULFILLED}),
        F_.FULFILLED: frozenset({F_.UNFULFILLED, F_.PARTIALLY_FULFILLED}),
    },
}
"""Every allowed move of each track: state → the states it may move to."""

FIELD = {OrderTrack.STATUS: "status", OrderTrack.PAYMENT: "payment_status", OrderTrack.FULFILMENT: "fulfilment_status"}
STATE = {OrderTrack.STATUS: OrderStatus, OrderTrack.PAYMENT: PaymentStatus, OrderTrack.FULFILMENT: FulfilmentStatus}
EVENT: dict[OrderTrack, type[events.OrderEvent]] = {
    OrderTrack.STATUS: events.OrderStatusChanged,
    OrderTrack.PAYMENT: events.OrderPaymentStatusChanged,
    OrderTrack.FULFILMENT: events.OrderFulfilmentStatusChanged,
}
DERIVED = frozenset({OrderTrack.PAYMENT, OrderTrack.FULFILMENT})
"""Tracks that follow facts (confirmed payments, active shipments) rather than a person's
decision: they move from whatever the order holds now, never fail as stale."""


class OrderAction(StrEnum):
    """What a caller may do to an order now; the apps draw their buttons from these."""

    EDIT = "EDIT"
    CANCEL = "CANCEL"
    APPROVE = "APPROVE"
    REJECT = "REJECT"
    SHIP = "SHIP"
    CONFIRM_RECEIPT = "CONFIRM_RECEIPT"
    RECORD_PAYMENT = "RECORD_PAYMENT"
    REQUEST_RETURN = "REQUEST_RETURN"
    REORDER = "REORDER"


@dataclass(frozen=True)
class Change:
    """One move of one track, as hooks see it."""

    order: Order
    track: OrderTrack
    source: StrEnum
    target: StrEnum
    actor: Principal
    reason: str | None


@dataclass(frozen=True)
class Placement:
    """An order about to be placed, or an order's new total when its lines are edited
    (`order_id`, whose current total then does not count), as placement guards see it. The
    supplier's edit (改单) may come after the order was charged, so it is checked by the rise of
    the total alone (`rise`), against the headroom that still counts the order as it was."""

    account: CustomerAccount
    payment_method: PaymentMethod
    total: Decimal
    order_id: int | None = None
    rise: bool = False

    @property
    def is_edit(self) -> bool:
        return self.order_id is not None or self.rise


class SoldLine(NamedTuple):
    variant_id: int
    quantity: int
    line_total: Decimal


@dataclass(frozen=True)
class LinesBefore:
    """An order's total and lines as they were before an edit replaced them (`lines_before`)."""

    total: Decimal
    lines: tuple[SoldLine, ...]


@dataclass(frozen=True)
class Revision:
    """An order whose lines an edit replaced (the buyer's or the supplier's), as revision hooks see
    it: the order as it is now, and what it was before."""

    order: Order
    before: LinesBefore


@dataclass(frozen=True)
class SoldItem:
    """A line of a new order, with where its product sits in the catalog at the sale."""

    product_id: int
    category_id: int | None
    brand_id: int | None
    quantity: int
    line_total: Decimal


@dataclass(frozen=True)
class Placing:
    """A new order as the placement hooks see it, with its lines as sold and its supplier's timezone: the
    checkout holds both, so no hook reads them back."""

    order: Order
    actor: Principal
    items: tuple[SoldItem, ...]
    supplier_timezone: str


@dataclass(frozen=True)
class Amendment:
    """The supplier's staff changed an order's lines (改单), as amendment hooks see it: the order
    as it is now (status unchanged), and its total and lines before."""

    order: Order
    actor: Principal
    before: LinesBefore

    @property
    def previous_total(self) -> Decimal:
        return self.before.total


Hook = Callable[[Change], Awaitable[None]]
OrderHook = Callable[[Order, Principal], Awaitable[None]]
PlacementHook = Callable[[Placing], Awaitable[None]]
AmendmentHook = Callable[[Amendment], Awaitable[None]]
RevisionHook = Callable[[Revision], Awaitable[None]]
PlacementGuard = Callable[[Placement], Awaitable[None]]
ActionOffer = Callable[[Principal, list[Order]], Awaitable[dict[int, set[OrderAction]]]]


@dataclass
class _Registry:
    on_enter: dict[tuple[OrderTrack, str], list[Hook]] = field(default_factory=dict)
    on_placed: list[PlacementHook] = field(default_factory=list)
    on_edited: list[OrderHook] = field(default_factory=list)
    on_amended: list[AmendmentHook] = field(default_factory=list)
    on_revised: list[RevisionHook] = field(default_factory=list)
    placement_guards: list[PlacementGuard] = field(default_factory=list)
    offers: list[ActionOffer] = field(default_factory=list)
    installed: bool = False


_registry = _Registry()


def on_enter(track: OrderTrack, state: StrEnum, hook: Hook) -> None:
    """Run `hook` in the mover's transaction after an order enters `state` on `track`."""
    _registry.on_enter.setdefault((track, state.value), []).append(hook)


def on_placed(hook: PlacementHook) -> None:
    _registry.on_placed.append(hook)


def on_edited(hook: OrderHook) -> None:
    _registry.on_edited.append(hook)


def on_amended(hook: AmendmentHook) -> None:
    """Run `hook` in the supplier's edit transaction after its lines changed."""
    _registry.on_amended.append(hook)


def on_revised(hook: RevisionHook) -> None:
    """Run `hook` in an edit's transaction (the buyer's or the supplier's) after the order's lines
    were replaced, after the edit or amendment hooks."""
    _registry.on_revised.append(hook)


def guard_placement(check: PlacementGuard) -> None:
    _registry.placement_guards.append(check)


def offer_actions(offer: ActionOffer) -> None:
    """Add the actions a context owns (approve, ship, …) to what `available_actions` answers."""
    _registry.offers.append(offer)


def mark_installed() -> None:
    _registry.installed = True


def reset() -> None:
    """Forget every registration; for the wiring to install afresh."""
    global _registry
    _registry = _Registry()


def require_installed() -> None:
    if not _registry.installed:
        raise RuntimeError("The order process has no hooks; call app.wiring.install() at start-up.")


def allowed(track: OrderTrack, source: StrEnum, target: StrEnum) -> bool:
    return target.value in TRANSITIONS[track][source.value]


def stale_error(order: Order) -> UserInputError:
    return UserInputError.single(
        ("input", "orderId"), ErrorCode.INVALID_STATE, f"Order {order.number} changed meanwhile; reload it."
    )


def _refused(order: Order, track: OrderTrack, source: StrEnum, target: StrEnum) -> UserInputError:
    what = "it" if track is OrderTrack.STATUS else f"its {FIELD[track].replace('_', ' ')}"
    return UserInputError.single(
        ("input", "orderId"),
        ErrorCode.INVALID_STATE,
        f"Order {order.number} is {source.value}; {what} cannot become {target.value}.",
    )


async def move(order: Order, track: OrderTrack, target: StrEnum, actor: Principal, reason: str | None) -> None:
    """Moves one track of the order; call inside the change's transaction. A status move fails
    when somebody moved the order meanwhile (optimistic version); a derived track moves from the
    value the database holds."""
    require_installed()
    column = FIELD[track]
    source = getattr(order, column)
    if not allowed(track, source, target):
        raise _refused(order, track, source, target)
    change = Change(order, track, source, target, actor, reason)
    await _write(order, track, source, target)
    setattr(order, column, target)
    await _record(change)
    for hook in _registry.on_enter.get((track, target.value), ()):
        await hook(change)


async def _write(order: Order, track: OrderTrack, source: StrEnum, target: StrEnum) -> None:
    column = FIELD[track]
    now = utc_now()
    if track in DERIVED:
        moved = await Order.filter(id=order.id, **{column: source}).update(
            **{column: target}, version=F("version") + 1, updated_at=now
        )
        if not moved:
            raise stale_error(order)
        fresh = await Order.get(id=order.id).only("id", "version")
        order.version = fresh.version
        return
    moved = await Order.filter(id=order.id, version=order.version, **{column: source}).update(
        **{column: target}, version=order.version + 1, updated_at=now
    )
    if not moved:
        raise stale_error(order)
    order.version += 1
    if track is OrderTrack.STATUS:
        await counts.moved(order.customer_account_id, OrderStatus(source), OrderStatus(target))


async def _record(change: Change) -> None:
    order, track = change.order, change.track
    previous_status = OrderStatus(change.source) if track is OrderTrack.STATUS else order.status
    await OrderStatusChange.create(
        order=order,
        from_status=previous_status,
        to_status=order.status,
        track=track,
        from_value=change.source.value,
        to_value=change.target.value,
        user_id=change.actor.user_id,
        reason=change.reason,
    )
    details: dict = {"reason": change.reason}
    if track is OrderTrack.PAYMENT:
        details = {"payment_status": change.target.value, "previous_payment_status": change.source.value}
    elif track is OrderTrack.FULFILMENT:
        details = {"fulfilment_status": change.target.value, "previous_fulfilment_status": change.source.value}
    await record_event(order, EVENT[track], change.actor.user_id, previous_status, **details)


async def held_account(account_id: int) -> CustomerAccount:
    """The customer account's row, locked until the caller's transaction ends, so the checkouts and
    edits of one customer take turns: what one spends of the credit or the prepaid balance is committed
    before the next reads it. PostgreSQL reads and locks it in one statement (FOR NO KEY UPDATE, an
    UPDATE's strength: orders naming the account are still written meanwhile); SQLite serialises writing
    transactions, and a no-op UPDATE makes this one a writer before it reads. Lock order: see `hold_order`."""
    lock = locked_rows("a", keys_kept=True)
    if not lock:
        await fetch("UPDATE customer_accounts SET credit_limit = credit_limit WHERE id = $1", [account_id])
    [(account,)] = await fetch_models(
        f"SELECT {columns_of(CustomerAccount, 'a')} FROM customer_accounts a WHERE a.id = $1{lock}",
        [account_id],
        (CustomerAccount, "a"),
    )
    return account


async def hold_order(order_id: int) -> None:
    """Locks the order's row until the caller's transaction ends. Lock order across the project: a cart,
    the customer account, the order, then stock rows (inventory.hold_stock); a change that will write an
    existing order and stock takes the order first."""
    await Order.filter(id=order_id).select_for_update().only("id")


async def check_placement(placement: Placement) -> None:
    """Every placement guard (the credit and balance check), under `held_account`: call it
    inside the transaction that places or edits the order; the guards refuse by raising. They
    see the account as read under the lock (a credit limit changed meanwhile counts)."""
    require_installed()
    held = replace(placement, account=await held_account(placement.account.id))
    for check in _registry.placement_guards:
        await check(held)


async def open_order(**values) -> Order:
    """A new order in the process's first states; `placed` follows once its lines are written."""
    require_installed()
    order = Order(
        status=OrderStatus.PENDING_APPROVAL,
        payment_status=PaymentStatus.UNPAID,
        fulfilment_status=FulfilmentStatus.UNFULFILLED,
        **values,
    )
    await insert_all([order])
    await counts.opened(order.customer_account_id, order.status)
    return order


async def placed(placing: Placing) -> None:
    """The order, opened with a `numbering.provisional_number`, was created (PENDING_APPROVAL): history, its
    number, event, then the placement hooks (approval starts, and may approve it at once); the events they
    record go out with the placed one in one INSERT, and that INSERT with whatever else the hooks write soon
    (the rollups) in one statement (`db.writes_together`). Call inside the checkout's transaction, last."""
    require_installed()
    order, actor = placing.order, placing.actor
    # Written now, not soon: a history row of an approval at once must come after it.
    await insert_all(
        [
            OrderStatusChange(
                order=order, to_status=order.status, to_value=order.status.value, user_id=actor.user_id, reason="placed"
            )
        ]
    )
    async with writes_together():
        await _numbered(order)
        async with outbox.written_together():
            await record_event(order, events.OrderPlaced, actor.user_id, previous_status=None)
            for hook in _registry.on_placed:
                await hook(placing)


async def _numbered(order: Order) -> None:
    """The number's sequence row stays locked from here to commit: one supplier's checkouts take turns only for
    what follows, not for writing their lines, reserving their stock or their history."""
    order.number = await numbering.write_next_number(
        numbering.DocumentKind.ORDER, order.supplier_id, utc_now().year, "orders", order.id
    )


async def sold_lines(order_id: int) -> tuple[SoldLine, ...]:
    rows = await OrderLine.filter(order_id=order_id).order_by("id").values_list("variant_id", "quantity", "line_total")
    return tuple(SoldLine(*row) for row in rows)


async def lines_before(order: Order) -> LinesBefore:
    """What an edit is about to replace: read it in the edit's transaction, under the order's lock,
    before the lines change, and hand it to `edited` or `Amendment`."""
    return LinesBefore(order.total, await sold_lines(order.id))


async def edited(order: Order, actor: Principal, before: LinesBefore) -> None:
    """The order's lines changed (its version already bumped with them): history, event, then
    the edit hooks (approval starts again). Call inside the edit's transaction."""
    require_installed()
    await _record_lines_changed(order, actor.user_id, "edited")
    await record_event(order, events.OrderUpdated, actor.user_id, previous_status=order.status)
    for hook in _registry.on_edited:
        await hook(order, actor)
    await _revised(Revision(order, before))


async def _revised(revision: Revision) -> None:
    for hook in _registry.on_revised:
        await hook(revision)


async def amended(amendment: Amendment, reason: str | None) -> None:
    """The supplier's staff changed the order's lines (its version already bumped with them):
    history, event (the buyer hears of it), then the amendment hooks (approval starts again on a
    pending order; an order already charged is charged the difference). Call inside the edit's
    transaction."""
    require_installed()
    order = amendment.order
    await _record_lines_changed(
        order,
        amendment.actor.user_id,
        f"edited by the supplier: {reason}" if reason else "edited by the supplier",
    )
    await record_event(
        order,
        events.OrderUpdated,
        amendment.actor.user_id,
        previous_status=order.status,
        by_supplier=True,
        previous_total=str(amendment.previous_total),
        total=str(order.total),
    )
    for hook in _registry.on_amended:
        await hook(amendment)
    await _revised(Revision(order, amendment.before))


async def _record_lines_changed(order: Order, user_id: int | None, reason: str) -> None:
    """The history row of an edit: the status stays, the row says who changed the lines and why."""
    await OrderStatusChange.create(
        order=order,
        from_status=order.status,
        to_status=order.status,
        from_value=order.status.value,
        to_value=order.status.value,
        user_id=user_id,
        reason=reason,
    )


async def record_event(
    order: Order,
    kind: type[events.OrderEvent],
    actor_id: int | None,
    previous_status: OrderStatus | None,
    **details,
) -> None:
    """The outbox row of an order change; call it inside the change's transaction."""
    await outbox.record(
        kind(
            subject_id=order.id,
            supplier_id=order.supplier_id,
            buyer_id=order.buyer_id,
            customer_account_id=order.customer_account_id,
            actor_id=actor_id,
            order_id=order.id,
            number=order.number,
            status=order.status.value,
            previous_status=previous_status.value if previous_status else None,
            version=order.version,
            **details,
        )
    )


async def available_actions(principal: Principal, orders: list[Order]) -> dict[int, list[OrderAction]]:
    """What the caller may do to each order now, from every context that owns an action; a
    fixed number of queries per context whatever the number of orders."""
    found: dict[int, set[OrderAction]] = {order.id: set() for order in orders}
    if not orders or principal.is_app:
        return {pk: [] for pk in found}
    for offer in _registry.offers:
        for order_id, actions in (await offer(principal, orders)).items():
            found[order_id] |= actions
    return {pk: sorted(actions, key=list(OrderAction).index) for pk, actions in found.items()}
