"""Races of ordering, with real concurrency (asyncio.gather over the API or the services):
checkouts of one cart, checkouts and edits against one customer's credit, adds of one SKU,
one idempotency key; and who orders at all (the role × operation matrix of the README).

The concurrency tests run DINGHUO_RACE_REPEAT times each (default 1):
`DINGHUO_RACE_REPEAT=20 .venv/bin/python -m pytest tests/test_races.py`.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from app.accounts.auth import create_api_token
from app.accounts.models import CustomerAccount, Role
from app.accounts.permissions import OrderingSide, Principal, Scope, may_order
from app.carts import checkout
from app.carts import service as carts
from app.carts.models import CustomerCartLine
from app.errors import UserInputError
from app.inventory.models import Stock
from app.orders.models import Order, OrderLine, PaymentMethod
from app.shipments import service as shipments
from tests.support import gid, make_buyer, make_shop, make_user, place_order, principal_of
from tests.support_shipments import approved_order, make_shipping_shop

REPEAT = range(int(os.environ.get("DINGHUO_RACE_REPEAT", "1")))
repeated = pytest.mark.parametrize("run", REPEAT)

ADD = """mutation A($input: CartAddLinesInput!) { cartAddLines(input: $input) {
  cart { lines { variant { sku } quantity } } userErrors { field code message } } }"""

CHECKOUT = """mutation C($input: CheckoutInput!) { checkout(input: $input) {
  order { id number lines { sku quantity } } userErrors { field code message } } }"""

EDIT = """mutation E($input: OrderUpdateLinesInput!) { orderUpdateLines(input: $input) {
  order { id version } userErrors { field code message } } }"""

CANCEL = """mutation X($input: OrderCancelInput!) { orderCancel(input: $input) {
  order { id status } userErrors { field code message } } }"""

ACTIONS = "query O($id: ID!) { order(id: $id) { availableActions } }"


def _lines(variant, quantity: int) -> list[dict]:
    return [{"variantId": gid("Variant", variant.id), "quantity": quantity}]


def _outcome(body: dict, field: str) -> str:
    """'ok', the first userError's code, or the top-level error's code."""
    if body.get("errors"):
        return body["errors"][0]["extensions"]["code"]
    errors = body["data"][field]["userErrors"]
    return errors[0]["code"] if errors else "ok"


def _error_code(error: Exception) -> str:
    if isinstance(error, UserInputError):
        return error.errors[0].code.value
    return type(error).__name__


async def _checkout_outcome(principal: Principal, supplier_id: int, key: str, **more) -> str:
    try:
        await checkout.checkout(principal, checkout.CheckoutInput(supplier_id=supplier_id, idempotency_key=key, **more))
        return "ordered"
    except Exception as error:  # the outcome per attempt is what these tests count
        return _error_code(error)


# Defect 1: concurrent checkouts of one cart place it once.


@repeated
async def test_ten_checkouts_of_one_cart_at_once_place_one_order(client, run):
    supplier, _, variants = await make_shop(stock=100)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    added = await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants["TEA-1"], 3)}}, token)
    assert added["cartAddLines"]["userErrors"] == []

    bodies = await asyncio.gather(
        *(
            client.execute(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": f"k{n}"}}, token)
            for n in range(10)
        )
    )
    outcomes = [_outcome(body, "checkout") for body in bodies]
    assert sorted(outcomes) == ["CART_EMPTY"] * 9 + ["ok"], outcomes
    assert await Order.all().count() == 1
    assert await OrderLine.all().values_list("quantity", flat=True) == [3]
    assert await Stock.filter(variant_id=variants["TEA-1"].id).values_list("reserved", flat=True) == [3]
    assert await CustomerCartLine.all().count() == 0


@repeated
async def test_one_idempotency_key_racing_returns_the_same_order_to_every_attempt(client, run):
    supplier, _, variants = await make_shop(stock=100)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants["TEA-1"], 3)}}, token)

    bodies = await asyncio.gather(
        *(
            client.execute(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "same"}}, token)
            for _ in range(10)
        )
    )
    assert [_outcome(body, "checkout") for body in bodies] == ["ok"] * 10
    assert len({body["data"]["checkout"]["order"]["id"] for body in bodies}) == 1
    assert await Order.all().count() == 1
    assert await Stock.filter(variant_id=variants["TEA-1"].id).values_list("reserved", flat=True) == [3]


@repeated
async def test_a_line_added_while_the_cart_checks_out_is_ordered_or_stays_in_the_cart(client, run):
    """The checkout prices the cart under its lock: an add racing it lands before (in the order, priced)
    or after (in the emptied cart), never lost and never ordered unpriced."""
    supplier, _, variants = await make_shop(stock=100)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants["TEA-1"], 3)}}, token)

    placed, added = await asyncio.gather(
        client.execute(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "racing"}}, token),
        client.execute(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants["TEA-6"], 6)}}, token),
    )
    assert (_outcome(placed, "checkout"), _outcome(added, "cartAddLines")) == ("ok", "ok")
    ordered = {line["sku"]: line["quantity"] for line in placed["data"]["checkout"]["order"]["lines"]}
    left = dict(await CustomerCartLine.all().values_list("variant__sku", "quantity"))
    assert (ordered, left) in [({"TEA-1": 3, "TEA-6": 6}, {}), ({"TEA-1": 3}, {"TEA-6": 6})]
    order = await Order.get()
    lines = await OrderLine.filter(order_id=order.id)
    assert order.total == sum((line.line_total for line in lines), Decimal(0))


# Defect 2: the credit check cannot be raced.


async def _credit_shop(limit: str):
    """A shop (TEA-1 at ¥10) whose customer 'alpha' has `limit` of credit, served by a sales rep;
    the buyer's admin, seven purchasers, the rep and the supplier's admin each hold a cart of
    3 × TEA-1 (¥30) for it."""
    supplier, _, variants = await make_shop(stock=1000)
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    buyer_org, buyer, account = await make_buyer(supplier, "alpha", sales_rep=rep)
    await CustomerAccount.filter(id=account.id).update(credit_limit=Decimal(limit), payment_terms_days=30)
    purchasers = [await make_user(buyer_org, f"p{n}@alpha.test", {Role.PURCHASER: None}) for n in range(7)]
    own = [await principal_of(user) for user in [buyer, *purchasers]]
    staff = [await principal_of(rep), await principal_of(supplier.admin)]
    tea = carts.LineInput(variants["TEA-1"].id, 3)
    for principal in own:
        await carts.add_lines(principal, supplier.org.id, [tea])
    for principal in staff:
        await carts.add_lines(principal, supplier.org.id, [tea], customer_account_id=account.id)
    return supplier, account, own, staff


@repeated
async def test_ten_checkouts_on_account_at_once_never_pass_the_credit_limit(run):
    supplier, account, own, staff = await _credit_shop("100")

    outcomes = await asyncio.gather(
        *(_checkout_outcome(p, supplier.org.id, "rush", payment_method=PaymentMethod.ON_ACCOUNT) for p in own),
        *(
            _checkout_outcome(
                p, supplier.org.id, "rush", payment_method=PaymentMethod.ON_ACCOUNT, customer_account_id=account.id
            )
            for p in staff
        ),
    )
    assert sorted(outcomes) == ["CREDIT_LIMIT_EXCEEDED"] * 7 + ["ordered"] * 3, outcomes
    totals = await Order.filter(customer_account_id=account.id).values_list("total", flat=True)
    assert sum(Decimal(t) for t in totals) == Decimal("90.00")


@repeated
async def test_edits_of_two_orders_at_once_never_pass_the_credit_limit(run):
    """Two orders of ¥30 on account against ¥100 of credit; both edited to ¥60 at once: one fits."""
    supplier, shop_admin, variants = await make_shop(stock=1000)
    _, buyer, account = await make_buyer(supplier, "alpha")
    await CustomerAccount.filter(id=account.id).update(credit_limit=Decimal("100"), payment_terms_days=30)
    tea = variants["TEA-1"]
    first, second = [
        await place_order(buyer, supplier.org.id, {tea: 3}, key=key, payment_method=PaymentMethod.ON_ACCOUNT)
        for key in ("a", "b")
    ]
    principal = await principal_of(buyer)

    async def edit(order: Order) -> str:
        line = await OrderLine.get(order_id=order.id)
        try:
            await checkout.edit_order(principal, order.id, order.version, [checkout.LineChange(line.id, 6)])
            return "edited"
        except Exception as error:  # the outcome per attempt is what this test counts
            return _error_code(error)

    outcomes = await asyncio.gather(edit(first), edit(second))
    assert sorted(outcomes) == ["CREDIT_LIMIT_EXCEEDED", "edited"], outcomes
    totals = await Order.filter(customer_account_id=account.id).values_list("total", flat=True)
    assert sorted(Decimal(t) for t in totals) == [Decimal("30.00"), Decimal("60.00")]
    assert shop_admin


async def test_an_edit_past_the_credit_limit_is_refused_on_its_lines(client):
    supplier, _, variants = await make_shop(stock=1000)
    _, buyer, account = await make_buyer(supplier, "alpha")
    await CustomerAccount.filter(id=account.id).update(credit_limit=Decimal("50"), payment_terms_days=30)
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 3}, payment_method=PaymentMethod.ON_ACCOUNT)
    line = await OrderLine.get(order_id=order.id)
    change = {"orderLineId": gid("OrderLine", line.id), "quantity": 6}
    refused = await client.data(
        EDIT,
        {"input": {"orderId": gid("Order", order.id), "version": order.version, "lines": [change]}},
        await client.token(buyer.email),
    )
    assert refused["orderUpdateLines"]["userErrors"] == [
        {
            "field": ["input", "lines"],
            "code": "CREDIT_LIMIT_EXCEEDED",
            "message": "This order exceeds your credit limit by ¥10.00.",
        }
    ]
    assert (await Order.get(id=order.id)).total == Decimal("30.00")


# Defect 3: concurrent adds of one SKU add up.


@repeated
async def test_ten_adds_of_one_sku_at_once_add_up(client, run):
    supplier, _, variants = await make_shop(stock=100)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    variables = {"input": {"supplierId": supplier_id, "lines": _lines(variants["TEA-1"], 2)}}

    bodies = await asyncio.gather(*(client.execute(ADD, variables, token) for _ in range(10)))
    assert [_outcome(body, "cartAddLines") for body in bodies] == ["ok"] * 10
    assert await CustomerCartLine.all().values_list("quantity", flat=True) == [20]
    assert all(len(body["data"]["cartAddLines"]["cart"]["lines"]) == 1 for body in bodies)


@repeated
async def test_adds_racing_past_an_order_rule_add_up_to_the_limit_and_no_further(run):
    """TEA-6 allows at most 60 per order; ten adds of 12 at once: five fit, five are refused."""
    supplier, _, variants = await make_shop(stock=1000)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    principal = await principal_of(buyer)

    async def add() -> str:
        try:
            await carts.add_lines(principal, supplier.org.id, [carts.LineInput(variants["TEA-6"].id, 12)])
            return "added"
        except Exception as error:  # the outcome per attempt is what this test counts
            return _error_code(error)

    outcomes = await asyncio.gather(*(add() for _ in range(10)))
    assert sorted(outcomes) == ["ABOVE_MAXIMUM"] * 5 + ["added"] * 5, outcomes
    assert await CustomerCartLine.all().values_list("quantity", flat=True) == [60]


# Defect 4: who orders. The README's matrix, checked cell by cell through the API.

README = Path(__file__).resolve().parent.parent / "README.md"
OPERATIONS = ("Fill a cart", "Check out", "Edit an order", "Cancel an order")


def _matrix() -> dict[str, dict[str, str]]:
    """The README's "Who orders" table: caller → operation → yes / no."""
    text = README.read_text()
    section = text[text.index("### Who orders") :]
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = list(itertools.takewhile(lambda line: line.startswith("|"), lines[start:]))
    header = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert tuple(header[1:]) == OPERATIONS, header
    matrix = {}
    for row in rows[2:]:
        cells = [re.sub(r"\*|`", "", cell).strip() for cell in row.strip("|").split("|")]
        matrix[cells[0]] = {op: cell.split()[0].lower() for op, cell in zip(OPERATIONS, cells[1:], strict=True)}
    return matrix


