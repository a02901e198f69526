"""Cart → checkout → order, the order rules at cart and at checkout, idempotency, cancellation
and stock that never goes negative under concurrent checkouts."""

from __future__ import annotations

import asyncio
from datetime import UTC
from decimal import Decimal

from app.accounts.models import Role
from app.carts import checkout
from app.carts import service as carts
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.clock import utc_now
from app.inventory.models import Stock
from app.orders.models import Order, OrderStatusChange
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from schema.ids import parse_id
from tests.support import gid, make_buyer, make_shop, make_user, principal_of

ADD = """mutation A($input: CartAddLinesInput!) { cartAddLines(input: $input) {
  cart { lines { id quantity variant { sku } unitPrice { amount } lineTotal { amount } warnings { code } }
         subtotal { amount } discountTotal { amount } total { amount currency } hints { message }
         appliedPromotions { name discount { amount } } }
  userErrors { field code message } } }"""

CHECKOUT = """mutation C($input: CheckoutInput!) { checkout(input: $input) {
  order { id number status total { amount } lines { sku quantity unitPrice { amount } lineTotal { amount } isGift } }
  userErrors { field code message } } }"""


def _lines(variants, **quantities):
    return [
        {"variantId": gid("Variant", variants[sku.replace("_", "-")].id), "quantity": q}
        for sku, q in quantities.items()
    ]


async def test_cart_to_checkout_to_order_visible_to_buyer_and_supplier(client):
    supplier, admin, variants = await make_shop()
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(name="满500减50", kind=PromotionKind.THRESHOLD_DISCOUNT, steps=(("500", "50"),)),
    )
    rep = await make_user(supplier.org, "rep@acme.test", {Role.SALES: None})
    _, buyer, _ = await make_buyer(supplier, "alpha", sales_rep=rep)
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)

    added = (
        await client.data(
            ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_6=6, TEA_1=3)}}, token=token
        )
    )["cartAddLines"]
    assert added["userErrors"] == []
    cart = added["cart"]
    assert cart["subtotal"] == {"amount": "330.00"} and cart["total"] == {"amount": "330.00", "currency": "CNY"}
    assert cart["hints"] == [{"message": "Add ¥170.00 more to get ¥50.00 off"}]

    more = (
        await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_6=6)}}, token=token)
    )["cartAddLines"]["cart"]
    assert [line["quantity"] for line in more["lines"]] == [12, 3]
    assert more["discountTotal"] == {"amount": "50.00"} and more["total"]["amount"] == "580.00"
    assert sum(Decimal(line["lineTotal"]["amount"]) for line in more["lines"]) == Decimal("580.00")

    placed = (
        await client.data(
            CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "k-1", "poNumber": "PO-7"}}, token=token
        )
    )["checkout"]
    assert placed["userErrors"] == []
    order = placed["order"]
    assert order["status"] == "PENDING_APPROVAL" and order["number"].startswith("SO-")
    assert order["total"] == {"amount": "580.00"}
    assert {(line["sku"], line["quantity"]) for line in order["lines"]} == {("TEA-6", 12), ("TEA-1", 3)}
    assert (
        await client.data("query C($s: ID!) { cart(supplierId: $s) { lines { id } } }", {"s": supplier_id}, token=token)
    )["cart"]["lines"] == []
    assert await Stock.filter(variant_id=variants["TEA-6"].id).values_list("reserved", flat=True) == [12]

    listing = "{ orders { totalCount nodes { number poNumber } } }"
    for login in (buyer.email, "admin@acme.test", "rep@acme.test"):
        seen = await client.data(listing, token=await client.token(login))
        assert seen["orders"]["nodes"] == [{"number": order["number"], "poNumber": "PO-7"}], login
    _, other_buyer, _ = await make_buyer(supplier, "beta")
    other_rep = await make_user(supplier.org, "rep2@acme.test", {Role.SALES: None})
    for login in (other_buyer.email, other_rep.email):
        assert (await client.data(listing, token=await client.token(login)))["orders"]["totalCount"] == 0
    assert (
        await client.data(
            "query O($id: ID!) { order(id: $id) { number } }",
            {"id": order["id"]},
            token=await client.token(other_buyer.email),
        )
    ) == {"order": None}


