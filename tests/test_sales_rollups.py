"""The sales rollups (app.reports.rollups): kept by the order process through placing, the buyer's and
the supplier's edits, rejection and cancellation, equal to a rebuild from the orders, and read by the
analytics for whole months while the days at a period's ends come from the orders."""

from __future__ import annotations

import asyncio
import os
from datetime import date
from decimal import Decimal

import pytest

from app.approvals import service as approvals
from app.carts import checkout, supplier_edit
from app.demo.seed import seed_demo
from app.orders import service as orders
from app.orders.models import Order, OrderLine
from app.reports import rollups
from app.reports.models import AccountSalesMonth, ItemSales
from app.reports.scope import split
from tests.support import make_buyer, make_shop, place_order, principal_of
from tests.support_money import make_approval_shop, two_step_flow
from tests.test_payments import _rows, _tortoise_cli
from tests.test_reports import BREAKDOWN, SUMMARY, sales_shop
from tests.test_server import _cli_env, _run_cli


async def kept_rollups() -> tuple[set, set]:
    """Every row that holds a sale, as plain values (a row emptied by take-backs holds none)."""
    accounts = {
        (row[0], row[1], row[2], Decimal(str(row[3])).quantize(Decimal("0.01")), row[4], row[5], row[6])
        for row in await AccountSalesMonth.filter(orders__gt=0).values_list(
            "customer_account_id", "month", "orders", "sales", "quantity", "first_at", "last_at"
        )
    }
    items = {
        (row[0], row[1], row[2], row[3], row[4], Decimal(str(row[5])).quantize(Decimal("0.01")), row[6])
        for row in await ItemSales.filter(orders__gt=0).values_list(
            "kind", "span", "starts_on", "item_id", "orders", "sales", "quantity"
        )
    }
    return accounts, items


async def test_rollups_follow_placing_edits_rejection_and_cancellation_and_rebuild_to_the_same():
    shop = await make_approval_shop()
    await two_step_flow(shop)
    tea1, tea6 = shop.variants["TEA-1"], shop.variants["TEA-6"]
    buyer = await principal_of(shop.buyer)
    kept = await place_order(shop.buyer, shop.supplier.org.id, {tea1: 3, tea6: 6}, key="k1")
    edited = await place_order(shop.buyer, shop.supplier.org.id, {tea1: 2}, key="k2")
    amended = await place_order(shop.buyer, shop.supplier.org.id, {tea1: 4}, key="k3")
    cancelled = await place_order(shop.buyer, shop.supplier.org.id, {tea1: 5}, key="k4")
    rejected = await place_order(shop.buyer, shop.supplier.org.id, {tea6: 12}, key="k5")
    line = await OrderLine.get(order_id=edited.id)
    await supplier_edit.update_lines(buyer, edited.id, edited.version, [supplier_edit.LineEdit(line.id, 7)])
    staff = await principal_of(shop.supplier.admin)
    line = await OrderLine.get(order_id=amended.id)
    await supplier_edit.update_lines(
        staff,
        amended.id,
        amended.version,
        [supplier_edit.LineEdit(line.id, 1)],
        [supplier_edit.LineAdd(tea6.id, 6)],
        reason="swap",
    )
    await orders.cancel(buyer, cancelled.id, "changed my mind")
    await approvals.reject(await principal_of(shop.approver), rejected.id, "no stock")

    accounts, items = await kept_rollups()
    sales_orders = await Order.filter(id__in=[kept.id, edited.id, amended.id])
    lines = await OrderLine.filter(order_id__in=[order.id for order in sales_orders])
    assert [line.quantity for line in lines if line.order_id == edited.id] == [7]
    assert sorted(line.quantity for line in lines if line.order_id == amended.id) == [1, 6]
    ((_, _, count, sales, quantity, first_at, last_at),) = accounts
    assert (count, sales, quantity) == (3, sum(order.total for order in sales_orders), 23)
    assert (first_at, last_at) == (kept.created_at, amended.created_at)
    line_totals = sum(line.line_total for line in lines)
    products = {
        (kind, span): (orders_, total, units) for kind, span, _, _, orders_, total, units in items if kind == "P"
    }
    assert products == {("P", "D"): (3, line_totals, 23), ("P", "M"): (3, line_totals, 23)}
    await rollups.rebuild()
    assert await kept_rollups() == (accounts, items)


async def test_the_demo_keeps_its_rollups_equal_to_a_rebuild():
    await seed_demo()
    kept = await kept_rollups()
    assert kept[0] and kept[1]
    assert not await AccountSalesMonth.filter(orders__lt=0).exists()
    assert not await ItemSales.filter(orders__lt=0).exists()
    await rollups.rebuild()
    assert await kept_rollups() == kept


