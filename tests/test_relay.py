"""The outbox relay: publishes committed events once, in id order, survives a broker failure,
does not skip a late commit, wakes at once after a write, and writes the inbox entries."""

from __future__ import annotations

import asyncio

import pytest
from tortoise.transactions import in_transaction

from app import outbox
from app.accounts import service as accounts
from app.accounts.models import CustomerAccountStatus
from app.clock import utc_now
from app.events.broker import InProcessBroker
from app.events.delivery import EventHub, LiveEvent
from app.events.relay import EVENTS_CHANNEL, Relay
from app.ledger.events import StatementConfirmed
from app.notifications import inbox
from app.notifications.models import Notification, NotificationKind
from app.orders import process
from app.orders.models import OrderStatus, OrderTrack
from app.outbox import OutboxEvent
from tests.support import make_buyer, make_shop, place_order, principal_of


class FlakyBroker(InProcessBroker):
    """Refuses to publish while `down`, and counts what it published."""

    def __init__(self) -> None:
        super().__init__()
        self.down = False
        self.published: list[int] = []

    async def publish(self, channel: str, message: dict) -> None:
        if self.down:
            raise ConnectionError("broker is down")
        self.published.append(message["id"])
        await super().publish(channel, message)


def relay_on(broker, settings, poll_seconds: float = 60) -> Relay:
    return Relay(broker, uses_postgres=settings.uses_postgres, poll_seconds=poll_seconds)


async def record_events(count: int, supplier_id: int) -> list[int]:
    ids = []
    for i in range(count):
        async with in_transaction():
            event = await outbox.record(
                StatementConfirmed(
                    subject_id=i + 1,
                    supplier_id=supplier_id,
                    period_from="2026-11-01",
                    period_to="2026-11-30",
                    closing_balance="0.00",
                )
            )
        ids.append(event.id)
    return ids


async def test_relay_publishes_in_id_order_and_stamps_each_event_once(settings):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
    async with in_transaction():
        await process.move(order, OrderTrack.STATUS, OrderStatus.APPROVED, await principal_of(supplier.admin), None)
    broker = FlakyBroker()
    received: list[dict] = []

    async def listen():
        async with broker.subscribe(EVENTS_CHANNEL) as messages:
            async for message in messages:
                received.append(message)

    listener = asyncio.create_task(listen())
    await asyncio.sleep(0)
    relay = relay_on(broker, settings)
    expected = list(await OutboxEvent.all().order_by("id").values_list("id", flat=True))
    assert await relay.publish_pending() == len(expected)
    assert await relay.publish_pending() == 0
    await asyncio.sleep(0)
    listener.cancel()
    assert broker.published == expected
    assert [m["id"] for m in received] == expected
    order_messages = [m for m in received if m["kind"].startswith("order.")]
    assert [(m["kind"], m["payload"]["status"]) for m in order_messages] == [
        ("order.placed", "PENDING_APPROVAL"),
        ("order.status_changed", "APPROVED"),
    ]
    assert await OutboxEvent.filter(published_at=None).count() == 0


async def test_a_broker_outage_leaves_events_unpublished_until_it_returns(settings):
    supplier, _, _ = await make_shop()
    ids = await record_events(3, supplier.org.id)
    broker = FlakyBroker()
    relay = relay_on(broker, settings)
    broker.down = True
    try:
        await relay.publish_pending()
        raise AssertionError("the relay should report the outage")
    except ConnectionError:
        pass
    assert await OutboxEvent.filter(published_at=None).count() == 3
    broker.down = False
    assert await relay.publish_pending() == 3
    assert broker.published == ids


async def test_the_running_relay_retries_after_an_outage(settings):
    supplier, _, _ = await make_shop()
    broker = FlakyBroker()
    broker.down = True
    relay = Relay(broker, uses_postgres=settings.uses_postgres, poll_seconds=0.05)
    await relay.start()
    try:
        ids = await record_events(2, supplier.org.id)
        await asyncio.sleep(0.3)
        assert broker.published == []
        broker.down = False
        for _ in range(200):
            if broker.published == ids:
                break
            await asyncio.sleep(0.02)
        assert broker.published == ids
    finally:
        await relay.stop()