async def test_each_order_rule_has_its_code_at_cart_and_at_checkout(client):
    supplier, admin, variants = await make_shop(stock=20)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    cases = [(3, "BELOW_MINIMUM"), (8, "NOT_A_MULTIPLE"), (66, "ABOVE_MAXIMUM"), (24, "INSUFFICIENT_STOCK")]
    for quantity, code in cases:
        result = (
            await client.data(
                ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_6=quantity)}}, token=token
            )
        )["cartAddLines"]
        assert code in [e["code"] for e in result["userErrors"]], (quantity, result)
        assert result["cart"] is None
    assert (
        await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_6=18)}}, token=token)
    )["cartAddLines"]["userErrors"] == []

    await Stock.filter(variant_id=variants["TEA-6"].id).update(reserved=10)
    cart = await client.data(
        "query C($s: ID!) { cart(supplierId: $s) { lines { warnings { code } } } }", {"s": supplier_id}, token=token
    )
    assert cart["cart"]["lines"][0]["warnings"] == [{"code": "INSUFFICIENT_STOCK"}]
    refused = (await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "k"}}, token=token))[
        "checkout"
    ]
    assert refused["order"] is None
    assert refused["userErrors"][0]["code"] == "INSUFFICIENT_STOCK"

    await Stock.filter(variant_id=variants["TEA-6"].id).update(reserved=0)
    await Variant.filter(id=variants["TEA-6"].id).update(min_order_quantity=24)
    below = (await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "k"}}, token=token))[
        "checkout"
    ]
    assert below["userErrors"][0]["code"] == "BELOW_MINIMUM"
    await catalog.set_product_published(admin, (await Variant.get(id=variants["TEA-6"].id)).product_id, False)
    gone = (await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "k"}}, token=token))[
        "checkout"
    ]
    assert gone["userErrors"][0]["code"] == "UNAVAILABLE"
    assert await Order.all().count() == 0


async def test_checkout_is_idempotent(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=5)}}, token=token)
    first = (
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "same"}}, token=token)
    )["checkout"]
    second = (
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "same"}}, token=token)
    )["checkout"]
    assert first == second and first["order"] is not None
    assert await Order.all().count() == 1
    assert await Stock.filter(variant_id=variants["TEA-1"].id).values_list("reserved", flat=True) == [5]
    empty = (
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "other"}}, token=token)
    )["checkout"]
    assert empty["userErrors"] == [
        {"field": ["input", "supplierId"], "code": "CART_EMPTY", "message": "The cart is empty."}
    ]


async def test_pending_and_suspended_buyers_cannot_order(client):
    supplier, admin, variants = await make_shop()
    _, pending, _ = await make_buyer(supplier, "late", approve=False)
    token = await client.token(pending.email)
    result = await client.data(
        ADD,
        {"input": {"supplierId": gid("Organization", supplier.org.id), "lines": _lines(variants, TEA_1=1)}},
        token=token,
    )
    assert result["cartAddLines"]["userErrors"][0]["code"] == "ACCOUNT_NOT_APPROVED"


