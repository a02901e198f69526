"""The ledger (往来账) and statements (对账单) over GraphQL."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

import strawberry

from app.ledger import service as ledger
from app.ledger import statements
from app.ledger.credit import position
from app.ledger.models import LedgerEntry as LedgerEntryModel
from app.ledger.models import LedgerEntryKind, StatementDecision
from app.orders.models import Order
from app.pagination import PageRequest, paginate
from app.settings import get_settings
from schema.connection import Connection, connection_from_page, connection_of
from schema.errors import UserError, mutation_payload
from schema.ids import decode_id, encode_id
from schema.scalars import Money

LedgerEntryKindEnum = strawberry.enum(LedgerEntryKind, name="LedgerEntryKind")
StatementDecisionEnum = strawberry.enum(StatementDecision, name="StatementDecision")


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
    numbers = dict(await Order.filter(id__in=list({r.order_id for r in rows if r.order_id})).values_list("id", "number"))
    return [
        LedgerEntry(
            id=strawberry.ID(encode_id("LedgerEntry", r.id)),
            kind=r.kind,
            amount=Money(amount=r.amount, currency=r.currency),
            occurred_at=r.occurred_at,
            order_id=strawberry.ID(encode_id("Order", r.order_id)) if r.order_id else None,
            order_number=numbers.get(r.order_id),
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


@strawberry.type(description="One order in the period: charged, and shipped versus received (from shipments not cancelled).")
class StatementOrder:
    order_id: strawberry.ID
    number: str
    total: Money
    charged: Money
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
    async def entries(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[LedgerEntry]:
        order = ("occurred_at", "id")
        request = PageRequest(first=first, after=after, last=last, before=before)
        page = await paginate(self.source.entries(), order, request, get_settings().max_page_size)
        return connection_from_page(page, await entry_types(page.items), self._entry_count)

    async def _entry_count(self) -> int:
        """Already counted with the totals: no second scan of the period."""
        return self.source.entry_count

    @strawberry.field(description="Orders with entries in the period, by number.")
    async def orders(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[StatementOrder]:
        return await connection_of(
            self.source.orders(),
            ("id",),
            PageRequest(first=first, after=after, last=last, before=before),
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
                charged=money(o.charged),
                ordered_quantity=o.ordered_quantity,
                shipped_quantity=o.shipped_quantity,
                received_quantity=o.received_quantity,
                short_quantity=o.short_quantity,
                shipped_amount=money(o.shipped_amount),
                received_amount=money(o.received_amount),
            )
            for o in await self.source.order_figures(rows)
        ]


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
        aging=Aging(
            current=money(s.aging.current),
            days_1_30=money(s.aging.days_1_30),
            days_31_60=money(s.aging.days_31_60),
            days_over_60=money(s.aging.days_over_60),
            overdue=money(s.aging.overdue),
        ),
        response=StatementResponse(
            decision=s.response.decision,
            comment=s.response.comment,
            closing_balance=money(s.response.closing_balance),
            at=s.response.created_at,
        )
        if s.response
        else None,
        source=s,
    )


@strawberry.type(description="A customer account's credit and balance now.")
class AccountBalance:
    balance: Money = strawberry.field(description="The ledger balance: what the buyer owes (negative: prepaid).")
    credit_limit: Money
    credit_headroom: Money = strawberry.field(description="Limit − ledger balance − open uncharged orders.")
    prepaid_balance: Money
    payment_terms_days: int


def _account_id(value: strawberry.ID, field) -> int:
    return decode_id(value, "CustomerAccount", field)


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
            info.context.principal, _account_id(customer_account_id, "customerAccountId"), from_, to
        )
        return statement_type(found) if found else None

    @strawberry.field(description="Balance, credit headroom and prepaid balance of a customer account.")
    async def account_balance(self, info: strawberry.Info, customer_account_id: strawberry.ID) -> AccountBalance | None:
        account = await statements.visible_account(
            info.context.principal, _account_id(customer_account_id, "customerAccountId")
        )
        if account is None:
            return None
        current = await position(account)
        currency = (await account.supplier).currency
        return AccountBalance(
            balance=Money(amount=current.balance, currency=currency),
            credit_limit=Money(amount=current.credit_limit, currency=currency),
            credit_headroom=Money(amount=current.credit_headroom(), currency=currency),
            prepaid_balance=Money(amount=current.prepaid_balance(), currency=currency),
            payment_terms_days=account.payment_terms_days,
        )


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


@strawberry.type
class StatementPayload:
    statement: Statement | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LedgerAdjustInput:
    customer_account_id: strawberry.ID
    amount: Decimal = strawberry.field(description="Positive raises what the buyer owes; negative credits it.")
    reason: str


@strawberry.type
class LedgerAdjustPayload:
    entry: LedgerEntry | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


async def _respond(info: strawberry.Info, input: StatementRespondInput, decision: StatementDecision) -> StatementPayload:
    found = await statements.respond(
        info.context.principal,
        _account_id(input.customer_account_id, ("input", "customerAccountId")),
        input.period_from,
        input.period_to,
        decision,
        input.comment,
    )
    return StatementPayload(statement=statement_type(found))


@strawberry.type
class LedgerMutation:
    @strawberry.mutation(description="The buyer confirms a statement period.")
    @mutation_payload(StatementPayload)
    async def statement_confirm(self, info: strawberry.Info, input: StatementRespondInput) -> StatementPayload:
        return await _respond(info, input, StatementDecision.CONFIRMED)

    @strawberry.mutation(description="Supplier finance sends a period's statement; the customer's users are told it is ready.")
    @mutation_payload(StatementPayload)
    async def statement_issue(self, info: strawberry.Info, input: StatementIssueInput) -> StatementPayload:
        found = await statements.issue(
            info.context.principal,
            _account_id(input.customer_account_id, ("input", "customerAccountId")),
            input.period_from,
            input.period_to,
        )
        return StatementPayload(statement=statement_type(found))

    @strawberry.mutation(description="The buyer disputes a statement period; the comment says why.")
    @mutation_payload(StatementPayload)
    async def statement_dispute(self, info: strawberry.Info, input: StatementRespondInput) -> StatementPayload:
        return await _respond(info, input, StatementDecision.DISPUTED)

    @strawberry.mutation(description="Supplier finance or admin corrects an account with a reason (an ADJUSTMENT entry).")
    @mutation_payload(LedgerAdjustPayload)
    async def ledger_adjust(self, info: strawberry.Info, input: LedgerAdjustInput) -> LedgerAdjustPayload:
        entry = await ledger.adjust(
            info.context.principal, _account_id(input.customer_account_id, ("input", "customerAccountId")), input.amount, input.reason
        )
        return LedgerAdjustPayload(entry=(await entry_types([entry]))[0])
