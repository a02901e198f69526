from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import Organization
    from app.catalog.models import Variant


class Promotion(Model):
    """A supplier's promotion, whose rules app/promotions/engine.py applies."""

    # Targets are short id/code lists kept as JSON: a supplier runs tens of promotions, so the
    # active ones are fetched by supplier and window and matched in memory.

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="promotions", on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=100)
    kind = fields.CharField(max_length=32)
    priority = fields.IntField(default=0)
    stackable = fields.BooleanField(default=True)
    starts_at = fields.DatetimeField(null=True)
    ends_at = fields.DatetimeField(null=True)
    target_tiers: fields.JSONField[list[str]] = fields.JSONField(default=list)
    target_groups: fields.JSONField[list[str]] = fields.JSONField(default=list)
    target_account_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    # The database default fills the promotions that exist when the column is added.
    target_regions: fields.JSONField[list[str]] = fields.JSONField(default=list, db_default=[])
    product_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    category_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    brand_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    steps: fields.JSONField[list[list[str]]] = fields.JSONField(
        default=list, description="[[threshold, discount], ...] as decimal strings"
    )
    repeatable = fields.BooleanField(default=False)
    percent_off = fields.DecimalField(max_digits=5, decimal_places=2, null=True)
    min_quantity = fields.IntField(null=True)
    special_price = fields.DecimalField(max_digits=18, decimal_places=2, null=True)
    threshold = fields.DecimalField(max_digits=18, decimal_places=2, null=True)
    buy_quantity = fields.IntField(null=True)
    gift_quantity = fields.IntField(null=True)
    gift_variant: fields.ForeignKeyNullableRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="gift_promotions", null=True, on_delete=fields.SET_NULL
    )
    uses_per_account = fields.IntField(null=True)
    archived = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    supplier_id: int
    gift_variant_id: int | None

    class Meta:
        table = "promotions"
        indexes = (("supplier_id", "archived", "ends_at"),)
