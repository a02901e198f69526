"""Stock: the only writer of stock rows, reservations and the movement log.

On hand and reserved units are kept per variant and warehouse; available = on hand − reserved.
Placing an order reserves, cancelling or rejecting it releases, a shipment consumes (and its
cancellation restores), a received return restocks, and staff adjust with a reason. Every change
that can take units away is one conditional UPDATE, so stock never goes negative under
concurrency on SQLite or PostgreSQL, and every change writes its movement row.

A change that takes a stock row's available units down to its low-stock threshold writes a
`stock.low` event in the same transaction, once per crossing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Sum
from tortoise.queryset import ValuesQuery
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import Role
from app.accounts.permissions import Principal, require_supplier_role
from app.catalog.models import Variant
from app.db import columns_of, fetch, fetch_with_related, insert_all, locked_rows, marks
from app.errors import ErrorCode, UserInputError
from app.inventory.events import StockLow
from app.inventory.models import Stock, StockMovement, StockMovementKind, StockReservation, Warehouse
from app.read_versions import Change, announce
from app.tabular import RowProblem
from app.tenancy import own
from app.validation import MAX_QUANTITY, Checker

WAREHOUSE_MANAGERS = frozenset({Role.ADMIN})
STOCK_KEEPERS = frozenset({Role.ADMIN, Role.WAREHOUSE})


def is_low(available: int, threshold: int | None) -> bool:
    """库存预警: as the API's isLow shows it, at or below the threshold."""
    return threshold is not None and available <= threshold


async def _warn_if_low(stock_id: int, available_change: int, user_id: int | None = None) -> None:
    """Records stock.low when this change took the row from above its threshold to it or under.
    The row is read after the change inside the change's transaction, which holds the row until
    commit, so the level before the change is exact and a row that stays low is not warned again."""
    if available_change >= 0:
        return
    row = (
        await Stock.filter(id=stock_id, low_stock_threshold__isnull=False)
        .first()
        .values(
            "variant_id",
            "warehouse_id",
            "on_hand",
            "reserved",
            "low_stock_threshold",
            "variant__supplier_id",
            "variant__sku",
            "warehouse__code",
        )
    )
    if row is None:
        return
    available = row["on_hand"] - row["reserved"]
    threshold = row["low_stock_threshold"]
    if not is_low(available, threshold) or is_low(available - available_change, threshold):
        return
    await outbox.record(
        StockLow(
            subject_id=row["variant_id"],
            supplier_id=row["variant__supplier_id"],
            actor_id=user_id,
            variant_id=row["variant_id"],
            sku=row["variant__sku"],
            warehouse_id=row["warehouse_id"],
            warehouse_code=row["warehouse__code"],
            available=available,
            threshold=threshold,
        )
    )


async def own_warehouses(principal: Principal) -> list[Warehouse]:
    """The caller's own organization's warehouses, by code; none for a caller that sells nothing."""
    if not principal.is_authenticated or not principal.can_sell or principal.organization_id is None:
        return []
    return await Warehouse.filter(supplier_id=principal.organization_id).order_by("code", "id")


async def create_warehouse(principal: Principal, code: str | None, name: str | None) -> Warehouse:
    require_supplier_role(principal, WAREHOUSE_MANAGERS)
    checker = Checker()
    code = checker.text("code", code, max_length=32, required=True)
    name = checker.text("name", name, max_length=100, required=True)
    checker.raise_if_any()
    if await Warehouse.exists(supplier_id=principal.organization_id, code=code):
        raise UserInputError.single(("input", "code"), ErrorCode.ALREADY_EXISTS, f"Warehouse {code} exists.")
    return await Warehouse.create(supplier_id=principal.organization_id, code=code, name=name)


async def _stock_place(supplier_id: int, variant_id: int, warehouse_id: int) -> None:
    await own(Variant, variant_id, supplier_id, "variantId", "variant")
    await own(Warehouse, warehouse_id, supplier_id, "warehouseId", "warehouse")


