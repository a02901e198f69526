"""Builders for the quota and ordering-on-behalf tests."""

from __future__ import annotations

from app.catalog import service as catalog
from app.catalog.models import Variant
from app.inventory import service as inventory
from app.inventory.models import Stock


async def make_variants(admin, count: int, stock: int = 50) -> list[Variant]:
    """A published product of `count` variants B-0, B-1, ... at ¥3.00, stocked in the shop's warehouse."""
    warehouse_id = (await Stock.first()).warehouse_id
    product = await catalog.create_product(
        admin,
        catalog.ProductInput(
            name="Biscuits",
            published=True,
            variants=tuple(catalog.VariantInput(sku=f"B-{i}", base_price="3.00") for i in range(count)),
        ),
    )
    variants = await Variant.filter(product_id=product.id).order_by("id")
    for variant in variants:
        await inventory.adjust_stock(admin, variant.id, warehouse_id, stock, "count")
    return variants
