"""The ledger (往来账) and statements (对账单) over GraphQL:
a page of objects built in batch, and the node fetchers."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from app.ledger import statements
from app.ledger.models import LedgerEntryKind
from schema.ids import encode_id
from schema.ledger.types import Statement, StatementResponse, aging_of
from schema.scalars import Money


def statement_type(s: statements.Statement) -> Statement:
    def money(amount: Decimal) -> Money:
        return Money(amount=amount, currency=s.currency)

    return Statement(
        customer_account_id=strawberry.ID(encode_id("CustomerAccount", s.account.id)),
        period_from=s.period_from,
        period_to=s.period_to,
        opening_balance=money(s.opening_balance),
        charges=money(s.total(LedgerEntryKind.ORDER_CHARGE)),
        payments=money(s.total(LedgerEntryKind.PAYMENT)),
        refunds=money(s.total(LedgerEntryKind.REFUND)),
        return_credits=money(s.total(LedgerEntryKind.RETURN_CREDIT)),
        adjustments=money(s.total(LedgerEntryKind.ADJUSTMENT)),
        closing_balance=money(s.closing_balance),
        entry_count=s.entry_count,
        aging=aging_of(s.aging, s.currency),
        response=StatementResponse(
            decision=s.response.decision,
            comment=s.response.comment,
            closing_balance=money(s.response.closing_balance),
            at=s.response.created_at,
            dispute_state=statements.dispute_state(s.response),
            answer=s.response.answer,
            answered_at=s.response.answered_at,
        )
        if s.response
        else None,
        source=s,
    )
