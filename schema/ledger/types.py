"""The ledger (往来账) and statements (对账单) over GraphQL: the object types and mutation payloads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry

from app.ledger import queries as ledger_reads
from app.ledger import receivables, statements
from app.ledger.models import LedgerEntry as LedgerEntryModel
from app.ledger.models import LedgerEntryKind, StatementDecision
from app.pagination import PageRequest, paginate, paginate_in_memory
from app.settings import get_settings
from schema.accounts.loaders import customer_account_types
from schema.accounts.types import CustomerAccountType
from schema.connection import Connection, connection_from_page, connection_of, paginated
from schema.errors import UserError
from schema.ids import encode_id
from schema.scalars import Money

strawberry.enum(LedgerEntryKind, name="LedgerEntryKind")
LedgerEntryKindEnum = LedgerEntryKind


strawberry.enum(StatementDecision, name="StatementDecision")
strawberry.enum(statements.DisputeState, name="StatementDisputeState")
StatementDisputeStateEnum = statements.DisputeState
StatementDecisionEnum = StatementDecision


@strawberry.type
class LedgerEntry:
    id: strawberry.ID
    kind: LedgerEntryKindEnum
    amount: Money = strawberry.field(description="Positive: the buyer owes more; negative: paid or credited.")
    occurred_at: datetime
    order_id: strawberry.ID | None
    order_number: str | None
    document_type: str | None
    document_number: str | None
    note: str | None


async def entry_types(rows: list[LedgerEntryModel]) -> list[LedgerEntry]:
    numbers = await ledger_reads.order_numbers({r.order_id for r in rows if r.order_id})
    return [
        LedgerEntry(
            id=strawberry.ID(encode_id("LedgerEntry", r.id)),
            kind=r.kind,
            amount=Money(amount=r.amount, currency=r.currency),
            occurred_at=r.occurred_at,
            order_id=strawberry.ID(encode_id("Order", r.order_id)) if r.order_id else None,
            order_number=numbers.get(r.order_id) if r.order_id else None,
            document_type=r.document_type,
            document_number=r.document_number,
            note=r.note,
        )
        for r in rows
    ]


@strawberry.type(description="Receivables by how long past due (payment terms), payments applied oldest first.")
class Aging:
    current: Money
    days_1_30: Money = strawberry.field(name="days1To30")
    days_31_60: Money = strawberry.field(name="days31To60")
    days_over_60: Money = strawberry.field(name="daysOver60")
    overdue: Money


def aging_of(aging: statements.Aging, currency: str) -> Aging:
    def money(amount: Decimal) -> Money:
        return Money(amount=amount, currency=currency)

    return Aging(
        current=money(aging.current),
        days_1_30=money(aging.days_1_30),
        days_31_60=money(aging.days_31_60),
        days_over_60=money(aging.days_over_60),
        overdue=money(aging.overdue),
    )


@strawberry.type(
    description="One order in the period: charged, and shipped versus received (from shipments not cancelled)."
)
class StatementOrder:
    order_id: strawberry.ID
    number: str
    total: Money
    charged: Money = strawberry.field(
        deprecation_reason="It was the net of every entry of the order in the period; use netAmount (or chargedAmount)."
    )
    charged_amount: Money = strawberry.field(description="The order's charges in the period (ORDER_CHARGE entries).")
    returned_amount: Money = strawberry.field(
        description="Credited back in the period for the order's returns (RETURN_CREDIT entries), as a positive amount."
    )
    net_amount: Money = strawberry.field(
        description="Every entry of the order in the period: what it adds to the balance (charges less credits)."
    )
    ordered_quantity: int
    shipped_quantity: int
    received_quantity: int
    short_quantity: int = strawberry.field(description="Received shipments' units the buyer found missing or damaged.")
    shipped_amount: Money
    received_amount: Money


@strawberry.type(description="The buyer's answer to the statement.")
class StatementResponse:
    decision: StatementDecisionEnum
    comment: str | None
    closing_balance: Money
    at: datetime
    dispute_state: StatementDisputeStateEnum | None = strawberry.field(
        description="OPEN until the supplier answers a dispute, then ANSWERED; null when confirmed."
    )
    answer: str | None = strawberry.field(description="The supplier's answer to the dispute.")
    answered_at: datetime | None


@strawberry.type(description="对账单: a customer account's money over a period.")
class Statement:
    customer_account_id: strawberry.ID
    period_from: date = strawberry.field(name="from")
    period_to: date = strawberry.field(name="to")
    opening_balance: Money
    charges: Money
    payments: Money
    refunds: Money
    return_credits: Money
    adjustments: Money
    closing_balance: Money
    entry_count: int
    aging: Aging
    response: StatementResponse | None
    source: strawberry.Private[statements.Statement]

    @strawberry.field(description="The period's entries, oldest first.")
    @paginated
    async def entries(self, *, page: PageRequest) -> Connection[LedgerEntry]:
        order = ("occurred_at", "id")
        entries = await paginate(self.source.entries(), order, page, get_settings().max_page_size)
        return connection_from_page(entries, await entry_types(entries.items), self._entry_count)

    async def _entry_count(self) -> int:
        """Already counted with the totals: no second scan of the period."""
        return self.source.entry_count

    @strawberry.field(description="Orders with entries in the period, by number.")
    @paginated
    async def orders(self, *, page: PageRequest) -> Connection[StatementOrder]:
        return await connection_of(
            self.source.orders(),
            ("id",),
            page,
            self._order_nodes,
        )

    async def _order_nodes(self, rows: list) -> list[StatementOrder]:
        currency = self.source.currency

        def money(amount: Decimal) -> Money:
            return Money(amount=amount, currency=currency)

        return [
            StatementOrder(
                order_id=strawberry.ID(encode_id("Order", o.order_id)),
                number=o.number,
                total=money(o.total),
                charged=money(o.net),
                charged_amount=money(o.charged),
                returned_amount=money(o.returned),
                net_amount=money(o.net),
                ordered_quantity=o.ordered_quantity,
                shipped_quantity=o.shipped_quantity,
                received_quantity=o.received_quantity,
                short_quantity=o.short_quantity,
                shipped_amount=money(o.shipped_amount),
                received_amount=money(o.received_amount),
            )
            for o in await self.source.order_figures(rows)
        ]


@strawberry.type(description="What one customer owes at the end of the day, by how long past due.")
class Receivable:
    customer_account: CustomerAccountType
    balance: Money = strawberry.field(description="The ledger balance: what the customer owes.")
    aging: Aging
    payment_terms_days: int


@strawberry.type(
    description="应收账龄: every customer the caller may see that owes something, the most overdue first, "
    "with the totals across them."
)
class ReceivablesAging:
    as_of: date = strawberry.field(description="The day whose end the figures are taken at (supplier's timezone).")
    balance: Money = strawberry.field(description="What the listed customers owe in all.")
    total: Aging
    source: strawberry.Private[receivables.ReceivablesAging]

    @strawberry.field(description="The customers that owe, the most overdue first.")
    @paginated
    async def customers(self, *, page: PageRequest) -> Connection[Receivable]:
        keyed = [(r.aging.overdue, r.account_id, r) for r in self.source.receivables]
        found = paginate_in_memory(keyed, True, page, get_settings().max_page_size)
        return connection_from_page(found, await receivable_types(self.source.currency, found.items), self._count)

    async def _count(self) -> int:
        return len(self.source.receivables)


async def receivable_types(currency: str, rows: list[receivables.Receivable]) -> list[Receivable]:
    accounts = await customer_account_types(await receivables.accounts_of(rows))
    return [
        Receivable(
            customer_account=account,
            balance=Money(amount=r.balance, currency=currency),
            aging=aging_of(r.aging, currency),
            payment_terms_days=r.payment_terms_days,
        )
        for account, r in zip(accounts, rows, strict=True)
    ]


@strawberry.type(description="A customer account's credit and balance now.")
class AccountBalance:
    balance: Money = strawberry.field(description="The ledger balance: what the buyer owes (negative: prepaid).")
    credit_limit: Money
    credit_headroom: Money = strawberry.field(description="Limit − ledger balance − open uncharged orders.")
    prepaid_balance: Money
    payment_terms_days: int


@strawberry.type(
    description="The result of statementConfirm. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class StatementConfirmPayload:
    statement: Statement | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of statementIssue. UserErrorCode values its userErrors can carry: INVALID_ID, NOT_FOUND, "
    "OUT_OF_RANGE."
)
class StatementIssuePayload:
    statement: Statement | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of statementDispute. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class StatementDisputePayload:
    statement: Statement | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of ledgerAdjust. UserErrorCode values its userErrors can carry: INVALID, INVALID_ID, "
    "NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class LedgerAdjustPayload:
    entry: LedgerEntry | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(
    description="The result of statementDisputeAnswer. UserErrorCode values its userErrors can carry: INVALID_ID, "
    "INVALID_STATE, NOT_FOUND, OUT_OF_RANGE, REQUIRED, TOO_LONG, TOO_SHORT."
)
class StatementDisputeAnswerPayload:
    statement: Statement | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)
