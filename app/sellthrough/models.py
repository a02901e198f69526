from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, Organization, User
    from app.catalog.models import Variant


class SellThroughReport(Model):
    """One customer account's report for one calendar month. Submitting the month again replaces
    its lines and counts up `revision`, so the supplier always reads the dealer's latest word."""

    id = fields.IntField(primary_key=True)
    supplier: fields.ForeignKeyRelation[Organization] = fields.ForeignKeyField(
        "models.Organization", related_name="sell_through_reports", on_delete=fields.CASCADE
    )
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="sell_through_reports", on_delete=fields.CASCADE
    )
    period_start = fields.DateField(description="The first day of the month reported.")
    period_end = fields.DateField(description="The last day of the month reported.")
    revision = fields.IntField(default=1, description="1 for the first submission, +1 for each replacement.")
    submitted_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sell_through_reports", null=True, on_delete=fields.SET_NULL
    )
    submitted_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    supplier_id: int
    customer_account_id: int
    submitted_by_id: int | None

    class Meta:
        table = "sell_through_reports"
        unique_together = (("customer_account", "period_start"),)
        indexes = (("supplier_id", "period_start", "id"),)


class SellThroughLine(Model):
    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[SellThroughReport] = fields.ForeignKeyField(
        "models.SellThroughReport", related_name="lines", on_delete=fields.CASCADE
    )
    variant: fields.ForeignKeyRelation[Variant] = fields.ForeignKeyField(
        "models.Variant", related_name="sell_through_lines", on_delete=fields.CASCADE
    )
    quantity_sold = fields.IntField()
    stock_on_hand = fields.IntField(description="Units the dealer held at the end of the month.")

    report_id: int
    variant_id: int

    class Meta:
        table = "sell_through_lines"
        unique_together = (("report", "variant"),)
        indexes = (("variant_id",),)
