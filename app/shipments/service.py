"""Shipments (发货), receipt confirmation (收货确认) and the quantities the statement shows.

A shipment consumes the reservations its order holds in the shipment's warehouse: a warehouse
that does not hold enough of the order's reservation is refused (the stock is not moved between
warehouses behind the staff's back); with no warehouse given, the one holding the reservation of
every line shipped is taken. Cancelling a shipment puts its units back on hand and
reserved for the order again. The order's status and fulfilment status follow what remains to
ship and to receive; every change writes its outbox event in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from tortoise.expressions import F, Q, Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import numbering, outbox
from app.accounts.models import ChargeMoment, CustomerAccount, Organization, Role
from app.accounts.permissions import (
    Principal,
    Scope,
    customer_account_scope,
    require_authenticated,
    require_supplier_role,
)
from app.clock import utc_now
from app.errors import ErrorCode, FieldError, PermissionDenied, UserInputError
from app.inventory import service as inventory
from app.inventory.models import Warehouse
from app.ledger import service as ledger
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.money import round_money
from app.orders import process
from app.orders.models import FulfilmentStatus, Order, OrderLine, OrderStatus, OrderTrack
from app.orders.process import OrderAction
from app.shipments import events
from app.shipments.models import (
    Shipment,
    ShipmentLine,
    ShipmentStatus,
    TrackingEvent,
)
from app.tenancy import own
from app.validation import MAX_QUANTITY, Checker

SHIPPERS = frozenset({Role.ADMIN, Role.WAREHOUSE})
RECEIVERS = frozenset({Role.ADMIN, Role.PURCHASER, Role.RECEIVER})
SHIPPABLE = frozenset({OrderStatus.APPROVED, OrderStatus.PARTIALLY_SHIPPED})
ACTIVE = (ShipmentStatus.SHIPPED, ShipmentStatus.RECEIVED)
MAX_LINES = 500
SYSTEM = Principal(kind="system")
"""Who acts when the platform confirms a receipt by itself."""


@dataclass(frozen=True)
class ShipLine:
    order_line_id: int
    quantity: int


@dataclass(frozen=True)
class ShipmentInput:
    order_id: int
    lines: tuple[ShipLine, ...]
    warehouse_id: int | None = None
    """None: the one warehouse holding the reservation of every line shipped."""
    carrier: str | None = None
    tracking_number: str | None = None
    shipped_at: datetime | None = None


@dataclass(frozen=True)
class ReceivedLine:
    shipment_line_id: int
    received_quantity: int
    difference_reason: str | None = None


def visible_shipments(principal: Principal) -> QuerySet[Shipment]:
    """Shipments of the customer accounts the caller may see, exactly like orders."""
    scope = customer_account_scope(principal)
    if scope is None:
        return Shipment.filter(id__in=[])
    return Shipment.filter(customer_account_id__in=Subquery(CustomerAccount.filter(scope).values("id")))


def visible_warehouses(principal: Principal) -> QuerySet[Warehouse]:
    """The supplier's own warehouses for its staff, and the warehouses that shipped to the caller."""
    shipped_from = Q(id__in=Subquery(visible_shipments(principal).values("warehouse_id")))
    if principal.is_authenticated and principal.can_sell and principal.organization_id is not None:
        return Warehouse.filter(Q(supplier_id=principal.organization_id) | shipped_from)
    return Warehouse.filter(shipped_from)


def _not_found() -> UserInputError:
    return UserInputError.single(("input", "shipmentId"), ErrorCode.NOT_FOUND, "No such shipment.")


async def _active_lines(order_id: int) -> list[tuple[int, int, Decimal]]:
    """(order line, units, value) of every shipment of the order that was not cancelled."""
    return await ShipmentLine.filter(order_line__order_id=order_id, shipment__status__in=ACTIVE).values_list(
        "order_line_id", "quantity", "amount"
    )


