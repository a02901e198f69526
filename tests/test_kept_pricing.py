"""Pricing keeps each supplier's promotions and price list assignments while its catalog counter stands
(read_versions.Kept): a promotion or a price list created, changed, reassigned or archived prices the
very next cart and checkout, a kept promotion starts and ends on its own clock, and a kept read
costs no query."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from app import read_versions
from app.clock import utc_now
from app.orders import calendar, quotas
from app.orders import service as orders
from app.promotions import service as promotions
from app.promotions.models import Promotion
from tests.support import gid, make_buyer, make_shop

CART = """query C($s: ID!) { cart(supplierId: $s) { appliedPromotions { name } total { amount } } }"""
ADD = """mutation A($s: ID!, $v: ID!) { cartAddLines(input: {supplierId: $s, lines: [{variantId: $v, quantity: 10}]}) {
  userErrors { code } } }"""
CREATE = """mutation P($input: PromotionCreateInput!) { promotionCreate(input: $input) {
  promotion { id } userErrors { field code } } }"""
UPDATE = (
    """mutation U($input: PromotionUpdateInput!) { promotionUpdate(input: $input) { userErrors { field code } } }"""
)
ARCHIVE = """mutation R($id: ID!) { promotionArchive(input: {promotionId: $id}) { userErrors { code } } }"""
CHECKOUT = """mutation C($s: ID!, $k: String!) { checkout(input: {supplierId: $s, idempotencyKey: $k}) {
  order { total { amount } } userErrors { code } } }"""


def _percent_off(percent: str) -> dict:
    return {"name": f"{percent}% off", "kind": "PERCENT_OFF", "percentOff": percent}


async def test_a_promotion_change_prices_the_next_cart_and_checkout(client):
    supplier, _, variants = await make_shop()
    await make_buyer(supplier, "alpha")
    buyer = await client.token("buyer@alpha.test")
    admin = await client.token(supplier.admin.email)
    s = gid("Organization", supplier.org.id)
    await client.data(ADD, {"s": s, "v": gid("Variant", variants["TEA-1"].id)}, token=buyer)

    async def cart() -> tuple[list[str], str]:
        read = (await client.data(CART, {"s": s}, token=buyer))["cart"]
        return [p["name"] for p in read["appliedPromotions"]], read["total"]["amount"]

    assert await cart() == ([], "100.00")
    created = await client.data(CREATE, {"input": _percent_off("10")}, token=admin)
    promotion_id = created["promotionCreate"]["promotion"]["id"]
    assert await cart() == (["10% off"], "90.00")
    changed = await client.data(
        UPDATE, {"input": {"promotionId": promotion_id, "promotion": _percent_off("20")}}, admin
    )
    assert changed["promotionUpdate"]["userErrors"] == []
    assert await cart() == (["20% off"], "80.00")
    await client.data(ARCHIVE, {"id": promotion_id}, token=admin)
    assert await cart() == ([], "100.00")

    await client.data(CREATE, {"input": _percent_off("5")}, token=admin)
    placed = (await client.data(CHECKOUT, {"s": s, "k": "after-a-change"}, token=buyer))["checkout"]
    assert placed["userErrors"] == [] and placed["order"]["total"]["amount"] == "95.00"


async def test_a_kept_promotion_starts_and_ends_on_its_clock_and_costs_no_query(client, query_counter):
    supplier, _, _ = await make_shop()
    admin = await client.token(supplier.admin.email)
    now = utc_now()
    window = {"startsAt": (now + timedelta(hours=1)).isoformat(), "endsAt": (now + timedelta(hours=2)).isoformat()}
    created = await client.data(CREATE, {"input": {**_percent_off("10"), **window}}, token=admin)
    assert created["promotionCreate"]["userErrors"] == []

    assert await promotions.active_promotions(supplier.org.id, now) == []
    query_counter.reset()
    started = await promotions.active_promotions(supplier.org.id, now + timedelta(hours=1, minutes=1))
    ended = await promotions.active_promotions(supplier.org.id, now + timedelta(hours=2))
    assert [p.name for p in started] == ["10% off"] and ended == []
    assert query_counter.count == 0, query_counter.statements


LIST = """mutation L($input: PriceListCreateInput!) { priceListCreate(input: $input) {
  priceList { id } userErrors { field code } } }"""
LIST_UPDATE = (
    """mutation U($input: PriceListUpdateInput!) { priceListUpdate(input: $input) { userErrors { field code } } }"""
)
LIST_ARCHIVE = """mutation A($id: ID!) { priceListArchive(input: {priceListId: $id}) { userErrors { code } } }"""


async def test_a_price_list_assigned_reassigned_or_archived_prices_the_next_cart(client):
    supplier, _, variants = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha", tier="A")
    buyer = await client.token("buyer@alpha.test")
    admin = await client.token(supplier.admin.email)
    s = gid("Organization", supplier.org.id)
    await client.data(ADD, {"s": s, "v": gid("Variant", variants["TEA-1"].id)}, token=buyer)

    async def total() -> str:
        return (await client.data(CART, {"s": s}, token=buyer))["cart"]["total"]["amount"]

    assert await total() == "100.00"
    tier_a = {"name": "Tier A", "kind": "RATE", "rate": "0.8", "tiers": ["A"]}
    created = await client.data(LIST, {"input": tier_a}, token=admin)
    list_id = created["priceListCreate"]["priceList"]["id"]
    assert await total() == "80.00"
    moved = await client.data(
        LIST_UPDATE, {"input": {"priceListId": list_id, "priceList": {**tier_a, "tiers": ["B"]}}}, admin
    )
    assert moved["priceListUpdate"]["userErrors"] == []
    assert await total() == "100.00"
    own = {**tier_a, "tiers": [], "customerAccountIds": [gid("CustomerAccount", account.id)], "rate": "0.7"}
    await client.data(LIST_UPDATE, {"input": {"priceListId": list_id, "priceList": own}}, admin)
    assert await total() == "70.00"
    await client.data(LIST_ARCHIVE, {"id": list_id}, token=admin)
    assert await total() == "100.00"


async def test_a_kept_value_is_loaded_again_after_its_seconds_without_any_bump(client, monkeypatch):
    """A change that bumps no counter (a bump Redis refused, a script writing rows) is seen once the
    kept value is KEPT_SECONDS old, and not before."""
    supplier, _, _ = await make_shop()
    admin = await client.token(supplier.admin.email)
    await client.data(CREATE, {"input": _percent_off("10")}, token=admin)

    async def names() -> list[str]:
        return [p.name for p in await promotions.active_promotions(supplier.org.id, utc_now())]

    monkeypatch.setattr(read_versions, "KEPT_SECONDS", 0.0)
    assert await names() == ["10% off"]
    await Promotion.filter(supplier_id=supplier.org.id).update(name="renamed quietly")
    assert await names() == ["renamed quietly"]
    monkeypatch.setattr(read_versions, "KEPT_SECONDS", 60.0)
    assert await names() == ["renamed quietly"]
    await Promotion.filter(supplier_id=supplier.org.id).update(name="renamed again")
    assert await names() == ["renamed quietly"]


CATEGORY = """mutation K($input: CategoryCreateInput!) { categoryCreate(input: $input) { category { id } userErrors { code } } }"""
MOVE = """mutation M($input: ProductUpdateInput!) { productUpdate(input: $input) { userErrors { field code } } }"""


async def test_a_category_made_and_given_a_product_prices_the_next_cart(client):
    """The supplier's categories are kept too: a promotion on a category made after the categories were
    read reaches the product moved into it, in the next cart and checkout."""
    supplier, _, variants = await make_shop()
    await make_buyer(supplier, "alpha")
    buyer = await client.token("buyer@alpha.test")
    admin = await client.token(supplier.admin.email)
    s = gid("Organization", supplier.org.id)
    product = gid("Product", variants["TEA-1"].product_id)
    await client.data(ADD, {"s": s, "v": gid("Variant", variants["TEA-1"].id)}, token=buyer)

    async def category(name: str, parent: str | None = None) -> str:
        made = await client.data(CATEGORY, {"input": {"name": name, "parentId": parent}}, token=admin)
        return made["categoryCreate"]["category"]["id"]

    async def move_to(category_id: str) -> None:
        moved = await client.data(MOVE, {"input": {"productId": product, "categoryId": category_id}}, admin)
        assert moved["productUpdate"]["userErrors"] == []

    async def total() -> str:
        return (await client.data(CART, {"s": s}, token=buyer))["cart"]["total"]["amount"]

    tea = await category("Tea")
    await move_to(tea)
    assert await total() == "100.00"
    green = await category("Green", tea)
    created = await client.data(CREATE, {"input": {**_percent_off("10"), "categoryIds": [green]}}, token=admin)
    assert created["promotionCreate"]["userErrors"] == []
    await move_to(green)
    assert await total() == "90.00"
    placed = (await client.data(CHECKOUT, {"s": s, "k": "in-a-new-category"}, token=buyer))["checkout"]
    assert placed["userErrors"] == [] and placed["order"]["total"]["amount"] == "90.00"


async def test_ordering_rules_set_after_a_read_apply_to_the_next_checkout(client):
    """Each supplier's ordering windows and quotas are kept under its rules counter: a quota or a window
    set after the cart was priced refuses the next checkout, and taken away lets it through."""
    supplier, admin, variants = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha")
    buyer = await client.token("buyer@alpha.test")
    s = gid("Organization", supplier.org.id)
    tea = variants["TEA-1"]
    await client.data(ADD, {"s": s, "v": gid("Variant", tea.id)}, token=buyer)
    assert (await client.data(CART, {"s": s}, token=buyer))["cart"]["total"]["amount"] == "100.00"

    async def refused() -> list[str]:
        placed = (await client.data(CHECKOUT, {"s": s, "k": "rules"}, token=buyer))["checkout"]
        return [error["code"] for error in placed["userErrors"]]

    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, 4, customer_account_id=account.id)])
    assert await refused() == ["OVER_QUOTA"]
    await quotas.set_quotas(admin, [quotas.QuotaInput(tea.id, None, customer_account_id=account.id)])
    later = datetime.now(ZoneInfo(supplier.org.timezone)) + timedelta(days=2)
    window = calendar.Window(later.weekday(), time(8, 0), later.weekday(), time(9, 0))
    await orders.set_ordering_windows(admin, account.id, [window])
    assert await refused() == ["ORDERING_CLOSED"]
    await orders.set_ordering_windows(admin, account.id, [])
    assert await refused() == []
