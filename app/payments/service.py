"""付款/收款: the buyer records a payment, the supplier's finance confirms or rejects it.

Money that arrives (bank transfer, online, or settling the account 挂账结算 "on account") becomes
a PAYMENT entry on the ledger when confirmed; the part not allocated to orders is a prepayment
and tops up the prepaid balance. A PREPAID_BALANCE payment moves no money: it settles orders
placed on prepaid balance from the balance already on the ledger, so it must be allocated in
full. An order's payment status follows its confirmed allocations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.functions import Sum
from tortoise.queryset import QuerySet
from tortoise.transactions import in_transaction

from app import numbering, outbox
from app.accounts.models import CustomerAccount, Organization, Role
from app.accounts.permissions import (
    Principal,
    customer_account_scope,
    require_authenticated,
    require_supplier_role,
)
from app.changes import diff, note_changes
from app.clock import utc_now
from app.errors import ErrorCode, UserInputError
from app.ledger import service as ledger
from app.ledger.credit import ZERO
from app.ledger.models import LedgerEntryKind
from app.money import CENT
from app.notifications import inbox
from app.orders import process
from app.orders.models import (
    Order,
    OrderStatus,
    OrderTrack,
    PaymentMethod,
    PaymentStatus,
)
from app.orders.process import OrderAction
from app.payments import events
from app.payments.models import (
    Payment,
    PaymentAllocation,
    PaymentRecordStatus,
)
from app.validation import Checker

FINANCE_ROLES = frozenset({Role.ADMIN, Role.FINANCE})
BUYER_PAYING_ROLES = frozenset({Role.ADMIN, Role.PURCHASER, Role.FINANCE})
CLOSED_ORDERS = (OrderStatus.CANCELLED, OrderStatus.REJECTED)
MAX_ALLOCATIONS = 100


@dataclass(frozen=True)
class Allocation:
    order_id: int
    amount: Decimal | str


@dataclass(frozen=True)
class PaymentInput:
    customer_account_id: int
    method: PaymentMethod
    amount: Decimal | str
    currency: str
    idempotency_key: str
    reference: str | None = None
    allocations: tuple[Allocation, ...] = field(default_factory=tuple)


def search_payments(query: QuerySet[Payment], text: str) -> QuerySet[Payment]:
    """Payments whose number or bank reference contains the text, whatever its case."""
    text = text.strip()
    return query.filter(Q(number__icontains=text) | Q(reference__icontains=text)) if text else query


def visible_payments(principal: Principal) -> QuerySet[Payment]:
    scope = customer_account_scope(principal)
    if scope is None:
        return Payment.filter(id__in=[])
    return Payment.filter(customer_account_id__in=Subquery(CustomerAccount.filter(scope).values("id")))


async def open_amounts(order_ids: list[int], excluding_payment: int | None = None) -> dict[int, Decimal]:
    """What is still to pay on each order: its total less the allocations not rejected."""
    totals = dict(await Order.filter(id__in=order_ids).values_list("id", "total"))
    query = PaymentAllocation.filter(order_id__in=order_ids, payment__status__not=PaymentRecordStatus.REJECTED)
    if excluding_payment is not None:
        query = query.filter(payment_id__not=excluding_payment)
    allocated = dict(await query.annotate(s=Sum("amount")).group_by("order_id").values_list("order_id", "s"))
    return {pk: Decimal(total) - Decimal(allocated.get(pk) or 0) for pk, total in totals.items()}


async def record(principal: Principal, data: PaymentInput) -> Payment:
    """The buyer's record of a payment; the same idempotency key answers with the same payment."""
    require_authenticated(principal)
    checker = Checker()
    key = checker.text("idempotencyKey", data.idempotency_key, max_length=100, required=True)
    reference = checker.text("reference", data.reference, max_length=100)
    amount = checker.money("amount", data.amount, minimum=CENT)
    shares = [checker.money(f"allocations.{i}.amount", a.amount, minimum=CENT) for i, a in enumerate(data.allocations)]
    if len(data.allocations) > MAX_ALLOCATIONS:
        checker.add("allocations", ErrorCode.OUT_OF_RANGE, f"At most {MAX_ALLOCATIONS} allocations.")
    checker.raise_if_any()
    existing = await Payment.get_or_none(recorded_by_id=principal.user_id, idempotency_key=key)
    if existing is not None:
        return existing
    account = await CustomerAccount.get_or_none(id=data.customer_account_id, buyer_id=principal.organization_id)
    if account is None or principal.is_app or not principal.roles & BUYER_PAYING_ROLES:
        raise UserInputError.single(("input", "customerAccountId"), ErrorCode.NOT_FOUND, "No such customer account.")
    supplier = await Organization.get(id=account.supplier_id)
    await _check_money(checker, account, supplier.currency, data, amount, shares)
    year = utc_now().year
    try:
        async with in_transaction():
            payment = await Payment.create(
                number=await numbering.next_number(numbering.DocumentKind.PAYMENT, account.supplier_id, year),
                supplier_id=account.supplier_id,
                buyer_id=account.buyer_id,
                customer_account=account,
                method=data.method,
                amount=amount,
                currency=supplier.currency,
                reference=reference,
                idempotency_key=key,
                recorded_by_id=principal.user_id,
            )
            await PaymentAllocation.bulk_create(
                [
                    PaymentAllocation(payment=payment, order_id=a.order_id, amount=s)
                    for a, s in zip(data.allocations, shares, strict=True)
                ]
            )
            await _event(payment, events.PaymentRecorded, principal)
    except IntegrityError:
        again = await Payment.get_or_none(recorded_by_id=principal.user_id, idempotency_key=key)
        if again is None:
            raise
        return again
    return payment