def _check_ship_input(data: ShipmentInput) -> dict:
    checker = Checker()
    values = {
        "carrier": checker.text("carrier", data.carrier, max_length=100),
        "tracking_number": checker.text("trackingNumber", data.tracking_number, max_length=100),
    }
    if not data.lines:
        checker.add("lines", ErrorCode.REQUIRED, "A shipment has at least one line.")
    elif len(data.lines) > MAX_LINES:
        checker.add("lines", ErrorCode.OUT_OF_RANGE, f"At most {MAX_LINES} lines.")
    seen: set[int] = set()
    for index, line in enumerate(data.lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            checker.add(f"lines.{index}.quantity", ErrorCode.OUT_OF_RANGE, "quantity must be at least 1.")
        if line.order_line_id in seen:
            checker.add(f"lines.{index}.orderLineId", ErrorCode.DUPLICATE, "This order line is listed twice.")
        seen.add(line.order_line_id)
    if data.shipped_at is not None and data.shipped_at > utc_now() + timedelta(minutes=5):
        checker.add("shippedAt", ErrorCode.OUT_OF_RANGE, "The shipped date is in the future.")
    checker.raise_if_any()
    return values


def _line_values(
    order_lines: dict[int, OrderLine], wanted: tuple[ShipLine, ...], active: list[tuple[int, int, Decimal]]
) -> dict[int, Decimal]:
    """The value of each line's units at the order's prices, rounded half-up; the shipment that
    completes a line takes what the earlier ones left, so a line's shipments sum to its total."""
    shipped: dict[int, int] = {}
    charged: dict[int, Decimal] = {}
    for line_id, units, amount in active:
        shipped[line_id] = shipped.get(line_id, 0) + units
        charged[line_id] = charged.get(line_id, Decimal(0)) + Decimal(amount)
    values = {}
    for want in wanted:
        line = order_lines[want.order_line_id]
        if shipped.get(line.id, 0) + want.quantity == line.quantity:
            values[line.id] = line.line_total - charged.get(line.id, Decimal(0))
        else:
            values[line.id] = round_money(line.line_total * want.quantity / line.quantity)
    return values


def _check_quantities(
    order_lines: dict[int, OrderLine], wanted: tuple[ShipLine, ...], active: list[tuple[int, int, Decimal]]
) -> None:
    shipped: dict[int, int] = {}
    for line_id, units, _ in active:
        shipped[line_id] = shipped.get(line_id, 0) + units
    errors = []
    for index, want in enumerate(wanted):
        line = order_lines.get(want.order_line_id)
        path = ("input", "lines", str(index))
        if line is None:
            errors.append(FieldError((*path, "orderLineId"), ErrorCode.NOT_FOUND, "No such line on this order."))
            continue
        left = line.quantity - shipped.get(line.id, 0)
        if want.quantity > left:
            errors.append(
                FieldError(
                    (*path, "quantity"),
                    ErrorCode.EXCEEDS_ORDERED,
                    f"{line.sku}: {line.quantity} ordered, {line.quantity - left} shipped already, "
                    f"{left} left to ship; cannot ship {want.quantity}.",
                )
            )
    if errors:
        raise UserInputError(errors)


async def _reserving_warehouse(wanted: tuple[ShipLine, ...]) -> Warehouse:
    """The warehouse (lowest id first) whose reservations cover every line of the shipment."""
    held = await inventory.held_by_warehouse([w.order_line_id for w in wanted])
    for warehouse_id in sorted(held):
        if all(held[warehouse_id].get(w.order_line_id, 0) >= w.quantity for w in wanted):
            return await Warehouse.get(id=warehouse_id)
    raise UserInputError.single(
        ("input", "warehouseId"),
        ErrorCode.REQUIRED,
        "No single warehouse holds the reservation of all these lines; choose the warehouse to ship from.",
    )


async def create(principal: Principal, data: ShipmentInput) -> Shipment:
    """Ships some or all of what an approved order has left to ship (分批发货)."""
    require_supplier_role(principal, SHIPPERS)
    values = _check_ship_input(data)
    supplier_id = principal.require_organization_id()
    warehouse = None
    if data.warehouse_id is not None:
        warehouse = await own(Warehouse, data.warehouse_id, supplier_id, "warehouseId", "warehouse")
    if not await Order.exists(id=data.order_id, supplier_id=supplier_id):
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    shipped_at = data.shipped_at or utc_now()
    async with in_transaction():
        await process.hold_order(data.order_id)
        order = await Order.get(id=data.order_id)
        if order.status not in SHIPPABLE:
            raise UserInputError.single(
                ("input", "orderId"),
                ErrorCode.INVALID_STATE,
                f"Order {order.number} is {order.status.value}; only an approved order can be shipped.",
            )
        order_lines = {line.id: line for line in await OrderLine.filter(order_id=order.id)}
        active = await _active_lines(order.id)
        _check_quantities(order_lines, data.lines, active)
        warehouse = warehouse or await _reserving_warehouse(data.lines)
        line_values = _line_values(order_lines, data.lines, active)
        shipment = await Shipment.create(
            number=await numbering.next_number(numbering.DocumentKind.SHIPMENT, supplier_id, shipped_at.year),
            order_id=order.id,
            supplier_id=supplier_id,
            customer_account_id=order.customer_account_id,
            warehouse_id=warehouse.id,
            shipped_at=shipped_at,
            created_by_id=principal.user_id,
            **values,
        )
        await _write_lines(shipment, warehouse, order_lines, data.lines, line_values)
        await _follow(principal, order, f"shipment {shipment.number}")
        amount = sum(line_values.values(), Decimal(0))
        await _charge(order, shipment, amount, principal.user_id)
        await _event(events.ShipmentCreated, shipment, order, principal.user_id, amount=str(amount))
    return shipment


async def _write_lines(
    shipment: Shipment,
    warehouse: Warehouse,
    order_lines: dict[int, OrderLine],
    wanted: tuple[ShipLine, ...],
    line_values: dict[int, Decimal],
) -> None:
    """The shipment's lines, each taking its units off the order's reservation in the warehouse."""
    await inventory.hold_stock(order_lines[want.order_line_id].variant_id for want in wanted)
    shortages = []
    for index, want in enumerate(wanted):
        line = order_lines[want.order_line_id]
        await ShipmentLine.create(
            shipment=shipment, order_line_id=line.id, quantity=want.quantity, amount=line_values[line.id]
        )
        if not await inventory.consume(
            line.id, line.variant_id, warehouse.id, want.quantity, f"shipment {shipment.number}"
        ):
            shortages.append(
                FieldError(
                    ("input", "lines", str(index), "quantity"),
                    ErrorCode.INSUFFICIENT_STOCK,
                    f"{line.sku}: warehouse {warehouse.code} does not hold {want.quantity} units reserved "
                    f"for this order; ship from the warehouse holding the reservation.",
                )
            )
    if shortages:
        raise UserInputError(shortages)


async def _charge(order: Order, shipment: Shipment, amount: Decimal, user_id: int | None) -> None:
    """Charges the shipped value when the supplier charges orders on shipment."""
    moment = await Organization.filter(id=order.supplier_id).first().values_list("charge_orders_on", flat=True)
    if moment != ChargeMoment.SHIPMENT or amount == 0:
        return
    await ledger.post_entry(
        order.customer_account_id,
        LedgerEntryKind.ORDER_CHARGE,
        amount,
        order.currency,
        order_id=order.id,
        document=("Shipment", shipment.id, shipment.number),
        note=f"order {order.number} shipped",
        user_id=user_id,
    )


async def _event(
    kind: type[events.ShipmentEvent], shipment: Shipment, order: Order, actor_id: int | None, **details
) -> None:
    await outbox.record(
        kind(
            subject_id=shipment.id,
            supplier_id=shipment.supplier_id,
            buyer_id=order.buyer_id,
            customer_account_id=shipment.customer_account_id,
            actor_id=actor_id,
            shipment_id=shipment.id,
            number=shipment.number,
            order_id=order.id,
            order_number=order.number,
            **details,
        )
    )


def _fulfilment(ordered: int, shipped: int) -> FulfilmentStatus:
    if shipped == 0:
        return FulfilmentStatus.UNFULFILLED
    return FulfilmentStatus.FULFILLED if shipped >= ordered else FulfilmentStatus.PARTIALLY_FULFILLED


async def _follow(principal: Principal, order: Order, reason: str) -> None:
    """Moves the order's status and fulfilment status to what its shipments now say."""
    # tortoise types values_list(flat=True) as a list of tuples; flat=True gives the values themselves.
    quantities: list[int] = await OrderLine.filter(order_id=order.id).values_list("quantity", flat=True)  # type: ignore[assignment]
    ordered = sum(quantities)
    shipped = sum(units for _, units, _ in await _active_lines(order.id))
    fulfilment = _fulfilment(ordered, shipped)
    target = {
        FulfilmentStatus.UNFULFILLED: OrderStatus.APPROVED,
        FulfilmentStatus.PARTIALLY_FULFILLED: OrderStatus.PARTIALLY_SHIPPED,
        FulfilmentStatus.FULFILLED: OrderStatus.SHIPPED,
    }[fulfilment]
    if target is not order.status:
        await process.move(order, OrderTrack.STATUS, target, principal, reason)
    if fulfilment is not order.fulfilment_status:
        await process.move(order, OrderTrack.FULFILMENT, fulfilment, principal, reason)


async def cancel(principal: Principal, shipment_id: int, reason: str | None) -> Shipment:
    """A shipment the buyer has not received yet is called back: stock and charge are undone."""
    require_supplier_role(principal, SHIPPERS)
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500)
    checker.raise_if_any()
    async with in_transaction():
        shipment = await own(Shipment, shipment_id, principal.require_organization_id(), "shipmentId", "shipment")
        moved = await Shipment.filter(id=shipment.id, status=ShipmentStatus.SHIPPED).update(
            status=ShipmentStatus.CANCELLED, version=F("version") + 1
        )
        if not moved:
            raise UserInputError.single(
                ("input", "shipmentId"),
                ErrorCode.INVALID_STATE,
                f"Shipment {shipment.number} is {shipment.status.value}; only one not yet received can be cancelled.",
            )
        label = f"shipment {shipment.number} cancelled"
        for line in await ShipmentLine.filter(shipment_id=shipment.id).select_related("order_line"):
            await inventory.restore(
                line.order_line_id, line.order_line.variant_id, shipment.warehouse_id, line.quantity, label
            )
        order = await Order.get(id=shipment.order_id)
        await _follow(principal, order, reason or label)
        await _reverse_charge(order, shipment, principal.user_id)
        await _event(events.ShipmentCancelled, shipment, order, principal.user_id, reason=reason)
    return await Shipment.get(id=shipment.id)


