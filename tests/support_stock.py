"""The stock invariants (app/inventory/service.py), checked over the whole database."""

from __future__ import annotations

from app.inventory import service as inventory
from app.inventory.models import Stock, StockMovement, StockReservation


async def check_stock_consistency() -> None:
    """On hand and reserved never negative, available = on hand − reserved, the unreleased
    reservations add up to what each row holds reserved, and the movement log sums to the stock."""
    stock_rows = await Stock.all()
    logged: dict[tuple[int, int], list[int]] = {}
    for variant_id, warehouse_id, on_hand, reserved in await StockMovement.all().values_list(
        "variant_id", "warehouse_id", "on_hand_change", "reserved_change"
    ):
        totals = logged.setdefault((variant_id, warehouse_id), [0, 0])
        totals[0] += on_hand
        totals[1] += reserved
    held: dict[int, int] = {}
    for stock_id, quantity in await StockReservation.filter(released=False).values_list("stock_id", "quantity"):
        held[stock_id] = held.get(stock_id, 0) + quantity
    available = await inventory.available_by_variant(sorted({row.variant_id for row in stock_rows}))
    per_variant: dict[int, int] = {}
    for row in stock_rows:
        assert row.on_hand >= 0 and row.reserved >= 0 and row.on_hand >= row.reserved, row.__dict__
        assert logged.get((row.variant_id, row.warehouse_id), [0, 0]) == [row.on_hand, row.reserved], row.__dict__
        assert held.get(row.id, 0) == row.reserved, row.__dict__
        per_variant[row.variant_id] = per_variant.get(row.variant_id, 0) + row.on_hand - row.reserved
    assert per_variant == available
