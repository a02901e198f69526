"""Allocation quotas per customer and ordering cycle (货源分配): which quota applies, how ordered
units count in a cycle, the requested and allotted quantities of the cart, shortfalls and their
one-click re-add in a later cycle, and the quota management API."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.accounts.models import CustomerAccount, Role
from app.carts import checkout
from app.carts import service as carts
from app.catalog.models import Variant
from app.errors import ErrorCode, UserInputError
from app.inventory.models import Stock
from app.orders import calendar, quotas
from app.orders import service as orders
from app.orders.models import Order, OrderLine, Shortfall
from tests.support import (
    gid,
    make_buyer,
    make_shop,
    make_user,
    place_order,
    principal_of,
)
from tests.support_orders import make_variants

SET_QUOTAS = """mutation Q($input: AllocationQuotasSetInput!) { allocationQuotasSet(input: $input) {
  quotas { sku quantity tier customerGroup customerAccountId } userErrors { field code message } } }"""

CART = """query C($s: ID!) { cart(supplierId: $s) { cycleStartsAt cycleEndsAt
  lines { variant { sku } quantity requestedQuantity allottedQuantity quotaRemaining warnings { code message } } } }"""

ADD = """mutation A($input: CartAddLinesInput!) { cartAddLines(input: $input) {
  cart { lines { variant { sku } requestedQuantity allottedQuantity quotaRemaining warnings { code } } }
  userErrors { field code message } } }"""

CHECKOUT = """mutation C($input: CheckoutInput!) { checkout(input: $input) {
  order { id number lines { sku quantity } } userErrors { field code message } } }"""

SHORTFALLS = """query S($s: ID!) { shortfalls(supplierId: $s) { totalCount
  nodes { sku requested allotted missing reason } } }"""

READD = """mutation R($input: CartAddShortfallsInput!) { cartAddShortfalls(input: $input) {
  cart { lines { variant { sku } quantity } } userErrors { code message } } }"""


def _quota(variant: Variant, quantity: int | None, **target) -> dict:
    return {"variantId": gid("Variant", variant.id), "quantity": quantity, **target}


async def _set_quotas(client, admin_token: str, *quotas_: dict) -> dict:
    return (await client.data(SET_QUOTAS, {"input": {"quotas": list(quotas_)}}, token=admin_token))[
        "allocationQuotasSet"
    ]


async def _add(client, token: str, supplier_id: str, variant: Variant, quantity: int) -> dict:
    lines = [{"variantId": gid("Variant", variant.id), "quantity": quantity}]
    return (await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": lines}}, token=token))["cartAddLines"]


async def _checkout(client, token: str, supplier_id: str, key: str, **extra) -> dict:
    variables = {"input": {"supplierId": supplier_id, "idempotencyKey": key, **extra}}
    return (await client.data(CHECKOUT, variables, token=token))["checkout"]


async def _age_orders(days: int) -> None:
    """Moves every order and shortfall back in time, i.e. into an earlier ordering cycle."""
    for order in await Order.all():
        await Order.filter(id=order.id).update(created_at=order.created_at - timedelta(days=days))
    for shortfall in await Shortfall.all():
        await Shortfall.filter(id=shortfall.id).update(cycle_start=shortfall.cycle_start - timedelta(days=days))


async def test_the_most_specific_quota_applies_warned_at_cart_and_refused_at_checkout(client):
    supplier, _, variants = await make_shop()
    tea = variants["TEA-1"]
    _, tier_a_buyer, _ = await make_buyer(supplier, "alpha", tier="A")
    _, group_buyer, group_account = await make_buyer(supplier, "beta", tier="A")
    await CustomerAccount.filter(id=group_account.id).update(customer_group="chain")
    _, own_buyer, own_account = await make_buyer(supplier, "gamma", tier="A")
    await CustomerAccount.filter(id=own_account.id).update(customer_group="chain")
    _, plain_buyer, _ = await make_buyer(supplier, "delta", tier="B")
    admin_token = await client.token(supplier.admin.email)
    result = await _set_quotas(
        client,
        admin_token,
        _quota(tea, 10),
        _quota(tea, 20, tier="A"),
        _quota(tea, 5, customerGroup="chain"),
        _quota(tea, 3, customerAccountId=gid("CustomerAccount", own_account.id)),
    )
    assert result["userErrors"] == []
    assert len(result["quotas"]) == 4
    supplier_id = gid("Organization", supplier.org.id)

    for buyer, quota in ((plain_buyer, 10), (tier_a_buyer, 20), (group_buyer, 5), (own_buyer, 3)):
        token = await client.token(buyer.email)
        added = await _add(client, token, supplier_id, tea, quota + 1)
        assert added["userErrors"] == [], buyer.email
        assert added["cart"]["lines"] == [
            {
                "variant": {"sku": "TEA-1"},
                "requestedQuantity": quota + 1,
                "allottedQuantity": quota,
                "quotaRemaining": quota,
                "warnings": [{"code": "OVER_QUOTA"}],
            }
        ], buyer.email
        refused = await _checkout(client, token, supplier_id, "k")
        assert refused["order"] is None
        assert [e["code"] for e in refused["userErrors"]] == ["OVER_QUOTA"], buyer.email
        assert refused["userErrors"][0]["field"] == ["input", "lines", "0"]
        assert f"allocation this ordering cycle is {quota}" in refused["userErrors"][0]["message"]

        fits = await client.data(
            """mutation U($input: CartUpdateLinesInput!) { cartUpdateLines(input: $input) {
              cart { lines { warnings { code } } } userErrors { code } } }""",
            {"input": {"supplierId": supplier_id, "lines": [{"variantId": gid("Variant", tea.id), "quantity": quota}]}},
            token=token,
        )
        assert fits["cartUpdateLines"]["cart"]["lines"] == [{"warnings": []}]
        placed = await _checkout(client, token, supplier_id, "k2")
        assert placed["userErrors"] == [] and placed["order"]["lines"] == [{"sku": "TEA-1", "quantity": quota}]
    assert await Order.all().count() == 4


async def test_ordered_units_count_in_the_cycle_and_reset_in_the_next(client):
    supplier, admin, variants = await make_shop()
    tea = variants["TEA-1"]
    _, buyer, account = await make_buyer(supplier, "alpha")
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 10)])
    supplier_id = gid("Organization", supplier.org.id)
    token = await client.token(buyer.email)

    first = await place_order(buyer, supplier.org.id, {tea: 4}, key="o-1")
    await place_order(buyer, supplier.org.id, {tea: 3}, key="o-2")
    line = (await _add(client, token, supplier_id, tea, 5))["cart"]["lines"][0]
    assert (line["quotaRemaining"], line["allottedQuantity"], line["warnings"]) == (3, 3, [{"code": "OVER_QUOTA"}])

    await orders.cancel(await principal_of(buyer), first.id, "not needed")
    line = (await client.data(CART, {"s": supplier_id}, token=token))["cart"]["lines"][0]
    assert (line["quotaRemaining"], line["allottedQuantity"], line["warnings"]) == (7, 5, [])

    await _age_orders(days=7)
    cart = (await client.data(CART, {"s": supplier_id}, token=token))["cart"]
    assert cart["lines"][0]["quotaRemaining"] == 10
    starts = datetime.fromisoformat(cart["cycleStartsAt"]).astimezone(ZoneInfo(supplier.org.timezone))
    assert starts.weekday() == 0 and starts.time() == time(0)
    assert datetime.fromisoformat(cart["cycleEndsAt"]) - starts == timedelta(days=7)


def test_the_cycle_is_the_ordering_window_or_else_the_calendar_week():
    shanghai = "Asia/Shanghai"
    tuesday_noon = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
    week = quotas.cycle_at([], tuesday_noon, shanghai)
    assert week.start.isoformat() == "2026-11-22T16:00:00+00:00"
    assert week.end.isoformat() == "2026-11-29T16:00:00+00:00"

    weekend = [calendar.Window(5, time(19, 0), 6, time(16, 0))]
    sunday_morning = datetime(2026, 11, 29, 2, 0, tzinfo=UTC)
    open_now = quotas.cycle_at(weekend, sunday_morning, shanghai)
    assert (open_now.start.isoformat(), open_now.end.isoformat()) == (
        "2026-11-28T11:00:00+00:00",
        "2026-11-29T08:00:00+00:00",
    )
    closed_now = quotas.cycle_at(weekend, tuesday_noon, shanghai)
    assert closed_now.start.isoformat() == "2026-11-28T11:00:00+00:00"


async def test_an_ordering_window_bounds_the_cycle(client):
    supplier, admin, variants = await make_shop()
    tea = variants["TEA-1"]
    _, buyer, account = await make_buyer(supplier, "alpha")
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 10, customer_account_id=account.id)])
    local_now = datetime.now(ZoneInfo(supplier.org.timezone))
    opens, closes = local_now - timedelta(hours=1), local_now + timedelta(hours=1)
    window = calendar.Window(
        opens.weekday(), opens.time().replace(second=0, microsecond=0), closes.weekday(), closes.time()
    )
    await orders.set_ordering_windows(admin, account.id, [window])
    await place_order(buyer, supplier.org.id, {tea: 4}, key="o-1")
    await place_order(buyer, supplier.org.id, {tea: 3}, key="o-2")
    supplier_id = gid("Organization", supplier.org.id)
    token = await client.token(buyer.email)
    await _add(client, token, supplier_id, tea, 1)
    cart = (await client.data(CART, {"s": supplier_id}, token=token))["cart"]
    assert cart["lines"][0]["quotaRemaining"] == 3
    assert datetime.fromisoformat(cart["cycleEndsAt"]) - datetime.fromisoformat(cart["cycleStartsAt"]) < timedelta(
        hours=3
    )

    earlier = await Order.get(number__endswith="000001")
    await Order.filter(id=earlier.id).update(created_at=earlier.created_at - timedelta(hours=2))
    cart = (await client.data(CART, {"s": supplier_id}, token=token))["cart"]
    assert cart["lines"][0]["quotaRemaining"] == 7


async def test_shortfalls_are_kept_and_readded_in_one_click_in_a_later_cycle(client):
    supplier, admin, variants = await make_shop()
    tea, pack = variants["TEA-1"], variants["TEA-6"]
    _, buyer, _ = await make_buyer(supplier, "alpha")
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 10)])
    supplier_id = gid("Organization", supplier.org.id)
    token = await client.token(buyer.email)
    await _add(client, token, supplier_id, tea, 15)
    await _add(client, token, supplier_id, pack, 18)
    await Stock.filter(variant_id=pack.id).update(reserved=88)
    lines = (await client.data(CART, {"s": supplier_id}, token=token))["cart"]["lines"]
    assert [
        (line["requestedQuantity"], line["allottedQuantity"], [w["code"] for w in line["warnings"]]) for line in lines
    ] == [
        (15, 10, ["OVER_QUOTA"]),
        (18, 12, ["INSUFFICIENT_STOCK"]),
    ]

    placed = await _checkout(client, token, supplier_id, "cut", acceptAllotted=True)
    assert placed["userErrors"] == []
    assert sorted((line["sku"], line["quantity"]) for line in placed["order"]["lines"]) == [
        ("TEA-1", 10),
        ("TEA-6", 12),
    ]
    listed = (await client.data(SHORTFALLS, {"s": supplier_id}, token=token))["shortfalls"]
    assert listed["totalCount"] == 2
    assert listed["nodes"] == [
        {"sku": "TEA-1", "requested": 15, "allotted": 10, "missing": 5, "reason": "QUOTA"},
        {"sku": "TEA-6", "requested": 18, "allotted": 12, "missing": 6, "reason": "STOCK"},
    ]
    same_cycle = (await client.data(READD, {"input": {"supplierId": supplier_id}}, token=token))["cartAddShortfalls"]
    assert [e["code"] for e in same_cycle["userErrors"]] == ["NOTHING_TO_READD"]

    await Stock.filter(variant_id=pack.id).update(reserved=12)
    await _age_orders(days=7)
    readded = (await client.data(READD, {"input": {"supplierId": supplier_id}}, token=token))["cartAddShortfalls"]
    assert readded["userErrors"] == []
    assert sorted((line["variant"]["sku"], line["quantity"]) for line in readded["cart"]["lines"]) == [
        ("TEA-1", 5),
        ("TEA-6", 6),
    ]
    assert (await client.data(SHORTFALLS, {"s": supplier_id}, token=token))["shortfalls"]["totalCount"] == 0
    again = await _checkout(client, token, supplier_id, "next-cycle")
    assert again["userErrors"] == [] and await OrderLine.filter(order__number=again["order"]["number"]).count() == 2


async def test_a_refused_checkout_keeps_no_shortfall_and_edits_do_not_count_themselves(client):
    supplier, admin, variants = await make_shop()
    tea = variants["TEA-1"]
    _, buyer, _ = await make_buyer(supplier, "alpha")
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 10)])
    supplier_id = gid("Organization", supplier.org.id)
    token = await client.token(buyer.email)
    await _add(client, token, supplier_id, tea, 12)
    assert (await _checkout(client, token, supplier_id, "k"))["userErrors"][0]["code"] == "OVER_QUOTA"
    assert await Shortfall.all().count() == 0

    await client.data(
        "mutation($i: CartClearInput!) { cartClear(input: $i) { userErrors { code } } }",
        {"i": {"supplierId": supplier_id}},
        token=token,
    )
    order = await place_order(buyer, supplier.org.id, {tea: 8}, key="o")
    line = await OrderLine.get(order_id=order.id)
    edited = await checkout.edit_order(
        await principal_of(buyer), order.id, order.version, [checkout.LineChange(line.id, 10)]
    )
    line = await OrderLine.get(order_id=edited.id)
    assert line.quantity == 10
    with pytest.raises(UserInputError) as refused:
        await checkout.edit_order(
            await principal_of(buyer), order.id, edited.version, [checkout.LineChange(line.id, 11)]
        )
    assert [e.code for e in refused.value.errors] == [ErrorCode.OVER_QUOTA]


async def test_quota_management_is_for_admins_and_lists_with_filters(client):
    supplier, _, variants = await make_shop()
    _, _, foreign = await make_shop("other")
    _, _, account = await make_buyer(supplier, "alpha")
    await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    admin_token = await client.token(supplier.admin.email)
    tea, pack = variants["TEA-1"], variants["TEA-6"]
    await _set_quotas(
        client,
        admin_token,
        _quota(tea, 10),
        _quota(tea, 4, customerAccountId=gid("CustomerAccount", account.id)),
        _quota(pack, 30, tier="A"),
    )
    changed = await _set_quotas(client, admin_token, _quota(tea, 12), _quota(pack, None, tier="A"))
    assert changed["quotas"] == [
        {"sku": "TEA-1", "quantity": 12, "tier": None, "customerGroup": None, "customerAccountId": None}
    ]

    listing = """query L($f: AllocationQuotaFilter) { allocationQuotas(first: 10, filter: $f) {
      totalCount nodes { sku quantity customerAccountId } } }"""
    everything = (await client.data(listing, {}, token=admin_token))["allocationQuotas"]
    assert everything["totalCount"] == 2
    assert [(n["sku"], n["quantity"]) for n in everything["nodes"]] == [("TEA-1", 12), ("TEA-1", 4)]
    for_account = (
        await client.data(listing, {"f": {"customerAccountId": gid("CustomerAccount", account.id)}}, token=admin_token)
    )["allocationQuotas"]
    assert for_account["nodes"] == [
        {"sku": "TEA-1", "quantity": 4, "customerAccountId": gid("CustomerAccount", account.id)}
    ]
    by_variant = await client.data(listing, {"f": {"variantId": gid("Variant", pack.id)}}, token=admin_token)
    assert by_variant["allocationQuotas"]["totalCount"] == 0

    invalid = await _set_quotas(client, admin_token, _quota(tea, 5, tier="A", customerGroup="chain"), _quota(tea, -1))
    assert [e["code"] for e in invalid["userErrors"]] == ["INVALID", "OUT_OF_RANGE"]
    alien = await _set_quotas(client, admin_token, _quota(foreign["TEA-1"], 5))
    assert [e["code"] for e in alien["userErrors"]] == ["NOT_FOUND"]

    rep_token = await client.token("rep@acme.test")
    refused = await client.execute(SET_QUOTAS, {"input": {"quotas": [_quota(tea, 1)]}}, token=rep_token)
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert (await client.execute(listing, {}, token=rep_token))["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_cart_of_many_quota_limited_lines_runs_constant_sql(client, query_counter):
    supplier, admin, _ = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    many = await make_variants(admin, 20)
    await quotas.set_quotas(admin, [quotas.QuotaInput(v.id, 5) for v in many])
    await place_order(buyer, supplier.org.id, {many[0]: 2, many[1]: 2})
    supplier_id = gid("Organization", supplier.org.id)
    token = await client.token(buyer.email)

    async def count_cart(lines: int) -> int:
        await client.data(
            "mutation($i: CartUpdateLinesInput!) { cartUpdateLines(input: $i) { userErrors { code } } }",
            {
                "i": {
                    "supplierId": supplier_id,
                    "lines": [{"variantId": gid("Variant", v.id), "quantity": 6} for v in many[:lines]],
                }
            },
            token=token,
        )
        query_counter.reset()
        cart = (await client.data(CART, {"s": supplier_id}, token=token))["cart"]
        assert len(cart["lines"]) == lines
        assert all(line["warnings"][0]["code"] == "OVER_QUOTA" for line in cart["lines"])
        assert [line["quotaRemaining"] for line in cart["lines"][:2]] == [3, 3]
        return query_counter.count

    small = await count_cart(2)
    large = await count_cart(20)
    assert large == small, query_counter.statements
    assert small <= 18, query_counter.statements


async def test_concurrent_checkouts_of_one_customer_never_exceed_its_quota(client):
    """30 users of one customer each check out 4 units at once against a quota of 10."""
    supplier, admin, variants = await make_shop()
    tea = variants["TEA-1"]
    buyer_org, first_user, _ = await make_buyer(supplier, "crowd")
    users = [first_user] + [await make_user(buyer_org, f"p{n}@crowd.test", {Role.PURCHASER: None}) for n in range(29)]
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 10)])
    principals = [await principal_of(user) for user in users]
    for principal in principals:
        await carts.add_lines(principal, supplier.org.id, [carts.LineInput(tea.id, 4)])

    async def attempt(principal) -> str:
        try:
            await checkout.checkout(
                principal, checkout.CheckoutInput(supplier_id=supplier.org.id, idempotency_key="rush")
            )
            return "ordered"
        except UserInputError as error:
            return error.errors[0].code.value

    outcomes = await asyncio.gather(*(attempt(p) for p in principals))
    assert outcomes.count("ordered") == 2, outcomes
    assert set(outcomes) == {"ordered", "OVER_QUOTA"}
    assert sum(await OrderLine.all().values_list("quantity", flat=True)) == 8


CATALOG_QUOTAS = """query P($s: ID, $first: Int) { products(supplierId: $s, first: $first, sort: NAME) {
  nodes { variants { sku quota { quantity ordered remaining cycleStartsAt cycleEndsAt } } } } }"""


def _quotas_by_sku(data: dict) -> dict:
    return {v["sku"]: v["quota"] for p in data["products"]["nodes"] for v in p["variants"]}


async def test_the_catalog_shows_each_buyer_its_quota_left_this_cycle_in_constant_sql(client, query_counter):
    supplier, admin, variants = await make_shop()
    tea, pack = variants["TEA-1"], variants["TEA-6"]
    _, buyer, account = await make_buyer(supplier, "alpha")
    _, other_buyer, _ = await make_buyer(supplier, "beta")
    many = await make_variants(admin, 20)
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 10), *(quotas.QuotaInput(v.id, 5) for v in many)])
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 4, customer_account_id=account.id)])
    await place_order(buyer, supplier.org.id, {tea: 3})
    supplier_id = gid("Organization", supplier.org.id)

    seen = _quotas_by_sku(
        await client.data(CATALOG_QUOTAS, {"s": supplier_id, "first": 50}, token=await client.token(buyer.email))
    )
    cycle = await quotas.current_cycle(account, supplier.org.timezone)
    assert seen[tea.sku] == {
        "quantity": 4,
        "ordered": 3,
        "remaining": 1,
        "cycleStartsAt": cycle.start.isoformat(),
        "cycleEndsAt": cycle.end.isoformat(),
    }
    assert seen[pack.sku] is None, "no quota on this variant"
    other = _quotas_by_sku(
        await client.data(CATALOG_QUOTAS, {"s": supplier_id, "first": 50}, token=await client.token(other_buyer.email))
    )
    assert (other[tea.sku]["quantity"], other[tea.sku]["remaining"]) == (10, 10), (
        "another customer: the general quota, its own orders"
    )
    staff = _quotas_by_sku(
        await client.data(
            CATALOG_QUOTAS, {"s": supplier_id, "first": 50}, token=await client.token(supplier.admin.email)
        )
    )
    assert set(staff.values()) == {None}

    token = await client.token(buyer.email)
    counts = []
    for first in (2, 20):
        query_counter.reset()
        await client.data(CATALOG_QUOTAS, {"s": supplier_id, "first": first}, token=token)
        counts.append(query_counter.count)
    assert counts[0] == counts[1], query_counter.statements