async def _reverse_charge(order: Order, shipment: Shipment, user_id: int | None) -> None:
    charged = await LedgerEntry.filter(
        document_type="Shipment", document_id=shipment.id, kind=LedgerEntryKind.ORDER_CHARGE
    ).values_list("amount", flat=True)
    total = sum((Decimal(a) for a in charged), Decimal(0))
    if total == 0:
        return
    await ledger.post_entry(
        order.customer_account_id,
        LedgerEntryKind.ORDER_CHARGE,
        -total,
        order.currency,
        order_id=order.id,
        document=("Shipment", shipment.id, shipment.number),
        note=f"shipment {shipment.number} cancelled",
        user_id=user_id,
    )


def _check_receipt(lines: list[ShipmentLine], counts: tuple[ReceivedLine, ...]) -> dict[int, ReceivedLine]:
    by_id = {line.id: line for line in lines}
    checker = Checker()
    given: dict[int, ReceivedLine] = {}
    for index, count in enumerate(counts):
        line = by_id.get(count.shipment_line_id)
        prefix = f"lines.{index}"
        checker.text(f"{prefix}.differenceReason", count.difference_reason, max_length=300)
        if line is None:
            checker.add(f"{prefix}.shipmentLineId", ErrorCode.NOT_FOUND, "No such line on this shipment.")
        elif count.shipment_line_id in given:
            checker.add(f"{prefix}.shipmentLineId", ErrorCode.DUPLICATE, "This line is listed twice.")
        elif count.received_quantity < 0:
            checker.add(f"{prefix}.receivedQuantity", ErrorCode.OUT_OF_RANGE, "receivedQuantity must be 0 or more.")
        elif count.received_quantity > line.quantity:
            checker.add(
                f"{prefix}.receivedQuantity",
                ErrorCode.EXCEEDS_SHIPPED,
                f"Only {line.quantity} units were shipped on this line; {count.received_quantity} cannot have arrived.",
            )
        given[count.shipment_line_id] = count
    checker.raise_if_any()
    return given