BUYER_ROWS = {
    "Buyer ADMIN": Role.ADMIN,
    "Buyer PURCHASER": Role.PURCHASER,
    "Buyer RECEIVER": Role.RECEIVER,
    "Buyer FINANCE": Role.FINANCE,
}
SUPPLIER_ROWS = {
    "Supplier ADMIN": Role.ADMIN,
    "Supplier SALES": Role.SALES,
    "Supplier APPROVER": Role.APPROVER,
    "Supplier FINANCE": Role.FINANCE,
    "Supplier WAREHOUSE": Role.WAREHOUSE,
    "Supplier SERVICE": Role.SERVICE,
}
APP_ROW = "App token"


def test_the_readme_matrix_names_every_role_of_either_side_and_apps():
    assert set(_matrix()) == set(BUYER_ROWS) | set(SUPPLIER_ROWS) | {APP_ROW}


def test_may_order_answers_the_readme_matrix():
    """The one rule behind the matrix, for every role on either side."""
    matrix = _matrix()
    for row, role in BUYER_ROWS.items():
        principal = Principal(kind="user", user_id=1, organization_id=1, can_buy=True, roles=frozenset({role}))
        assert may_order(principal, OrderingSide.BUYER) == (matrix[row]["Check out"] == "yes"), row
        assert not may_order(principal, OrderingSide.SUPPLIER), row
    for row, role in SUPPLIER_ROWS.items():
        principal = Principal(kind="user", user_id=1, organization_id=1, can_sell=True, roles=frozenset({role}))
        assert may_order(principal, OrderingSide.SUPPLIER) == (matrix[row]["Check out"] == "yes"), row
        assert not may_order(principal, OrderingSide.BUYER), row
    app = Principal(kind="app", organization_id=1, can_buy=True, can_sell=True, roles=frozenset(Role))
    assert not may_order(app, OrderingSide.BUYER) and not may_order(app, OrderingSide.SUPPLIER)