async def test_cancellation_releases_stock_and_follows_who_may_cancel(client):
    supplier, admin, variants = await make_shop()
    await make_user(supplier.org, "wh@acme.test", {Role.WAREHOUSE: None})
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    cancel = """mutation X($id: ID!) { orderCancel(input: {orderId: $id, reason: "changed my mind"}) {
        order { status } userErrors { code } } }"""

    async def place(key: str) -> str:
        await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=4)}}, token=token)
        return (
            await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": key}}, token=token)
        )["checkout"]["order"]["id"]

    first = await place("a")
    assert (await client.data(cancel, {"id": first}, token=token))["orderCancel"]["order"] == {"status": "CANCELLED"}
    assert await Stock.filter(variant_id=variants["TEA-1"].id).values_list("reserved", flat=True) == [0]
    again = await client.data(cancel, {"id": first}, token=token)
    assert again["orderCancel"]["userErrors"] == [{"code": "INVALID_STATE"}]
    history = (
        await OrderStatusChange.filter(order__number__isnull=False).order_by("id").values_list("to_status", "reason")
    )
    assert history == [("PENDING_APPROVAL", "placed"), ("CANCELLED", "changed my mind")]

    second = await place("b")
    order = await Order.get(id=parse_id(second)[1])
    await Order.filter(id=order.id).update(status="APPROVED")
    assert (await client.data(cancel, {"id": second}, token=token))["orderCancel"]["userErrors"] == [
        {"code": "INVALID_STATE"}
    ]
    denied = await client.execute(cancel, {"id": second}, token=await client.token("wh@acme.test"))
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    by_supplier = await client.data(cancel, {"id": second}, token=await client.token("admin@acme.test"))
    assert by_supplier["orderCancel"]["order"] == {"status": "CANCELLED"}
    assert await Stock.filter(variant_id=variants["TEA-1"].id).values_list("reserved", flat=True) == [0]


async def test_concurrent_checkouts_never_oversell(client, settings):
    """200 buyers each try to check out 1 unit of a SKU with 50 in stock, all at once."""
    supplier, admin, variants = await make_shop(stock=50)
    buyer_org, first_user, account = await make_buyer(supplier, "crowd")
    users = [first_user] + [await make_user(buyer_org, f"p{n}@crowd.test", {Role.PURCHASER: None}) for n in range(199)]
    principals = [await principal_of(user) for user in users]
    for principal in principals:
        await carts.add_lines(principal, supplier.org.id, [carts.LineInput(variants["TEA-1"].id, 1)])

    async def attempt(principal) -> str:
        try:
            await checkout.checkout(
                principal, checkout.CheckoutInput(supplier_id=supplier.org.id, idempotency_key="rush")
            )
            return "ordered"
        except Exception as error:  # the outcome per buyer is what this test counts
            codes = [e.code.value for e in getattr(error, "errors", [])]
            return codes[0] if codes else repr(error)

    outcomes = await asyncio.gather(*(attempt(p) for p in principals))
    assert outcomes.count("ordered") == 50, sorted(set(outcomes))
    assert set(outcomes) == {"ordered", "INSUFFICIENT_STOCK"}, sorted(set(outcomes))
    stock = await Stock.get(variant_id=variants["TEA-1"].id)
    assert (stock.on_hand, stock.reserved) == (50, 50)
    assert await Order.all().count() == 50
    numbers = await Order.all().values_list("number", flat=True)
    assert len(set(numbers)) == 50
    assert account.status == "APPROVED"


