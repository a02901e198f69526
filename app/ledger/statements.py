"""对账单: a customer account's statement for a period, the buyer's confirmation or dispute,
and its export to Excel and CSV with the same figures.

Every figure is a sum in SQL over the ledger's (account, occurred_at) index, so a statement
costs the same handful of queries whether the account has ten entries or a hundred thousand.
Days run in the supplier's timezone. Aging applies payments to the oldest debits first (FIFO):
what is still owed is the newest debits, bucketed by how long past due (date + payment terms).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Subquery
from tortoise.functions import Count, Sum
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts.models import CustomerAccount, Organization, Role
from app.accounts.permissions import (
    Principal,
    customer_account_scope,
    require_authenticated,
    require_supplier_role,
)
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.ledger import events
from app.ledger import quantities as received
from app.ledger.credit import ZERO
from app.ledger.models import (
    LedgerEntry,
    LedgerEntryKind,
    StatementDecision,
    StatementResponse,
)
from app.ledger.service import FINANCE_ROLES
from app.money import round_money
from app.orders.models import Order, OrderLine
from app.tenancy import own
from app.validation import Checker

MAX_PERIOD_DAYS = 3660
AGING_BUCKETS = (("current", None, 0), ("days_1_30", 1, 30), ("days_31_60", 31, 60), ("days_over_60", 61, None))
RESPONDING_ROLES = frozenset({Role.ADMIN, Role.FINANCE, Role.PURCHASER})


class DisputeState(StrEnum):
    OPEN = "OPEN"
    """Disputed by the buyer, not yet answered by the supplier."""
    ANSWERED = "ANSWERED"


def dispute_state(response: StatementResponse | None) -> DisputeState | None:
    """None unless the buyer disputed the period."""
    if response is None or response.decision is not StatementDecision.DISPUTED:
        return None
    return DisputeState.OPEN if response.answered_at is None else DisputeState.ANSWERED


@dataclass(frozen=True)
class Aging:
    current: Decimal
    days_1_30: Decimal
    days_31_60: Decimal
    days_over_60: Decimal

    @property
    def overdue(self) -> Decimal:
        return self.days_1_30 + self.days_31_60 + self.days_over_60


@dataclass(frozen=True)
class OrderFigures:
    order_id: int
    number: str
    total: Decimal
    charged: Decimal  # the order's charges in the period (ORDER_CHARGE entries)
    returned: Decimal  # credited back for its returns (RETURN_CREDIT entries), a positive amount
    net: Decimal  # every entry of the order in the period: what it adds to the balance
    ordered_quantity: int
    shipped_quantity: int
    received_quantity: int
    short_quantity: int
    shipped_amount: Decimal
    received_amount: Decimal


@dataclass
class Statement:
    account: CustomerAccount
    currency: str
    period_from: date
    period_to: date
    starts_at: datetime
    ends_at: datetime
    opening_balance: Decimal
    by_kind: dict[LedgerEntryKind, Decimal]
    entry_count: int
    aging: Aging
    response: StatementResponse | None
    closing_balance: Decimal = field(init=False)

    def __post_init__(self) -> None:
        self.closing_balance = self.opening_balance + sum(self.by_kind.values(), ZERO)

    def total(self, kind: LedgerEntryKind) -> Decimal:
        return self.by_kind.get(kind, ZERO)

    def entries(self) -> QuerySet[LedgerEntry]:
        return LedgerEntry.filter(
            customer_account_id=self.account.id, occurred_at__gte=self.starts_at, occurred_at__lt=self.ends_at
        )

    def orders(self) -> QuerySet[Order]:
        """Orders with entries in the period; page them and ask `order_figures` for each page."""
        with_entries = self.entries().filter(order_id__isnull=False).values("order_id")
        return Order.filter(id__in=Subquery(with_entries))

    async def order_figures(self, orders: list[Order]) -> list[OrderFigures]:
        return await _order_figures(self, orders)


async def visible_account(principal: Principal, account_id: int) -> CustomerAccount | None:
    scope = customer_account_scope(principal)
    if scope is None:
        return None
    return await CustomerAccount.filter(scope, id=account_id).first()


def _check_period(period_from: date, period_to: date) -> None:
    if period_to < period_from:
        raise UserInputError.single("to", ErrorCode.OUT_OF_RANGE, "to must not be before from.")
    if (period_to - period_from).days > MAX_PERIOD_DAYS:
        raise UserInputError.single("to", ErrorCode.OUT_OF_RANGE, f"A statement covers at most {MAX_PERIOD_DAYS} days.")


async def statement(principal: Principal, account_id: int, period_from: date, period_to: date) -> Statement | None:
    """None when the caller may not see the account, exactly as for a missing one."""
    require_authenticated(principal)
    _check_period(period_from, period_to)
    account = await visible_account(principal, account_id)
    if account is None:
        return None
    return await build(account, period_from, period_to)


async def build(account: CustomerAccount, period_from: date, period_to: date) -> Statement:
    supplier = await Organization.get(id=account.supplier_id)
    zone = ZoneInfo(supplier.timezone)
    starts_at = datetime.combine(period_from, time.min, zone)
    ends_at = datetime.combine(period_to + timedelta(days=1), time.min, zone)
    entries = LedgerEntry.filter(customer_account_id=account.id)
    opening = await _sum(entries.filter(occurred_at__lt=starts_at))
    by_kind: dict[LedgerEntryKind, Decimal] = {}
    count = 0
    for kind, total, number in (
        await entries.filter(occurred_at__gte=starts_at, occurred_at__lt=ends_at)
        .annotate(total=Sum("amount"), number=Count("id"))
        .group_by("kind")
        .values_list("kind", "total", "number")
    ):
        by_kind[LedgerEntryKind(kind)] = Decimal(total).quantize(ZERO)
        count += number
    closing = opening + sum(by_kind.values(), ZERO)
    response = await StatementResponse.get_or_none(
        customer_account_id=account.id, period_from=period_from, period_to=period_to
    )
    return Statement(
        account=account,
        currency=supplier.currency,
        period_from=period_from,
        period_to=period_to,
        starts_at=starts_at,
        ends_at=ends_at,
        opening_balance=opening,
        by_kind=by_kind,
        entry_count=count,
        aging=await _aging(account, closing, ends_at),
        response=response,
    )


async def _sum(query: QuerySet[LedgerEntry]) -> Decimal:
    total = await query.annotate(total=Sum("amount")).first().values_list("total", flat=True)
    return Decimal(total or 0).quantize(ZERO)


def aging_windows(ends_at: datetime, payment_terms_days: int) -> list[tuple[str, datetime, datetime | None]]:
    """The recent buckets as (name, after, until) bounds on a debit's occurred_at: a debit is in
    a bucket when after < occurred_at <= until (no upper bound for "current"). Older debits fall
    in the last bucket, which needs no bounds."""
    due_cutoff = ends_at - timedelta(days=payment_terms_days)
    return [
        (name, due_cutoff - timedelta(days=high), None if low is None else due_cutoff - timedelta(days=low - 1))
        for name, low, high in AGING_BUCKETS
        if high is not None
    ]


def age_balance(closing: Decimal, recent_debits: dict[str, Decimal]) -> Aging:
    """The closing balance is the newest debits (FIFO): fill the recent buckets from the newest,
    what remains is older than 60 days past due (the closing balance never exceeds the sum of all
    debits, so that bucket needs no sum)."""
    owed = max(closing, ZERO)
    amounts: dict[str, Decimal] = {}
    for name, _, high in AGING_BUCKETS:
        if high is None:
            amounts[name] = owed
            break
        amounts[name] = min(owed, recent_debits.get(name, ZERO))
        owed -= amounts[name]
    return Aging(**amounts)


async def _aging(account: CustomerAccount, closing: Decimal, ends_at: datetime) -> Aging:
    debits = LedgerEntry.filter(customer_account_id=account.id, amount__gt=0, occurred_at__lt=ends_at)
    recent: dict[str, Decimal] = {}
    if closing > 0:
        for name, after, until in aging_windows(ends_at, account.payment_terms_days):
            window = debits.filter(occurred_at__gt=after)
            recent[name] = await _sum(window if until is None else window.filter(occurred_at__lte=until))
    return age_balance(closing, recent)


async def _order_figures(current: Statement, orders: list[Order]) -> list[OrderFigures]:
    """What each order was charged in the period, and shipped and received (shipments not
    cancelled), in a constant number of queries for any number of orders."""
    order_ids = [o.id for o in orders]
    by_kind: dict[tuple[int, str], Decimal] = {
        (order_id, kind): Decimal(total or 0)
        for order_id, kind, total in await current.entries()
        .filter(order_id__in=order_ids)
        .annotate(total=Sum("amount"))
        .group_by("order_id", "kind")
        .values_list("order_id", "kind", "total")
    }
    net: dict[int, Decimal] = {}
    for (order_id, _), amount in by_kind.items():
        net[order_id] = net.get(order_id, ZERO) + amount
    quantities = await received.quantities_by_order(order_ids)
    unit_prices = {
        line_id: Decimal(line_total) / quantity if quantity else ZERO
        for line_id, quantity, line_total in await OrderLine.filter(order_id__in=order_ids).values_list(
            "id", "quantity", "line_total"
        )
    }
    figures = []
    for order in orders:
        units = quantities[order.id]
        lines = units.lines.items()
        figures.append(
            OrderFigures(
                order_id=order.id,
                number=order.number,
                total=order.total,
                charged=by_kind.get((order.id, LedgerEntryKind.ORDER_CHARGE.value), ZERO).quantize(ZERO),
                returned=(-by_kind.get((order.id, LedgerEntryKind.RETURN_CREDIT.value), ZERO)).quantize(ZERO),
                net=net.get(order.id, ZERO).quantize(ZERO),
                ordered_quantity=units.ordered,
                shipped_quantity=units.shipped,
                received_quantity=units.received,
                short_quantity=units.short,
                shipped_amount=sum((round_money(unit_prices[pk] * line.shipped) for pk, line in lines), ZERO),
                received_amount=sum((round_money(unit_prices[pk] * line.received) for pk, line in lines), ZERO),
            )
        )
    return figures


def _answered(how: str) -> UserInputError:
    return UserInputError.single(
        ("input", "customerAccountId"), ErrorCode.INVALID_STATE, f"This statement was already {how}."
    )


async def respond(
    principal: Principal,
    account_id: int,
    period_from: date,
    period_to: date,
    decision: StatementDecision,
    comment: str | None,
) -> Statement:
    """The buyer confirms the statement, or disputes it saying why; once per period."""
    require_authenticated(principal)
    checker = Checker()
    comment = checker.text("comment", comment, max_length=1000, required=decision is StatementDecision.DISPUTED)
    checker.raise_if_any()
    _check_period(period_from, period_to)
    account = await CustomerAccount.get_or_none(id=account_id, buyer_id=principal.organization_id)
    if account is None or principal.is_app or not principal.roles & RESPONDING_ROLES:
        raise UserInputError.single(("input", "customerAccountId"), ErrorCode.NOT_FOUND, "No such customer account.")
    current = await build(account, period_from, period_to)
    if current.response is not None:
        raise _answered(current.response.decision.value.lower())
    kind = events.StatementConfirmed if decision is StatementDecision.CONFIRMED else events.StatementDisputed
    try:
        async with in_transaction():
            current.response = await StatementResponse.create(
                customer_account=account,
                period_from=period_from,
                period_to=period_to,
                decision=decision,
                comment=comment,
                closing_balance=current.closing_balance,
                user_id=principal.user_id,
            )
            await _statement_event(kind, current, principal, comment=comment)
    except IntegrityError:
        raise _answered("answered") from None
    return current


async def _statement_event(
    kind: type[events.StatementEvent], current: Statement, principal: Principal, **details
) -> None:
    account = current.account
    await outbox.record(
        kind(
            subject_id=account.id,
            supplier_id=account.supplier_id,
            buyer_id=account.buyer_id,
            customer_account_id=account.id,
            actor_id=principal.user_id,
            period_from=current.period_from.isoformat(),
            period_to=current.period_to.isoformat(),
            closing_balance=str(current.closing_balance),
            **details,
        )
    )


async def answer_dispute(
    principal: Principal, account_id: int, period_from: date, period_to: date, answer: str | None
) -> Statement:
    """Supplier finance or an admin answers the buyer's dispute of a period, once; the buyer's users hear it."""
    require_supplier_role(principal, FINANCE_ROLES)
    checker = Checker()
    answer = checker.text("answer", answer, max_length=1000, required=True)
    checker.raise_if_any()
    assert answer is not None
    _check_period(period_from, period_to)
    account = await own(
        CustomerAccount, account_id, principal.require_organization_id(), "customerAccountId", "customer account"
    )
    current = await build(account, period_from, period_to)
    response = current.response
    if response is None or response.decision is not StatementDecision.DISPUTED:
        raise UserInputError.single(
            ("input", "customerAccountId"), ErrorCode.INVALID_STATE, "The customer has not disputed this statement."
        )
    async with in_transaction():
        # Conditional: of two answers at once, one wins and the other is told it came too late.
        won = await StatementResponse.filter(id=response.id, answered_at=None).update(
            answer=answer, answered_at=utc_now(), answered_by_id=principal.user_id
        )
        if not won:
            raise _answered("answered")
        await _statement_event(
            events.StatementDisputeAnswered, current, principal, comment=response.comment, answer=answer
        )
    current.response = await StatementResponse.get(id=response.id)
    return current


async def issue(principal: Principal, account_id: int, period_from: date, period_to: date) -> Statement:
    """Supplier finance sends the period's statement to the customer, whose users are told it is ready."""
    require_supplier_role(principal, FINANCE_ROLES)
    _check_period(period_from, period_to)
    account = await own(
        CustomerAccount, account_id, principal.require_organization_id(), "customerAccountId", "customer account"
    )
    current = await build(account, period_from, period_to)
    async with in_transaction():
        await _statement_event(events.StatementIssued, current, principal)
    return current