async def confirm_receipt(
    principal: Principal, shipment_id: int, counts: tuple[ReceivedLine, ...], note: str | None
) -> Shipment:
    """The buyer counts what arrived; lines not listed arrived in full. Differences are kept."""
    require_authenticated(principal)
    if principal.is_app or not principal.can_buy or not principal.roles & RECEIVERS:
        raise PermissionDenied()
    checker = Checker()
    note = checker.text("note", note, max_length=1000)
    checker.raise_if_any()
    shipment = (
        await visible_shipments(principal)
        .filter(id=shipment_id, customer_account__buyer_id=principal.organization_id)
        .first()
    )
    if shipment is None:
        raise _not_found()
    async with in_transaction():
        await _receive(principal, shipment, counts, note)
    return await Shipment.get(id=shipment.id)


async def _receive(
    principal: Principal, shipment: Shipment, counts: tuple[ReceivedLine, ...], note: str | None
) -> None:
    lines = await ShipmentLine.filter(shipment_id=shipment.id).order_by("id")
    given = _check_receipt(lines, counts)
    moved = await Shipment.filter(id=shipment.id, status=ShipmentStatus.SHIPPED).update(
        status=ShipmentStatus.RECEIVED,
        received_at=utc_now(),
        receipt_note=note,
        received_by_id=principal.user_id,
        version=F("version") + 1,
    )
    if not moved:
        raise UserInputError.single(
            ("input", "shipmentId"),
            ErrorCode.INVALID_STATE,
            f"Shipment {shipment.number} is {shipment.status.value}; only a shipment on its way can be received.",
        )
    differences = []
    for line in lines:
        count = given.get(line.id)
        received = line.quantity if count is None else count.received_quantity
        reason = None
        if count is not None and received < line.quantity:
            reason = (count.difference_reason or "").strip() or "short"
            differences.append(
                {"shipmentLineId": line.id, "shipped": line.quantity, "received": received, "reason": reason}
            )
        await ShipmentLine.filter(id=line.id).update(received_quantity=received, difference_reason=reason)
    order = await Order.get(id=shipment.order_id)
    unreceived = await Shipment.filter(order_id=order.id, status=ShipmentStatus.SHIPPED).exists()
    if order.status is OrderStatus.SHIPPED and not unreceived:
        await process.move(order, OrderTrack.STATUS, OrderStatus.COMPLETED, principal, "all shipments received")
    await _event(events.ShipmentReceived, shipment, order, principal.user_id, differences=differences)