async def test_quick_order_pad_refuses_all_or_adds_the_good_lines_when_partial(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    by_sku = """mutation S($input: CartAddBySkuInput!) { cartAddBySku(input: $input) {
        cart { lines { variant { sku } quantity } } userErrors { field code } } }"""
    lines = [
        {"sku": "TEA-1", "quantity": 2},
        {"sku": "NOPE", "quantity": 1},
        {"sku": "TEA-6", "quantity": 7},  # not a multiple of 6
    ]
    refused = (await client.data(by_sku, {"input": {"supplierId": supplier_id, "lines": lines}}, token=token))[
        "cartAddBySku"
    ]
    assert refused["cart"] is None and refused["userErrors"][0]["code"] == "NOT_FOUND"
    cart = "query C($s: ID!) { cart(supplierId: $s) { lines { variant { sku } quantity } } }"
    assert (await client.data(cart, {"s": supplier_id}, token=token))["cart"]["lines"] == []

    partial = (
        await client.data(by_sku, {"input": {"supplierId": supplier_id, "lines": lines, "partial": True}}, token=token)
    )["cartAddBySku"]
    assert partial["cart"]["lines"] == [{"variant": {"sku": "TEA-1"}, "quantity": 2}]
    assert partial["userErrors"] == [
        {"field": ["input", "lines", "1", "sku"], "code": "NOT_FOUND"},
        {"field": ["input", "lines", "2", "quantity"], "code": "NOT_A_MULTIPLE"},
    ]
    assert (await client.data(cart, {"s": supplier_id}, token=token))["cart"]["lines"] == partial["cart"]["lines"]


async def test_quick_order_pad_reorder_and_order_history(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    by_sku = """mutation S($input: CartAddBySkuInput!) { cartAddBySku(input: $input) {
        cart { lines { variant { sku } quantity } } userErrors { field code } } }"""
    unknown = await client.data(
        by_sku,
        {
            "input": {
                "supplierId": supplier_id,
                "lines": [{"sku": "TEA-1", "quantity": 2}, {"sku": "NOPE", "quantity": 1}],
            }
        },
        token=token,
    )
    assert unknown["cartAddBySku"]["userErrors"] == [{"field": ["input", "lines", "1", "sku"], "code": "NOT_FOUND"}]
    added = await client.data(
        by_sku,
        {
            "input": {
                "supplierId": supplier_id,
                "lines": [{"sku": "TEA-1", "quantity": 2}, {"sku": "TEA-6", "quantity": 12}],
            }
        },
        token=token,
    )
    assert added["cartAddBySku"]["cart"]["lines"] == [
        {"variant": {"sku": "TEA-1"}, "quantity": 2},
        {"variant": {"sku": "TEA-6"}, "quantity": 12},
    ]
    placed = (await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "r1"}}, token=token))[
        "checkout"
    ]["order"]
    again = await client.data(
        "mutation R($id: ID!) { cartAddFromOrder(input: {orderId: $id}) { cart { lines { variant { sku } quantity } } } }",
        {"id": placed["id"]},
        token=token,
    )
    assert again["cartAddFromOrder"]["cart"]["lines"] == added["cartAddBySku"]["cart"]["lines"]
    order = await client.data(
        "query O($id: ID!) { order(id: $id) { version history { fromStatus toStatus reason userName } } }",
        {"id": placed["id"]},
        token=token,
    )
    assert order["order"] == {
        "version": 1,
        "history": [
            {"fromStatus": None, "toStatus": "PENDING_APPROVAL", "reason": "placed", "userName": "buyer alpha"}
        ],
    }


async def test_orders_filter_by_status_search_and_date(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    for key, po in (("a", "PO-100"), ("b", "PO-200")):
        await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=1)}}, token=token)
        await client.data(
            CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": key, "poNumber": po}}, token=token
        )
    query = "query Q($f: OrderFilter) { orders(filter: $f) { totalCount nodes { poNumber status } } }"
    assert (await client.data(query, {"f": {"search": "PO-2"}}, token=token))["orders"]["nodes"] == [
        {"poNumber": "PO-200", "status": "PENDING_APPROVAL"}
    ]
    assert (await client.data(query, {"f": {"status": ["CANCELLED"]}}, token=token))["orders"]["totalCount"] == 0
    assert (await client.data(query, {"f": {"createdFrom": "2000-01-01"}}, token=token))["orders"]["totalCount"] == 2
    assert (await client.data(query, {"f": {"createdTo": "2000-01-01"}}, token=token))["orders"]["totalCount"] == 0


async def test_on_account_orders_must_fit_the_credit_limit(client):
    supplier, admin, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    await account.__class__.filter(id=account.id).update(credit_limit=Decimal("100.00"))
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=8)}}, token=token)
    first = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "idempotencyKey": "c1", "paymentMethod": "ON_ACCOUNT"}},
            token=token,
        )
    )["checkout"]
    assert first["userErrors"] == [] and first["order"]["total"] == {"amount": "80.00"}
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=3)}}, token=token)
    over = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "idempotencyKey": "c2", "paymentMethod": "ON_ACCOUNT"}},
            token=token,
        )
    )["checkout"]
    assert over["userErrors"] == [
        {
            "field": ["input", "paymentMethod"],
            "code": "CREDIT_LIMIT_EXCEEDED",
            "message": "This order exceeds your credit limit by ¥10.00.",
        }
    ]
    prepaid = (
        await client.data(
            CHECKOUT,
            {"input": {"supplierId": supplier_id, "idempotencyKey": "c3", "paymentMethod": "PREPAID_BALANCE"}},
            token=token,
        )
    )["checkout"]
    assert prepaid["userErrors"][0]["code"] == "INSUFFICIENT_BALANCE"
    transfer = (
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "c4"}}, token=token)
    )["checkout"]
    assert transfer["userErrors"] == [] and transfer["order"]["total"] == {"amount": "30.00"}


