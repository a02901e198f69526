"""What people read in the cart names products and SKUs (no internal ids), gifts say what they
are, and lines are named by the CartLine id the cart returns."""

from __future__ import annotations

from app.catalog.models import Variant
from app.demo.seed import DEMO_PASSWORD, seed_demo
from app.promotions.models import Promotion
from tests.support import gid

CART_FIELDS = """
  lines { id quantity variant { sku } }
  gifts { variantId quantity promotionName productName sku imageUrl variant { id sku } }
  hints { message missingQuantity }
  appliedPromotions { name explanation }
"""
ADD = f"""mutation A($input: CartAddLinesInput!) {{ cartAddLines(input: $input) {{
  cart {{ {CART_FIELDS} }} userErrors {{ field code message }} }} }}"""
UPDATE = f"""mutation U($input: CartUpdateLinesInput!) {{ cartUpdateLines(input: $input) {{
  cart {{ {CART_FIELDS} }} userErrors {{ field code message }} }} }}"""
REMOVE = f"""mutation R($input: CartRemoveLinesInput!) {{ cartRemoveLines(input: $input) {{
  cart {{ {CART_FIELDS} }} userErrors {{ field code message }} }} }}"""


async def _dealer_a(client):
    await seed_demo()
    token = await client.token("buyer@dealer-a.demo", DEMO_PASSWORD)
    water = await Variant.get(sku="HX-DR-014-24").select_related("product")
    supplier = gid("Organization", water.product.supplier_id)
    return token, supplier, water


async def test_hints_and_gifts_name_the_product_and_sku(client):
    token, supplier, water = await _dealer_a(client)
    add = {"supplierId": supplier, "lines": [{"variantId": gid("Variant", water.id), "quantity": 15}]}
    cart = (await client.data(ADD, {"input": add}, token=token))["cartAddLines"]["cart"]

    (hint,) = [h for h in cart["hints"] if h["missingQuantity"] is not None]
    assert hint["message"] == f"Add 5 more of {water.product.name} 24瓶/箱 (SKU HX-DR-014-24) to get 2 free"
    texts = [h["message"] for h in cart["hints"]] + [a["explanation"] for a in cart["appliedPromotions"]]
    assert not any("variant " in text for text in texts), texts

    promotion = await Promotion.get(kind="BUY_X_GET_Y")
    (gift,) = [g for g in cart["gifts"] if g["promotionName"] == promotion.name]
    assert gift == {
        "variantId": gid("Variant", water.id),
        "quantity": 1,
        "promotionName": promotion.name,
        "productName": water.product.name,
        "sku": "HX-DR-014-24",
        "imageUrl": water.product.images[0] if water.product.images else None,
        "variant": {"id": gid("Variant", water.id), "sku": "HX-DR-014-24"},
    }


async def test_lines_are_named_by_their_cart_line_id(client):
    token, supplier, water = await _dealer_a(client)
    add = {"supplierId": supplier, "lines": [{"variantId": gid("Variant", water.id), "quantity": 10}]}
    cart = (await client.data(ADD, {"input": add}, token=token))["cartAddLines"]["cart"]
    line_id = cart["lines"][0]["id"]

    update = {"supplierId": supplier, "lines": [{"lineId": line_id, "quantity": 20}]}
    result = (await client.data(UPDATE, {"input": update}, token=token))["cartUpdateLines"]
    assert result["userErrors"] == [] and result["cart"]["lines"][0]["quantity"] == 20

    deprecated = {"supplierId": supplier, "lines": [{"variantId": gid("Variant", water.id), "quantity": 30}]}
    result = (await client.data(UPDATE, {"input": deprecated}, token=token))["cartUpdateLines"]
    assert result["userErrors"] == [] and result["cart"]["lines"][0]["quantity"] == 30

    foreign = gid("CartLine", 10**9)
    result = await client.data(
        UPDATE, {"input": {**update, "lines": [{"lineId": foreign, "quantity": 1}]}}, token=token
    )
    assert result["cartUpdateLines"]["userErrors"] == [
        {"field": ["input", "lines", "0", "lineId"], "code": "NOT_FOUND", "message": "No such line in this cart."}
    ]
    neither = await client.data(UPDATE, {"input": {**update, "lines": [{"quantity": 1}]}}, token=token)
    assert neither["cartUpdateLines"]["userErrors"][0]["code"] == "REQUIRED"

    wrong = await client.data(REMOVE, {"input": {"supplierId": supplier, "lineIds": [foreign]}}, token=token)
    assert wrong["cartRemoveLines"]["userErrors"][0]["field"] == ["input", "lineIds", "0"]
    removed = await client.data(REMOVE, {"input": {"supplierId": supplier, "lineIds": [line_id]}}, token=token)
    assert removed["cartRemoveLines"]["userErrors"] == [] and removed["cartRemoveLines"]["cart"]["lines"] == []

    other = await client.token("buyer@dealer-b.demo", DEMO_PASSWORD)
    stolen = await client.data(REMOVE, {"input": {"supplierId": supplier, "lineIds": [line_id]}}, token=other)
    assert stolen["cartRemoveLines"]["userErrors"][0]["code"] == "NOT_FOUND"