def test_a_period_splits_into_whole_months_and_the_days_at_its_ends():
    parts = split(date(2026, 10, 15), date(2027, 1, 3))
    assert parts.months == (date(2026, 11, 1), date(2026, 12, 1))
    assert parts.days == ((date(2026, 10, 15), date(2026, 10, 31)), (date(2027, 1, 1), date(2027, 1, 3)))
    assert split(date(2026, 11, 1), date(2026, 11, 30)).days == ()
    assert split(date(2026, 11, 3), date(2026, 11, 20)).months == ()
    assert split(date(2026, 11, 3), date(2026, 11, 20)).days == ((date(2026, 11, 3), date(2026, 11, 20)),)
    assert split(date(2026, 11, 1), date(2026, 12, 1)).days == ((date(2026, 12, 1), date(2026, 12, 1)),)


async def test_a_period_of_whole_months_and_edge_days_adds_both(client):
    """October 31 to December 1: November from the rollups, the two days from the orders. Beta's
    11-01 07:00 order (10-31 in UTC) and its 12-01 00:30 one (11-30 in UTC) count once each."""
    await sales_shop()
    token = await client.token("admin@acme.test")
    period = {"from": "2026-10-31", "to": "2026-12-01"}
    summary = (await client.data(SUMMARY, period, token=token))["salesAnalytics"]["summary"]
    assert (summary["orders"], summary["sales"]["amount"], summary["customers"]) == (7, "450.00", 3)
    only_edges = await client.data(SUMMARY, {"from": "2026-12-01", "to": "2026-12-01"}, token=token)
    assert only_edges["salesAnalytics"]["summary"]["orders"] == 1
    rows = (await client.data(BREAKDOWN, {**period, "d": "PRODUCT"}, token=token))["salesAnalytics"]["breakdown"]
    by_label = {node["label"]: (node["quantity"], node["sales"]["amount"]) for node in rows["rows"]["nodes"]}
    # TEA-1 and TEA-6 are one product (Green tea): 3 + 1 + 1 + 2 units of TEA-1 and 6 of TEA-6
    assert by_label == {"Green tea": (13, "370.00"), "Oolong": (4, "80.00")}


@pytest.mark.parametrize("run", range(int(os.environ.get("DINGHUO_RACE_REPEAT", "1"))))
async def test_checkouts_edits_and_cancellations_at_once_keep_the_rollups(run):
    """Orders of one product placed, edited and cancelled at once lock the same rollup rows (the
    product's, its day's and month's): every one goes through, and the rollups equal a rebuild."""
    supplier, _, variants = await make_shop(stock=10_000)
    tea1, tea6 = variants["TEA-1"], variants["TEA-6"]
    buyers = [(await make_buyer(supplier, f"b{index}"))[1] for index in range(6)]
    principals = [await principal_of(buyer) for buyer in buyers]
    first = [await place_order(buyer, supplier.org.id, {tea1: 2, tea6: 6}, key="first") for buyer in buyers[:4]]

    async def edit(index: int) -> None:
        order = first[index]
        line = await OrderLine.get(order_id=order.id, variant_id=tea1.id)
        await checkout.edit_order(principals[index], order.id, order.version, [checkout.LineChange(line.id, 5)])

    async def more(index: int) -> None:
        await place_order(buyers[index], supplier.org.id, {tea6: 12, tea1: 1}, key="second")

    await asyncio.gather(
        edit(0),
        edit(1),
        orders.cancel(principals[2], first[2].id, "no"),
        orders.cancel(principals[3], first[3].id, "no"),
        more(4),
        more(5),
        more(0),
    )
    kept = await kept_rollups()
    ((_, _, count, _, quantity, _, _),) = {row for row in kept[0] if row[0] == first[0].customer_account_id}
    assert (count, quantity) == (2, 5 + 6 + 1 + 12)
    await rollups.rebuild()
    assert await kept_rollups() == kept


ROLLUP_QUERIES = (
    "SELECT customer_account_id, month, orders, sales, quantity, first_at, last_at FROM account_sales_months "
    "WHERE orders > 0",
    "SELECT item_id, starts_on, orders, sales, quantity, kind, span, supplier_id FROM item_sales WHERE orders > 0",
)


async def _rollup_rows(database_url: str) -> set[tuple]:
    return {
        (query, *row[:3], Decimal(str(row[3])).quantize(Decimal("0.01")), *row[4:])
        for query in ROLLUP_QUERIES
        for row in await _rows(database_url, query)
    }


async def test_migration_0032_fills_the_rollups_of_orders_placed_before_them(test_env, cli_database):
    """The demo's rollups as its orders' hooks kept them; dropped with 0031-0032 and migrated again,
    the fill computes the same rows."""
    env = _cli_env(test_env, cli_database)
    for step in (("migrate",), ("seed-demo",)):
        assert (result := _run_cli(env, *step)).returncode == 0, result.stderr
    kept = await _rollup_rows(cli_database)
    assert len(kept) > 10
    back = _tortoise_cli(env, "migrate", "models", "0030_fill_order_counts")
    assert back.returncode == 0, back.stderr
    assert (forward := _tortoise_cli(env, "migrate")).returncode == 0, forward.stderr
    assert await _rollup_rows(cli_database) == kept