async def auto_confirm_receipts(now: datetime | None = None) -> int:
    """Takes as received in full every shipment older than its supplier's auto_confirm_receipt_days
    that the buyer has not confirmed; answers how many were confirmed."""
    now = now or utc_now()
    confirmed = 0
    settings = await Organization.filter(can_sell=True, auto_confirm_receipt_days__isnull=False).values_list(
        "id", "auto_confirm_receipt_days"
    )
    for supplier_id, days in settings:
        due = await Shipment.filter(
            supplier_id=supplier_id, status=ShipmentStatus.SHIPPED, shipped_at__lte=now - timedelta(days=days)
        ).order_by("id")
        for shipment in due:
            try:
                async with in_transaction():
                    await _receive(SYSTEM, shipment, (), f"confirmed automatically after {days} days")
            except UserInputError:
                continue  # the buyer confirmed or the supplier cancelled it meanwhile
            confirmed += 1
    return confirmed


async def add_tracking_event(
    principal: Principal, shipment_id: int, description: str | None, location: str | None, occurred_at: datetime | None
) -> TrackingEvent:
    """By warehouse staff or an app holding the shipments:write scope."""
    require_authenticated(principal)
    if principal.is_app:
        if not principal.can_sell or Scope.SHIPMENTS_WRITE not in principal.scopes:
            raise PermissionDenied()
    else:
        require_supplier_role(principal, SHIPPERS)
    checker = Checker()
    description = checker.text("description", description, max_length=300, required=True)
    location = checker.text("location", location, max_length=200)
    checker.raise_if_any()
    shipment = await own(Shipment, shipment_id, principal.require_organization_id(), "shipmentId", "shipment")
    if shipment.status is ShipmentStatus.CANCELLED:
        raise UserInputError.single(
            ("input", "shipmentId"), ErrorCode.INVALID_STATE, f"Shipment {shipment.number} was cancelled."
        )
    async with in_transaction():
        event = await TrackingEvent.create(
            shipment=shipment,
            occurred_at=occurred_at or utc_now(),
            description=description,
            location=location,
            created_by_id=principal.user_id,
        )
        order = await Order.get(id=shipment.order_id)
        await _event(
            events.ShipmentTrackingAdded,
            shipment,
            order,
            principal.user_id,
            tracking_event_id=event.id,
            description=description,
        )
    return event


