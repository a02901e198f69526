"""The catalog over GraphQL: a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

import strawberry
from strawberry.types.nodes import Selection

from app.browse import queries as browse_reads
from app.browse import service as browse
from app.catalog import queries as catalog_reads
from app.catalog.models import Product as ProductModel
from schema.catalog.types import Attribute, BrandType, CategoryType, ProductType, PromotionSummary, VariantType
from schema.ids import encode_id
from schema.node import register_node
from schema.selection import fields_in

_PRICE_FIELDS = frozenset({"price", "basePrice", "pricing", "volumeBreaks"})


def page_parts(product_selections: list[Selection]) -> browse.PageParts:
    """The parts of a catalog page that these selections on its products read, through
    `variants { product { … } }` too."""
    product_fields: set[str] = set()
    variant_fields: set[str] = set()

    def on_products(selections: list[Selection]) -> None:
        for selected in fields_in(selections):
            product_fields.add(selected.name)
            if selected.name == "variants":
                on_variants(selected.selections)

    def on_variants(selections: list[Selection]) -> None:
        for selected in fields_in(selections):
            variant_fields.add(selected.name)
            if selected.name == "product":
                on_products(selected.selections)

    on_products(product_selections)
    return browse.PageParts(
        variants="variants" in product_fields,
        prices=not _PRICE_FIELDS.isdisjoint(variant_fields),
        availability="available" in variant_fields,
        promotions="promotions" in product_fields or "promotions" in variant_fields,
        tags="tags" in product_fields,
        categories="category" in product_fields,
        brands="brand" in product_fields,
        stock="stockLevels" in variant_fields,
    )


def _attributes(values: dict) -> list[Attribute]:
    return [Attribute(name=str(k), value=str(v)) for k, v in values.items()]


def product_types(page: browse.CatalogPage, products: list[ProductModel]) -> list[ProductType]:
    result = []
    for product in products:
        promotions = [
            PromotionSummary(
                id=strawberry.ID(encode_id("Promotion", p.id)), name=p.name, kind=p.kind.value, ends_at=p.ends_at
            )
            for p in page.promotions_for(product)
        ]
        variants = [
            VariantType(
                id=strawberry.ID(encode_id("Variant", v.id)),
                sku=v.sku,
                barcode=v.barcode,
                unit=v.unit,
                spec=_attributes(v.spec),
                min_order_quantity=v.min_order_quantity,
                order_multiple=v.order_multiple,
                max_per_order=v.max_per_order,
                weight_kg=v.weight_kg,
                available=browse_reads.orderable(page, v),
                promotions=promotions,
                model=v,
                page=page,
            )
            for v in page.variants.get(product.id, [])
        ]
        category = page.categories.get(product.category_id) if product.category_id else None
        brand = page.brands.get(product.brand_id) if product.brand_id else None
        product_type = ProductType(
            id=strawberry.ID(encode_id("Product", product.id)),
            name=product.name,
            code=product.code,
            description=product.description,
            images=list(product.images),
            attributes=_attributes(product.attributes),
            tags=page.tags.get(product.id, []),
            published=product.published,
            created_at=product.created_at,
            category=CategoryType.of(category) if category else None,
            brand=BrandType.of(brand) if brand else None,
            variants=variants,
            promotions=promotions,
        )
        for variant in variants:
            variant.owner = product_type
        result.append(product_type)
    return result


async def fetch_products(info: strawberry.Info, pks: list[int]) -> list[ProductType | None]:
    found: dict[int, ProductType] = {}
    for page, visible in await browse_reads.visible_product_pages(info.context.principal, pks):
        found.update({p.id: t for p, t in zip(visible, product_types(page, visible), strict=True)})
    return [found.get(pk) for pk in pks]


register_node("Product", fetch_products)


async def staff_product(info: strawberry.Info, product: ProductModel) -> ProductType:
    """A product as its supplier's staff see it (unpublished included, base prices)."""
    return product_types(await browse_reads.staff_page(info.context.principal, product), [product])[0]


async def fetch_variants(info: strawberry.Info, pks: list[int]) -> list[VariantType | None]:
    """Variants priced for the caller, where it may see their product."""
    found: dict[int, VariantType] = {}
    for page, visible in await browse_reads.visible_variant_pages(info.context.principal, pks):
        found.update({v.model.id: v for product in product_types(page, visible) for v in product.variants})
    return [found.get(pk) for pk in pks]


async def _fetch_categories(info: strawberry.Info, pks: list[int]) -> list[CategoryType | None]:
    found = await catalog_reads.visible_categories(info.context.principal, pks)
    return [CategoryType.of(found[pk]) if pk in found else None for pk in pks]


async def _fetch_brands(info: strawberry.Info, pks: list[int]) -> list[BrandType | None]:
    found = await catalog_reads.visible_brands(info.context.principal, pks)
    return [BrandType.of(found[pk]) if pk in found else None for pk in pks]


register_node("Variant", fetch_variants)
register_node("Category", _fetch_categories)
register_node("Brand", _fetch_brands)
