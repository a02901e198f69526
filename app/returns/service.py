"""Returns (退货): the buyer asks to send back units it received, the supplier approves or
rejects, the warehouse receives them back into stock and the value is credited once.

The refund is one RETURN_CREDIT entry (negative: it lowers what the buyer owes). The ledger is
one signed account per customer, so a credit against receivables and a credit to the prepaid
balance are the same entry; `refund_method` records which one the buyer asked for.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlsplit

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import numbering, outbox
from app.accounts.models import CustomerAccount, Role
from app.accounts.permissions import (
    Principal,
    customer_account_scope,
    require_authenticated,
    require_supplier_role,
)
from app.clock import utc_now
from app.errors import ErrorCode, PermissionDenied, UserInputError
from app.inventory import service as inventory
from app.inventory.models import Warehouse
from app.ledger import service as ledger
from app.ledger.models import LedgerEntryKind
from app.money import round_money
from app.orders import process
from app.orders.models import Order
from app.orders.process import OrderAction
from app.returns import events
from app.returns.models import (
    RefundMethod,
    Return,
    ReturnLine,
    ReturnStatus,
    ReturnStatusChange,
)
from app.shipments.models import ShipmentLine, ShipmentStatus
from app.tenancy import own
from app.validation import MAX_QUANTITY, Checker

REQUESTERS = frozenset({Role.ADMIN, Role.PURCHASER})
DECIDERS = frozenset({Role.ADMIN, Role.SERVICE})
RECEIVERS = frozenset({Role.ADMIN, Role.WAREHOUSE})
MAX_PHOTOS = 9
OPEN = (ReturnStatus.REQUESTED, ReturnStatus.APPROVED, ReturnStatus.RECEIVED, ReturnStatus.REFUNDED)
"""Statuses whose units count against what may still be returned (all but REJECTED)."""


@dataclass(frozen=True)
class ReturnLineInput:
    shipment_line_id: int
    quantity: int


@dataclass(frozen=True)
class ReturnInput:
    order_id: int
    lines: tuple[ReturnLineInput, ...]
    reason: str | None
    photos: tuple[str, ...] = ()
    refund_method: RefundMethod = RefundMethod.CREDIT


def visible_returns(principal: Principal) -> QuerySet[Return]:
    scope = customer_account_scope(principal)
    if scope is None:
        return Return.filter(id__in=[])
    return Return.filter(customer_account_id__in=Subquery(CustomerAccount.filter(scope).values("id")))


def _check_request(data: ReturnInput) -> str | None:
    checker = Checker()
    reason = checker.text("reason", data.reason, max_length=1000, required=True)
    if not data.lines:
        checker.add("lines", ErrorCode.REQUIRED, "A return has at least one line.")
    seen: set[int] = set()
    for index, line in enumerate(data.lines):
        if not 1 <= line.quantity <= MAX_QUANTITY:
            checker.add(f"lines.{index}.quantity", ErrorCode.OUT_OF_RANGE, "quantity must be at least 1.")
        if line.shipment_line_id in seen:
            checker.add(f"lines.{index}.shipmentLineId", ErrorCode.DUPLICATE, "This line is listed twice.")
        seen.add(line.shipment_line_id)
    if len(data.photos) > MAX_PHOTOS:
        checker.add("photos", ErrorCode.OUT_OF_RANGE, f"At most {MAX_PHOTOS} photos.")
    for index, url in enumerate(data.photos):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or len(url) > 500:
            checker.add(f"photos.{index}", ErrorCode.INVALID, "A photo is an http(s) URL of at most 500 characters.")
    checker.raise_if_any()
    return reason


async def _returnable(shipment_line_ids: list[int]) -> dict[int, int]:
    """Units already asked back per shipment line, by returns not rejected."""
    taken: dict[int, int] = {}
    for line_id, quantity in await ReturnLine.filter(
        shipment_line_id__in=shipment_line_ids, return_request__status__in=OPEN
    ).values_list("shipment_line_id", "quantity"):
        taken[line_id] = taken.get(line_id, 0) + quantity
    return taken


def _check_returnable(
    wanted: tuple[ReturnLineInput, ...], shipment_lines: dict[int, ShipmentLine], taken: dict[int, int]
) -> None:
    """Only received units, less those already asked back, can be returned."""
    checker = Checker()
    for index, want in enumerate(wanted):
        line = shipment_lines.get(want.shipment_line_id)
        if line is None:
            checker.add(f"lines.{index}.shipmentLineId", ErrorCode.NOT_FOUND, "No such shipment line on this order.")
        elif line.shipment.status is not ShipmentStatus.RECEIVED:
            checker.add(
                f"lines.{index}.shipmentLineId",
                ErrorCode.INVALID_STATE,
                f"Shipment {line.shipment.number} has not been received; confirm its receipt first.",
            )
        else:
            received, asked = line.received_quantity or 0, taken.get(line.id, 0)
            if want.quantity > received - asked:
                checker.add(
                    f"lines.{index}.quantity",
                    ErrorCode.EXCEEDS_RECEIVED,
                    f"{line.order_line.sku}: {received} received, {asked} returned or asked back already, "
                    f"{received - asked} can be returned; not {want.quantity}.",
                )
    checker.raise_if_any()


async def request(principal: Principal, data: ReturnInput) -> Return:
    """On units the buyer received (not on units still on the way or found missing)."""
    require_authenticated(principal)
    if principal.is_app or not principal.can_buy or not principal.roles & REQUESTERS:
        raise PermissionDenied()
    reason = _check_request(data)
    order = await Order.get_or_none(id=data.order_id, buyer_id=principal.organization_id)
    if order is None:
        raise UserInputError.single(("input", "orderId"), ErrorCode.NOT_FOUND, "No such order.")
    async with in_transaction():
        shipment_lines = {
            line.id: line
            for line in await ShipmentLine.filter(
                id__in=[line.shipment_line_id for line in data.lines], shipment__order_id=order.id
            )
            .select_related("shipment", "order_line")
            .select_for_update(of=("shipment_lines",))  # concurrent requests on a line queue on PostgreSQL
        }
        _check_returnable(data.lines, shipment_lines, await _returnable(list(shipment_lines)))
        amounts = {
            want.shipment_line_id: round_money(
                shipment_lines[want.shipment_line_id].order_line.line_total
                * want.quantity
                / shipment_lines[want.shipment_line_id].order_line.quantity
            )
            for want in data.lines
        }
        created = await Return.create(
            number=await numbering.next_number(numbering.DocumentKind.RETURN, order.supplier_id, utc_now().year),
            order_id=order.id,
            supplier_id=order.supplier_id,
            customer_account_id=order.customer_account_id,
            reason=reason,
            photos=list(data.photos),
            refund_method=data.refund_method,
            amount=sum(amounts.values(), Decimal(0)),
            currency=order.currency,
            requested_by_id=principal.user_id,
        )
        await ReturnLine.bulk_create(
            [
                ReturnLine(
                    return_request=created,
                    shipment_line_id=want.shipment_line_id,
                    order_line_id=shipment_lines[want.shipment_line_id].order_line_id,
                    quantity=want.quantity,
                    amount=amounts[want.shipment_line_id],
                )
                for want in data.lines
            ]
        )
        await ReturnStatusChange.create(
            return_request=created, to_status=created.status, user_id=principal.user_id, reason=reason
        )
        await _event(events.ReturnRequested, created, order, principal.user_id)
    return created


async def _event(kind: type[events.ReturnEvent], item: Return, order: Order, actor_id: int | None, **details) -> None:
    await outbox.record(
        kind(
            subject_id=item.id,
            supplier_id=item.supplier_id,
            buyer_id=order.buyer_id,
            customer_account_id=item.customer_account_id,
            actor_id=actor_id,
            return_id=item.id,
            number=item.number,
            order_id=order.id,
            order_number=order.number,
            status=item.status.value,
            **details,
        )
    )


async def _move(
    principal: Principal,
    item: Return,
    to: ReturnStatus,
    allowed: ReturnStatus,
    reason: str | None,
    kind: type[events.ReturnEvent],
    **changes,
) -> None:
    """The one way a return's status changes: only from `allowed`, once, with its history and event."""
    moved = await Return.filter(id=item.id, status=allowed, version=item.version).update(
        status=to, version=item.version + 1, **changes
    )
    if not moved:
        raise UserInputError.single(
            ("input", "returnId"),
            ErrorCode.INVALID_STATE,
            f"Return {item.number} is {item.status.value}; it cannot become {to.value}.",
        )
    await ReturnStatusChange.create(
        return_request=item, from_status=item.status, to_status=to, user_id=principal.user_id, reason=reason
    )
    item.status, item.version = to, item.version + 1
    await _event(kind, item, await Order.get(id=item.order_id), principal.user_id, reason=reason)


