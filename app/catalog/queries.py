"""Reads of the catalog for the API: which catalog a caller browses, its categories and brands,
and the products and SKU codes of variants."""

from __future__ import annotations

from typing import TypeVar

from app.accounts.permissions import Principal
from app.catalog import service
from app.catalog.models import Brand, Category, Product, Variant

RowT = TypeVar("RowT", Category, Brand)


async def browse_access(principal: Principal, supplier_id: int | None) -> service.CatalogAccess | None:
    """The catalog the caller browses: the one asked for, else its default; None when it may not see it."""
    if supplier_id is None:
        return await service.default_catalog_access(principal)
    return await service.catalog_access(principal, supplier_id)


async def product_of(variant: Variant) -> Product:
    return await Product.get(id=variant.product_id)


async def categories(access: service.CatalogAccess | None) -> list[Category]:
    """The supplier's category tree, flat, parents before children."""
    if access is None:
        return []
    return await Category.filter(supplier_id=access.supplier.id, archived=False).order_by("path", "position")


async def brands(access: service.CatalogAccess | None) -> list[Brand]:
    if access is None:
        return []
    return await Brand.filter(supplier_id=access.supplier.id, archived=False).order_by("name")


async def variant_skus(variant_ids: set[int]) -> dict[int, str]:
    return dict(await Variant.filter(id__in=variant_ids).values_list("id", "sku"))


async def visible_categories(principal: Principal, ids: list[int]) -> dict[int, Category]:
    """The categories among these whose catalog the caller may browse (as `categories` lists them)."""
    return await _in_visible_catalogs(principal, await Category.filter(id__in=ids, archived=False))


async def visible_brands(principal: Principal, ids: list[int]) -> dict[int, Brand]:
    """The brands among these whose catalog the caller may browse (as `brands` lists them)."""
    return await _in_visible_catalogs(principal, await Brand.filter(id__in=ids, archived=False))


async def _in_visible_catalogs(principal: Principal, rows: list[RowT]) -> dict[int, RowT]:
    suppliers = {row.supplier_id for row in rows}
    visible = {pk for pk in suppliers if await service.catalog_access(principal, pk) is not None}
    return {row.id: row for row in rows if row.supplier_id in visible}
