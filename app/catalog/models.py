from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from tortoise import fields
from tortoise.models import Model

# migrations/0002 imports the enum from here, and a landed migration is never edited.
from app.inventory.models import StockMovementKind  # noqa: F401

if TYPE_CHECKING:
    from app.accounts.models import Organization


class ProductTag(StrEnum):
    NEW = "NEW"
    RECOMMENDED = "RECOMMENDED"
    HOT = "HOT"


class Category(Model):
    """A node of the supplier's category tree: the path ("/1/7/") makes a subtree one prefix query."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="categories", on_delete=fields.CASCADE
    )
    parent: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="children", null=True, on_delete=fields.RESTRICT
    )
    name = fields.CharField(max_length=100)
    path = fields.CharField(max_length=255, default="/")
    position = fields.IntField(default=0)
    archived = fields.BooleanField(default=False)

    supplier_id: int
    parent_id: int | None

    class Meta:
        table = "categories"
        indexes = (("supplier_id", "path"),)


class Brand(Model):
    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="brands", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    archived = fields.BooleanField(default=False)

    supplier_id: int

    class Meta:
        table = "brands"
        unique_together = (("supplier", "name"),)


class Product(Model):
    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="products", on_delete=fields.CASCADE
    )
    # The supplier's own product code (商品编码); imports upsert by it. No description: SQLite's ADD COLUMN
    # writes it as a comment and tortoise's migration failed to parse that back.
    code = fields.CharField(max_length=64, null=True)
    name = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    category: fields.ForeignKeyNullableRelation[Category] = fields.ForeignKeyField(
        "models.Category", related_name="products", null=True, on_delete=fields.SET_NULL
    )
    brand: fields.ForeignKeyNullableRelation[Brand] = fields.ForeignKeyField(
        "models.Brand", related_name="products", null=True, on_delete=fields.SET_NULL
    )
    images: fields.JSONField[list[str]] = fields.JSONField(default=list)
    attributes: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    published = fields.BooleanField(default=False)
    archived = fields.BooleanField(default=False)
    restricted_to_groups = fields.BooleanField(
        default=False, description="Only the customer groups in product_group_access see it."
    )
    search_text = fields.TextField(default="", description="Lower-cased name, SKUs and barcodes.")
    sales_volume = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    supplier_id: int
    category_id: int | None
    brand_id: int | None

    class Meta:
        table = "products"
        unique_together = (("supplier", "code"),)
        indexes = (
            ("supplier_id", "published", "archived", "id"),
            ("supplier_id", "category_id"),
            ("supplier_id", "brand_id"),
            ("supplier_id", "name"),
            ("supplier_id", "sales_volume"),
        )


class ProductTagLink(Model):
    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="tag_links", on_delete=fields.CASCADE
    )
    tag = fields.CharEnumField(ProductTag, max_length=16)

    product_id: int

    class Meta:
        table = "product_tags"
        unique_together = (("product", "tag"),)
        indexes = (("tag", "product_id"),)


class ProductGroupAccess(Model):
    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="group_access", on_delete=fields.CASCADE
    )
    customer_group = fields.CharField(max_length=64)

    product_id: int

    class Meta:
        table = "product_group_access"
        unique_together = (("product", "customer_group"),)
        indexes = (("customer_group", "product_id"),)


class Variant(Model):
    """A SKU: what is ordered, priced and stocked."""

    id = fields.IntField(primary_key=True)
    product: fields.ForeignKeyRelation[Product] = fields.ForeignKeyField(
        "models.Product", related_name="variants", on_delete=fields.CASCADE
    )
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="variants", on_delete=fields.CASCADE
    )
    sku = fields.CharField(max_length=64)
    barcode = fields.CharField(max_length=64, null=True)
    spec: fields.JSONField[dict[str, Any]] = fields.JSONField(
        default=dict, description="Spec attributes such as size, colour, pack."
    )
    unit = fields.CharField(max_length=16, default="件")
    base_price = fields.DecimalField(max_digits=18, decimal_places=2)
    min_order_quantity = fields.IntField(default=1)
    order_multiple = fields.IntField(default=1)
    max_per_order = fields.IntField(null=True)
    weight_kg = fields.DecimalField(max_digits=12, decimal_places=3, null=True)
    position = fields.IntField(default=0)
    archived = fields.BooleanField(default=False)

    product_id: int
    supplier_id: int

    class Meta:
        table = "variants"
        unique_together = (("supplier", "sku"),)
        indexes = (("product_id", "position"), ("supplier_id", "barcode"))


class VolumeBreak(Model):
    """A base-price step: from min_quantity units on, the base unit price is price."""

    id = fields.IntField(primary_key=True)
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="volume_breaks", on_delete=fields.CASCADE
    )
    min_quantity = fields.IntField()
    price = fields.DecimalField(max_digits=18, decimal_places=2)

    variant_id: int

    class Meta:
        table = "volume_breaks"
        unique_together = (("variant", "min_quantity"),)