async def test_ordering_windows_and_cut_off(client):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    supplier, _, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    admin_token = await client.token("admin@acme.test")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    set_windows = """mutation W($input: OrderingWindowsSetInput!) { orderingWindowsSet(input: $input) {
        windowsCount userErrors { field code } } }"""
    now = datetime.now(ZoneInfo("Asia/Shanghai"))
    opens, closes = now - timedelta(hours=1), now + timedelta(hours=2)
    window = {
        "opensWeekday": opens.weekday(),
        "opensAt": opens.strftime("%H:%M:%S"),
        "closesWeekday": closes.weekday(),
        "closesAt": closes.strftime("%H:%M:%S"),
    }
    account_id = gid("CustomerAccount", account.id)
    done = await client.data(
        set_windows, {"input": {"customerAccountId": account_id, "windows": [window]}}, token=admin_token
    )
    assert done["orderingWindowsSet"] == {"windowsCount": 1, "userErrors": []}
    bad = await client.data(
        set_windows,
        {"input": {"customerAccountId": account_id, "windows": [{**window, "opensWeekday": 9}]}},
        token=admin_token,
    )
    assert bad["orderingWindowsSet"]["userErrors"] == [
        {"field": ["input", "windows", "0", "opensWeekday"], "code": "OUT_OF_RANGE"}
    ]

    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=1)}}, token=token)
    open_cart = "query W($s: ID!) { cart(supplierId: $s) { warnings { code } } }"
    assert (await client.data(open_cart, {"s": supplier_id}, token=token))["cart"]["warnings"] == []
    placed = (
        await client.data(
            "mutation C($input: CheckoutInput!) { checkout(input: $input) { order { id cutoffAt } userErrors { code } } }",
            {"input": {"supplierId": supplier_id, "idempotencyKey": "w1"}},
            token=token,
        )
    )["checkout"]["order"]
    cutoff = datetime.fromisoformat(placed["cutoffAt"])
    assert cutoff == closes.replace(second=0, microsecond=0).astimezone(UTC)

    await Order.filter(id=parse_id(placed["id"])[1]).update(cutoff_at=utc_now() - timedelta(minutes=1))
    locked = await client.data(
        "mutation X($id: ID!) { orderCancel(input: {orderId: $id}) { order { status } userErrors { code } } }",
        {"id": placed["id"]},
        token=token,
    )
    assert locked["orderCancel"] == {"order": None, "userErrors": [{"code": "ORDER_LOCKED"}]}

    later = now + timedelta(hours=5)
    closed_window = {
        "opensWeekday": later.weekday(),
        "opensAt": later.strftime("%H:%M:%S"),
        "closesWeekday": later.weekday(),
        "closesAt": (later + timedelta(minutes=30)).strftime("%H:%M:%S"),
    }
    await client.data(
        set_windows, {"input": {"customerAccountId": account_id, "windows": [closed_window]}}, token=admin_token
    )
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=1)}}, token=token)
    cart_warnings = "query W($s: ID!) { cart(supplierId: $s) { warnings { code message } } }"
    (warning,) = (await client.data(cart_warnings, {"s": supplier_id}, token=token))["cart"]["warnings"]
    refused = (
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": "w2"}}, token=token)
    )["checkout"]
    assert refused["userErrors"][0]["code"] == warning["code"] == "ORDERING_CLOSED"
    assert "next window opens" in refused["userErrors"][0]["message"]
    assert warning["message"] == refused["userErrors"][0]["message"]