async def adjust_stock(
    principal: Principal, variant_id: int, warehouse_id: int, change: int, reason: str | None
) -> Stock:
    """Changes on-hand stock by `change` (negative to write off), never below what is reserved."""
    require_supplier_role(principal, STOCK_KEEPERS)
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500, required=True)
    if change == 0 or abs(change) > MAX_QUANTITY:
        checker.add("change", ErrorCode.OUT_OF_RANGE, f"change must be non-zero and at most {MAX_QUANTITY} units.")
    checker.raise_if_any()
    await _stock_place(principal.require_organization_id(), variant_id, warehouse_id)
    async with in_transaction():
        stock, _ = await Stock.get_or_create(variant_id=variant_id, warehouse_id=warehouse_id)
        # One conditional UPDATE: race-free on both backends, and on-hand never drops below reserved.
        updated = await Stock.filter(id=stock.id, on_hand__gte=F("reserved") - change).update(
            on_hand=F("on_hand") + change
        )
        if updated == 0:
            raise UserInputError.single(
                ("input", "change"),
                ErrorCode.INSUFFICIENT_STOCK,
                "Not enough unreserved stock to remove that many units.",
            )
        await StockMovement.create(
            variant_id=variant_id,
            warehouse_id=warehouse_id,
            kind=StockMovementKind.ADJUSTMENT,
            on_hand_change=change,
            reason=reason,
            user_id=principal.user_id,
        )
        await _warn_if_low(stock.id, change, principal.user_id)
        await announce(Change.stock([principal.require_organization_id()]))
        return await Stock.get(id=stock.id)


@dataclass(frozen=True)
class StockLevel:
    """An import's wish: this many units on hand of a variant in a warehouse (the row it came from)."""

    row: int
    column: str
    variant_id: int | None
    warehouse_id: int
    on_hand: int


async def stock_level_problems(levels: list[StockLevel]) -> list[RowProblem]:
    """Levels that would put on-hand below what open orders hold reserved, the rule adjust_stock keeps."""
    reserved = await _reserved_by_place({level.variant_id for level in levels if level.variant_id is not None})
    return [
        RowProblem(
            level.row,
            level.column,
            ErrorCode.INSUFFICIENT_STOCK,
            f"{held} units are reserved by open orders; on hand cannot go below that.",
        )
        for level in levels
        if (held := reserved.get((level.variant_id, level.warehouse_id), 0)) > level.on_hand
    ]


async def _reserved_by_place(variant_ids: set[int]) -> dict[tuple[int | None, int], int]:
    if not variant_ids:
        return {}
    rows = await Stock.filter(variant_id__in=variant_ids, reserved__gt=0).values_list(
        "variant_id", "warehouse_id", "reserved"
    )
    return {(variant_id, warehouse_id): units for variant_id, warehouse_id, units in rows}


async def set_stock_levels(
    supplier_id: int, user_id: int | None, levels: list[tuple[int, int, int]], reason: str
) -> None:
    """Sets on-hand units, (variant, warehouse, units) each, in bulk, with an ADJUSTMENT movement for every
    change; an import calls it inside its transaction, having checked its caller and stock_level_problems.
    On-hand never drops below reserved: each existing row changes by one conditional UPDATE, as adjust_stock."""
    current = {
        (stock.variant_id, stock.warehouse_id): stock
        for stock in await Stock.filter(variant_id__in={v for v, _, _ in levels}, warehouse__supplier_id=supplier_id)
    }
    new_rows: list[Stock] = []
    movements: list[StockMovement] = []
    for variant_id, warehouse_id, on_hand in levels:
        stock = current.get((variant_id, warehouse_id))
        change = on_hand - (stock.on_hand if stock else 0)
        if change == 0:
            continue
        if stock is None:
            new_rows.append(Stock(variant_id=variant_id, warehouse_id=warehouse_id, on_hand=on_hand))
        else:
            await _set_on_hand(stock, on_hand, user_id)
        movements.append(
            StockMovement(
                variant_id=variant_id,
                warehouse_id=warehouse_id,
                kind=StockMovementKind.ADJUSTMENT,
                on_hand_change=change,
                reason=reason,
                user_id=user_id,
            )
        )
    await Stock.bulk_create(new_rows, batch_size=1000)
    await StockMovement.bulk_create(movements, batch_size=1000)
    await announce(Change.stock([supplier_id]))


