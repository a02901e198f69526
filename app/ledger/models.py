from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from app.accounts.models import CustomerAccount, User
    from app.orders.models import Order


class LedgerEntryKind(StrEnum):
    ORDER_CHARGE = "ORDER_CHARGE"
    PAYMENT = "PAYMENT"
    REFUND = "REFUND"
    RETURN_CREDIT = "RETURN_CREDIT"
    ADJUSTMENT = "ADJUSTMENT"


class LedgerEntry(Model):
    """One movement on a customer account, never changed once written (a mistake is reversed by
    another entry). `amount` is signed from the supplier's side: positive raises what the buyer
    owes (charges, refunds paid out), negative lowers it (payments, return credits). A negative
    balance is money the buyer has prepaid."""

    id = fields.BigIntField(primary_key=True)
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="ledger_entries", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(LedgerEntryKind, max_length=16)
    amount = fields.DecimalField(max_digits=18, decimal_places=2)
    currency = fields.CharField(max_length=3)
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="ledger_entries", null=True, on_delete=fields.RESTRICT
    )
    document_type = fields.CharField(max_length=32, null=True, description="Payment, Shipment, Return, ...")
    document_id = fields.IntField(null=True)
    document_number = fields.CharField(max_length=64, null=True)
    note = fields.CharField(max_length=500, null=True)
    occurred_at = fields.DatetimeField()
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="ledger_entries", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    customer_account_id: int
    order_id: int | None
    created_by_id: int | None

    class Meta:
        table = "ledger_entries"
        indexes = (
            ("customer_account_id", "occurred_at", "id"),
            ("document_type", "document_id"),
            ("order_id", "occurred_at"),
            # The receivables aging reads the recent weeks of every account from this index alone.
            ("occurred_at", "customer_account_id", "amount"),
        )


class LedgerMonthTotal(Model):
    """The sum of one account's entries that occurred in one calendar month (UTC), kept in the transaction
    that appends each entry, so a balance across thousands of accounts adds up months instead of millions of
    entries. Derived data: `balances.rebuild_month_totals` recomputes it from the entries, and the tests
    hold it equal to them."""

    id = fields.BigIntField(primary_key=True)
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="ledger_month_totals", on_delete=fields.RESTRICT
    )
    month = fields.DateField(description="The first day of the month (UTC).")
    amount = fields.DecimalField(max_digits=18, decimal_places=2)

    customer_account_id: int

    class Meta:
        table = "ledger_month_totals"
        unique_together = (("customer_account", "month"),)


class StatementDecision(StrEnum):
    CONFIRMED = "CONFIRMED"
    DISPUTED = "DISPUTED"


class StatementResponse(Model):
    """The buyer's answer to a statement period: confirmed, or disputed with a comment."""

    id = fields.IntField(primary_key=True)
    customer_account: fields.ForeignKeyRelation[CustomerAccount] = fields.ForeignKeyField(
        "models.CustomerAccount", related_name="statement_responses", on_delete=fields.CASCADE
    )
    period_from = fields.DateField()
    period_to = fields.DateField()
    decision = fields.CharEnumField(StatementDecision, max_length=16)
    comment = fields.CharField(max_length=1000, null=True)
    closing_balance = fields.DecimalField(max_digits=18, decimal_places=2)
    user: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="statement_responses", null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    answer = fields.CharField(max_length=1000, null=True, description="The supplier's answer to a dispute.")
    answered_at = fields.DatetimeField(null=True)
    answered_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="statement_answers", null=True, on_delete=fields.SET_NULL
    )

    customer_account_id: int
    user_id: int | None
    answered_by_id: int | None

    class Meta:
        table = "statement_responses"
        unique_together = (("customer_account", "period_from", "period_to"),)
