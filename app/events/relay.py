"""The relay: publishes committed outbox rows to the broker in id order and stamps them.

Every worker runs one. On PostgreSQL a transaction-scoped advisory lock lets one relay at a
time publish, so an event goes out once; on SQLite (one machine, tests) two relays may both
publish a row, and subscribers drop the copy by event id. Rows are chosen by
`published_at IS NULL`, never by "id above the last one", so a transaction that commits late
with a lower id is published on the next round instead of being skipped. A broker failure
leaves the rows unpublished for the next round: events arrive late, never get lost.

The inbox entries and webhook deliveries an event causes are written in the same transaction
that stamps it, so each is made exactly once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from tortoise.transactions import in_transaction

from app import outbox, telemetry
from app.background import stop_loop, wait_for_event
from app.clock import utc_now
from app.db import columns_of, fetch, fetch_models, marks
from app.events.broker import Broker
from app.notifications import inbox
from app.outbox import OutboxEvent
from app.webhooks import service as webhooks

log = logging.getLogger("dinghuo.relay")

EVENTS_CHANNEL = "dinghuo:events"
RELAY_LOCK_KEY = 4_202_607
BATCH_SIZE = 200
# record() runs before its transaction commits, so after a wake-up the relay looks again
# until the row shows up: at once, then at pauses growing from 5 ms by half each time (5, 7.5,
# 11 … ms, at most 100): a transaction commits within milliseconds of its event or takes long.
# Looking every 5 ms for the whole second cost a worker placing an order a second 15% of its CPU.
AWAIT_COMMIT_SECONDS = 1.0
AWAIT_COMMIT_STEP = 0.005
AWAIT_COMMIT_GROWTH = 1.5
AWAIT_COMMIT_STEP_CAP = 0.1
# Under a stream of events the relay starts a batch at most every 50 ms: each batch costs the same
# ~8 statements (lock, read, recipients, inbox, stamp) whether it carries one order's events or
# five, and at 90 orders/s one batch per order was a sixth of a worker. An event after a quiet
# spell still goes out at once.
BATCH_INTERVAL_SECONDS = 0.05
FAILURE_RETRY_SECONDS = 0.5
FAILURE_RETRY_CAP_SECONDS = 4.0
PUBLISH_TIMEOUT_SECONDS = 2.0


def event_message(event: OutboxEvent, notifications: list[dict]) -> dict:
    return {
        "id": event.id,
        "kind": event.kind,
        "subjectType": event.subject_type,
        "subjectId": event.subject_id,
        "supplierId": event.supplier_id,
        "buyerId": event.buyer_id,
        "customerAccountId": event.customer_account_id,
        "actorId": event.actor_id,
        "payload": event.payload,
        "createdAt": event.created_at.isoformat(),
        "notifications": notifications,
    }


class Relay:
    def __init__(
        self,
        broker: Broker,
        *,
        uses_postgres: bool,
        poll_seconds: float,
        on_deliveries=None,
        batch_interval: float = BATCH_INTERVAL_SECONDS,
    ):
        self.broker = broker
        self.batch_interval = batch_interval
        self.uses_postgres = uses_postgres
        self.poll_seconds = poll_seconds
        self.on_deliveries = on_deliveries
        self.wake = asyncio.Event()
        self.expect_rows_until = 0.0
        self.await_step = AWAIT_COMMIT_STEP
        self.task: asyncio.Task | None = None
        self.remove_hook: Callable[[], None] | None = None
        self.stopping = False

    def notify(self) -> None:
        self.expect_rows_until = asyncio.get_running_loop().time() + AWAIT_COMMIT_SECONDS
        self.await_step = AWAIT_COMMIT_STEP
        self.wake.set()

    async def start(self) -> None:
        self.remove_hook = outbox.on_record(self.notify)
        self.task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self.remove_hook is not None:
            self.remove_hook()
        self.stopping = True
        await stop_loop(self.task, self.wake)

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        failures = 0
        while not self.stopping:
            started = loop.time()
            try:
                published = await self.publish_pending()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # the broker or database is away: try again, keep the rows
                failures += 1
                log.warning("relay could not publish (%s: %s); retrying", type(error).__name__, error)
                # Each round holds the write lock: a new event must not cut the pause short, or the
                # relay would spin on a dead broker and starve the writers (SQLite has one lock).
                self.wake.clear()
                await asyncio.sleep(min(FAILURE_RETRY_SECONDS * 2 ** (failures - 1), FAILURE_RETRY_CAP_SECONDS))
                continue
            failures = 0
            if published:
                if published < BATCH_SIZE:
                    await asyncio.sleep(max(0.0, started + self.batch_interval - loop.time()))
                continue
            if loop.time() < self.expect_rows_until:
                # A new event (notify) cuts the pause short and starts the steps again.
                pause, self.await_step = (
                    self.await_step,
                    min(self.await_step * AWAIT_COMMIT_GROWTH, AWAIT_COMMIT_STEP_CAP),
                )
                self.wake.clear()
                await wait_for_event(self.wake, pause)
                continue
            self.wake.clear()
            await wait_for_event(self.wake, self.poll_seconds)

    async def publish_pending(self) -> int:
        """One batch; returns how many events went out. Raises after stamping what did. Its statements are
        written by hand: they run for every batch, and tortoise took longer to build them than to run them."""
        failure: Exception | None = None
        async with in_transaction() as connection:
            if self.uses_postgres:
                rows = await connection.execute_query_dict(
                    "SELECT pg_try_advisory_xact_lock($1) AS locked", [RELAY_LOCK_KEY]
                )
                if not rows[0]["locked"]:
                    return 0
            events = [
                event
                for (event,) in await fetch_models(
                    f"SELECT {columns_of(OutboxEvent, 'e')} FROM outbox_events e"
                    f" WHERE e.published_at IS NULL ORDER BY e.id LIMIT {BATCH_SIZE}",
                    [],
                    (OutboxEvent, "e"),
                )
            ]
            if not events:
                return 0
            notifications = await inbox.write_for_events(events)
            deliveries = await webhooks.write_deliveries(events)
            published: list[int] = []
            for event in events:
                try:
                    # Bounded: the transaction holds the database's write lock meanwhile.
                    await asyncio.wait_for(
                        self.broker.publish(EVENTS_CHANNEL, event_message(event, notifications.get(event.id, []))),
                        PUBLISH_TIMEOUT_SECONDS,
                    )
                except Exception as error:  # stamp what went out, keep the rest for the next round
                    failure = error
                    break
                published.append(event.id)
            if published:
                published_at = utc_now()
                await fetch(
                    f"UPDATE outbox_events SET published_at = $1 WHERE id IN ({marks(len(published), 2)})",
                    [published_at, *published],
                )
                for event in events[: len(published)]:
                    telemetry.RELAY_LAG_SECONDS.observe((published_at - event.created_at).total_seconds())
        if deliveries and self.on_deliveries is not None:
            self.on_deliveries()
        if failure is not None:
            raise failure
        return len(published)
