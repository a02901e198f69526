"""Property: over random sequences of shipping, cancelling shipments, receiving, returning and
restocking, stock stays consistent: on hand and reserved never negative, available = on hand −
reserved, reservations add up to what is reserved, and the StockMovement log sums to the stock."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import UserInputError
from app.inventory import service as inventory
from app.inventory.models import Stock
from app.orders.models import OrderLine
from app.returns import quantities as unit_counts
from app.returns import service as returns
from app.returns.models import ReturnLine, ReturnStatus
from app.shipments import service as shipments
from app.shipments.models import ShipmentLine, ShipmentStatus
from tests.support import place_order, principal_of
from tests.support_shipments import approve, make_shipping_shop
from tests.support_stock import check_stock_consistency

keys = itertools.count()
SKUS = ("TEA-1", "CUP")

operations = st.lists(
    st.one_of(
        st.tuples(st.just("ship"), st.integers(0, 1), st.integers(1, 4), st.integers(0, 1)),
        st.tuples(st.just("ship"), st.integers(0, 1), st.integers(1, 2), st.integers(0, 1)),
        st.tuples(st.just("cancel"), st.integers(0, 5)),
        st.tuples(st.just("receive"), st.integers(0, 5), st.integers(0, 2)),
        st.tuples(st.just("return"), st.integers(0, 5), st.integers(1, 4)),
        st.tuples(st.just("restock"), st.integers(0, 5), st.integers(0, 1)),
    ),
    min_size=4,
    max_size=14,
)


@pytest.fixture
async def shop():
    return await make_shipping_shop("ledger", stock=1)


async def _top_up(shop, levels: tuple[int, int, int, int]) -> None:
    """Brings each variant's available stock in SH and GZ to the drawn levels."""
    warehouses = (shop.sh, shop.gz)
    for index, (sku, warehouse) in enumerate(itertools.product(SKUS, warehouses)):
        variant = shop.variants[sku]
        stock, _ = await Stock.get_or_create(variant_id=variant.id, warehouse_id=warehouse.id)
        change = levels[index] - (stock.on_hand - stock.reserved)
        if change:
            await inventory.adjust_stock(shop.admin, variant.id, warehouse.id, change, "property test")


async def _run(shop, order, op, shipped: list, requested: list) -> None:
    staff = await principal_of(shop.warehouse_user)
    lines = list(await OrderLine.filter(order_id=order.id).order_by("id"))
    kind = op[0]
    if kind == "ship":
        _, line_index, quantity, warehouse_index = op
        created = await shipments.create(
            staff,
            shipments.ShipmentInput(
                order_id=order.id,
                warehouse_id=(shop.sh, shop.gz)[warehouse_index].id,
                lines=(shipments.ShipLine(lines[line_index % len(lines)].id, quantity),),
            ),
        )
        shipped.append(created.id)
    elif kind == "cancel" and shipped:
        await shipments.cancel(staff, shipped[op[1] % len(shipped)], None)
    elif kind == "receive" and shipped:
        shipment_id = shipped[op[1] % len(shipped)]
        line = await ShipmentLine.filter(shipment_id=shipment_id).first()
        counts = (shipments.ReceivedLine(line.id, max(line.quantity - op[2], 0), "short"),)
        await shipments.confirm_receipt(await principal_of(shop.receiver), shipment_id, counts, None)
    elif kind == "return" and shipped:
        line = await ShipmentLine.filter(shipment_id=shipped[op[1] % len(shipped)]).first()
        created = await returns.request(
            await principal_of(shop.buyer),
            returns.ReturnInput(
                order_id=order.id, lines=(returns.ReturnLineInput(line.id, op[2]),), reason="property test"
            ),
        )
        await returns.approve(shop.admin, created.id, None)
        requested.append(created.id)
    elif kind == "restock" and requested:
        await returns.receive(staff, requested[op[1] % len(requested)], (shop.sh, shop.gz)[op[2]].id)


async def _check_quantities(order) -> None:
    quantities = (await unit_counts.quantities_by_order([order.id]))[order.id]
    for line_id, line in quantities.lines.items():
        assert 0 <= line.shipped <= line.ordered
        assert 0 <= line.received <= line.shipped - line.in_transit
        asked = sum(
            await ReturnLine.filter(
                order_line_id=line_id, return_request__status__not=ReturnStatus.REJECTED
            ).values_list("quantity", flat=True)
        )
        assert asked <= line.received
    received_lines = await ShipmentLine.filter(
        shipment__order_id=order.id, shipment__status=ShipmentStatus.RECEIVED
    ).values_list("received_quantity", flat=True)
    assert all(q is not None for q in received_lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    levels=st.tuples(*(st.integers(0, 6) for _ in range(4))),
    quantities=st.tuples(st.integers(1, 10), st.integers(1, 10)),
    ops=operations,
)
async def test_stock_ledger_stays_consistent(shop, levels, quantities, ops):
    await _top_up(shop, levels)
    wanted = {
        shop.variants[sku]: min(q, levels[2 * i] + levels[2 * i + 1])
        for i, (sku, q) in enumerate(zip(SKUS, quantities, strict=False))
    }
    wanted = {v: q for v, q in wanted.items() if q > 0}
    if not wanted:
        return
    order = await approve(shop, await place_order(shop.buyer, shop.supplier.org.id, wanted, key=f"p{next(keys)}"))
    shipped: list[int] = []
    requested: list[int] = []
    for op in ops:
        try:
            await _run(shop, order, op, shipped, requested)
        except UserInputError:
            pass  # a refused step must leave everything as it was: the checks below see to it
        await check_stock_consistency()
    await _check_quantities(order)
