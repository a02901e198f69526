"""Carts over GraphQL: the queries."""

from __future__ import annotations

import strawberry

from app.carts import service as carts
from schema.carts.inputs import CartLineInput, customer_account_id_of, line_inputs
from schema.carts.loaders import cart_preview_type, cart_type
from schema.carts.types import Cart, CartPreview
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

    @strawberry.field(
        description="Supplier staff: what a customer would pay for these lines now, priced as its cart would be "
        "(price lists, volume breaks, promotions, gifts, hints), with each line's problems as warnings. Nothing is "
        "stored: a promotion preview."
    )
    async def cart_preview(
        self, info: strawberry.Info, customer_account_id: strawberry.ID, lines: list[CartLineInput]
    ) -> CartPreview:
        account_id = decode_id(customer_account_id, "CustomerAccount", "customerAccountId")
        return cart_preview_type(
            await carts.preview(info.context.principal, account_id, line_inputs(lines, ("lines",)))
        )