@dataclass(frozen=True)
class ShipmentFilter:
    order_id: int | None = None
    statuses: tuple[ShipmentStatus, ...] = ()
    warehouse_id: int | None = None


def filter_shipments(query: QuerySet[Shipment], wanted: ShipmentFilter) -> QuerySet[Shipment]:
    if wanted.order_id is not None:
        query = query.filter(order_id=wanted.order_id)
    if wanted.statuses:
        query = query.filter(status__in=wanted.statuses)
    if wanted.warehouse_id is not None:
        query = query.filter(warehouse_id=wanted.warehouse_id)
    return query


async def _offer_shipping_actions(principal: Principal, orders_: list[Order]) -> dict[int, set[OrderAction]]:
    """SHIP for the supplier's shippers while something is left to ship; CONFIRM_RECEIPT for the
    buyer's receivers while a shipment is on its way."""
    offered: dict[int, set[OrderAction]] = {}
    if principal.can_sell and principal.roles & SHIPPERS:
        for order in orders_:
            if order.supplier_id == principal.organization_id and order.status in SHIPPABLE:
                offered.setdefault(order.id, set()).add(OrderAction.SHIP)
    bought = [o.id for o in orders_ if o.buyer_id == principal.organization_id]
    if bought and principal.can_buy and principal.roles & RECEIVERS:
        # tortoise types values_list(flat=True) as a list of tuples; flat=True gives the values themselves.
        on_the_way: list[int] = await Shipment.filter(  # type: ignore[assignment]
            order_id__in=bought, status=ShipmentStatus.SHIPPED
        ).values_list("order_id", flat=True)
        for order_id in set(on_the_way):
            offered.setdefault(order_id, set()).add(OrderAction.CONFIRM_RECEIPT)
    return offered


def install() -> None:
    """Fulfilment's buttons on an order."""
    process.offer_actions(_offer_shipping_actions)