async def _own_return(principal: Principal, return_id: int) -> Return:
    return await own(Return, return_id, principal.require_organization_id(), "returnId", "return")


async def approve(principal: Principal, return_id: int, comment: str | None) -> Return:
    require_supplier_role(principal, DECIDERS)
    checker = Checker()
    comment = checker.text("comment", comment, max_length=1000)
    checker.raise_if_any()
    async with in_transaction():
        item = await _own_return(principal, return_id)
        await _move(principal, item, ReturnStatus.APPROVED, ReturnStatus.REQUESTED, comment, events.ReturnApproved)
    return item


async def reject(principal: Principal, return_id: int, reason: str | None) -> Return:
    require_supplier_role(principal, DECIDERS)
    checker = Checker()
    reason = checker.text("reason", reason, max_length=1000, required=True)
    checker.raise_if_any()
    async with in_transaction():
        item = await _own_return(principal, return_id)
        await _move(principal, item, ReturnStatus.REJECTED, ReturnStatus.REQUESTED, reason, events.ReturnRejected)
    return item


async def receive(principal: Principal, return_id: int, warehouse_id: int) -> Return:
    """The goods are back: restocked on hand in the chosen warehouse, and the value credited once."""
    require_supplier_role(principal, RECEIVERS)
    warehouse = await own(Warehouse, warehouse_id, principal.require_organization_id(), "warehouseId", "warehouse")
    async with in_transaction():
        item = await _own_return(principal, return_id)
        await _move(
            principal,
            item,
            ReturnStatus.RECEIVED,
            ReturnStatus.APPROVED,
            f"received into {warehouse.code}",
            events.ReturnReceived,
            warehouse_id=warehouse.id,
        )
        for line in await ReturnLine.filter(return_request_id=item.id).select_related("order_line"):
            await inventory.restock(
                line.order_line.variant_id, warehouse.id, line.quantity, f"return {item.number}", principal.user_id
            )
        await _refund(principal, item)
    return item