SUMMARY_KINDS = (
    ("Charges", LedgerEntryKind.ORDER_CHARGE),
    ("Payments", LedgerEntryKind.PAYMENT),
    ("Refunds", LedgerEntryKind.REFUND),
    ("Return credits", LedgerEntryKind.RETURN_CREDIT),
    ("Adjustments", LedgerEntryKind.ADJUSTMENT),
)
ENTRY_HEADER = ("Date", "Kind", "Document", "Order", "Note", "Amount")
ORDER_HEADER = (
    "Order",
    "Total",
    "Charged",
    "Returned",
    "Net",
    "Ordered",
    "Shipped",
    "Received",
    "Short",
    "Shipped amount",
    "Received amount",
)


async def export_rows(current: Statement) -> dict[str, list[tuple]]:
    """The statement as tables (summary, entries, orders): the one source of both file formats."""
    orders = await current.order_figures(await current.orders().order_by("id"))
    numbers = {o.order_id: o.number for o in orders}
    entries = (
        await current.entries()
        .order_by("occurred_at", "id")
        .values_list("occurred_at", "kind", "document_number", "order_id", "note", "amount")
    )
    account = current.account
    orgs = {o.id: o for o in await Organization.filter(id__in=[account.supplier_id, account.buyer_id])}
    supplier, customer = orgs[account.supplier_id], orgs[account.buyer_id]
    summary = [
        ("Supplier", supplier.name),
        ("Supplier code", supplier.code),
        ("Customer", customer.name),
        ("Customer code", customer.code),
        ("Currency", current.currency),
        ("From", current.period_from.isoformat()),
        ("To", current.period_to.isoformat()),
        ("Opening balance", current.opening_balance),
        *((label, current.total(kind)) for label, kind in SUMMARY_KINDS),
        ("Closing balance", current.closing_balance),
        ("Aging current", current.aging.current),
        ("Aging 1-30 days", current.aging.days_1_30),
        ("Aging 31-60 days", current.aging.days_31_60),
        ("Aging over 60 days", current.aging.days_over_60),
    ]
    return {
        "Summary": summary,
        "Entries": [ENTRY_HEADER]
        + [
            (at.isoformat(), kind, document or "", numbers.get(order_id, ""), note or "", Decimal(amount))
            for at, kind, document, order_id, note, amount in entries
        ],
        "Orders": [ORDER_HEADER]
        + [
            (
                o.number,
                o.total,
                o.charged,
                o.returned,
                o.net,
                o.ordered_quantity,
                o.shipped_quantity,
                o.received_quantity,
                o.short_quantity,
                o.shipped_amount,
                o.received_amount,
            )
            for o in orders
        ],
    }