async def test_every_cell_of_the_readme_matrix_holds_through_the_api(client):
    matrix = _matrix()
    supplier, _, variants = await make_shop(stock=10_000)
    tea = variants["TEA-1"]
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    buyer_org, buyer, account = await make_buyer(supplier, "alpha", sales_rep=rep)
    supplier_id, account_id = gid("Organization", supplier.org.id), gid("CustomerAccount", account.id)
    orders = iter(range(1000))

    async def an_order() -> Order:
        return await place_order(buyer, supplier.org.id, {tea: 2}, key=f"o{next(orders)}")

    async def attempts(token: str, on_behalf: bool) -> dict[str, str]:
        """Each operation's outcome for the caller: ok, a userError code, or FORBIDDEN."""
        whose = {"supplierId": supplier_id, **({"customerAccountId": account_id} if on_behalf else {})}
        found = {
            "Fill a cart": _outcome(
                await client.execute(ADD, {"input": {**whose, "lines": _lines(tea, 1)}}, token), "cartAddLines"
            ),
            "Check out": _outcome(
                await client.execute(CHECKOUT, {"input": {**whose, "idempotencyKey": "m"}}, token), "checkout"
            ),
        }
        edited = await an_order()
        line = await OrderLine.get(order_id=edited.id)
        change = {"orderLineId": gid("OrderLine", line.id), "quantity": 3}
        found["Edit an order"] = _outcome(
            await client.execute(
                EDIT, {"input": {"orderId": gid("Order", edited.id), "version": 1, "lines": [change]}}, token
            ),
            "orderUpdateLines",
        )
        cancelled = await an_order()
        found["Cancel an order"] = _outcome(
            await client.execute(CANCEL, {"input": {"orderId": gid("Order", cancelled.id)}}, token), "orderCancel"
        )
        return found

    def expected(row: str) -> dict[str, str]:
        wanted = {"yes": "ok", "no": "FORBIDDEN"}
        return {op: wanted[cell] for op, cell in matrix[row].items()}

    for row, role in BUYER_ROWS.items():
        user = buyer if role is Role.ADMIN else await make_user(buyer_org, f"{role.lower()}@alpha.test", {role: None})
        token = await client.token(user.email)
        found = await attempts(token, on_behalf=False)
        assert found == expected(row), row
        shown = await client.data(ACTIONS, {"id": gid("Order", (await an_order()).id)}, token)
        ordering = {"EDIT", "CANCEL", "REORDER"}
        buttons = ordering if matrix[row]["Check out"] == "yes" else set()
        assert set(shown["order"]["availableActions"]) & ordering == buttons, row
    for row, role in SUPPLIER_ROWS.items():
        user = (
            supplier.admin
            if role is Role.ADMIN
            else rep
            if role is Role.SALES
            else await make_user(supplier.org, f"{role.lower()}@acme.test", {role: None})
        )
        found = await attempts(await client.token(user.email), on_behalf=True)
        assert found == expected(row), row
    every_scope = [scope.value for scope in Scope]
    for org_id, on_behalf in ((buyer_org.id, False), (supplier.org.id, True)):
        token = await create_api_token(org_id, f"app-{org_id}", every_scope)
        found = await attempts(token, on_behalf)
        assert found == {op: "FORBIDDEN" for op in found}, (APP_ROW, on_behalf)
        assert set(matrix[APP_ROW].values()) == {"no"}


