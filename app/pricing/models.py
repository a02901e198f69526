from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization
    from app.catalog.models import Variant


class PriceListKind(StrEnum):
    FIXED = "FIXED"
    """一口价: its own unit price per variant, with volume breaks."""
    RATE = "RATE"
    """结算率: the base price (with its volume breaks) times a rate, e.g. 0.92."""


class PriceList(Model):
    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="price_lists", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    kind = fields.CharEnumField(PriceListKind, max_length=8)
    rate = fields.DecimalField(max_digits=8, decimal_places=4, null=True)
    priority = fields.IntField(default=0)
    valid_from = fields.DatetimeField(null=True)
    valid_until = fields.DatetimeField(null=True)
    archived = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    supplier_id: int

    class Meta:
        table = "price_lists"
        indexes = (("supplier_id", "archived"),)


class PriceListAssignment(Model):
    """Who a list prices for: one customer account, a tier, a customer group, or a region."""

    id = fields.IntField(primary_key=True)
    price_list: fields.ForeignKeyRelation[PriceList] = fields.ForeignKeyField(
        "models.PriceList", related_name="assignments", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyNullableRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="price_list_assignments", null=True, on_delete=fields.CASCADE
    )
    tier = fields.CharField(max_length=32, null=True)
    customer_group = fields.CharField(max_length=64, null=True)
    region = fields.CharField(max_length=128, null=True)

    price_list_id: int
    customer_account_id: int | None

    class Meta:
        table = "price_list_assignments"
        indexes = (("customer_account_id",), ("tier",), ("customer_group",), ("region",))


class PriceListItem(Model):
    """A fixed price of a variant in a list from min_quantity units on (a volume break)."""

    id = fields.IntField(primary_key=True)
    price_list: fields.ForeignKeyRelation[PriceList] = fields.ForeignKeyField(
        "models.PriceList", related_name="items", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="price_list_items", on_delete=fields.CASCADE
    )
    min_quantity = fields.IntField(default=1)
    price = fields.DecimalField(max_digits=18, decimal_places=2)

    price_list_id: int
    variant_id: int

    class Meta:
        table = "price_list_items"
        unique_together = (("price_list", "variant", "min_quantity"),)
        indexes = (("variant_id", "price_list_id"),)
