"""The ledger (往来账) and statements (对账单) over GraphQL: the input types and their decoding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry

from schema.ids import decode_id


def account_id_of(value: strawberry.ID, field) -> int:
    return decode_id(value, "CustomerAccount", field)


@strawberry.input
class StatementRespondInput:
    customer_account_id: strawberry.ID
    period_from: date = strawberry.field(name="from")
    period_to: date = strawberry.field(name="to")
    comment: str | None = None


@strawberry.input
class StatementIssueInput:
    customer_account_id: strawberry.ID
    period_from: date = strawberry.field(name="from")
    period_to: date = strawberry.field(name="to")


@strawberry.input
class StatementDisputeAnswerInput:
    customer_account_id: strawberry.ID
    period_from: date = strawberry.field(name="from")
    period_to: date = strawberry.field(name="to")
    answer: str


@strawberry.input
class LedgerAdjustInput:
    customer_account_id: strawberry.ID
    amount: Decimal = strawberry.field(description="Positive raises what the buyer owes; negative credits it.")
    reason: str