async def test_address_book_and_checkout_with_a_saved_address(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha", address=False)
    _, other, _ = await make_buyer(supplier, "beta")
    token = await client.token(buyer.email)
    create = """mutation A($input: AddressCreateInput!) { addressCreate(input: $input) {
        address { id recipient isDefault } userErrors { field code } } }"""
    home = {
        "recipient": "王店长",
        "phone": "+86 138 0000 0000",
        "region": "上海市/浦东新区",
        "street": "世纪大道 100 号",
        "isDefault": True,
    }
    first = (await client.data(create, {"input": {"address": home}}, token=token))["addressCreate"]["address"]
    second = (await client.data(create, {"input": {"address": {**home, "recipient": "仓库"}}}, token=token))[
        "addressCreate"
    ]
    assert second["address"]["isDefault"] is True
    listed = await client.data("{ addresses { recipient isDefault } }", token=token)
    assert listed["addresses"] == [
        {"recipient": "仓库", "isDefault": True},
        {"recipient": "王店长", "isDefault": False},
    ]
    missing_phone = await client.data(create, {"input": {"address": {**home, "phone": ""}}}, token=token)
    assert missing_phone["addressCreate"]["userErrors"] == [{"field": ["input", "phone"], "code": "REQUIRED"}]

    supplier_id = gid("Organization", supplier.org.id)
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=1)}}, token=token)
    other_token = await client.token(other.email)
    await client.data(
        ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=1)}}, token=other_token
    )
    foreign = await client.data(
        "mutation C($input: CheckoutInput!) { checkout(input: $input) { userErrors { field code } } }",
        {"input": {"supplierId": supplier_id, "idempotencyKey": "x", "shippingAddressId": first["id"]}},
        token=other_token,
    )
    assert foreign["checkout"]["userErrors"] == [{"field": ["input", "shippingAddressId"], "code": "NOT_FOUND"}]
    placed = await client.data(
        "mutation C($input: CheckoutInput!) { checkout(input: $input) { order { shippingAddress { recipient street postalCode } } userErrors { code } } }",
        {"input": {"supplierId": supplier_id, "idempotencyKey": "addr", "shippingAddressId": first["id"]}},
        token=token,
    )
    assert placed["checkout"]["order"]["shippingAddress"] == {
        "recipient": "王店长",
        "street": "世纪大道 100 号",
        "postalCode": None,
    }
    archived = await client.data(
        "mutation A($id: ID!) { addressArchive(input: {addressId: $id}) { userErrors { code } } }",
        {"id": first["id"]},
        token=token,
    )
    assert archived["addressArchive"]["userErrors"] == []
    assert [a["recipient"] for a in (await client.data("{ addresses { recipient } }", token=token))["addresses"]] == [
        "仓库"
    ]


async def test_checkout_ships_to_the_default_address_and_refuses_without_any(client):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha", address=False)
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    checkout = """mutation C($input: CheckoutInput!) { checkout(input: $input) {
        order { shippingAddress { recipient street } } userErrors { field code } } }"""
    await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=1)}}, token=token)
    refused = await client.data(checkout, {"input": {"supplierId": supplier_id, "idempotencyKey": "a1"}}, token=token)
    assert refused["checkout"] == {
        "order": None,
        "userErrors": [{"field": ["input", "shippingAddress"], "code": "REQUIRED"}],
    }
    create = """mutation A($input: AddressCreateInput!) { addressCreate(input: $input) { userErrors { code } } }"""
    home = {"recipient": "王店长", "phone": "13800000000", "region": "上海市", "street": "世纪大道 100 号"}
    await client.data(create, {"input": {"address": {**home, "recipient": "门店", "isDefault": False}}}, token=token)
    await client.data(create, {"input": {"address": {**home, "isDefault": True}}}, token=token)
    placed = await client.data(checkout, {"input": {"supplierId": supplier_id, "idempotencyKey": "a2"}}, token=token)
    assert placed["checkout"] == {
        "order": {"shippingAddress": {"recipient": "王店长", "street": "世纪大道 100 号"}},
        "userErrors": [],
    }


