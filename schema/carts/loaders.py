"""Carts over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Any

import strawberry

from app.browse import queries as browse_reads
from app.carts import service as carts
from app.promotions import engine
from schema.carts.types import (
    AppliedPromotion,
    Cart,
    CartGift,
    CartLine,
    CartPreview,
    CartPreviewLine,
    CartWarning,
    LineWarning,
    PromotionHint,
)
from schema.catalog.loaders import product_types
from schema.catalog.types import VariantType
from schema.ids import encode_id
from schema.scalars import Money


def cart_type(priced: carts.Priced) -> Cart:
    assert priced.cart is not None, "cart_type is given price_cart's result, which carries its cart"
    return Cart(
        id=strawberry.ID(encode_id("Cart", priced.cart.id)),
        lines=[
            CartLine(id=strawberry.ID(encode_id("CartLine", int(line.key))), **fields)
            for line, fields in _lines(priced)
        ],
        **_figures(priced),
    )


def cart_preview_type(priced: carts.Priced) -> CartPreview:
    return CartPreview(lines=[CartPreviewLine(**fields) for _, fields in _lines(priced)], **_figures(priced))


def _money(priced: carts.Priced) -> Callable[[Decimal], Money]:
    return lambda amount: Money(amount=amount, currency=priced.currency)


def _lines(priced: carts.Priced) -> list[tuple[carts.PricedLine, dict[str, Any]]]:
    """Each line whose variant the caller may see in the catalog, with the fields a line shows."""
    money = _money(priced)
    variants = {
        v.model.id: v
        for product in product_types(
            priced.page, list({line.product.id: line.product for line in priced.lines}.values())
        )
        for v in product.variants
    }
    return [
        (
            line,
            {
                "variant": variants[line.variant.id],
                "product_name": line.product.name,
                "quantity": line.quantity,
                "requested_quantity": line.quantity,
                "allotted_quantity": line.allotted,
                "quota_remaining": line.allowance.remaining if line.allowance is not None else None,
                "unit_price": money(line.unit_price),
                "line_amount": money(line.amount),
                "discount": money(line.discount),
                "line_total": money(line.total),
                "price_explanation": line.price_explanation,
                "warnings": [LineWarning(code=p.code.value, message=p.message) for p in line.problems],
            },
        )
        for line in priced.lines
        if line.variant.id in variants
    ]


def _figures(priced: carts.Priced) -> dict[str, Any]:
    """What a cart and a preview both show besides their lines."""
    money = _money(priced)
    names = {a.promotion_id: a.name for a in priced.outcome.applied}

    async def load_gift_variants() -> dict[int, VariantType]:
        page, products = await browse_reads.variants_page(priced.page.access, set(priced.gift_variants))
        return {v.model.id: v for product in product_types(page, products) for v in product.variants}

    def gift_variants() -> Awaitable[dict[int, VariantType]]:
        return priced.page.loads.get("gift_variants", load_gift_variants)

    def gift(g: engine.Gift) -> CartGift:
        variant = priced.gift_variants.get(g.variant_id)
        return CartGift(
            variant_id=strawberry.ID(encode_id("Variant", g.variant_id)),
            quantity=g.quantity,
            promotion_name=names.get(g.promotion_id, ""),
            product_name=variant.product.name if variant else "",
            sku=variant.sku if variant else "",
            image_url=variant.product.images[0] if variant and variant.product.images else None,
            variant_pk=g.variant_id,
            variants=gift_variants,
        )

    return {
        "customer_account_id": strawberry.ID(encode_id("CustomerAccount", priced.account.id)),
        "cycle_starts_at": priced.cycle.start,
        "cycle_ends_at": priced.cycle.end,
        "warnings": [CartWarning(code=w.code.value, message=w.message) for w in priced.warnings],
        "gifts": [gift(g) for g in priced.outcome.gifts],
        "applied_promotions": [
            AppliedPromotion(name=a.name, discount=money(a.discount), explanation=a.explanation)
            for a in priced.outcome.applied
        ],
        "hints": [
            PromotionHint(
                message=h.message,
                missing_amount=money(h.missing_amount) if h.missing_amount is not None else None,
                missing_quantity=h.missing_quantity,
            )
            for h in priced.outcome.hints
        ],
        "subtotal": money(priced.outcome.subtotal),
        "discount_total": money(priced.outcome.discount_total),
        "total": money(priced.outcome.total),
    }
