"""Ordering on behalf (代客下单): supplier staff build a cart for a customer account and place the
order for it, priced and checked as that customer; the order records who placed it for whom."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from app.accounts.models import Role
from app.carts.models import CustomerCart
from app.orders import calendar, quotas
from app.orders import service as orders
from app.orders.models import Order
from app.pricing import service as pricing
from app.pricing.models import PriceListKind
from tests.support import gid, make_buyer, make_shop, make_user
from tests.support_orders import make_variants

ADD = """mutation A($input: CartAddLinesInput!) { cartAddLines(input: $input) {
  cart { customerAccountId lines { variant { sku } quantity unitPrice { amount } warnings { code } } total { amount } }
  userErrors { field code message } } }"""

CART = """query C($s: ID!, $c: ID) { cart(supplierId: $s, customerAccountId: $c) {
  customerAccountId lines { variant { sku } quantity unitPrice { amount } } } }"""

CHECKOUT = """mutation C($input: CheckoutInput!) { checkout(input: $input) {
  order { id number total { amount } placedBy { id name onBehalf } lines { sku quantity unitPrice { amount } } }
  userErrors { field code message } } }"""

ORDERS = "{ orders { totalCount nodes { number total { amount } placedBy { id name onBehalf } } } }"


def _lines(variant, quantity: int) -> list[dict]:
    return [{"variantId": gid("Variant", variant.id), "quantity": quantity}]


async def _shop_with_tier_prices():
    supplier, admin, variants = await make_shop()
    await pricing.create_price_list(
        admin, pricing.PriceListInput(name="Tier A 90%", kind=PriceListKind.RATE, rate=Decimal("0.9"), tiers=("A",))
    )
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    return supplier, admin, variants, rep


async def test_a_sales_rep_orders_for_an_assigned_customer_at_its_prices(client):
    supplier, _, variants, rep = await _shop_with_tier_prices()
    buyer_org, buyer, account = await make_buyer(supplier, "alpha", tier="A", sales_rep=rep)
    rep_token, buyer_token = await client.token(rep.email), await client.token(buyer.email)
    supplier_id, account_id = gid("Organization", supplier.org.id), gid("CustomerAccount", account.id)

    added = (
        await client.data(
            ADD,
            {
                "input": {
                    "supplierId": supplier_id,
                    "customerAccountId": account_id,
                    "lines": _lines(variants["TEA-1"], 5),
                }
            },
            token=rep_token,
        )
    )["cartAddLines"]
    assert added["userErrors"] == []
    assert added["cart"]["customerAccountId"] == account_id
    assert added["cart"]["lines"] == [
        {"variant": {"sku": "TEA-1"}, "quantity": 5, "unitPrice": {"amount": "9.00"}, "warnings": []}
    ]
    assert added["cart"]["total"] == {"amount": "45.00"}
    buyer_cart = (await client.data(CART, {"s": supplier_id}, token=buyer_token))["cart"]
    assert buyer_cart == {"customerAccountId": account_id, "lines": []}

    placed = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "customerAccountId": account_id, "idempotencyKey": "rep-1"}},
            token=rep_token,
        )
    )["checkout"]
    assert placed["userErrors"] == []
    order = placed["order"]
    assert order["placedBy"] == {"id": gid("User", rep.id), "name": rep.name, "onBehalf": True}
    assert order["total"] == {"amount": "45.00"}
    stored = await Order.get(id=(await Order.first()).id)
    assert (stored.buyer_id, stored.customer_account_id, stored.placed_by_id) == (buyer_org.id, account.id, rep.id)
    assert (await client.data(CART, {"s": supplier_id, "c": account_id}, token=rep_token))["cart"]["lines"] == []

    seen = (await client.data(ORDERS, token=buyer_token))["orders"]
    assert seen["nodes"] == [{"number": order["number"], "total": {"amount": "45.00"}, "placedBy": order["placedBy"]}]
    own = (
        await client.data(
            ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants["TEA-1"], 1)}}, token=buyer_token
        )
    )["cartAddLines"]["cart"]
    assert own["lines"][0]["quantity"] == 1
    buyer_order = (
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "own"}}, token=buyer_token)
    )["checkout"]["order"]
    assert buyer_order["placedBy"] == {"id": gid("User", buyer.id), "name": buyer.name, "onBehalf": False}


async def test_an_admin_orders_for_any_customer_and_the_customers_rules_apply(client):
    supplier, admin, variants, rep = await _shop_with_tier_prices()
    _, _, account = await make_buyer(supplier, "beta", tier="B", sales_rep=rep)
    await quotas.set_quotas(admin, [quotas.QuotaInput(variants["TEA-1"].id, 4, customer_account_id=account.id)])
    admin_token = await client.token(supplier.admin.email)
    supplier_id, account_id = gid("Organization", supplier.org.id), gid("CustomerAccount", account.id)
    added = (
        await client.data(
            ADD,
            {
                "input": {
                    "supplierId": supplier_id,
                    "customerAccountId": account_id,
                    "lines": _lines(variants["TEA-1"], 5),
                }
            },
            token=admin_token,
        )
    )["cartAddLines"]
    assert added["cart"]["lines"][0]["unitPrice"] == {"amount": "10.00"}
    assert added["cart"]["lines"][0]["warnings"] == [{"code": "OVER_QUOTA"}]
    checkout = {"input": {"supplierId": supplier_id, "customerAccountId": account_id, "idempotencyKey": "a"}}
    assert [
        e["code"] for e in (await client.data(CHECKOUT, checkout, token=admin_token))["checkout"]["userErrors"]
    ] == ["OVER_QUOTA"]

    local = datetime.now(ZoneInfo(supplier.org.timezone))
    later = local + timedelta(days=2)
    await orders.set_ordering_windows(
        admin, account.id, [calendar.Window(later.weekday(), time(8, 0), later.weekday(), time(9, 0))]
    )
    await quotas.set_quotas(admin, [quotas.QuotaInput(variants["TEA-1"].id, None, customer_account_id=account.id)])
    closed = (await client.data(CHECKOUT, checkout, token=admin_token))["checkout"]
    assert [e["code"] for e in closed["userErrors"]] == ["ORDERING_CLOSED"]
    assert await Order.all().count() == 0

    _, _, pending = await make_buyer(supplier, "late", approve=False)
    early = (
        await client.data(
            ADD,
            {
                "input": {
                    "supplierId": supplier_id,
                    "customerAccountId": gid("CustomerAccount", pending.id),
                    "lines": _lines(variants["TEA-1"], 1),
                }
            },
            token=admin_token,
        )
    )["cartAddLines"]
    assert early["userErrors"] == [
        {
            "field": ["input", "customerAccountId"],
            "code": "ACCOUNT_NOT_APPROVED",
            "message": "This customer account is pending; it cannot order.",
        }
    ]


async def test_staff_cannot_order_for_customers_they_may_not_serve(client):
    supplier, _, variants, rep = await _shop_with_tier_prices()
    other_rep = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, buyer, account = await make_buyer(supplier, "alpha", sales_rep=other_rep)
    other_supplier, _, _ = await make_shop("other")
    supplier_id = gid("Organization", supplier.org.id)

    async def add_as(login: str, supplier_gid: str, account_gid: str) -> dict:
        variables = {
            "input": {
                "supplierId": supplier_gid,
                "customerAccountId": account_gid,
                "lines": _lines(variants["TEA-1"], 1),
            }
        }
        return await client.execute(ADD, variables, token=await client.token(login))

    not_assigned = (await add_as(rep.email, supplier_id, gid("CustomerAccount", account.id)))["data"]["cartAddLines"]
    missing = (await add_as(rep.email, supplier_id, gid("CustomerAccount", account.id + 1000)))["data"]["cartAddLines"]
    assert (
        not_assigned
        == missing
        == {
            "cart": None,
            "userErrors": [
                {"field": ["input", "customerAccountId"], "code": "NOT_FOUND", "message": "No such customer account."}
            ],
        }
    )
    refused = (
        await client.data(
            CHECKOUT,
            {
                "input": {
                    "supplierId": supplier_id,
                    "customerAccountId": gid("CustomerAccount", account.id),
                    "idempotencyKey": "x",
                }
            },
            token=await client.token(rep.email),
        )
    )["checkout"]
    assert [e["code"] for e in refused["userErrors"]] == ["NOT_FOUND"]
    foreign = await add_as(
        other_supplier.admin.email, gid("Organization", other_supplier.org.id), gid("CustomerAccount", account.id)
    )
    assert [e["code"] for e in foreign["data"]["cartAddLines"]["userErrors"]] == ["NOT_FOUND"]

    for login in ("wh@acme.test", buyer.email):
        forbidden = await add_as(login, supplier_id, gid("CustomerAccount", account.id))
        assert forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN", login
    assert await CustomerCart.filter(customer_account_id=account.id).count() == 0
    assert await Order.all().count() == 0


async def test_an_on_behalf_cart_of_many_lines_runs_constant_sql(client, query_counter):
    supplier, admin, _, rep = await _shop_with_tier_prices()
    _, _, account = await make_buyer(supplier, "alpha", tier="A", sales_rep=rep)
    many = await make_variants(admin, 12)
    token = await client.token(rep.email)
    supplier_id, account_id = gid("Organization", supplier.org.id), gid("CustomerAccount", account.id)

    async def count_cart(lines: int) -> int:
        await client.data(
            "mutation($i: CartUpdateLinesInput!) { cartUpdateLines(input: $i) { userErrors { code } } }",
            {
                "i": {
                    "supplierId": supplier_id,
                    "customerAccountId": account_id,
                    "lines": [{"variantId": gid("Variant", v.id), "quantity": 2} for v in many[:lines]],
                }
            },
            token=token,
        )
        query_counter.reset()
        cart = (await client.data(CART, {"s": supplier_id, "c": account_id}, token=token))["cart"]
        assert [line["unitPrice"]["amount"] for line in cart["lines"]] == ["2.70"] * lines
        return query_counter.count

    await count_cart(1)  # the first pricing loads what it keeps (promotions, price list assignments)
    small = await count_cart(2)
    assert await count_cart(12) == small, query_counter.statements