async def _check_money(checker, account, currency, data: PaymentInput, amount: Decimal, shares: list[Decimal]) -> None:
    if data.currency.strip().upper() != currency:
        checker.add(
            "currency", ErrorCode.CURRENCY_MISMATCH, f"This account is kept in {currency}, not {data.currency}."
        )
    order_ids = [a.order_id for a in data.allocations]
    if len(set(order_ids)) != len(order_ids):
        checker.add("allocations", ErrorCode.INVALID, "Allocate to each order once.")
    orders_by_id = {
        o.id: o
        for o in await Order.filter(id__in=order_ids, customer_account_id=account.id, status__not_in=CLOSED_ORDERS)
    }
    open_by_order = await open_amounts(list(orders_by_id))
    for index, (allocation, share) in enumerate(zip(data.allocations, shares, strict=True)):
        order = orders_by_id.get(allocation.order_id)
        if order is None:
            checker.add(f"allocations.{index}.orderId", ErrorCode.NOT_FOUND, "No such open order on this account.")
        elif share > open_by_order[order.id]:
            checker.add(
                f"allocations.{index}.amount",
                ErrorCode.OVER_ALLOCATED,
                f"Order {order.number} has ¥{open_by_order[order.id]:,.2f} open; ¥{share:,.2f} is more.",
            )
        elif data.method is PaymentMethod.PREPAID_BALANCE and order.payment_method is not PaymentMethod.PREPAID_BALANCE:
            checker.add(
                f"allocations.{index}.orderId",
                ErrorCode.INVALID,
                f"Order {order.number} was not placed on prepaid balance; pay it by transfer or online.",
            )
    allocated = sum(shares, ZERO)
    if allocated > amount:
        checker.add(
            "allocations",
            ErrorCode.OVER_ALLOCATED,
            f"Allocations (¥{allocated:,.2f}) exceed the payment (¥{amount:,.2f}).",
        )
    if data.method is PaymentMethod.PREPAID_BALANCE and allocated != amount:
        checker.add(
            "allocations", ErrorCode.INVALID, "A payment from the prepaid balance pays orders: allocate all of it."
        )
    checker.raise_if_any()


async def _supplier_payment(principal: Principal, payment_id: int) -> Payment:
    require_supplier_role(principal, FINANCE_ROLES)
    payment = await Payment.get_or_none(id=payment_id, supplier_id=principal.organization_id)
    if payment is None:
        raise UserInputError.single(("input", "paymentId"), ErrorCode.NOT_FOUND, "No such payment.")
    if payment.status is not PaymentRecordStatus.RECORDED:
        raise UserInputError.single(
            ("input", "paymentId"), ErrorCode.INVALID_STATE, f"This payment is already {payment.status.value}."
        )
    return payment