async def test_an_event_committed_late_with_a_lower_id_is_still_published(settings):
    supplier, _, _ = await make_shop()
    early, late = await record_events(2, supplier.org.id)
    # The higher id went out first, as when the lower id's transaction commits after it.
    await OutboxEvent.filter(id=late).update(published_at=utc_now())
    broker = FlakyBroker()
    assert await relay_on(broker, settings).publish_pending() == 1
    assert broker.published == [early]


async def test_two_relays_at_once_publish_each_event_once(settings):
    supplier, _, _ = await make_shop()
    ids = await record_events(20, supplier.org.id)
    broker = FlakyBroker()
    first, second = relay_on(broker, settings), relay_on(broker, settings)
    await asyncio.gather(first.publish_pending(), second.publish_pending())
    await asyncio.gather(first.publish_pending(), second.publish_pending())
    assert broker.published == ids


async def test_the_relay_wakes_at_once_after_a_commit(settings):
    supplier, _, _ = await make_shop()
    broker = FlakyBroker()
    relay = relay_on(broker, settings, poll_seconds=60)
    await relay.start()
    try:
        await asyncio.sleep(0.05)
        loop = asyncio.get_running_loop()
        started = loop.time()
        ids = await record_events(1, supplier.org.id)
        while broker.published != ids:
            assert loop.time() - started < 2, "the relay did not wake up"
            await asyncio.sleep(0.005)
        assert loop.time() - started < 0.5
    finally:
        await relay.stop()


async def test_a_batch_costs_the_same_queries_whatever_its_size(settings, query_counter):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    admin = await principal_of(supplier.admin)
    counts = []
    for size in (1, 6):
        await OutboxEvent.all().update(published_at=utc_now())
        for i in range(size):
            order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 1}, key=f"k-{size}-{i}")
            async with in_transaction():
                await process.move(order, OrderTrack.STATUS, OrderStatus.APPROVED, admin, None)
        query_counter.reset()
        placed_requested_approved = 3
        assert await relay_on(FlakyBroker(), settings).publish_pending() == placed_requested_approved * size
        counts.append(query_counter.count)
    assert counts[0] == counts[1]


async def test_the_relay_writes_inbox_entries_once_and_carries_them(settings):
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    order = await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
    async with in_transaction():
        await process.move(order, OrderTrack.STATUS, OrderStatus.APPROVED, await principal_of(supplier.admin), None)
    broker = FlakyBroker()
    hub = EventHub(broker)
    await hub.start()
    async with hub.listen() as queue:
        relay = relay_on(broker, settings)
        await relay.publish_pending()
        # A second round (as after a failed stamp) adds no second entry.
        await OutboxEvent.all().update(published_at=None)
        await relay.publish_pending()
        await asyncio.sleep(0)
        events: list[LiveEvent] = []
        while not queue.empty():
            events.append(queue.get_nowait())
    await hub.stop()
    notifications = await Notification.filter(user_id=buyer.id)
    assert [(n.user_id, n.kind, n.title) for n in notifications] == [
        (buyer.id, NotificationKind.ORDER_APPROVED, f"Order {order.number} approved"),
    ]
    admin_kinds = await Notification.filter(user_id=supplier.admin.id).order_by("id").values_list("kind", flat=True)
    assert admin_kinds == [
        NotificationKind.REGISTRATION_PENDING,
        NotificationKind.ORDER_PLACED,
        # No flow and no APPROVER: the supplier's admin is asked.
        NotificationKind.APPROVAL_REQUESTED,
    ]
    approved = next(e for e in events if e.kind == "order.status_changed")
    assert [n["id"] for n in approved.notifications] == [notifications[0].id]
    assert len(events) == len({e.id for e in events}), "the hub hands each event on once"