async def _set_on_hand(stock: Stock, on_hand: int, user_id: int | None) -> None:
    change = on_hand - stock.on_hand
    updated = await Stock.filter(id=stock.id, on_hand=stock.on_hand, reserved__lte=on_hand).update(on_hand=on_hand)
    if updated == 0:
        raise UserInputError.single(
            ("input", "file"),
            ErrorCode.INVALID_STATE,
            "Stock changed while the file was imported (an order reserved units); import it again.",
        )
    await _warn_if_low(stock.id, change, user_id)


async def set_low_stock_threshold(
    principal: Principal, variant_id: int, warehouse_id: int, threshold: int | None
) -> Stock:
    """库存预警: at or below this many available units the stock shows as low."""
    require_supplier_role(principal, STOCK_KEEPERS)
    checker = Checker()
    checker.integer("threshold", threshold, minimum=0, maximum=MAX_QUANTITY)
    checker.raise_if_any()
    await _stock_place(principal.require_organization_id(), variant_id, warehouse_id)
    stock, _ = await Stock.get_or_create(variant_id=variant_id, warehouse_id=warehouse_id)
    stock.low_stock_threshold = threshold
    await stock.save(update_fields=["low_stock_threshold"])
    return stock


async def hold_stock(variant_ids: Iterable[int], *, reserved_by_order: int | None = None) -> None:
    """Locks the stock rows of these variants, and those the order holds reserved, in ascending id until
    the caller's transaction ends. A transaction that writes several stock rows (a checkout, a shipment,
    an order edit or cancellation) calls it first, so no two of them take the same rows in opposite orders
    (PostgreSQL breaks such a deadlock by failing one of them). SQLite serialises writers and ignores it."""
    wanted = Q(variant_id__in=sorted(set(variant_ids)))
    if reserved_by_order is not None:
        held = StockReservation.filter(order_line__order_id=reserved_by_order, released=False).values("stock_id")
        wanted |= Q(id__in=Subquery(held))
    await Stock.filter(wanted).order_by("id").select_for_update().only("id")


async def _take_reserved(stock_id: int, take: int) -> dict | None:
    """Reserves `take` units of the row if it has them, answering the row as the change left it (its row
    lock held until commit), or None."""
    rows = await fetch(
        "UPDATE stock SET reserved = reserved + $1 WHERE id = $2 AND on_hand >= reserved + $3 "
        "RETURNING on_hand, reserved, low_stock_threshold",
        [take, stock_id, take],
    )
    return rows[0] if rows else None


def _crossed_low(after: dict, available_change: int) -> bool:
    """Whether the change took the row from above its threshold to it or under: only then is it worth
    reading back to warn (`_warn_if_low`)."""
    available = after["on_hand"] - after["reserved"]
    threshold = after["low_stock_threshold"]
    return is_low(available, threshold) and not is_low(available - available_change, threshold)


@dataclass(frozen=True)
class LineToReserve:
    order_line_id: int
    variant_id: int
    quantity: int


async def reserve_lines(lines: list[LineToReserve]) -> list[int]:
    """Reserves each order line's units across warehouses, the fullest first, with conditional UPDATEs:
    never below zero. Answers the positions of the lines not wholly reserved; the caller's transaction
    then rolls back what was. The lines' stock rows are read and locked in one statement in ascending id,
    as `hold_stock` locks them (the warehouses joined are not locked)."""
    variant_ids = sorted({line.variant_id for line in lines})
    rows = await fetch_with_related(
        f"SELECT {columns_of(Stock, 's')}, {columns_of(Warehouse, 'w')} FROM stock s"
        f" JOIN warehouses w ON w.id = s.warehouse_id WHERE s.variant_id IN ({marks(len(variant_ids))})"
        f" ORDER BY s.id{locked_rows('s')}",
        variant_ids,
        (Stock, "s"),
        warehouse=(Warehouse, "w"),
    )
    await announce(Change.stock({stock.warehouse.supplier_id for stock in rows}))
    by_variant: dict[int, list[Stock]] = defaultdict(list)
    for stock in sorted(rows, key=lambda stock: (-stock.on_hand, stock.id)):
        by_variant[stock.variant_id].append(stock)
    taken = _Taken()
    short = [
        position
        for position, line in enumerate(lines)
        if not await _reserve_line(line, by_variant[line.variant_id], taken)
    ]
    await insert_all(taken.reservations)
    await insert_all(taken.movements)
    return short