async def _decide(payment: Payment, principal: Principal, status: PaymentRecordStatus, note: str | None) -> bool:
    """Only the first decision wins: a conditional UPDATE, so two clicks never post twice."""
    decided_at = utc_now()
    moved = await Payment.filter(id=payment.id, status=PaymentRecordStatus.RECORDED).update(
        status=status, decided_by_id=principal.user_id, decided_at=decided_at, decision_note=note
    )
    if moved:
        await note_changes("Payment", payment.id, diff({"status": PaymentRecordStatus.RECORDED}, {"status": status}))
    # the payment as stored, so that the answer shows when and by whom it was decided
    payment.status, payment.decided_by_id, payment.decision_note = status, principal.user_id, note
    payment.decided_at = decided_at
    return bool(moved)


def _already(payment: Payment) -> UserInputError:
    return UserInputError.single(("input", "paymentId"), ErrorCode.INVALID_STATE, "This payment was decided meanwhile.")


async def confirm(principal: Principal, payment_id: int) -> Payment:
    """Finance confirms the money arrived: the ledger entry and the orders' payment status follow."""
    payment = await _supplier_payment(principal, payment_id)
    async with in_transaction():
        if not await _decide(payment, principal, PaymentRecordStatus.CONFIRMED, None):
            raise _already(payment)
        if payment.method is not PaymentMethod.PREPAID_BALANCE:
            await ledger.post_entry(
                payment.customer_account_id,
                LedgerEntryKind.PAYMENT,
                -payment.amount,
                payment.currency,
                document=("Payment", payment.id, payment.number),
                note=payment.reference,
                user_id=principal.user_id,
            )
        # tortoise types values_list(flat=True) as a list of tuples; flat=True gives the values themselves.
        order_ids: list[int] = await PaymentAllocation.filter(  # type: ignore[assignment]
            payment_id=payment.id
        ).values_list("order_id", flat=True)
        await refresh_payment_status(list(order_ids), principal)
        await _event(payment, events.PaymentConfirmed, principal)
    return payment


async def reject(principal: Principal, payment_id: int, reason: str | None) -> Payment:
    checker = Checker()
    reason = checker.text("reason", reason, max_length=500, required=True)
    checker.raise_if_any()
    payment = await _supplier_payment(principal, payment_id)
    async with in_transaction():
        if not await _decide(payment, principal, PaymentRecordStatus.REJECTED, reason):
            raise _already(payment)
        await _event(payment, events.PaymentRejected, principal)
    return payment


def status_for(total: Decimal, paid: Decimal) -> PaymentStatus:
    if paid <= 0:
        return PaymentStatus.UNPAID
    return PaymentStatus.PAID if paid >= total else PaymentStatus.PARTIALLY_PAID


async def refresh_payment_status(order_ids: list[int], actor: Principal) -> None:
    """Sets each order's payment status from its confirmed allocations, with an event on change."""
    paid = dict(
        await PaymentAllocation.filter(order_id__in=order_ids, payment__status=PaymentRecordStatus.CONFIRMED)
        .annotate(s=Sum("amount"))
        .group_by("order_id")
        .values_list("order_id", "s")
    )
    for order in await Order.filter(id__in=order_ids):
        wanted = status_for(order.total, Decimal(paid.get(order.id) or 0))
        if wanted is not order.payment_status:
            await process.move(order, OrderTrack.PAYMENT, wanted, actor, None)


async def _event(payment: Payment, kind: type[events.PaymentEvent], principal: Principal) -> None:
    await outbox.record(
        kind(
            subject_id=payment.id,
            supplier_id=payment.supplier_id,
            buyer_id=payment.buyer_id,
            customer_account_id=payment.customer_account_id,
            actor_id=principal.user_id,
            payment_id=payment.id,
            number=payment.number,
            status=payment.status.value,
            method=payment.method.value,
            amount=str(payment.amount),
            currency=payment.currency,
            reference=payment.reference,
        )
    )


async def _offer_payment(principal: Principal, orders_: list[Order]) -> dict[int, set[OrderAction]]:
    """RECORD_PAYMENT for the buyer's payers while an order is open and not paid in full."""
    if principal.is_app or not principal.roles & BUYER_PAYING_ROLES:
        return {}
    return {
        o.id: {OrderAction.RECORD_PAYMENT}
        for o in orders_
        if o.buyer_id == principal.organization_id
        and o.payment_status is not PaymentStatus.PAID
        and o.status not in CLOSED_ORDERS
    }


def install() -> None:
    """Payments' button on an order."""
    process.offer_actions(_offer_payment)
    inbox.plan_for(events.PaymentConfirmed, events.buyer_notice)
