"""The Redis broker: a channel subscribed while the connection is still being made is not lost,
and readiness says so while the listener is not connected."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from app.events.broker import RedisBroker


def gate_first_subscribe(broker: RedisBroker) -> tuple[asyncio.Event, asyncio.Event]:
    """Holds the broker's first SUBSCRIBE on the wire until the test opens the gate."""
    on_the_wire, gate = asyncio.Event(), asyncio.Event()
    make_pubsub = broker.redis.pubsub

    def gated_pubsub(**options):
        pubsub = make_pubsub(**options)
        subscribe = pubsub.subscribe

        async def held_subscribe(*channels):
            if not on_the_wire.is_set():
                on_the_wire.set()
                await gate.wait()
            return await subscribe(*channels)

        pubsub.subscribe = held_subscribe
        return pubsub

    broker.redis.pubsub = gated_pubsub
    return on_the_wire, gate


async def test_a_channel_subscribed_while_the_broker_connects_receives_messages(own_redis):
    broker = RedisBroker(Redis.from_url(own_redis.url))
    on_the_wire, gate = gate_first_subscribe(broker)
    starting = asyncio.create_task(broker.start())
    try:
        await asyncio.wait_for(on_the_wire.wait(), 10)
        assert not starting.done(), "start() waits for the listener"
        with pytest.raises(ConnectionError, match="reconnecting"):
            await broker.ping()
        async with broker.subscribe("orders") as messages:
            gate.set()
            await asyncio.wait_for(starting, 10)
            await broker.ping()
            await broker.publish("orders", {"n": 1})
            assert await asyncio.wait_for(anext(messages), 10) == {"n": 1}
    finally:
        await broker.stop()
        await broker.redis.aclose()
