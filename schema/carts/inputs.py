"""Carts over GraphQL: the input types and their decoding."""

from __future__ import annotations

import strawberry

from app.carts import service as carts
from schema.ids import decode_id, decode_optional_id


def supplier_id_of(value: strawberry.ID) -> int:
    return decode_id(value, "Organization", ("input", "supplierId"))


def customer_account_id_of(
    value: strawberry.ID | None, field: tuple[str, ...] = ("input", "customerAccountId")
) -> int | None:
    return decode_optional_id(value, "CustomerAccount", field)


@strawberry.input
class CartLineInput:
    variant_id: strawberry.ID
    quantity: int


def line_inputs(lines: list[CartLineInput], field: tuple[str, ...] = ("input", "lines")) -> list[carts.LineInput]:
    """The lines as the cart service takes them; a bad variant id names its line under `field`."""
    return [
        carts.LineInput(decode_id(line.variant_id, "Variant", (*field, str(i), "variantId")), line.quantity)
        for i, line in enumerate(lines)
    ]


ON_BEHALF = "Supplier staff: the customer account to order for (代客下单); leave out to order for yourself."


@strawberry.input
class CartAddLinesInput:
    supplier_id: strawberry.ID
    lines: list[CartLineInput]
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartLineUpdateInput:
    line_id: strawberry.ID | None = strawberry.field(
        default=None, description="The CartLine's id, as the cart returns it. Give this or variantId."
    )
    variant_id: strawberry.ID | None = strawberry.field(
        default=None, deprecation_reason="Name the line by lineId; variantId goes in a later release."
    )
    quantity: int


@strawberry.input
class CartUpdateLinesInput:
    supplier_id: strawberry.ID
    lines: list[CartLineUpdateInput]
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class SkuLineInput:
    sku: str
    quantity: int


@strawberry.input
class CartAddBySkuInput:
    supplier_id: strawberry.ID
    lines: list[SkuLineInput]
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)
    partial: bool = strawberry.field(
        default=False,
        description="false (the default): one bad line refuses them all, nothing is added. true: the good lines "
        "are added and the payload returns the cart with one userError per bad line.",
    )


@strawberry.input
class CartAddFromOrderInput:
    order_id: strawberry.ID


@strawberry.input
class CartRemoveLinesInput:
    supplier_id: strawberry.ID
    line_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, description="The CartLines' ids, as the cart returns them. Give this or variantIds."
    )
    variant_ids: list[strawberry.ID] | None = strawberry.field(
        default=None, deprecation_reason="Name the lines by lineIds; variantIds goes in a later release."
    )
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartClearInput:
    supplier_id: strawberry.ID
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)


@strawberry.input
class CartAddShortfallsInput:
    supplier_id: strawberry.ID
    customer_account_id: strawberry.ID | None = strawberry.field(default=None, description=ON_BEHALF)
