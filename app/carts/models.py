from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Cart(Model):
    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="carts", on_delete=fields.CASCADE)
    supplier = fields.ForeignKeyField("models.Organization", related_name="carts", on_delete=fields.CASCADE)
    updated_at = fields.DatetimeField(auto_now=True)

    user_id: int
    supplier_id: int

    class Meta:
        table = "carts"
        unique_together = (("user", "supplier"),)


class CartLine(Model):
    id = fields.IntField(primary_key=True)
    cart = fields.ForeignKeyField("models.Cart", related_name="lines", on_delete=fields.CASCADE)
    variant = fields.ForeignKeyField("models.Variant", related_name="cart_lines", on_delete=fields.CASCADE)
    quantity = fields.IntField()
    added_at = fields.DatetimeField(auto_now_add=True)

    cart_id: int
    variant_id: int

    class Meta:
        table = "cart_lines"
        unique_together = (("cart", "variant"),)


class Favorite(Model):
    """A variant a buyer user keeps at hand for reordering (常购清单)."""

    id = fields.IntField(primary_key=True)
    user = fields.ForeignKeyField("models.User", related_name="favorites", on_delete=fields.CASCADE)
    variant = fields.ForeignKeyField("models.Variant", related_name="favorited_by", on_delete=fields.CASCADE)
    added_at = fields.DatetimeField(auto_now_add=True)

    user_id: int
    variant_id: int

    class Meta:
        table = "favorites"
        unique_together = (("user", "variant"),)