async def test_buyer_edits_an_order_before_cut_off_and_not_after(client):
    from datetime import timedelta

    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    await client.data(
        ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=5, TEA_6=6)}}, token=token
    )
    placed = (
        await client.data(
            "mutation C($input: CheckoutInput!) { checkout(input: $input) { order { id version lines { id sku quantity } } } }",
            {"input": {"supplierId": supplier_id, "idempotencyKey": "e1"}},
            token=token,
        )
    )["checkout"]["order"]
    line_ids = {line["sku"]: line["id"] for line in placed["lines"]}
    edit = """mutation E($input: OrderUpdateLinesInput!) { orderUpdateLines(input: $input) {
        order { version total { amount } lines { sku quantity } history { reason } } userErrors { field code } } }"""

    changed = (
        await client.data(
            edit,
            {
                "input": {
                    "orderId": placed["id"],
                    "version": 1,
                    "lines": [
                        {"orderLineId": line_ids["TEA-1"], "quantity": 9},
                        {"orderLineId": line_ids["TEA-6"], "quantity": 0},
                    ],
                }
            },
            token=token,
        )
    )["orderUpdateLines"]
    assert changed["userErrors"] == []
    assert changed["order"]["lines"] == [{"sku": "TEA-1", "quantity": 9}]
    assert changed["order"]["total"] == {"amount": "90.00"} and changed["order"]["version"] == 2
    assert [h["reason"] for h in changed["order"]["history"]] == ["placed", "edited"]
    reserved = dict(
        await Stock.filter(variant_id__in=[v.id for v in variants.values()]).values_list("variant_id", "reserved")
    )
    assert reserved == {variants["TEA-1"].id: 9, variants["TEA-6"].id: 0}

    stale = (await client.data(edit, {"input": {"orderId": placed["id"], "version": 1, "lines": []}}, token=token))[
        "orderUpdateLines"
    ]
    assert stale["userErrors"] == [{"field": ["input", "orderId"], "code": "INVALID_STATE"}]
    order = await client.data(
        "query O($id: ID!) { order(id: $id) { lines { id } } }", {"id": placed["id"]}, token=token
    )
    tea_line = order["order"]["lines"][0]["id"]
    too_many = (
        await client.data(
            edit,
            {"input": {"orderId": placed["id"], "version": 2, "lines": [{"orderLineId": tea_line, "quantity": 500}]}},
            token=token,
        )
    )["orderUpdateLines"]
    assert too_many["userErrors"] == [{"field": ["input", "lines", "0"], "code": "INSUFFICIENT_STOCK"}]
    kept = (
        await client.data(
            edit,
            {"input": {"orderId": placed["id"], "version": 2, "lines": [{"orderLineId": tea_line, "quantity": 100}]}},
            token=token,
        )
    )["orderUpdateLines"]
    assert kept["userErrors"] == [] and kept["order"]["lines"] == [{"sku": "TEA-1", "quantity": 100}]

    await Order.filter(id=parse_id(placed["id"])[1]).update(cutoff_at=utc_now() - timedelta(seconds=1))
    order = await client.data(
        "query O($id: ID!) { order(id: $id) { lines { id } } }", {"id": placed["id"]}, token=token
    )
    locked = (
        await client.data(
            edit,
            {
                "input": {
                    "orderId": placed["id"],
                    "version": 3,
                    "lines": [{"orderLineId": order["order"]["lines"][0]["id"], "quantity": 3}],
                }
            },
            token=token,
        )
    )["orderUpdateLines"]
    assert locked["userErrors"] == [{"field": ["input", "orderId"], "code": "ORDER_LOCKED"}]


