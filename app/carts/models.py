from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, User
    from app.catalog.models import Variant


class CustomerCart(Model):
    """What one user intends to order for one customer account: a buyer for its own account, or supplier staff ordering on its behalf (代客下单)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="customer_carts", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="carts", on_delete=fields.CASCADE
    )
    updated_at = fields.DatetimeField(auto_now=True)

    user_id: int
    customer_account_id: int

    class Meta:
        table = "customer_carts"
        unique_together = (("user", "customer_account"),)


class CustomerCartLine(Model):
    id = fields.IntField(primary_key=True)
    cart: fields.ForeignKeyRelation[CustomerCart] = fields.ForeignKeyField(
        "models.CustomerCart", related_name="lines", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="customer_cart_lines", on_delete=fields.CASCADE
    )
    quantity = fields.IntField()
    added_at = fields.DatetimeField(auto_now_add=True)
    changed_at = fields.DatetimeField(auto_now=True)

    cart_id: int
    variant_id: int

    class Meta:
        table = "customer_cart_lines"
        unique_together = (("cart", "variant"),)


class Favorite(Model):
    """A variant a buyer user keeps at hand for reordering (常购清单)."""

    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="favorites", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="favorited_by", on_delete=fields.CASCADE
    )
    added_at = fields.DatetimeField(auto_now_add=True)

    user_id: int
    variant_id: int

    class Meta:
        table = "favorites"
        unique_together = (("user", "variant"),)
