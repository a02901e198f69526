"""Property: for random carts and promotions, the cart's and the order's totals equal the sum of
their lines to the cent, and checkout charges exactly what the cart showed."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.carts import checkout
from app.carts import service as carts
from app.carts.models import CustomerCartLine as CartLine
from app.catalog import service as catalog
from app.catalog.models import Variant
from app.inventory import service as inventory
from app.orders import service as orders
from app.orders.models import OrderLine
from app.promotions import service as promotions
from app.promotions.engine import PromotionKind
from app.promotions.models import Promotion
from tests.support import make_buyer, make_supplier, principal_of

keys = itertools.count()

promotion_specs = st.lists(
    st.one_of(
        st.builds(
            lambda t, d, r, s: promotions.PromotionInput(
                name="threshold",
                kind=PromotionKind.THRESHOLD_DISCOUNT,
                steps=((str(t), str(d)),),
                repeatable=r,
                stackable=s,
            ),
            st.integers(20, 400),
            st.integers(1, 19),
            st.booleans(),
            st.booleans(),
        ),
        st.builds(
            lambda p, s: promotions.PromotionInput(
                name="percent", kind=PromotionKind.PERCENT_OFF, percent_off=Decimal(p), stackable=s
            ),
            st.integers(1, 60),
            st.booleans(),
        ),
        st.builds(
            lambda price: promotions.PromotionInput(
                name="special", kind=PromotionKind.SPECIAL_PRICE, special_price=Decimal(price) / 100
            ),
            st.integers(1, 3000),
        ),
    ),
    max_size=3,
)
cart_specs = st.lists(st.tuples(st.integers(0, 5), st.integers(1, 9)), min_size=1, max_size=6, unique_by=lambda t: t[0])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(promotion_inputs=promotion_specs, lines=cart_specs)
async def test_totals_equal_the_sum_of_lines(shop, promotion_inputs, lines):
    admin, buyer, variants = shop
    await Promotion.all().delete()
    await CartLine.all().delete()
    for data in promotion_inputs:
        await promotions.create_promotion(admin, data)
    for index, quantity in lines:
        await carts.add_lines(buyer, variants[index].supplier_id, [carts.LineInput(variants[index].id, quantity)])
    cart = await carts.cart_of(buyer, variants[0].supplier_id)
    priced = await carts.price_cart(cart)
    assert sum((line.total for line in priced.lines), Decimal(0)) == priced.outcome.total
    assert priced.outcome.subtotal - priced.outcome.discount_total == priced.outcome.total >= 0

    order = await checkout.checkout(
        buyer, checkout.CheckoutInput(supplier_id=variants[0].supplier_id, idempotency_key=f"p{next(keys)}")
    )
    order_lines = await OrderLine.filter(order_id=order.id)
    assert sum((line.line_total for line in order_lines), Decimal(0)) == order.total == priced.outcome.total
    assert all(Decimal(0) <= line.discount <= line.unit_price * line.quantity for line in order_lines)
    await orders.cancel(buyer, order.id, "property test")


@pytest.fixture
async def shop():
    """Built once per test: hypothesis runs every example inside it."""
    supplier = await make_supplier("prop")
    admin = await principal_of(supplier.admin)
    warehouse = await inventory.create_warehouse(admin, "W", "Main")
    prices = ["0.99", "1.05", "10.00", "33.33", "99.95", "250.10"]
    product = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="Mixed",
            published=True,
            variants=tuple(catalog.VariantInput(sku=f"V{n}", base_price=p) for n, p in enumerate(prices)),
        ),
    )
    variants = list(await Variant.filter(product_id=product.id).order_by("position"))
    for variant in variants:
        await inventory.adjust_stock(admin, variant.id, warehouse.id, 100_000, "count")
    _, buyer_user, _ = await make_buyer(supplier, "propbuyer")
    buyer = await principal_of(buyer_user)
    return admin, buyer, variants