async def test_favourites_and_frequently_bought(client):
    supplier, admin, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    _, other, _ = await make_buyer(supplier, "beta")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    add = """mutation F($input: FavoriteInput!) { favoriteAdd(input: $input) { favorites { sku price { amount } } userErrors { field code } } }"""
    added = await client.data(
        add, {"input": {"supplierId": supplier_id, "variantId": gid("Variant", variants["TEA-1"].id)}}, token=token
    )
    assert added["favoriteAdd"]["favorites"] == [{"sku": "TEA-1", "price": {"amount": "10.00"}}]
    twice = await client.data(
        add, {"input": {"supplierId": supplier_id, "variantId": gid("Variant", variants["TEA-1"].id)}}, token=token
    )
    assert len(twice["favoriteAdd"]["favorites"]) == 1
    unknown = await client.data(
        add, {"input": {"supplierId": supplier_id, "variantId": gid("Variant", 999999)}}, token=token
    )
    assert unknown["favoriteAdd"]["userErrors"] == [{"field": ["input", "variantId"], "code": "NOT_FOUND"}]
    assert (
        await client.data(
            "query F($s: ID!) { favorites(supplierId: $s) { sku } }",
            {"s": supplier_id},
            token=await client.token(other.email),
        )
    ) == {"favorites": []}
    removed = await client.data(
        "mutation F($input: FavoriteInput!) { favoriteRemove(input: $input) { favorites { sku } } }",
        {"input": {"supplierId": supplier_id, "variantId": gid("Variant", variants["TEA-1"].id)}},
        token=token,
    )
    assert removed["favoriteRemove"]["favorites"] == []

    for key, lines in (("f1", _lines(variants, TEA_1=2, TEA_6=6)), ("f2", _lines(variants, TEA_6=12))):
        await client.data(ADD, {"input": {"supplierId": supplier_id, "lines": lines}}, token=token)
        await client.data(CHECKOUT, {"input": {"supplierId": supplier_id, "idempotencyKey": key}}, token=token)
    frequent = await client.data(
        "query F($s: ID!) { frequentlyBought(supplierId: $s) { sku product { id name } } }",
        {"s": supplier_id},
        token=token,
    )
    tea = {"id": gid("Product", variants["TEA-1"].product_id), "name": "Green tea"}
    assert frequent == {"frequentlyBought": [{"sku": "TEA-6", "product": tea}, {"sku": "TEA-1", "product": tea}]}


LINE_FIELDS = """id sku name unit quantity unitPrice { amount currency } discount { amount } lineTotal { amount }
  isGift priceExplanation priceOverrideReason"""


async def test_the_checkout_answers_the_lines_it_wrote_as_a_later_read_of_the_order_shows_them(client):
    """The checkout's payload shows the lines it wrote without reading them back: a gift, a discount and
    amounts to the cent, as the order reads later."""
    supplier, admin, variants = await make_shop()
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(
            name="买3送1",
            kind=PromotionKind.BUY_X_GET_Y,
            buy_quantity=3,
            gift_quantity=1,
            gift_variant_id=variants["TEA-1"].id,
            product_ids=(variants["TEA-1"].product_id,),
        ),
    )
    await promotions.create_promotion(
        admin,
        promotions.PromotionInput(
            name="9.7折",
            kind=PromotionKind.PERCENT_OFF,
            percent_off=Decimal("3"),
            product_ids=(variants["TEA-1"].product_id,),
        ),
    )
    _, buyer, _ = await make_buyer(supplier, "alpha")
    token = await client.token(buyer.email)
    supplier_id = gid("Organization", supplier.org.id)
    await client.data(
        ADD, {"input": {"supplierId": supplier_id, "lines": _lines(variants, TEA_1=7, TEA_6=6)}}, token=token
    )

    placed = (
        await client.data(
            f"mutation C($input: CheckoutInput!) {{ checkout(input: $input) {{ order {{ id lines {{ {LINE_FIELDS} }} }} }} }}",
            {"input": {"supplierId": supplier_id, "idempotencyKey": "k"}},
            token=token,
        )
    )["checkout"]["order"]
    read = await client.data(
        f"query O($id: ID!) {{ order(id: $id) {{ lines {{ {LINE_FIELDS} }} }} }}", {"id": placed["id"]}, token=token
    )

    assert placed["lines"] == read["order"]["lines"]
    assert [line["isGift"] for line in placed["lines"]] == [False, False, True]
    assert placed["lines"][0]["discount"]["amount"] != "0.00"
