"""Delivery of published events to this worker's live subscribers.

One hub per worker listens to the broker once and hands each event to every local
subscription. An event is handed on once whatever the number of copies that arrive (two
relays on SQLite, a republish after a failed stamp, a catch-up after a broker outage), and
whatever a subscription needs loaded for an event (the order) is loaded once and shared by
all of them, so 1,000 subscribers cost one load per event, not 1,000.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Sized
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from tortoise.expressions import Q

from app.background import cancel_until_done
from app.events.broker import Broker
from app.events.relay import EVENTS_CHANNEL, event_message
from app.notifications.inbox import notification_message
from app.notifications.models import Notification
from app.outbox import OutboxEvent
from app.shared_loads import SharedLoads

log = logging.getLogger("dinghuo.events")

SEEN_EVENTS_KEPT = 10_000
SUBSCRIPTION_QUEUE_SIZE = 1000
CATCH_UP_BATCH = 1000
REPLAY_LIMIT = 1000
# A relay may publish during the outage's last moments and stamp just after our first look.
CATCH_UP_AGAIN_AFTER_SECONDS = 1.0


@dataclass
class LiveEvent:
    id: int
    kind: str
    subject_type: str
    subject_id: int
    supplier_id: int
    buyer_id: int | None
    customer_account_id: int | None
    actor_id: int | None
    payload: dict
    created_at: datetime
    notifications: list[dict]
    _loads: SharedLoads = field(default_factory=SharedLoads, repr=False)

    @classmethod
    def from_message(cls, message: dict) -> LiveEvent:
        return cls(
            id=message["id"],
            kind=message["kind"],
            subject_type=message["subjectType"],
            subject_id=message["subjectId"],
            supplier_id=message["supplierId"],
            buyer_id=message["buyerId"],
            customer_account_id=message["customerAccountId"],
            actor_id=message["actorId"],
            payload=message["payload"],
            created_at=datetime.fromisoformat(message["createdAt"]),
            notifications=message.get("notifications") or [],
        )

    async def shared(self, key: str, load: Callable[[], Awaitable[Any]]) -> Any:
        """`load()` once for this event, however many subscribers ask."""
        return await self._loads.get(key, load)


async def live_events(rows: list[OutboxEvent]) -> list[LiveEvent]:
    """Outbox rows as live events, each with the inbox entries it made."""
    notes: dict[int, list[dict]] = {}
    for n in await Notification.filter(event_id__in=[row.id for row in rows]).order_by("id"):
        notes.setdefault(n.event_id, []).append(notification_message(n))
    return [LiveEvent.from_message(event_message(row, notes.get(row.id, []))) for row in rows]


async def missed_events(organization_id: int, after_id: int, subject: tuple[str, int] | None = None) -> list[LiveEvent]:
    """The organization's events after `after_id`, oldest first: what a subscriber that saw
    `after_id` missed while it was away (at most REPLAY_LIMIT; past that a client reloads).
    Rows the relay has not published yet are included: they reach the subscriber once."""
    query = OutboxEvent.filter(Q(supplier_id=organization_id) | Q(buyer_id=organization_id), id__gt=after_id)
    if subject is not None:
        query = query.filter(subject_type=subject[0], subject_id=subject[1])
    return await live_events(await query.order_by("id").limit(REPLAY_LIMIT))


class EventHub:
    def __init__(self, broker: Broker):
        self.broker = broker
        # Each queue with the subscribers it serves (a fan-out group serves many through one).
        self.queues: dict[asyncio.Queue, Sized] = {}
        self.seen: OrderedDict[int, None] = OrderedDict()
        self.last_id = 0
        self.task: asyncio.Task | None = None
        self.subscribed = asyncio.Event()

    async def start(self) -> None:
        newest = await OutboxEvent.all().order_by("-id").first()
        self.last_id = newest.id if newest else 0
        self.broker.on_reconnect(self.catch_up_after_outage)
        self.task = asyncio.create_task(self._consume(), name="event-hub")
        await self.subscribed.wait()

    async def stop(self) -> None:
        await cancel_until_done(self.task)

    @property
    def subscription_count(self) -> int:
        return sum(len(served) for served in self.queues.values())

    async def _consume(self) -> None:
        async with self.broker.subscribe(EVENTS_CHANNEL) as messages:
            self.subscribed.set()
            async for message in messages:
                self.dispatch(LiveEvent.from_message(message))

    def dispatch(self, event: LiveEvent) -> None:
        if event.id in self.seen:
            return
        self.seen[event.id] = None
        if len(self.seen) > SEEN_EVENTS_KEPT:
            self.seen.popitem(last=False)
        self.last_id = max(self.last_id, event.id)
        for queue in tuple(self.queues):
            if queue.full():
                log.warning("a live subscriber is %d events behind; dropping event %d for it", queue.qsize(), event.id)
                continue
            queue.put_nowait(event)

    async def catch_up_after_outage(self) -> None:
        """Hands on the events published while the broker was away (from the outbox)."""
        await self._catch_up()
        await asyncio.sleep(CATCH_UP_AGAIN_AFTER_SECONDS)
        await self._catch_up()

    async def _catch_up(self) -> None:
        after = self._catch_up_from()
        while True:
            events = (
                await OutboxEvent.filter(id__gt=after, published_at__not_isnull=True)
                .order_by("id")
                .limit(CATCH_UP_BATCH)
            )
            if not events:
                return
            for event in await live_events(events):
                self.dispatch(event)
            after = events[-1].id

    def _catch_up_from(self) -> int:
        """The lowest id not seen above the oldest remembered one: late commits included."""
        if not self.seen:
            return self.last_id
        return min(self.seen) - 1

    @asynccontextmanager
    async def listen(self, served: Sized = (None,)) -> AsyncIterator[asyncio.Queue]:
        """A queue of every event from now on, for `served` (whose length counts its subscribers)."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=SUBSCRIPTION_QUEUE_SIZE)
        self.queues[queue] = served
        try:
            yield queue
        finally:
            self.queues.pop(queue, None)