async def _refund(principal: Principal, item: Return) -> None:
    """RECEIVED → REFUNDED happens once (a conditional UPDATE), so the credit is posted once."""
    note = {RefundMethod.CREDIT: "credit against receivables", RefundMethod.BALANCE: "credited to prepaid balance"}[
        item.refund_method
    ]
    await _move(
        principal,
        item,
        ReturnStatus.REFUNDED,
        ReturnStatus.RECEIVED,
        note,
        events.ReturnRefunded,
        refunded_at=utc_now(),
    )
    if item.amount == 0:
        return
    order = await Order.get(id=item.order_id)
    await ledger.post_entry(
        item.customer_account_id,
        LedgerEntryKind.RETURN_CREDIT,
        -item.amount,
        item.currency,
        order_id=order.id,
        document=("Return", item.id, item.number),
        note=f"return {item.number}: {note}",
        user_id=principal.user_id,
    )


@dataclass(frozen=True)
class ReturnFilter:
    order_id: int | None = None
    statuses: tuple[ReturnStatus, ...] = ()


def filter_returns(query: QuerySet[Return], wanted: ReturnFilter) -> QuerySet[Return]:
    if wanted.order_id is not None:
        query = query.filter(order_id=wanted.order_id)
    if wanted.statuses:
        query = query.filter(status__in=wanted.statuses)
    return query


async def _offer_return(principal: Principal, orders_: list[Order]) -> dict[int, set[OrderAction]]:
    """REQUEST_RETURN for the buyer's requesters on orders with units received."""
    bought = [o.id for o in orders_ if o.buyer_id == principal.organization_id]
    if not bought or not principal.can_buy or not principal.roles & REQUESTERS:
        return {}
    # tortoise types values_list(flat=True) as a list of tuples; flat=True gives the values themselves.
    received: list[int] = await ShipmentLine.filter(  # type: ignore[assignment]
        shipment__order_id__in=bought, shipment__status=ShipmentStatus.RECEIVED, received_quantity__gt=0
    ).values_list("shipment__order_id", flat=True)
    return {order_id: {OrderAction.REQUEST_RETURN} for order_id in set(received)}


def install() -> None:
    """Returns' button on an order."""
    process.offer_actions(_offer_return)