async def test_customer_account_changes_write_events(settings):
    supplier, _, _ = await make_shop()
    _, _, account = await make_buyer(supplier, "alpha")
    await accounts.suspend_customer_account(await principal_of(supplier.admin), account.id, "unpaid invoices")
    events = await OutboxEvent.filter(subject_type="CustomerAccount").order_by("id")
    assert [(e.kind, e.payload["status"]) for e in events] == [
        ("customer_account.registered", "PENDING"),
        ("customer_account.approved", "APPROVED"),
        ("customer_account.suspended", "SUSPENDED"),
    ]
    assert events[2].payload["previousStatus"] == CustomerAccountStatus.APPROVED.value
    assert events[2].payload["reason"] == "unpaid invoices"
    assert {(e.supplier_id, e.buyer_id, e.customer_account_id) for e in events} == {
        (supplier.org.id, account.buyer_id, account.id)
    }


async def test_a_batch_written_again_carries_the_entries_of_the_first_time():
    supplier, _, variants = await make_shop()
    _, buyer, _ = await make_buyer(supplier, "alpha")
    await place_order(buyer, supplier.org.id, {variants["TEA-1"]: 2})
    events = await OutboxEvent.all().order_by("id")

    first = await inbox.write_for_events(events)
    again = await inbox.write_for_events(events)

    assert sum(len(entries) for entries in first.values()) == await Notification.all().count() > 0
    assert again == first


class CountingRelay(Relay):
    """Keeps the size of each batch it published."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.batches: list[int] = []

    async def publish_pending(self) -> int:
        published = await super().publish_pending()
        if published:
            self.batches.append(published)
        return published


async def test_a_stream_of_events_goes_out_in_paced_batches(settings):
    supplier, _, _ = await make_shop()
    broker = FlakyBroker()
    relay = CountingRelay(broker, uses_postgres=settings.uses_postgres, poll_seconds=60, batch_interval=2.0)
    await relay.start()
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        first = await record_events(1, supplier.org.id)
        while sum(relay.batches) < 1:  # counted once its batch is stamped, after the broker had it
            assert loop.time() - started < 2, "the relay did not wake up"
            await asyncio.sleep(0.005)
        assert loop.time() - started < 0.5, "an event after a quiet spell goes out at once"
        following = []
        for _ in range(3):  # a stream: spaced more than the relay's wait for a commit
            following += await record_events(1, supplier.org.id)
            await asyncio.sleep(0.05)
        while sum(relay.batches) < 4:
            assert loop.time() - started < 8, "the paced batch did not go out"
            await asyncio.sleep(0.005)
        assert broker.published == first + following
        assert relay.batches == [1, 3], "the events recorded within the interval went out in one batch"
    finally:
        await relay.stop()


async def test_events_recorded_together_are_written_in_one_insert_in_their_order(query_counter):
    supplier, _, _ = await make_shop()
    woken = []
    undo = outbox.on_record(lambda: woken.append(1))

    def confirmed(subject_id: int) -> StatementConfirmed:
        return StatementConfirmed(
            subject_id=subject_id,
            supplier_id=supplier.org.id,
            period_from="2026-11-01",
            period_to="2026-11-30",
            closing_balance="0.00",
        )

    try:
        async with in_transaction():
            query_counter.reset()
            async with outbox.written_together():
                first = await outbox.record(confirmed(1))
                async with outbox.written_together():
                    second = await outbox.record(confirmed(2))
                assert query_counter.count == 0 and woken == [] and first.id is None
            assert query_counter.count == 1 and woken == [1]
        assert second.id > first.id
        assert await OutboxEvent.filter(id__in=[first.id, second.id]).order_by("id").values_list(
            "subject_id", flat=True
        ) == [1, 2]

        with pytest.raises(RuntimeError):
            async with in_transaction(), outbox.written_together():
                await outbox.record(confirmed(3))
                raise RuntimeError("the change failed")
        assert not await OutboxEvent.filter(subject_id=3).exists()
    finally:
        undo()
