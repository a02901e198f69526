"""Sales rollups: a period's figures added up ahead, so a year of analytics reads thousands of rows,
not a million orders. Derived data, kept by the order process's hooks in the transaction that places,
edits, rejects or cancels each order (app.reports.rollups), recomputed by `dinghuo rebuild-totals`;
the tests hold them equal to the orders. Days and months are the supplier's (its timezone)."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class Span(StrEnum):
    DAY = "D"
    MONTH = "M"


class ItemKind(StrEnum):
    PRODUCT = "P"
    CATEGORY = "C"
    BRAND = "B"


NOT_SET = 0
"""The key of sales of products with no category or brand (0 is no row's id)."""


class AccountSalesMonth(Model):
    """A customer account's sales of one month: its orders, their totals, their units, and its first
    and last order's instant in that month (a customer's ordering habit adds months up)."""

    id = fields.BigIntField(primary_key=True)
    supplier_id = fields.IntField()
    customer_account_id = fields.IntField()
    month = fields.DateField(description="The month's first day.")
    orders = fields.IntField(default=0)
    sales = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    quantity = fields.IntField(default=0)
    first_at = fields.DatetimeField(null=True)
    last_at = fields.DatetimeField(null=True)

    class Meta:
        table = "account_sales_months"
        unique_together = (("customer_account_id", "month"),)
        indexes = (("supplier_id", "month"),)


class ItemSales(Model):
    """The sales of one product, category or brand (`kind`, `item_id`) over one day or month (`span`,
    `starts_on`): line totals, units, and how many orders held it. An order's category and brand are
    its products' as the order was placed or last edited."""

    id = fields.BigIntField(primary_key=True)
    supplier_id = fields.IntField()
    kind = fields.CharEnumField(ItemKind, max_length=1)
    span = fields.CharEnumField(Span, max_length=1)
    starts_on = fields.DateField()
    item_id = fields.IntField()
    orders = fields.IntField(default=0)
    sales = fields.DecimalField(max_digits=16, decimal_places=2, default=0)
    quantity = fields.IntField(default=0)

    class Meta:
        table = "item_sales"
        unique_together = (("supplier_id", "kind", "span", "starts_on", "item_id"),)
