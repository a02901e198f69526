"""Carts over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.carts import service as carts
from schema.carts.inputs import customer_account_id_of
from schema.carts.loaders import cart_type
from schema.carts.types import Cart
from schema.ids import decode_id


@strawberry.type
class CartsQuery:
    @strawberry.field(
        description="The caller's cart with a supplier; supplier staff give customerAccountId to order on a "
        "customer's behalf (代客下单)."
    )
    async def cart(
        self, info: strawberry.Info, supplier_id: strawberry.ID, customer_account_id: strawberry.ID | None = None
    ) -> Cart:
        cart = await carts.cart_of(
            info.context.principal,
            decode_id(supplier_id, "Organization", "supplierId"),
            customer_account_id_of(customer_account_id, ("customerAccountId",)),
        )
        return cart_type(await carts.price_cart(cart))
