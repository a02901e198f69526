"""Posting to the ledger and reading balances. A balance is always a sum of entries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from tortoise.functions import Sum
from tortoise.transactions import in_transaction

from app.accounts.models import ChargeMoment, CustomerAccount, Organization, Role
from app.accounts.permissions import Principal, require_supplier_role
from app.changes import diff, note_changes
from app.clock import utc_now
from app.errors import ErrorCode
from app.ledger import balances, credit, events
from app.ledger.models import LedgerEntry, LedgerEntryKind
from app.notifications import inbox
from app.orders import process
from app.orders.models import Order, OrderStatus, OrderTrack
from app.tenancy import own
from app.validation import Checker


async def post_entry(
    customer_account_id: int,
    kind: LedgerEntryKind,
    amount: Decimal,
    currency: str,
    *,
    order_id: int | None = None,
    document: tuple[str, int, str | None] | None = None,
    note: str | None = None,
    user_id: int | None = None,
    occurred_at: datetime | None = None,
) -> LedgerEntry:
    """Appends one entry and adds it to its month's total; call it inside the transaction of the change
    that causes it."""
    document_type, document_id, document_number = document or (None, None, None)
    entry = await LedgerEntry.create(
        customer_account_id=customer_account_id,
        kind=kind,
        amount=amount,
        currency=currency,
        order_id=order_id,
        document_type=document_type,
        document_id=document_id,
        document_number=document_number,
        note=note,
        created_by_id=user_id,
        occurred_at=occurred_at or utc_now(),
    )
    await balances.add_to_month(entry)
    return entry


async def balance(customer_account_id: int, before: datetime | None = None) -> Decimal:
    """What the buyer owes (negative: what it has prepaid), from entries before `before`."""
    query = LedgerEntry.filter(customer_account_id=customer_account_id)
    if before is not None:
        query = query.filter(occurred_at__lt=before)
    total = await query.annotate(total=Sum("amount")).first().values_list("total", flat=True)
    return Decimal(total or 0).quantize(Decimal("0.01"))


FINANCE_ROLES = frozenset({Role.ADMIN, Role.FINANCE})


async def charge_order(order: Order, user_id: int | None) -> LedgerEntry:
    """The order's total as owed (an ORDER_CHARGE); inside the transaction that approves it."""
    return await post_entry(
        order.customer_account_id,
        LedgerEntryKind.ORDER_CHARGE,
        order.total,
        order.currency,
        order_id=order.id,
        document=("Order", order.id, order.number),
        user_id=user_id,
    )


async def adjust(principal: Principal, account_id: int, amount: Decimal | str, reason: str | None) -> LedgerEntry:
    """A correction by the supplier's finance or admin: positive raises what the buyer owes."""
    require_supplier_role(principal, FINANCE_ROLES)
    checker = Checker()
    value = checker.money("amount", amount, minimum=Decimal("-1e15"))
    reason = checker.text("reason", reason, max_length=500, required=True)
    if value is not None and value == 0:
        checker.add("amount", ErrorCode.OUT_OF_RANGE, "amount must not be zero.")
    checker.raise_if_any()
    account = await own(
        CustomerAccount, account_id, principal.require_organization_id(), "customerAccountId", "customer account"
    )
    supplier = await account.supplier
    async with in_transaction():
        owed = await balance(account.id)
        entry = await post_entry(
            account.id, LedgerEntryKind.ADJUSTMENT, value, supplier.currency, note=reason, user_id=principal.user_id
        )
        await note_changes("CustomerAccount", account.id, diff({"balance": owed}, {"balance": owed + value}))
    return entry


async def _charge_on_approval(change: process.Change) -> None:
    """Only on approval itself: an order back to APPROVED after a shipment was called back was charged already."""
    if change.source is not OrderStatus.PENDING_APPROVAL:
        return
    order = change.order
    moment = await Organization.filter(id=order.supplier_id).first().values_list("charge_orders_on", flat=True)
    if moment == ChargeMoment.APPROVAL:
        await charge_order(order, change.actor.user_id)


async def _charge_difference(amendment: process.Amendment) -> None:
    """An order the ledger charged already (on approval) and that the supplier's staff changed:
    the difference is charged (or credited) as another ORDER_CHARGE, so the charges add up to the
    order's new total; an order not charged yet is charged in full when its moment comes."""
    order = amendment.order
    charged = await (
        LedgerEntry.filter(order_id=order.id, kind=LedgerEntryKind.ORDER_CHARGE)
        .annotate(total=Sum("amount"))
        .first()
        .values_list("total", flat=True)
    )
    if charged is None:
        return
    difference = order.total - Decimal(charged)
    if difference:
        await post_entry(
            order.customer_account_id,
            LedgerEntryKind.ORDER_CHARGE,
            difference,
            order.currency,
            order_id=order.id,
            document=("Order", order.id, order.number),
            note=f"Order {order.number} changed by the supplier: {amendment.previous_total} → {order.total}",
            user_id=amendment.actor.user_id,
        )


async def _require_terms_for_placement(placement: process.Placement) -> None:
    await credit.require_terms(
        placement.account,
        placement.payment_method,
        placement.total,
        order_id=placement.order_id,
        field=("input", "lines") if placement.is_edit else ("input", "paymentMethod"),
    )


def install() -> None:
    """The ledger's part of the order process: the credit and balance check guards placement,
    a supplier that charges on approval charges the order when it is approved, and an order the
    supplier changes after it was charged is charged the difference."""
    process.guard_placement(_require_terms_for_placement)
    process.on_enter(OrderTrack.STATUS, OrderStatus.APPROVED, _charge_on_approval)
    process.on_amended(_charge_difference)
    inbox.plan_for(events.StatementIssued, events.buyer_notice)
    inbox.plan_for(events.StatementDisputed, events.dispute_notice)
    inbox.plan_for(events.StatementDisputeAnswered, events.answer_notice)
