"""Publish/subscribe between the parts of the system, in one process or across workers.

The in-process broker serves a single worker with nothing installed; the Redis broker lets a
change made on one worker reach subscribers connected to any other.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import RedisError

from app.background import wait_for_event

log = logging.getLogger(__name__)

SUBSCRIBER_QUEUE_SIZE = 1000
RECONNECT_DELAY_SECONDS = 0.5
KEEPALIVE_CHANNEL = "dinghuo:broker:keepalive"
LISTENER_START_SECONDS = 5.0


class Broker(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def ping(self) -> None: ...

    async def publish(self, channel: str, message: dict) -> None: ...

    def subscribe(self, channel: str): ...

    def on_reconnect(self, hook) -> None:
        """`hook()` (a coroutine function) runs after the broker came back from an outage,
        when messages published meanwhile may have been missed."""


class _LocalFanout:
    """Delivers a message to every local subscriber queue of its channel."""

    def __init__(self) -> None:
        self.queues: dict[str, set[asyncio.Queue]] = defaultdict(set)

    def deliver(self, channel: str, message: dict) -> None:
        for queue in tuple(self.queues.get(channel, ())):
            if queue.full():
                log.warning("dropping message on %s: a subscriber is %d behind", channel, queue.qsize())
                continue
            queue.put_nowait(message)

    def add(self, channel: str) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue(maxsize=SUBSCRIBER_QUEUE_SIZE)
        self.queues[channel].add(queue)
        return queue

    def remove(self, channel: str, queue: asyncio.Queue) -> bool:
        """Forget the queue; True when the channel has no local subscriber left."""
        subscribers = self.queues.get(channel)
        if subscribers is None:
            return True
        subscribers.discard(queue)
        if not subscribers:
            del self.queues[channel]
            return True
        return False


async def _drain(queue: asyncio.Queue) -> AsyncIterator[dict]:
    while True:
        yield await queue.get()


class InProcessBroker:
    def __init__(self) -> None:
        self.fanout = _LocalFanout()

    async def start(self) -> None:
        return None

    async def stop(self) -> None:
        self.fanout.queues.clear()

    async def ping(self) -> None:
        return None

    async def publish(self, channel: str, message: dict) -> None:
        self.fanout.deliver(channel, message)

    def on_reconnect(self, hook) -> None:
        """An in-process broker never loses its connection."""

    @asynccontextmanager
    async def subscribe(self, channel: str):
        queue = self.fanout.add(channel)
        try:
            yield _drain(queue)
        finally:
            self.fanout.remove(channel, queue)


class RedisBroker:
    """One Redis pub/sub connection per worker, fanned out to local subscribers.

    redis-py's PubSub does not reconnect by itself, so the listener loop reconnects and
    subscribes again to every channel that still has local subscribers.
    """

    def __init__(self, redis: Redis):
        self.redis = redis
        self.fanout = _LocalFanout()
        self.pubsub: PubSub | None = None
        self.listener: asyncio.Task | None = None
        self.connected = asyncio.Event()
        self.reconnect_hooks: list = []

    async def start(self) -> None:
        """Returns once the listener is subscribed (or after a few seconds of trying: it goes on)."""
        self.listener = asyncio.create_task(self._listen_forever(), name="redis-broker-listener")
        await wait_for_event(self.connected, LISTENER_START_SECONDS)

    async def stop(self) -> None:
        # redis-py can swallow a cancellation that lands while it connects; cancel until done.
        while self.listener is not None and not self.listener.done():
            self.listener.cancel()
            await asyncio.wait([self.listener], timeout=0.1)
        if self.pubsub is not None:
            await self.pubsub.aclose()

    async def ping(self) -> None:
        await self.redis.ping()
        if not self.connected.is_set():
            raise ConnectionError("the pub/sub listener is reconnecting; live events wait for it")

    def on_reconnect(self, hook) -> None:
        self.reconnect_hooks.append(hook)

    async def publish(self, channel: str, message: dict) -> None:
        await self.redis.publish(channel, json.dumps(message, separators=(",", ":")))

    @asynccontextmanager
    async def subscribe(self, channel: str):
        first = channel not in self.fanout.queues
        queue = self.fanout.add(channel)
        try:
            if first and self.pubsub is not None and self.connected.is_set():
                await self.pubsub.subscribe(channel)
            yield _drain(queue)
        finally:
            if self.fanout.remove(channel, queue) and self.pubsub is not None and self.connected.is_set():
                try:
                    await self.pubsub.unsubscribe(channel)
                except RedisError:
                    log.debug("unsubscribe from %s failed; the reconnect drops it", channel)

    async def _listen_forever(self) -> None:
        while True:
            try:
                await self._listen_once()
            except asyncio.CancelledError:
                raise
            except (RedisError, OSError) as error:
                self.connected.clear()
                log.warning("redis broker connection lost (%s); reconnecting", error)
                await asyncio.sleep(RECONNECT_DELAY_SECONDS)

    async def _subscribe_all_wanted(self, pubsub: PubSub) -> None:
        """SUBSCRIBE to every channel with a local subscriber, including those added while an
        earlier SUBSCRIBE was on its way (they saw no connection yet and left it to us). No await
        separates the last check from `connected.set()`, so none can slip through."""
        # A pubsub with no channel cannot listen; this private channel keeps it open.
        subscribed: set[str] = set()
        while missing := {KEEPALIVE_CHANNEL, *self.fanout.queues} - subscribed:
            await pubsub.subscribe(*missing)
            subscribed |= missing

    async def _listen_once(self) -> None:
        if self.pubsub is not None:
            await self.pubsub.aclose()
        self.pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
        await self._subscribe_all_wanted(self.pubsub)
        self.connected.set()
        # Also after the first connect: a message published before SUBSCRIBE took effect is missed.
        for hook in self.reconnect_hooks:
            asyncio.create_task(hook())
        while True:
            message = await self.pubsub.get_message(timeout=5.0)
            if message is None:
                continue
            channel = message["channel"]
            if isinstance(channel, bytes):
                channel = channel.decode()
            self.fanout.deliver(channel, json.loads(message["data"]))
