"""Carts over GraphQL: the mutations."""

from __future__ import annotations

import strawberry

from app.carts import checkout, quick_order
from app.carts import service as carts
from app.errors import ErrorCode, UserInputError
from schema.carts.inputs import (
    CartAddBySkuInput,
    CartAddFromOrderInput,
    CartAddLinesInput,
    CartAddShortfallsInput,
    CartClearInput,
    CartRemoveLinesInput,
    CartUpdateLinesInput,
    customer_account_id_of,
    line_inputs,
    supplier_id_of,
)
from schema.carts.loaders import cart_type
from schema.carts.types import (
    Cart,
    CartAddBySkuPayload,
    CartAddFromOrderPayload,
    CartAddLinesPayload,
    CartAddShortfallsPayload,
    CartClearPayload,
    CartRemoveLinesPayload,
    CartUpdateLinesPayload,
)
from schema.errors import mutation_payload, user_errors_of
from schema.ids import decode_id
from schema.selection import selects


def _line_ref(line_id: strawberry.ID | None, variant_id: strawberry.ID | None, field: tuple[str, ...]) -> carts.LineRef:
    if (line_id is None) == (variant_id is None):
        raise UserInputError.single(
            (*field, "lineId"), ErrorCode.REQUIRED, "Give the line's lineId (or, deprecated, variantId)."
        )
    if line_id is not None:
        return carts.LineRef(line_id=decode_id(line_id, "CartLine", (*field, "lineId")))
    assert variant_id is not None
    return carts.LineRef(variant_id=decode_id(variant_id, "Variant", (*field, "variantId")))


async def _priced(info: strawberry.Info, cart) -> Cart | None:
    """The cart priced, when the payload's cart is selected: pricing is most of a cart mutation's
    cost, and a client that only reads userErrors (a cart add before a checkout) does not pay it."""
    if not selects(info, "cart"):
        return None
    return cart_type(await carts.price_cart(cart))


@strawberry.type
class CartsMutation:
    @strawberry.mutation(description="Add quantities to the cart (lines already there grow).")
    @mutation_payload(CartAddLinesPayload)
    async def cart_add_lines(self, info: strawberry.Info, input: CartAddLinesInput) -> CartAddLinesPayload:
        cart = await carts.add_lines(
            info.context.principal,
            supplier_id_of(input.supplier_id),
            line_inputs(input.lines),
            customer_account_id_of(input.customer_account_id),
        )
        return CartAddLinesPayload(cart=await _priced(info, cart))

    @strawberry.mutation(description="Set the quantities of cart lines.")
    @mutation_payload(CartUpdateLinesPayload)
    async def cart_update_lines(self, info: strawberry.Info, input: CartUpdateLinesInput) -> CartUpdateLinesPayload:
        refs = [
            (_line_ref(line.line_id, line.variant_id, ("input", "lines", str(i))), line.quantity)
            for i, line in enumerate(input.lines)
        ]
        cart = await carts.update_lines(
            info.context.principal,
            supplier_id_of(input.supplier_id),
            refs,
            customer_account_id_of(input.customer_account_id),
        )
        return CartUpdateLinesPayload(cart=await _priced(info, cart))

    @strawberry.mutation(description="Quick order pad (目录订单): add many lines by SKU code at once.")
    @mutation_payload(CartAddBySkuPayload)
    async def cart_add_by_sku(self, info: strawberry.Info, input: CartAddBySkuInput) -> CartAddBySkuPayload:
        quick_order.check_line_count(input.lines)
        cart, refused = await carts.add_by_sku(
            info.context.principal,
            supplier_id_of(input.supplier_id),
            [carts.SkuLineInput(line.sku, line.quantity) for line in input.lines],
            customer_account_id_of(input.customer_account_id),
            partial=input.partial,
        )
        return CartAddBySkuPayload(cart=await _priced(info, cart), user_errors=user_errors_of(UserInputError(refused)))

    @strawberry.mutation(description="Reorder: add a previous order's lines to the cart.")
    @mutation_payload(CartAddFromOrderPayload)
    async def cart_add_from_order(self, info: strawberry.Info, input: CartAddFromOrderInput) -> CartAddFromOrderPayload:
        principal = info.context.principal
        supplier_id = await checkout.reorder(principal, decode_id(input.order_id, "Order", ("input", "orderId")))
        return CartAddFromOrderPayload(cart=await _priced(info, await carts.cart_of(principal, supplier_id)))

    @strawberry.mutation
    @mutation_payload(CartRemoveLinesPayload)
    async def cart_remove_lines(self, info: strawberry.Info, input: CartRemoveLinesInput) -> CartRemoveLinesPayload:
        if (input.line_ids is None) == (input.variant_ids is None):
            raise UserInputError.single(
                ("input", "lineIds"), ErrorCode.REQUIRED, "Give lineIds (or, deprecated, variantIds)."
            )
        refs = [
            carts.LineRef(line_id=decode_id(v, "CartLine", ("input", "lineIds", str(i))))
            for i, v in enumerate(input.line_ids or [])
        ] + [
            carts.LineRef(variant_id=decode_id(v, "Variant", ("input", "variantIds", str(i))))
            for i, v in enumerate(input.variant_ids or [])
        ]
        cart = await carts.remove_lines(
            info.context.principal,
            supplier_id_of(input.supplier_id),
            refs,
            customer_account_id_of(input.customer_account_id),
        )
        return CartRemoveLinesPayload(cart=await _priced(info, cart))

    @strawberry.mutation
    @mutation_payload(CartClearPayload)
    async def cart_clear(self, info: strawberry.Info, input: CartClearInput) -> CartClearPayload:
        cart = await carts.clear(
            info.context.principal, supplier_id_of(input.supplier_id), customer_account_id_of(input.customer_account_id)
        )
        return CartClearPayload(cart=await _priced(info, cart))

    @strawberry.mutation(description="One click: put the shortfalls of earlier ordering cycles back into the cart.")
    @mutation_payload(CartAddShortfallsPayload)
    async def cart_add_shortfalls(
        self, info: strawberry.Info, input: CartAddShortfallsInput
    ) -> CartAddShortfallsPayload:
        cart = await carts.readd_shortfalls(
            info.context.principal, supplier_id_of(input.supplier_id), customer_account_id_of(input.customer_account_id)
        )
        return CartAddShortfallsPayload(cart=await _priced(info, cart))
