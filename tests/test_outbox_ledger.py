"""Every order change writes its outbox event in the same transaction; the ledger's balance is
the sum of its entries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from app.errors import UserInputError
from app.ledger import service as ledger
from app.ledger.models import LedgerEntryKind
from app.orders import service as orders
from app.orders.models import Order
from app.outbox import OutboxEvent
from tests.support import make_buyer, make_shop, place_order, principal_of


async def test_order_changes_write_outbox_events_in_order():
    supplier, _, variants = await make_shop()
    _, buyer, account = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 3})
    await orders.cancel(await principal_of(buyer), order.id, "changed my mind")

    events = await OutboxEvent.filter(subject_type="Order", subject_id=order.id, kind__startswith="order.").order_by(
        "id"
    )
    assert [(e.kind, e.payload["status"], e.payload["previousStatus"]) for e in events] == [
        ("order.placed", "PENDING_APPROVAL", None),
        ("order.status_changed", "CANCELLED", "PENDING_APPROVAL"),
    ]
    assert {(e.supplier_id, e.buyer_id, e.customer_account_id, e.actor_id) for e in events} == {
        (supplier.org.id, account.buyer_id, account.id, buyer.id)
    }
    assert all(e.published_at is None for e in events)


async def test_a_refused_change_writes_no_event():
    supplier, _, variants = await make_shop(stock=2)
    _, buyer, _ = await make_buyer(supplier, "alpha")
    try:
        await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 3})
    except UserInputError:
        pass
    assert await Order.all().count() == 0
    assert await OutboxEvent.filter(subject_type="Order").count() == 0


async def test_balance_is_the_sum_of_entries_before_a_moment():
    supplier, _, _ = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha")
    start = datetime(2026, 11, 1, tzinfo=UTC)
    await ledger.post_entry(account.id, LedgerEntryKind.ORDER_CHARGE, Decimal("300.00"), "CNY", occurred_at=start)
    await ledger.post_entry(
        account.id, LedgerEntryKind.PAYMENT, Decimal("-120.50"), "CNY", occurred_at=start + timedelta(days=2)
    )
    assert await ledger.balance(account.id) == Decimal("179.50")
    assert await ledger.balance(account.id, before=start + timedelta(days=1)) == Decimal("300.00")
    assert await ledger.balance(account.id, before=start) == Decimal("0.00")
