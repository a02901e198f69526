"""The ledger (往来账) and statements (对账单) over GraphQL: the queries."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from app.ledger import queries as ledger_reads
from app.ledger import receivables, statements
from schema.accounts.inputs import CustomerAccountFilter, customer_account_filter
from schema.ledger.inputs import account_id_of
from schema.ledger.loaders import statement_type
from schema.ledger.types import AccountBalance, ReceivablesAging, Statement, aging_of
from schema.scalars import Money


@strawberry.type
class LedgerQuery:
    @strawberry.field(description="The statement of a customer account for a period (days in the supplier's timezone).")
    async def statement(
        self,
        info: strawberry.Info,
        customer_account_id: strawberry.ID,
        from_: Annotated[date, strawberry.argument(name="from")],
        to: date,
    ) -> Statement | None:
        found = await statements.statement(
            info.context.principal, account_id_of(customer_account_id, "customerAccountId"), from_, to
        )
        return statement_type(found) if found else None

    @strawberry.field(description="Balance, credit headroom and prepaid balance of a customer account.")
    async def account_balance(self, info: strawberry.Info, customer_account_id: strawberry.ID) -> AccountBalance | None:
        found = await ledger_reads.account_balance(
            info.context.principal, account_id_of(customer_account_id, "customerAccountId")
        )
        if found is None:
            return None
        current, currency = found.position, found.currency
        return AccountBalance(
            balance=Money(amount=current.balance, currency=currency),
            credit_limit=Money(amount=current.credit_limit, currency=currency),
            credit_headroom=Money(amount=current.credit_headroom(), currency=currency),
            prepaid_balance=Money(amount=current.prepaid_balance(), currency=currency),
            payment_terms_days=found.payment_terms_days,
        )

    @strawberry.field(
        description="应收账龄 across the customers the caller may see (a sales rep: their own), at the end of asOf "
        "(default today, in the supplier's timezone)."
    )
    async def receivables_aging(
        self, info: strawberry.Info, as_of: date | None = None, filter: CustomerAccountFilter | None = None
    ) -> ReceivablesAging | None:
        found = await receivables.receivables_aging(info.context.principal, as_of, customer_account_filter(filter))
        if found is None:
            return None
        return ReceivablesAging(
            as_of=found.as_of,
            balance=Money(amount=found.balance(), currency=found.currency),
            total=aging_of(found.total(), found.currency),
            source=found,
        )