@dataclass
class _Taken:
    """The reservations and movements of the units taken, written together once every line took its own."""

    reservations: list[StockReservation] = field(default_factory=list)
    movements: list[StockMovement] = field(default_factory=list)


async def _reserve_line(line: LineToReserve, stocks: list[Stock], taken: _Taken) -> bool:
    """Takes the line's units from `stocks` in their order; keeps each row's reserved units as its UPDATE
    left them, for the next line of the same variant (a gift of a variant also ordered)."""
    needed = line.quantity
    for stock in stocks:
        if needed == 0:
            break
        take = min(needed, stock.on_hand - stock.reserved)
        if take <= 0:
            continue
        after = await _take_reserved(stock.id, take)
        if after is None:
            continue
        stock.on_hand, stock.reserved = after["on_hand"], after["reserved"]
        taken.reservations.append(StockReservation(order_line_id=line.order_line_id, stock_id=stock.id, quantity=take))
        taken.movements.append(
            StockMovement(
                variant_id=line.variant_id,
                warehouse_id=stock.warehouse_id,
                kind=StockMovementKind.RESERVATION,
                reserved_change=take,
                reason=f"order line {line.order_line_id}",
            )
        )
        if _crossed_low(after, -take):
            await _warn_if_low(stock.id, -take)
        needed -= take
    return needed == 0


async def release_order(order_id: int, reason: str) -> None:
    """Gives back every unit the order's lines still hold reserved."""
    await hold_stock((), reserved_by_order=order_id)
    reservations = await StockReservation.filter(order_line__order_id=order_id, released=False).select_related(
        "stock__warehouse"
    )
    await announce(Change.stock({r.stock.warehouse.supplier_id for r in reservations}))
    for reservation in reservations:
        await Stock.filter(id=reservation.stock_id).update(reserved=F("reserved") - reservation.quantity)
        await StockMovement.create(
            variant_id=reservation.stock.variant_id,
            warehouse_id=reservation.stock.warehouse_id,
            kind=StockMovementKind.RELEASE,
            reserved_change=-reservation.quantity,
            reason=reason,
        )
    await StockReservation.filter(id__in=[r.id for r in reservations]).update(released=True)


async def consume(order_line_id: int, variant_id: int, warehouse_id: int, quantity: int, reason: str) -> bool:
    """Takes the line's reserved units in the warehouse off hand and off reservation, by
    conditional UPDATEs: a reservation or a stock row never falls below zero."""
    needed = quantity
    reservations = (
        await StockReservation.filter(order_line_id=order_line_id, released=False, stock__warehouse_id=warehouse_id)
        .select_related("stock__warehouse")
        .order_by("id")
    )
    await announce(Change.stock({r.stock.warehouse.supplier_id for r in reservations}))
    for reservation in reservations:
        take = min(needed, reservation.quantity)
        if take <= 0:
            continue
        held = await StockReservation.filter(id=reservation.id, released=False, quantity__gte=take).update(
            quantity=F("quantity") - take
        )
        if not held:
            continue
        consumed = await Stock.filter(id=reservation.stock_id, reserved__gte=take, on_hand__gte=take).update(
            on_hand=F("on_hand") - take, reserved=F("reserved") - take
        )
        if not consumed:
            return False
        await StockMovement.create(
            variant_id=variant_id,
            warehouse_id=warehouse_id,
            kind=StockMovementKind.SHIPMENT,
            on_hand_change=-take,
            reserved_change=-take,
            reason=reason,
        )
        needed -= take
        if needed == 0:
            break
    await StockReservation.filter(order_line_id=order_line_id, released=False, quantity=0).update(released=True)
    return needed == 0