# Defect: checkouts and shipments took the same stock rows in opposite orders, and PostgreSQL broke the
# deadlock by failing one of them (seen in the mixed load test). Stock rows are now locked in id order.


async def _ship_outcome(warehouse_user: Principal, order: Order, lines: list[OrderLine]) -> str:
    try:
        await shipments.create(
            warehouse_user,
            shipments.ShipmentInput(order_id=order.id, lines=tuple(shipments.ShipLine(line.id, 2) for line in lines)),
        )
        return "shipped"
    except Exception as error:  # the outcome per attempt is what this test counts
        return _error_code(error)


@repeated
async def test_checkouts_and_shipments_taking_two_skus_in_opposite_orders_at_once_all_succeed(run):
    shop = await make_shipping_shop(stock=1000)
    tea, cup = shop.variants["TEA-1"], shop.variants["CUP"]
    to_ship = []
    for index in range(6):
        order, lines = await approved_order(shop, {"TEA-1": 2, "CUP": 2}, key=f"ship-{index}")
        to_ship.append((order, [lines["CUP"], lines["TEA-1"]]))
    buyers = []
    for index in range(6):
        _, user, _ = await make_buyer(shop.supplier, f"rush-{index}")
        principal = await principal_of(user)
        await carts.add_lines(principal, shop.supplier.org.id, [carts.LineInput(tea.id, 2), carts.LineInput(cup.id, 2)])
        buyers.append(principal)
    warehouse_user = await principal_of(shop.warehouse_user)

    outcomes = await asyncio.gather(
        *(_checkout_outcome(p, shop.supplier.org.id, "rush") for p in buyers),
        *(_ship_outcome(warehouse_user, order, lines) for order, lines in to_ship),
    )
    assert sorted(outcomes) == ["ordered"] * 6 + ["shipped"] * 6, outcomes
    stock = {s.variant_id: s for s in await Stock.filter(warehouse_id=shop.sh.id, variant_id__in=[tea.id, cup.id])}
    assert {v: (s.on_hand, s.reserved) for v, s in stock.items()} == {tea.id: (988, 12), cup.id: (988, 12)}
