"""Order counts per account and status: kept by the order process, equal to the orders, and what the
order list's totalCount answers from when it narrows by account-side conditions and statuses only."""

from __future__ import annotations

from collections import Counter

from tortoise import connections

from app.accounts.models import CustomerAccount, Organization
from app.db import plans_per_value
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.orders import counts
from app.orders.models import Order, OrderCount, OrderStatus
from tests.support import gid

TOTAL = """query T($filter: OrderFilter) { orders(first: 1, filter: $filter) { totalCount } }"""


async def kept_counts() -> Counter:
    rows = await OrderCount.all().values_list("customer_account_id", "status", "orders")
    return Counter({(account, status): orders for account, status, orders in rows if orders})


async def orders_counted() -> Counter:
    return Counter(await Order.all().values_list("customer_account_id", "status"))


async def test_counts_follow_every_order_through_the_process_and_rebuild_to_the_same():
    await seed_demo()
    statuses = {status for _, status in await orders_counted()}
    assert {OrderStatus.COMPLETED, OrderStatus.SHIPPED, OrderStatus.REJECTED, OrderStatus.CANCELLED} <= statuses
    kept = await kept_counts()
    assert kept == await orders_counted()
    assert not await OrderCount.filter(orders__lt=0).exists()
    await OrderCount.all().update(orders=999)
    await counts.rebuild()
    assert await kept_counts() == kept


async def test_total_count_equals_the_orders_listed_for_each_caller_and_filter(client, query_counter):
    await seed_demo()
    huaxin = await Organization.get(code="huaxin")
    dealer_a = await Organization.get(code="dealer-a")
    account_a = await CustomerAccount.get(supplier_id=huaxin.id, buyer_id=dealer_a.id)
    sales1 = await account_a.sales_rep
    of_huaxin = Order.filter(supplier_id=huaxin.id)
    cases = [
        ("admin@huaxin.demo", None, of_huaxin),
        (
            "admin@huaxin.demo",
            {"status": ["CANCELLED", "COMPLETED"]},
            of_huaxin.filter(status__in=["CANCELLED", "COMPLETED"]),
        ),
        (
            "admin@huaxin.demo",
            {"customerAccountId": gid("CustomerAccount", account_a.id)},
            of_huaxin.filter(customer_account_id=account_a.id),
        ),
        (
            "admin@huaxin.demo",
            {"salesRepId": gid("User", sales1.id)},
            of_huaxin.filter(customer_account__sales_rep_id=sales1.id),
        ),
        ("admin@huaxin.demo", {"buyerId": gid("Organization", dealer_a.id)}, of_huaxin.filter(buyer_id=dealer_a.id)),
        ("admin@huaxin.demo", {"side": "PURCHASES"}, Order.filter(buyer_id=huaxin.id)),
        ("sales1@huaxin.demo", None, of_huaxin.filter(customer_account__sales_rep_id=sales1.id)),
        (
            "sales1@huaxin.demo",
            {"status": ["APPROVED"]},
            of_huaxin.filter(customer_account__sales_rep_id=sales1.id, status="APPROVED"),
        ),
        ("buyer@dealer-a.demo", None, Order.filter(buyer_id=dealer_a.id)),
        ("buyer@dealer-a.demo", {"side": "SALES"}, Order.filter(supplier_id=dealer_a.id)),
        ("admin@huaxin.demo", {"search": "SO"}, of_huaxin.filter(number__icontains="SO")),
    ]
    assert await of_huaxin.filter(customer_account__sales_rep_id=sales1.id).count() > 0
    for email, wanted, expected in cases:
        token = await client.token(email, DEMO_PASSWORD)
        reference = await expected.count()
        query_counter.reset()
        listed = await client.data(TOTAL, {"filter": wanted}, token=token)
        assert listed["orders"]["totalCount"] == reference, (email, wanted)
        if wanted is None or "search" not in wanted:
            # The page and the sum of the counts; no count over the orders themselves.
            assert not [sql for sql in query_counter.statements if "COUNT(" in sql.upper()], (email, wanted)


async def test_a_search_is_planned_for_its_pattern_and_the_setting_ends_with_it(settings):
    """The order search's transaction asks PostgreSQL for plans per value (a rare number's plan reads the
    trigram index); outside it the server's default holds. SQLite has no plan cache: nothing to set."""
    if not settings.uses_postgres:
        async with plans_per_value():
            assert await Order.filter(number__icontains="SO").count() == 0
        return
    connection = connections.get("default")
    async with plans_per_value():
        inside = await connections.get("default").execute_query_dict("SHOW plan_cache_mode")
    outside = await connection.execute_query_dict("SHOW plan_cache_mode")
    assert inside == [{"plan_cache_mode": "force_custom_plan"}]
    assert outside == [{"plan_cache_mode": "auto"}]