async def restore(order_line_id: int, variant_id: int, warehouse_id: int, quantity: int, reason: str) -> None:
    """Undoes `consume`: the units are on hand again and reserved for the same order line."""
    stock = await Stock.get(variant_id=variant_id, warehouse_id=warehouse_id).select_related("warehouse")
    await Stock.filter(id=stock.id).update(on_hand=F("on_hand") + quantity, reserved=F("reserved") + quantity)
    await announce(Change.stock([stock.warehouse.supplier_id]))
    await StockMovement.create(
        variant_id=variant_id,
        warehouse_id=warehouse_id,
        kind=StockMovementKind.SHIPMENT,
        on_hand_change=quantity,
        reserved_change=quantity,
        reason=reason,
    )
    reservation = await StockReservation.filter(order_line_id=order_line_id, stock_id=stock.id).order_by("id").first()
    if reservation is None:
        await StockReservation.create(order_line_id=order_line_id, stock_id=stock.id, quantity=quantity)
    else:
        await StockReservation.filter(id=reservation.id).update(quantity=F("quantity") + quantity, released=False)


async def restock(variant_id: int, warehouse_id: int, quantity: int, reason: str, user_id: int | None) -> None:
    """Returned units are back on hand in the warehouse."""
    stock, _ = await Stock.get_or_create(variant_id=variant_id, warehouse_id=warehouse_id)
    await Stock.filter(id=stock.id).update(on_hand=F("on_hand") + quantity)
    await announce(Change.stock([(await Warehouse.get(id=warehouse_id)).supplier_id]))
    await StockMovement.create(
        variant_id=variant_id,
        warehouse_id=warehouse_id,
        kind=StockMovementKind.RETURN,
        on_hand_change=quantity,
        reason=reason,
        user_id=user_id,
    )


def available_of(variant_id: str) -> str:
    """The available units (on hand − reserved over every warehouse) of the variant whose id is the SQL
    expression `variant_id`, as a scalar subquery: for a hand-written read of variants that wants them too."""
    return f"(SELECT COALESCE(SUM(s.on_hand - s.reserved), 0) FROM stock s WHERE s.variant_id = {variant_id})"


async def available_by_variant(variant_ids: list[int]) -> dict[int, int]:
    """Available units of each variant, in one query."""
    if not variant_ids:
        return {}
    rows = await fetch(
        f"SELECT v.id, {available_of('v.id')} AS available FROM variants v WHERE v.id IN ({marks(len(variant_ids))})",
        list(variant_ids),
    )
    return {row["id"]: int(row["available"]) for row in rows}


def in_stock_products(supplier_id: int) -> ValuesQuery:
    """The ids of the supplier's products with a variant available somewhere, as a subquery."""
    return Stock.filter(on_hand__gt=F("reserved"), variant__supplier_id=supplier_id).values("variant__product_id")


async def stock_by_variant(variant_ids: list[int]) -> dict[int, list[Stock]]:
    grouped: dict[int, list[Stock]] = defaultdict(list)
    for stock in await Stock.filter(variant_id__in=variant_ids).select_related("warehouse").order_by("warehouse_id"):
        grouped[stock.variant_id].append(stock)
    return grouped


async def held_by_variant(order_id: int) -> dict[int, int]:
    """Units the order's lines hold reserved, per variant."""
    held: dict[int, int] = {}
    for variant_id, quantity in await StockReservation.filter(
        order_line__order_id=order_id, released=False
    ).values_list("stock__variant_id", "quantity"):
        held[variant_id] = held.get(variant_id, 0) + quantity
    return held


async def held_by_line(order_ids: list[int]) -> dict[int, int]:
    """Units each line of these orders holds reserved, in one grouped query."""
    return dict(
        await StockReservation.filter(order_line__order_id__in=order_ids, released=False)
        .annotate(units=Sum("quantity"))
        .group_by("order_line_id")
        .values_list("order_line_id", "units")
    )


async def held_by_warehouse(order_line_ids: list[int]) -> dict[int, dict[int, int]]:
    """Units each warehouse holds reserved for each of these order lines: {warehouse: {line: units}}."""
    held: dict[int, dict[int, int]] = {}
    for line_id, quantity, warehouse_id in await StockReservation.filter(
        order_line_id__in=order_line_ids, released=False
    ).values_list("order_line_id", "quantity", "stock__warehouse_id"):
        by_line = held.setdefault(warehouse_id, {})
        by_line[line_id] = by_line.get(line_id, 0) + quantity
    return held
